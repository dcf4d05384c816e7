// @web/test-runner config: every test runs in real headless Chromium against a real local
// sale simulator on 127.0.0.1 (started here, once per run), never against a mocked fetch.
import { existsSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { startSimulator } from './demo/simulator/server.mjs';

/** Finds a Chromium/Chrome: CHROME_PATH, then Debian's chromium, then a locally installed Chrome. */
function findChrome() {
  const candidates = [
    process.env.CHROME_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  ].filter(Boolean);
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    console.error(
      [
        'saleday tests need Chromium or Chrome, and none was found.',
        `Looked in: ${candidates.join(', ')}`,
        'Install one (Debian/Ubuntu: `sudo apt-get update && sudo apt-get install -y chromium`)',
        'or point CHROME_PATH at a Chrome/Chromium binary: CHROME_PATH=/path/to/chrome npm test',
      ].join('\n'),
    );
    process.exit(1);
  }
  if (process.env.CHROME_PATH && found !== process.env.CHROME_PATH) {
    console.error(`CHROME_PATH=${process.env.CHROME_PATH} does not exist.`);
    process.exit(1);
  }
  return found;
}

const simulator = await startSimulator({ port: 0, host: '127.0.0.1', demo: false });
process.on('exit', () => simulator.close());

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: { exportConditions: ['development'] },
  // Two cores here: keep a couple of pages at once so timing-sensitive tests stay honest.
  concurrency: 2,
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 10 * 60 * 1000,
  browserStartTimeout: 60000,
  plugins: [esbuildPlugin({ ts: true, target: 'es2021', tsconfig: './tsconfig.json' })],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: findChrome(),
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
    <script>window.SALEDAY_SIM = ${JSON.stringify(simulator.url)};</script>
    <script type="module" src="${testFramework}"></script>
  </body>
</html>`,
};
