/**
 * Simulated viewers for `npm run scale`, DOM-free, in a worker thread: each does what the SDK
 * does in a browser. `stream`: the first loads (sale, deals, stats), then the sale's event stream
 * (EventSource: `Accept: text/event-stream`, resumed with `?lastEventId=` after a drop, backoff
 * with full jitter, and after 6 s without an event, as the SDK's silence watchdog); `poll`: the first loads, then the stats every poll interval with
 * `If-None-Match`, as the SDK polls. Parsing is kept to what is measured: the stats events'
 * `orders` (which ones arrived) and `serverTime` (publish-to-viewer latency).
 *
 * Messages in: `{ type: 'start', edges, api, viewers, offset, transport, rampMs, pollMs }`,
 * `{ type: 'window', from, to }` (count stats published in [from, to]), `{ type: 'report' }`,
 * `{ type: 'stop' }`. Out: `{ type: 'ready' }` once all viewers are up, `{ type: 'report', ... }`.
 * @module
 */
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { parentPort } from 'node:worker_threads';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Backoff with full jitter, as the SDK's (1 s, 2 s, 4 s ... at most 30 s). */
const backoff = (n) => Math.random() * Math.min(30_000, 1000 * 2 ** n);
/** The SDK's `liveTiming.silence`: an open stream with no event this long has stalled. */
const SILENCE_MS = 6000;

let stopped = false;
let windowFrom = Infinity;
let windowTo = -Infinity;
const latency = new Uint32Array(60_001); // ms buckets
const totals = {
  requests: 0,
  answered: 0,
  failed: 0,
  reconnects: 0,
  streamsOpen: 0,
  refused: 0, // stream connections that failed (nothing listening, reset)
  badStatus: 0, // stream answers other than 200 (and the sale's end, 204)
  stalled: 0, // open streams closed by the silence watchdog (and reopened from the last id)
};
/** `--faults`: every viewer's received stats `orders`, whenever published (`record` at start). */
let record = false;
/** @type {Set<number>[]} */
const received = [];
const sockets = new Set();
/** Per viewer: stats in the window, first/last `orders` seen in it. */
const seen = [];

/** One GET over a kept-alive agent; resolves with status, ETag and body. */
function get(agent, url, headers = {}) {
  return new Promise((resolve) => {
    totals.requests++;
    const req = request(url, { agent, headers, timeout: 15_000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        totals.answered++;
        resolve({ status: res.statusCode, etag: res.headers.etag, body: Buffer.concat(chunks) });
      });
      res.on('error', () => resolve({ status: 0 }));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => {
      totals.failed++;
      resolve({ status: 0 });
    });
    req.end();
  });
}

/** Records one stats event of viewer `v`: which `orders` and how late. */
function statsEvent(v, orders, serverTime) {
  const now = Date.now();
  if (serverTime < windowFrom || serverTime > windowTo) return;
  latency[Math.min(60_000, Math.max(0, now - serverTime))]++;
  const s = seen[v];
  if (s.first === undefined) s.first = orders;
  if (orders > (s.last ?? -1)) {
    s.last = orders;
    s.count++;
  }
}

const ORDERS = /"orders":(\d+)/;
const TIME = /"serverTime":(\d+)/;

/** A viewer's event stream over a raw socket (HTTP/1.0: no chunked framing to undo). */
function openStream(v, edge, api, ready) {
  let lastId = '';
  let failures = 0;
  const connectOnce = () => {
    if (stopped) return;
    const { hostname, port } = new URL(edge);
    const socket = connect(Number(port), hostname);
    sockets.add(socket);
    socket.setNoDelay(true);
    const query = lastId ? `?lastEventId=${encodeURIComponent(lastId)}` : '';
    socket.write(
      `GET ${api}/sales/s/stream${query} HTTP/1.0\r\nHost: ${hostname}:${port}\r\n` +
        'Accept: text/event-stream\r\nOrigin: http://shop.example\r\n\r\n',
    );
    let buffer = '';
    let headerDone = false;
    let open = false;
    // As the SDK: no event for SILENCE_MS (nchan's comments do not count) and the stream is
    // closed, then reopened from the last id after the backoff's first jitter (0-1 s).
    let silence;
    const watch = () => {
      clearTimeout(silence);
      silence = setTimeout(() => {
        totals.stalled++;
        socket.destroy();
      }, SILENCE_MS);
    };
    socket.setEncoding('utf8');
    // No answer in 30 s: the SDK's stall timer gives up on such a stream too; try again.
    socket.setTimeout(30_000, () => headerDone || socket.destroy());
    socket.on('data', (text) => {
      buffer += text;
      if (!headerDone) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const status = Number(buffer.slice(9, 12));
        if (status === 204) {
          stopped || socket.destroy();
          return;
        }
        if (status !== 200) {
          totals.badStatus++;
          return void socket.destroy();
        }
        headerDone = open = true;
        socket.setTimeout(0);
        totals.streamsOpen++;
        failures = 0;
        buffer = buffer.slice(end + 4);
        watch();
        ready?.();
        ready = undefined;
      }
      let cut;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        if (!/^(id|event|data):/m.test(block)) continue; // a comment
        watch();
        const idAt = block.indexOf('id: ');
        if (idAt >= 0) lastId = block.slice(idAt + 4, block.indexOf('\n', idAt));
        if (!block.startsWith('event: stats')) continue;
        const orders = ORDERS.exec(block);
        const time = TIME.exec(block);
        if (orders && time) statsEvent(v, Number(orders[1]), Number(time[1]));
        if (orders && record) received[v].add(Number(orders[1]));
      }
    });
    socket.on('error', () => open || totals.refused++);
    socket.on('close', () => {
      clearTimeout(silence);
      sockets.delete(socket);
      if (open) totals.streamsOpen--;
      if (stopped) return;
      totals.reconnects++;
      setTimeout(connectOnce, backoff(failures++));
    });
  };
  connectOnce();
}

