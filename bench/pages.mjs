/**
 * The bench's storefront: a tiny static server on 127.0.0.1 that serves `dist/cdn/saleday.js`
 * (as a merchant would host it), NumberFlow bundled from its npm package (`/number-flow.js`,
 * the peer the live counter is compared with), and generated pages of widgets.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const cdn = fileURLToPath(new URL('../dist/cdn/saleday.js', import.meta.url));

/** NumberFlow's `<number-flow>` element, bundled for the browser as a plain script. */
async function bundleNumberFlow() {
  const { outputFiles } = await build({
    stdin: {
      contents: "import 'number-flow';",
      resolveDir: fileURLToPath(new URL('.', import.meta.url)),
    },
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    conditions: ['production'],
    write: false,
    logLevel: 'silent',
  });
  return outputFiles[0].contents;
}

/**
 * A page of widgets on sale `s`.
 * - `counters` live counters, `countdowns` countdowns and `cards` deal cards (deals `d0`, `d1`,
 *   ...), with the CDN script configured by `data-*`;
 * - or, with `peer: 'number-flow'`, `counters` NumberFlow elements fed by the same event stream
 *   (an `EventSource` on the sale's stream, each `stats` event's sales total to every element);
 * - `spacer: true` adds three screens of empty space after the widgets, so that the bench can
 *   scroll them out of view.
 * @param {{ api: string, live?: string, counters?: number, countdowns?: number, cards?: number,
 *   peer?: 'number-flow', spacer?: boolean }} spec
 */
export function pageHtml({ api, live, counters = 0, countdowns = 0, cards = 0, peer, spacer }) {
  const repeat = (n, tag) => Array.from({ length: n }, (_, i) => tag(i)).join('\n');
  const head =
    peer === 'number-flow'
      ? '<script src="/number-flow.js"></script>'
      : `<script src="/saleday.js" data-api="${api}" data-live="${live}" data-locale="en-US"></script>`;
  const widgets =
    peer === 'number-flow'
      ? `${repeat(counters, () => '<div class="flow">Sales <number-flow></number-flow></div>')}
  <script>
    const flows = document.querySelectorAll('number-flow');
    for (const flow of flows) {
      flow.locales = 'en-US';
      flow.format = { style: 'currency', currency: 'USD' };
    }
    new EventSource(${JSON.stringify(`${api}/sales/s/stream`)}).addEventListener('stats', (event) => {
      const { gmv } = JSON.parse(event.data);
      for (const flow of flows) flow.update(gmv.amount / 100);
    });
  </script>`
      : `${repeat(counters, () => '<saleday-live-counter sale="s"></saleday-live-counter>')}
  ${repeat(countdowns, () => '<saleday-countdown sale="s" compact></saleday-countdown>')}
  <div class="cards">${repeat(cards, (i) => `<saleday-deal-card deal="d${i}"></saleday-deal-card>`)}</div>`;
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>saleday bench</title>
  <style>body{font:14px system-ui;margin:8px} .cards{display:grid;grid-template-columns:repeat(5,220px);gap:8px} .flow{font-size:2em}</style>
  ${head}
</head>
<body>
  ${widgets}
  ${spacer ? '<div style="height:300vh"></div>' : ''}
</body>
</html>`;
}

/**
 * Starts the storefront server: `/saleday.js`, `/number-flow.js`, and `/page?spec=<json>` for
 * {@link pageHtml}.
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export async function startStorefront() {
  const scripts = {
    '/saleday.js': await readFile(cdn),
    '/number-flow.js': await bundleNumberFlow(),
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://bench');
    if (scripts[url.pathname]) {
      res
        .writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' })
        .end(scripts[url.pathname]);
    } else if (url.pathname === '/page') {
      const html = pageHtml(JSON.parse(url.searchParams.get('spec') ?? '{}'));
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
