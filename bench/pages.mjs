/**
 * The bench's storefront: a tiny static server on 127.0.0.1 that serves `dist/cdn/saleday.js`
 * (as a merchant would host it) and generated pages of widgets.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

const cdn = fileURLToPath(new URL('../dist/cdn/saleday.js', import.meta.url));

/**
 * A page of widgets on sale `s`: `counters` live counters, `countdowns` countdowns and `cards`
 * deal cards (deals `d0`, `d1`, ...), with the CDN script configured by `data-*`.
 * @param {{ api: string, live: string, counters?: number, countdowns?: number, cards?: number }} spec
 */
export function pageHtml({ api, live, counters = 0, countdowns = 0, cards = 0 }) {
  const repeat = (n, tag) => Array.from({ length: n }, (_, i) => tag(i)).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>saleday bench</title>
  <style>body{font:14px system-ui;margin:8px} .cards{display:grid;grid-template-columns:repeat(5,220px);gap:8px}</style>
  <script src="/saleday.js" data-api="${api}" data-live="${live}" data-locale="en-US"></script>
</head>
<body>
  ${repeat(counters, () => '<saleday-live-counter sale="s"></saleday-live-counter>')}
  ${repeat(countdowns, () => '<saleday-countdown sale="s" compact></saleday-countdown>')}
  <div class="cards">${repeat(cards, (i) => `<saleday-deal-card deal="d${i}"></saleday-deal-card>`)}</div>
</body>
</html>`;
}

/**
 * Starts the storefront server: `/saleday.js`, and `/page?spec=<json>` for {@link pageHtml}.
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export async function startStorefront() {
  const script = await readFile(cdn);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://bench');
    if (url.pathname === '/saleday.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' }).end(script);
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
