// The @web/test-runner settings shared by web-test-runner.config.mjs (the simulator in memory)
// and web-test-runner.redis.config.mjs (the simulator on Redis): real headless Chromium against
// a real local sale simulator on 127.0.0.1, never a mocked fetch.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { findBrowser, howToInstall } from './browser-path.mjs';

const browserPath = findBrowser();
if (!browserPath) {
  console.error(howToInstall());
  process.exit(1);
}

/**
 * The fixture pages of test/cdn (`/test/cdn/pages/*.html`) are served as a merchant with a strict
 * Content Security Policy would serve them, Trusted Types enforced: `?csp=strict` without a
 * `trusted-types` directive (any policy name allowed), `?csp=allowlist` (the default) allowing
 * only the `lit-html` policy.
 */
function cdnFixtureCsp(apiOrigin) {
  const strict = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' ${apiOrigin}`,
    `connect-src 'self' ${apiOrigin}`,
    "require-trusted-types-for 'script'",
  ].join('; ');
  const policies = { strict, allowlist: `${strict}; trusted-types lit-html` };
  return async (context, next) => {
    await next();
    if (!/^\/test\/cdn\/pages\/[\w-]+\.html$/.test(context.path)) return;
    context.set('Content-Security-Policy', policies[context.query.csp] ?? policies.allowlist);
    context.set('Cache-Control', 'no-store');
  };
}

/**
 * The test runner's settings around a running simulator.
 * @param {{ url: string }} simulator
 * @param {string[]} [files] test/edge runs against real engines: web-test-runner.edge.config.mjs
 * @param {Record<string, unknown>} [globals] more globals for the test pages, beside `SALEDAY_SIM`
 */
export const testConfig = (
  simulator,
  files = ['test/**/*.test.ts', '!test/edge/**'],
  globals = {},
) => ({
  files,
  nodeResolve: { exportConditions: ['development'] },
  // Two cores here: keep a couple of pages at once so timing-sensitive tests stay honest.
  concurrency: 2,
  // Lit's development build says so once per page; everything else the browser logs is shown.
  filterBrowserLogs: ({ args }) => !String(args[0]).includes('Lit is in dev mode'),
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 10 * 60 * 1000,
  browserStartTimeout: 60000,
  middleware: [cdnFixtureCsp(simulator.url)],
  plugins: [esbuildPlugin({ ts: true, target: 'es2021', tsconfig: './tsconfig.json' })],
  browsers: [
    chromeLauncher({
      // Each test file in a context of its own, so no page is a hidden background tab (a
      // hidden page gets no animation frames and pauses its timers, by design).
      createPage: async ({ browser }) => (await browser.createBrowserContext()).newPage(),
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
      window.SALEDAY_SIM = ${JSON.stringify(simulator.url)};${Object.entries(globals)
        .map(([name, value]) => `\n      window.${name} = ${JSON.stringify(value)};`)
        .join('')}
      // nanostores reads process.env.NODE_ENV, which bundlers replace; here the page defines it.
      window.process = { env: { NODE_ENV: 'development' } };
    </script>
    <script type="module" src="${testFramework}"></script>
  </body>
</html>`,
});
