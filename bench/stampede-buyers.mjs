/**
 * One share of the stampede's buyers, run in a worker thread by `bench/stampede.mjs`: each buyer
 * runs the SDK's own `Purchase` and `HttpSaleClient` from the built `dist/` (its keys, retries,
 * Retry-After and waiting room), through this thread's own pool of kept-alive connections.
 * One Node thread managed about 200 requests a second here (building the SDK's `Request` and
 * `Response` objects and collecting their garbage), so the parent spreads the crowd over several
 * threads. At the end (or when the parent's hard bound comes) the thread posts every buyer's keys,
 * outcome, order id and time to confirmation; the parent judges them against Redis.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Agent, request } from 'undici';

const { HttpSaleClient, Purchase, ServerClock } = await import('../dist/core/index.js');
const { api, buyers, t0, arrivalMs, deadline, timeout, inFlight } = workerData;

/** Milliseconds since the epoch, comparable across threads (each has its own `performance`). */
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Answers that end a purchase intent: nothing to retry. */
const FINAL = new Set([
  'sold_out',
  'ended',
  'not_started',
  'limit_exceeded',
  'not_found',
  'invalid_request',
  'auth_required',
  'idempotency_key_reused',
]);

// This thread's pool. The buyers' `fetch` sends the SDK's Request with undici.request (about
// twice as fast as Node 20's own fetch here) and hands the SDK a real Response, so the SDK's code
// runs unchanged.
const pool = new Agent({ connections: inFlight, keepAliveTimeout: 10_000, pipelining: 1 });
const EMPTY = new Set([204, 205, 304]);
const sent = { POST: 0, GET: 0 };
async function poolFetch(input) {
  sent[input.method] = (sent[input.method] ?? 0) + 1;
  const body = input.method === 'POST' ? await input.text() : undefined;
  const res = await request(input.url, {
    method: input.method,
    headers: Object.fromEntries(input.headers),
    body,
    signal: input.signal,
    dispatcher: pool,
  });
  const text = await res.body.text();
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return new Response(EMPTY.has(res.statusCode) ? null : text, { status: res.statusCode, headers });
}

const clock = new ServerClock();
const state = buyers.map(({ index, dealId }) => ({
  index,
  dealId,
  keys: new Set(),
  queued: false,
  outcome: 'pending',
  orderId: undefined,
  ms: undefined,
}));

// The front door (the admission step of a waiting room such as a CDN's): at most `inFlight`
// buyers of this thread are buying at once, the others wait their turn in arrival order. Without
// it every arrived buyer's request queued in the pool past the client's timeout and was sent
// again, so the workers answered retries of requests their buyers had given up on.
let buying = 0;
const door = [];
async function admit() {
  if (buying < inFlight) buying += 1;
  else await new Promise((resolve) => door.push(resolve));
}
function leave() {
  const next = door.shift();
  if (next) next();
  else buying -= 1;
}

async function run(buyer) {
  await sleep(Math.max(0, t0 + Math.random() * arrivalMs - now()));
  await admit();
  try {
    await buy(buyer);
  } finally {
    leave();
  }
}

async function buy(buyer) {
  const client = new HttpSaleClient({
    api,
    timeout,
    retries: 3,
    clock,
    fetch: (input, init) => {
      if (input instanceof Request && input.method === 'POST') {
        buyer.keys.add(input.headers.get('idempotency-key'));
      }
      return poolFetch(input, init);
    },
  });
  const purchase = new Purchase(() => {
    if (purchase.status === 'queued') buyer.queued = true;
  });
  while (now() < deadline) {
    await purchase.buy(client, { dealId: buyer.dealId, quantity: 1 });
    if (purchase.status === 'ordered') {
      buyer.outcome = 'confirmed';
      buyer.orderId = purchase.order.orderId;
      buyer.ms = now() - t0;
      return;
    }
    const code = purchase.error?.code;
    if (FINAL.has(code)) {
      buyer.outcome = code;
      return;
    }
    await sleep(Math.max(purchase.retryAt - performance.now(), 250 + Math.random() * 500));
  }
  buyer.outcome = purchase.error
    ? `gave up (${purchase.error.code} ${purchase.error.status})`
    : 'let in after the deadline';
}

/** Every buyer as it stands now; pending ones stay `pending` (the parent's bound came first). */
const report = (type) => ({
  type,
  sent,
  buyers: state.map((b) => ({ ...b, keys: [...b.keys] })),
});

parentPort.on('message', (message) => {
  if (message === 'report') parentPort.postMessage(report('bound'));
});
const progress = setInterval(() => {
  let settled = 0;
  let confirmed = 0;
  for (const b of state) {
    if (b.outcome !== 'pending') settled += 1;
    if (b.outcome === 'confirmed') confirmed += 1;
  }
  parentPort.postMessage({ type: 'progress', settled, confirmed, sent });
}, 2_000);
await Promise.all(state.map(run));
clearInterval(progress);
parentPort.postMessage(report('done'));
await pool.close().catch(() => {});
