// @web/test-runner config for test/edge: the SDK in real headless Chromium through the real
// Saleday edge (deploy/nginx): Redis, two nginx edges with nchan on it, and the simulator behind
// them publishing to nchan, all started here on free 127.0.0.1 ports and stopped at the end.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { Engines, freePort, howToInstallEngines, missingEngines } from './deploy/lib/engines.mjs';
import { startSimulator } from './demo/simulator/server.mjs';
import { findBrowser, howToInstall } from './test/browser-path.mjs';

const browserPath = findBrowser();
if (!browserPath) {
  console.error(howToInstall());
  process.exit(1);
}
const missing = missingEngines();
if (missing.length) {
  console.error(howToInstallEngines(missing));
  process.exit(1);
}

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

export default {
  files: ['test/edge/**/*.test.ts'],
  nodeResolve: { exportConditions: ['development'] },
  concurrency: 1,
  filterBrowserLogs: ({ args }) => !String(args[0]).includes('Lit is in dev mode'),
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 5 * 60 * 1000,
  browserStartTimeout: 60000,
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2021', tsconfig: './tsconfig.json' }),
    {
      name: 'saleday-edge-engines',
      // Everything started above stops with the runner.
      /** `executeServerCommand('saleday-edge-restart', { index })`: restarts one edge. */
      /**
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
      async serverStop() {
        await simulator.close();
        await engines.stopAll();
      },
    },
  ],
  browsers: [
    chromeLauncher({
      createPage: async ({ browser }) => (await browser.createBrowserContext()).newPage(),
      launchOptions: {
        executablePath: browserPath,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--no-first-run',
        ],
      },
    }),
  ],
  testRunnerHtml: (testFramework) => `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>saleday edge test</title></head>
  <body>
    <script>
      window.SALEDAY_SIM = ${JSON.stringify(simulator.url)};
      window.SALEDAY_EDGES = ${JSON.stringify(edges.map((e) => e.url))};
      window.process = { env: { NODE_ENV: 'development' } };
    </script>
    <script type="module" src="${testFramework}"></script>
  </body>
</html>`,
};
