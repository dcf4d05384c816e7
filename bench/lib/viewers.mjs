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
/** Per viewer: the index of the edge it watches through. */
const edgeOf = [];

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

/**
 * The open streams, for the silence watchdog: one sweep a second over all of them rather than a
 * timer per stream reset on every event (100,000 events a second at 10,000 viewers).
 * @type {Set<{ socket: import('node:net').Socket, lastEventAt: number }>}
 */
const openStreams = new Set();
setInterval(() => {
  const now = Date.now();
  for (const stream of openStreams) {
    if (now - stream.lastEventAt <= SILENCE_MS) continue;
    totals.stalled++;
    openStreams.delete(stream);
    stream.socket.destroy();
  }
}, 1000).unref();

/**
 * One SSE block (the text between blank lines) of viewer `v`'s stream: keeps its id and counts
 * a stats event. Comments (nchan's pings) are not events.
 */
function streamBlock(v, stream, block) {
  // EventSource dispatches only blocks with data; nchan's pings are comments (`:`).
  if (block.charCodeAt(0) === 58 /* ':' */ || !block.includes('data:')) return;
  stream.lastEventAt = Date.now();
  const idAt = block.indexOf('id: ');
  if (idAt >= 0) {
    const end = block.indexOf('\n', idAt);
    stream.lastId = block.slice(idAt + 4, end < 0 ? undefined : end);
  }
  if (!block.includes('event: stats')) return;
  const orders = ORDERS.exec(block);
  if (!orders) return;
  const time = TIME.exec(block);
  if (time) statsEvent(v, Number(orders[1]), Number(time[1]));
  if (record) received[v].add(Number(orders[1]));
}

/** A viewer's event stream over a raw socket (HTTP/1.0: no chunked framing to undo). */
function openStream(v, edge, api, ready) {
  const { hostname, port } = new URL(edge);
  const stream = { socket: undefined, lastEventAt: 0, lastId: '' };
  let failures = 0;
  const connectOnce = () => {
    if (stopped) return;
    const socket = connect(Number(port), hostname);
    stream.socket = socket;
    sockets.add(socket);
    socket.setNoDelay(true);
    const query = stream.lastId ? `?lastEventId=${encodeURIComponent(stream.lastId)}` : '';
    socket.write(
      `GET ${api}/sales/s/stream${query} HTTP/1.0\r\nHost: ${hostname}:${port}\r\n` +
        'Accept: text/event-stream\r\nOrigin: http://shop.example\r\n\r\n',
    );
    let buffer = '';
    let headerDone = false;
    let open = false;
    // Only the numbers are read, all ASCII: latin1 is the cheapest decoding.
    socket.setEncoding('latin1');
    // No answer in 30 s: the SDK's stall timer gives up on such a stream too; try again.
    socket.setTimeout(30_000, () => headerDone || socket.destroy());
    socket.on('data', (text) => {
      buffer = buffer ? buffer + text : text;
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
        // As the SDK: no event for SILENCE_MS (comments do not count) and the stream is closed,
        // then reopened from the last id after the backoff's first jitter (0-1 s).
        stream.lastEventAt = Date.now();
        openStreams.add(stream);
        ready?.();
        ready = undefined;
      }
      let from = 0;
      let cut;
      while ((cut = buffer.indexOf('\n\n', from)) >= 0) {
        streamBlock(v, stream, buffer.slice(from, cut));
        from = cut + 2;
      }
      buffer = from < buffer.length ? buffer.slice(from) : '';
    });
    socket.on('error', () => open || totals.refused++);
    socket.on('close', () => {
      openStreams.delete(stream);
      sockets.delete(socket);
      if (open) totals.streamsOpen--;
      if (stopped) return;
      totals.reconnects++;
      setTimeout(connectOnce, backoff(failures++));
    });
  };
  connectOnce();
}