/** A viewer that polls the stats as the SDK does (every `pollMs`, with If-None-Match). */
async function poll(v, agent, edge, api, pollMs, first) {
  let etag;
  await sleep(Math.random() * pollMs);
  first?.();
  while (!stopped) {
    const started = Date.now();
    const answer = await get(
      agent,
      `${edge}${api}/sales/s/stats`,
      etag ? { 'If-None-Match': etag } : {},
    );
    if (answer.status === 200) {
      etag = answer.etag;
      const text = answer.body.toString();
      const orders = ORDERS.exec(text);
      const time = TIME.exec(text);
      if (orders && time) statsEvent(v, Number(orders[1]), Number(time[1]));
      seen[v].polls++;
    } else if (answer.status === 304) {
      seen[v].polls++;
    }
    seen[v].asked++;
    await sleep(Math.max(0, pollMs - (Date.now() - started)));
  }
}

async function start({ edges, api, viewers, offset, transport, rampMs, pollMs, ...more }) {
  record = !!more.record;
  const agents = edges.map(() => new Agent({ keepAlive: true, maxSockets: 256 }));
  let up = 0;
  const readyOne = () => {
    if (++up === viewers) parentPort.postMessage({ type: 'ready' });
  };
  for (let i = 0; i < viewers; i++) {
    seen.push({ count: 0, first: undefined, last: undefined, polls: 0, asked: 0 });
    received.push(new Set());
    const global = offset + i;
    const e = global % edges.length;
    const at = (rampMs * i) / viewers;
    setTimeout(async () => {
      if (stopped) return;
      // The first loads, as the widgets make them.
      await Promise.all(
        ['/sales/s', '/sales/s/deals', '/sales/s/stats'].map((p) =>
          get(agents[e], `${edges[e]}${api}${p}`),
        ),
      );
      if (transport === 'stream') openStream(i, edges[e], api, readyOne);
      else void poll(i, agents[e], edges[e], api, pollMs, readyOne);
    }, at);
  }
  if (!viewers) parentPort.postMessage({ type: 'ready' });
}

function report() {
  const s = { viewers: seen.length, events: 0, polls: 0, asked: 0, first: [], last: [] };
  for (const v of seen) {
    s.events += v.count;
    s.polls += v.polls;
    s.asked += v.asked;
  }
  // Each viewer's received range, for the expected count (min/max over all viewers).
  const firsts = seen.map((v) => v.first ?? Infinity);
  const lasts = seen.map((v) => v.last ?? -Infinity);
  parentPort.postMessage({
    type: 'report',
    ...s,
    first: Math.min(...firsts),
    last: Math.max(...lasts),
    ranges: seen.map((v) => [v.first ?? null, v.last ?? null, v.count]),
    latency: Array.from(latency),
    totals,
  });
}

/**
 * `--faults`: per phase `[after, upTo]` (stats `orders` published in it, from the publisher's
 * log), the events the viewers missed (each viewer should have every one) and how many viewers
 * missed any.
 */
function losses(phases) {
  const lost = phases.map(([after, upTo]) => {
    let missing = 0;
    let viewers = 0;
    for (const got of received) {
      let mine = 0;
      for (let o = after + 1; o <= upTo; o++) if (!got.has(o)) mine++;
      missing += mine;
      if (mine) viewers++;
    }
    return { missing, viewers };
  });
  parentPort.postMessage({ type: 'losses', lost, totals });
}

parentPort.on('message', (message) => {
  if (message.type === 'losses') losses(message.phases);
  if (message.type === 'start') void start(message);
  if (message.type === 'window') {
    windowFrom = message.from;
    windowTo = message.to;
  }
  if (message.type === 'report') report();
  if (message.type === 'stop') {
    stopped = true;
    for (const socket of sockets) socket.destroy();
    setTimeout(() => process.exit(0), 100);
  }
});
