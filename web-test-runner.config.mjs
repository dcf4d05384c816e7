// @web/test-runner config: every test runs in real headless Chromium against a real local
// sale simulator on 127.0.0.1 (started here, once per run, its orders in memory), never against a
// mocked fetch. The settings are in test/runner-config.mjs.
import { startSimulator } from './demo/simulator/server.mjs';
import { testConfig } from './test/runner-config.mjs';
import { ssrPages } from './test/ssr/server.mjs';

const simulator = await startSimulator({ port: 0, host: '127.0.0.1', demo: false });
process.on('exit', () => simulator.close());

const config = testConfig(simulator);
// The server-rendered fixture pages (test/ssr) are rendered by `ssrPages`, under the same CSP.
config.middleware.push(ssrPages());
export default config;
