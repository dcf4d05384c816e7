// @web/test-runner config for test/edge: the SDK in real headless Chromium through the real
// Saleday edge (deploy/nginx): Redis, two nginx edges with nchan on it, and the simulator behind
// them publishing to nchan, all started here on free 127.0.0.1 ports and stopped at the end. The
// browser and page settings are the other runs' (test/runner-config.mjs).
import { Engines, freePort, requireEngines } from './deploy/lib/engines.mjs';
import { startSimulator } from './demo/simulator/server.mjs';
import { testConfig } from './test/runner-config.mjs';

requireEngines();

const engines = new Engines();
const redis = await engines.redis();
const port = await freePort();
const edges = await engines.edges({
  origins: [`http://127.0.0.1:${port}`],
  redisUrl: redis.url,
  count: 2,
  workerConnections: 1024,
});
const simulator = await startSimulator({ port, demo: false, publish: edges[0].publishUrl });
process.on('exit', () => void simulator.close());

/** Commands for the tests, and the engines' stop with the runner's. */
const enginesPlugin = {
  name: 'saleday-edge-engines',
  /**
   * `executeServerCommand('saleday-edge-restart', { index })`: restarts one edge.
   * `executeServerCommand('saleday-edge-stream', { url, headers, until })`: reads a stream from
   * Node (a header such as Last-Event-ID, without a browser's CORS rules) until `until` shows.
   */
  async executeCommand({ command, payload }) {
    if (command === 'saleday-edge-restart') {
      await edges[payload?.index ?? 0].restart();
      return true;
    }
    if (command !== 'saleday-edge-stream') return undefined;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 5000);
    let text = '';
    try {
      const response = await fetch(payload.url, {
        headers: payload.headers,
        signal: controller.signal,
      });
      const decoder = new TextDecoder();
      for await (const chunk of response.body) {
        text += decoder.decode(chunk, { stream: true });
        if (text.includes(payload.until)) break;
      }
    } catch {
      // timed out: the text so far
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
    return text;
  },
  // Everything started above stops with the runner.
  async serverStop() {
    await simulator.close();
    await engines.stopAll();
  },
};

const config = testConfig(simulator, ['test/edge/**/*.test.ts'], {
  SALEDAY_EDGES: edges.map((edge) => edge.url),
});
export default {
  ...config,
  // One page at a time: a test restarts an edge that other pages' streams would go through.
  concurrency: 1,
  testsFinishTimeout: 5 * 60 * 1000,
  plugins: [...config.plugins, enginesPlugin],
};
