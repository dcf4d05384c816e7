// A shop page rendered by a plain Node server (node:http) with saleday/ssr: the widgets arrive
// painted, with their data, before any JavaScript; the CDN file, deferred, takes them over
// without a request and without drawing them again. Under a strict Content Security Policy.
//
//   npm run build
//   node demo/simulator/cli.mjs &                 (a sale API on http://127.0.0.1:8787/api)
//   node docs/examples/ssr-node-http.mjs          (then open http://127.0.0.1:3000/)
//
// With Express, the same two routes: app.get('/saleday/:tag.css', ...) and the page.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { renderElement, stylesheet } from 'saleday/ssr';

const API = process.env.SALEDAY_API ?? 'http://127.0.0.1:8787/api';
const PORT = Number(process.env.PORT ?? 3000);
const api = new URL(API);

/** The options every element of the page is rendered with. */
const options = {
  // As the browser reaches the API: written into each element's `api` attribute.
  api: API,
  // The browser must render the same words as the server: say which language.
  locale: 'en-US',
  // Each shadow root links its styles (`style-src 'self'` allows it; an inline <style> would not).
  stylesheet: (tag) => `/saleday/${tag}.css`,
  // The API failed: the element is sent without a shadow root, and the browser loads it itself.
  onError: (error) => console.error(`saleday: ${error.code} ${error.message}`),
};

async function page() {
  const [countdown, counter, card, button] = await Promise.all([
    renderElement('saleday-countdown', { sale: 'sale-1111' }, options),
    renderElement('saleday-live-counter', { sale: 'sale-1111', metric: 'orders' }, options),
    renderElement('saleday-deal-card', { deal: 'd1' }, options),
    renderElement('saleday-buy-button', { deal: 'd2' }, options),
  ]);
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Flash sale</title>
    <script src="/saleday.hydrate.js" defer></script>
  </head>
  <body>
    <h1>Flash sale</h1>
    <div>${countdown}</div>
    <div>${counter}</div>
    <div>${card}</div>
    <div>${button}</div>
  </body>
</html>`;
}

const csp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  `img-src 'self' ${api.origin}`,
  `connect-src 'self' ${api.origin}`,
  "require-trusted-types-for 'script'",
  'trusted-types lit-html',
].join('; ');

createServer(async (request, response) => {
  const { pathname } = new URL(request.url ?? '/', 'http://shop');
  try {
    const css = /^\/saleday\/(saleday-[a-z-]+)\.css$/.exec(pathname);
    if (css) {
      response.writeHead(200, {
        'Content-Type': 'text/css; charset=utf-8',
        // Changes only with Saleday's version.
        'Cache-Control': 'public, max-age=86400',
      });
      return response.end(stylesheet(css[1]));
    }
    if (pathname === '/saleday.hydrate.js') {
      // The CDN file for server-rendered pages (saleday.js plus taking them over). A merchant
      // would load it from the CDN; here, from the package.
      const file = fileURLToPath(import.meta.resolve('saleday/cdn/saleday.hydrate.js'));
      response.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' });
      return response.end(await readFile(file));
    }
    if (pathname !== '/') {
      response.writeHead(404);
      return response.end();
    }
    const html = await page();
    response.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': csp,
      // The countdown shows the time as of rendering: do not let a cache serve it for long.
      'Cache-Control': 'no-cache',
    });
    response.end(html);
  } catch (error) {
    console.error(error);
    response.writeHead(500);
    response.end();
  }
}).listen(PORT, '127.0.0.1', () => console.log(`http://127.0.0.1:${PORT}/`));
