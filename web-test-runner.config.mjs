// @web/test-runner config: every test runs in real headless Chromium against a real local
// sale simulator on 127.0.0.1 (started here, once per run), never against a mocked fetch.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { startSimulator } from './demo/simulator/server.mjs';
import { findBrowser, howToInstall } from './test/browser-path.mjs';

const browserPath = findBrowser();
if (!browserPath) {
  console.error(howToInstall());
  process.exit(1);
}

const simulator = await startSimulator({ port: 0, host: '127.0.0.1', demo: false });
process.on('exit', () => simulator.close());

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: { exportConditions: ['development'] },
  // Two cores here: keep a couple of pages at once so timing-sensitive tests stay honest.
  concurrency: 2,
  // Lit's development build says so once per page; everything else the browser logs is shown.
  filterBrowserLogs: ({ args }) => !String(args[0]).includes('Lit is in dev mode'),
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 10 * 60 * 1000,
  browserStartTimeout: 60000,
  plugins: [esbuildPlugin({ ts: true, target: 'es2021', tsconfig: './tsconfig.json' })],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: browserPath,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      },
    }),
  ],
  testRunnerHtml: (testFramework) => `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>saleday test</title></head>
  <body>
    <script>
      window.SALEDAY_SIM = ${JSON.stringify(simulator.url)};
      // nanostores reads process.env.NODE_ENV, which bundlers replace; here the page defines it.
      window.process = { env: { NODE_ENV: 'development' } };
    </script>
    <script type="module" src="${testFramework}"></script>
  </body>
</html>`,
};