/**
 * Reads HTTP/1.1 answers off one kept-alive socket: `next()` resolves with the next answer's
 * status, ETag and body (Content-Length or chunked), or status 0 when the socket fails.
 */
function answers(socket) {
  let buffer = '';
  let waiting;
  const settle = (answer) => {
    const resolve = waiting;
    waiting = undefined;
    resolve?.(answer);
  };
  const parse = () => {
    const headEnd = buffer.indexOf('\r\n\r\n');
    if (!waiting || headEnd < 0) return;
    const head = buffer.slice(0, headEnd);
    const status = Number(head.slice(9, 12));
    const etag = /\r\netag: *(\S+)/i.exec(head)?.[1];
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    let body = '';
    let end = headEnd + 4;
    if (length) {
      end += Number(length[1]);
      if (buffer.length < end) return;
      body = buffer.slice(headEnd + 4, end);
    } else if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
      for (;;) {
        const line = buffer.indexOf('\r\n', end);
        if (line < 0) return;
        const size = parseInt(buffer.slice(end, line), 16);
        if (buffer.length < line + 2 + size + 2) return;
        body += buffer.slice(line + 2, line + 2 + size);
        end = line + 2 + size + 2;
        if (size === 0) break;
      }
    }
    buffer = buffer.slice(end);
    settle({ status, etag, body });
  };
  socket.setEncoding('latin1');
  socket.on('data', (text) => {
    buffer += text;
    parse();
  });
  return {
    next: () =>
      new Promise((resolve) => {
        waiting = resolve;
        parse();
      }),
    fail: () => settle({ status: 0 }),
  };
}

/**
 * A viewer that polls the stats as the SDK does (every `pollMs`, with If-None-Match), over its
 * own kept-alive HTTP/1.1 connection, as a browser keeps one per origin.
 */
async function poll(v, edge, api, pollMs, first) {
  const { hostname, port } = new URL(edge);
  let etag;
  let socket;
  let reader;
  await sleep(Math.random() * pollMs);
  first?.();
  while (!stopped) {
    const started = Date.now();
    if (!socket || socket.destroyed) {
      socket = connect(Number(port), hostname);
      sockets.add(socket);
      socket.setNoDelay(true);
      const own = socket;
      reader = answers(own);
      const fail = reader.fail;
      // No answer for 15 s: given up, as the SDK's request timeout does.
      own.setTimeout(15_000, () => own.destroy());
      own.on('error', () => {});
      own.on('close', () => {
        sockets.delete(own);
        fail();
      });
    }
    totals.requests++;
    socket.write(
      `GET ${api}/sales/s/stats HTTP/1.1\r\nHost: ${hostname}:${port}\r\n` +
        `Origin: http://shop.example\r\n${etag ? `If-None-Match: ${etag}\r\n` : ''}\r\n`,
    );
    const answer = await reader.next();
    if (answer.status === 0) {
      totals.failed++;
      socket.destroy();
    } else totals.answered++;
    if (answer.status === 200) {
      etag = answer.etag;
      const orders = ORDERS.exec(answer.body);
      const time = TIME.exec(answer.body);
      if (orders && time) statsEvent(v, Number(orders[1]), Number(time[1]));
    }
    // Polls made in the measured window, and those answered (200 or 304).
    if (started >= windowFrom && started <= windowTo) {
      seen[v].asked++;
      if (answer.status === 200 || answer.status === 304) seen[v].polls++;
    }
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
    edgeOf.push(e);
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
      else void poll(i, edges[e], api, pollMs, readyOne);
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
    const byEdge = []; // viewers short, by edge index
    received.forEach((got, v) => {
      let mine = 0;
      for (let o = after + 1; o <= upTo; o++) if (!got.has(o)) mine++;
      missing += mine;
      if (!mine) return;
      viewers++;
      byEdge[edgeOf[v]] = (byEdge[edgeOf[v]] ?? 0) + 1;
    });
    return { missing, viewers, byEdge };
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
