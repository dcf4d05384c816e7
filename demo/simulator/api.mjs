/**
 * The HTTP contract v1 of one world (see `docs/api-contract.md`): routing and the read-only
 * endpoints. Orders live in `orders.mjs`, the event stream in `sse.mjs`.
 * @module
 */
import { errorReply, readBody } from './http.mjs';
import { placeOrder, pollOrder } from './orders.mjs';
import { openStream } from './sse.mjs';

// Handlers take (world, { req, res, param, query, text, fault }): `param` is the decoded path
// parameter, `text` the body of a POST, `fault` the fault acting on the request (if any).

const notFound = (world, what) => errorReply(404, 'not_found', world.now(), `No such ${what}.`);
const ok = (body, headers) => ({ status: 200, body, headers });
/**
 * Behind an edge, reads of sales and deals are cached by the edge for a second (`s-maxage`),
 * never by browsers (whose clock would then read an old serverTime); otherwise not at all.
 */
const EDGE_CACHE = { 'Cache-Control': 'public, max-age=0, s-maxage=1' };
const cached = (world, body) => ok(body, world.publisher ? EDGE_CACHE : {});
/**
 * The edge asks whether a sale's stream is open (200), ended (403) or unknown (404); it caches
 * the answer for a second and reads `Saleday-Sale-State` (see deploy/nginx/saleday-edge.conf).
 */
function edgeCheck(world, sale) {
  const state = !sale ? 'not_found' : world.hasEnded(sale) ? 'ended' : 'open';
  const status = { not_found: 404, ended: 403, open: 200 }[state];
  return { status, headers: { 'Cache-Control': 'max-age=1', 'Saleday-Sale-State': state } };
}

/** Runs `fn` with the sale named by the path, or answers 404. */
const withSale = (fn) => (world, ctx) => {
  const sale = world.sales.get(ctx.param);
  return sale ? fn(world, sale, ctx) : notFound(world, 'sale');
};

function getStats(world, sale, { req }) {
  const etag = world.etag(sale.id);
  const headers = {
    ETag: etag,
    'Cache-Control': 'max-age=1',
    'Saleday-Poll-Interval': String(world.pollIntervalMs),
  };
  const match = req.headers['if-none-match'];
  const tags = String(match ?? '')
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''));
  if (match && (tags.includes(etag) || tags.includes('*'))) return { status: 304, headers };
  return ok(world.statsBody(sale.id), headers);
}

function page(title, text) {
  const esc = (s) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const body = `<!doctype html><meta charset="utf-8"><title>${esc(title)}</title>
<body style="font:18px system-ui;margin:3em"><h1>${esc(title)}</h1><p>${esc(text)}</p></body>`;
  return { status: 200, body, headers: { 'Content-Type': 'text/html; charset=utf-8' } };
}

const streamOf = withSale((world, sale, { req, res, query, fault }) => {
  openStream(world, req, res, sale.id, query, fault ?? undefined);
  return null; // answered on `res`
});

/** `[method, path pattern, handler]` */
const ROUTES = [
  ['GET', /^\/sales\/([^/]+)$/, withSale((world, sale) => cached(world, world.saleBody(sale)))],
  [
    'GET',
    /^\/sales\/([^/]+)\/deals$/,
    withSale((world, sale) => {
      const deals = [...world.deals.values()].filter((d) => d.saleId === sale.id);
      const bodies = deals.map((d) => ({ ...world.dealBody(d), serverTime: undefined }));
      return cached(world, { deals: bodies, serverTime: world.now() });
    }),
  ],
  ['GET', /^\/sales\/([^/]+)\/stats$/, withSale(getStats)],
  [
    'GET',
    /^\/sales\/([^/]+)\/stream$/,
    (world, ctx) =>
      ctx.req.headers['saleday-edge-check']
        ? edgeCheck(world, world.sales.get(ctx.param))
        : streamOf(world, ctx),
  ],
  [
    'GET',
    /^\/deals\/([^/]+)$/,
    (world, { param }) => {
      const deal = world.deals.get(param);
      return deal ? cached(world, world.dealBody(deal)) : notFound(world, 'deal');
    },
  ],
  ['POST', /^\/orders$/, (world, { req, text, fault }) => placeOrder(world, req, text, fault)],
  ['GET', /^\/orders\/([^/]+)$/, (world, { param }) => pollOrder(world, param)],
  // Pages a buyer lands on in the demo (not part of the contract).
  ['GET', /^\/checkout\/([^/]+)$/, (_, { param }) => page('Checkout', `Order ${param}: paid!`)],
  ['GET', /^\/login$/, () => page('Log in', 'This is where the shop would ask you to log in.')],
];

/**
 * Answers one request to a world's API (`path` relative to its base; faults already applied).
 * @returns {Promise<import('./http.mjs').Reply | null>} `null` when `res` was answered already
 */
export async function answer(world, req, res, path, url, fault) {
  const method = req.method === 'HEAD' ? 'GET' : req.method;
  const matches = ROUTES.filter(([, pattern]) => pattern.test(path));
  if (!matches.length) return errorReply(404, 'not_found', world.now());
  const found = matches.find(([m]) => m === method);
  if (!found) {
    const allow = [...new Set(matches.map(([m]) => m))].join(', ');
    return errorReply(405, 'method_not_allowed', world.now(), undefined, {}, { Allow: allow });
  }
  const param = decodeURIComponent(found[1].exec(path)[1] ?? ''); // URIError: 400
  // Other workers may have sold since: read stock and stats as the shared store has them.
  if (method === 'GET' && world.store.shared && !path.startsWith('/orders/')) {
    await world.store.sync(world);
  }
  let text = '';
  if (method === 'POST') {
    const body = await readBody(req);
    const close = { Connection: 'close' };
    if (body.tooLarge) return errorReply(413, 'payload_too_large', world.now(), '', {}, close);
    text = body.text;
  }
  return found[2](world, { req, res, param, query: url.searchParams, text, fault });
}
