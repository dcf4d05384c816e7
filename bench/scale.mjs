#!/usr/bin/env node
/**
 * `npm run scale`: the Saleday edge under an audience, on real engines on this machine. Starts
 * Redis, two nginx edges (nchan) on that Redis and the origin (the simulator publishing to nchan),
 * on 127.0.0.1, from temporary directories, on free ports; simulates viewers (bench/lib/viewers.mjs)
 * spread over the two edges while the stats change 10 times a second; prints per viewer count
 * the origin's requests per second by route, the connections open at the origin, the stats events
 * delivered of those published (stream) or the polls answered of those made (poll), the
 * publish-to-viewer latency, the edges' memory; and last the origin ratio (origin requests per
 * second at the largest count over those at one viewer). Everything it started is stopped when it
 * ends, fails or gets Ctrl+C.
 *
 *     npm run scale -- [--viewers 1,100,1000,10000] [--seconds 10] [--transport stream|poll]
 *                      [--workers 2]
 *     npm run scale -- --faults [--viewers 1000] [--seconds 10] [--away 30] [--redis-aof yes|no]
 *     npm run scale -- --orders [...]   the T=0 order stampede (see bench/stampede.mjs)
 *     npm run scale -- --restarts [...] an edge restarted again and again (bench/edge-restarts.mjs)
 *
 * `--faults`: one count of stream viewers (1,000 by default) over both edges; in turn the first
 * edge is restarted (its viewers come back after the SDK's jittered backoff and resume from their
 * last event id), Redis is restarted (append-only file, fsync always, unless `--redis-aof no`),
 * and the origin is taken away for `--away` seconds (a TCP gate in front of it refuses the edges'
 * connections; the origin keeps publishing), each followed by `--seconds` of normal running. It
 * prints per fault the stats events lost (each viewer should have every event published in the
 * phase, by its `orders` number; gaps after a resume count), the viewers' stream errors, and the
 * stats reads through the edges (every 100 ms) answered, stale and failed. Last line:
 * `faults: edge restart lost X, redis restart lost Y, origin away lost Z`; exit code 1 if any.
 * @module
 */
import { connect, createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { Engines, freePort, requireEngines } from '../deploy/lib/engines.mjs';
import { startOrigin } from './lib/start-origin.mjs';

// `npm run scale -- --orders`: the order stampede instead (bench/stampede.mjs); `--restarts`:
// an edge restarted again and again, by nginx worker count (bench/edge-restarts.mjs).
if (process.argv.includes('--orders')) {
  await import('./stampede.mjs');
}
if (process.argv.includes('--restarts')) {
  await import('./edge-restarts.mjs');
}

const { values } = parseArgs({
  options: {
    viewers: { type: 'string', default: '1,100,1000,10000' },
    seconds: { type: 'string', default: '10' },
    transport: { type: 'string', default: 'stream' },
    workers: { type: 'string', default: '2' },
    faults: { type: 'boolean', default: false },
    away: { type: 'string', default: '30' },
    'redis-aof': { type: 'string', default: 'yes' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
// --faults: one count (1,000 viewers unless --viewers says otherwise), three faults in turn.
const faults = values.faults;
const viewersGiven = process.argv.some((a) => a.startsWith('--viewers'));
const counts = (faults && !viewersGiven ? '1000' : values.viewers).split(',').map(Number);
const awaySeconds = Number(values.away);
const seconds = Number(values.seconds);
const transport = values.transport;
const workerCount = Number(values.workers);
const usage =
  'Usage: npm run scale -- [--viewers 1,100,1000,10000] [--seconds 10] [--transport stream|poll] [--workers 2]\n' +
  '       npm run scale -- --faults [--viewers 1000] [--seconds 10] [--away 30] [--redis-aof yes|no] [--workers 2]';
if (
  values.help ||
  !counts.every((n) => Number.isInteger(n) && n >= 1 && n <= 20000) ||
  !(seconds >= 2 && seconds <= 120) ||
  !['stream', 'poll'].includes(transport) ||
  !(workerCount >= 1 && workerCount <= 8) ||
  (faults &&
    (counts.length !== 1 || transport !== 'stream' || !(awaySeconds >= 2 && awaySeconds <= 60))) ||
  !['yes', 'no'].includes(values['redis-aof'])
) {
  console.log(usage);
  process.exit(values.help ? 0 : 2);
}
requireEngines();

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const ROUTES = ['sale', 'deals', 'stats', 'deal', 'check', 'stream'];
const engines = new Engines();
// Bounded in time whatever happens: each count takes at most ramp + window + a minute.
const limitMs = faults
  ? 3 * seconds * 1000 + awaySeconds * 1000 + 300_000
  : counts.length * (seconds * 1000 + 90_000) + 60_000;
const limit = setTimeout(() => {
  console.error(`scale: stopped after ${Math.round(limitMs / 1000)} s`);
  void engines.stopAll().finally(() => process.exit(1));
}, limitMs);

/** Runs `n` viewers over `workers` threads; resolves once all are up. */
async function startViewers(n, edges, api, more = {}) {
  const threads = Math.min(workerCount, n);
  const rampMs = Math.max(500, n); // 1,000 new viewers a second, as a crowd arrives
  const workers = [];
  let offset = 0;
  for (let t = 0; t < threads; t++) {
    const share = Math.floor(n / threads) + (t < n % threads ? 1 : 0);
    const worker = new Worker(new URL('./lib/viewers.mjs', import.meta.url));
    const ready = new Promise((resolve, reject) => {
      worker.on('message', (m) => m.type === 'ready' && resolve());
      worker.once('error', reject);
    });
    worker.postMessage({
      type: 'start',
      edges: edges.map((e) => e.url),
      api,
      viewers: share,
      offset,
      transport,
      rampMs,
      pollMs: 1000,
      ...more,
    });
    offset += share;
    workers.push({ worker, ready });
  }
  const timeout = sleep(rampMs + 60_000).then(() => {
    throw new Error(`viewers not all up after ${Math.round(rampMs / 1000) + 60} s`);
  });
  try {
    await Promise.race([Promise.all(workers.map((w) => w.ready)), timeout]);
  } catch (err) {
    const reports = await Promise.all(workers.map(({ worker }) => ask(worker, 'report')));
    const up =
      transport === 'stream'
        ? reports.reduce((s, r) => s + r.totals.streamsOpen, 0)
        : reports.reduce((s, r) => s + r.viewers, 0);
    if (up >= n * 0.999) {
      console.log(`         (${n - up} of ${n} viewers still connecting: measured without them)`);
      return workers;
    }
    workers.forEach(({ worker }) => worker.postMessage({ type: 'stop' }));
    const log = edges.map((e) =>
      e
        .errorLog()
        .split('\n')
        .filter((l) => !/setrlimit|\[notice\]|\[info\]/.test(l))
        .slice(-5)
        .join('\n'),
    );
    throw new Error(
      `${err.message}: ${JSON.stringify(reports.map((r) => r.totals))}\n${log.join('\n')}`,
      { cause: err },
    );
  }
  return workers;
}

const ask = (worker, type, more = {}) =>
  new Promise((resolve) => {
    const on = (m) => {
      if (m.type !== type) return;
      worker.off('message', on);
      resolve(m);
    };
    worker.on('message', on);
    worker.postMessage({ type, ...more });
  });

async function metrics(originUrl) {
  return (await fetch(`${originUrl}/_sim/metrics`)).json();
}

function percentile(histogram, p) {
  const total = histogram.reduce((a, b) => a + b, 0);
  if (!total) return NaN;
  let seen = 0;
  for (let ms = 0; ms < histogram.length; ms++) {
    seen += histogram[ms];
    if (seen >= total * p) return ms;
  }
  return histogram.length - 1;
}

async function measure(n, edges, origin, api) {
  const workers = await startViewers(n, edges, api);
  await sleep(1500); // the last ones' first events
  // The window opens a second from now, so that every worker knows it before its first event
  // (one opened at once would miss, in a busy worker, the events just after its start).
  const from = Date.now() + 1000;
  const to = from + seconds * 1000;
  workers.forEach(({ worker }) => worker.postMessage({ type: 'window', from, to }));
  await sleep(from - Date.now());
  const before = await metrics(origin);
  await sleep(seconds * 1000);
  const after = await metrics(origin);
  const memory = edges.reduce((sum, e) => sum + e.memory(), 0);
  // Deliveries of the window's last events: until the origin's publish queue is empty, then 2 s
  // (at most 30 s: what has not arrived by then counts as lost).
  for (let waited = 0; waited < 28_000; waited += 250) {
    if (!((await metrics(origin)).published?.pending > 0)) break;
    await sleep(250);
  }
  // Then until every viewer has every event of the window, or nothing more arrived for 10 s
  // (at most 30 s): late is not lost, and counted apart (more than a second after publish).
  const report = () => Promise.all(workers.map(({ worker }) => ask(worker, 'report')));
  const received = (all) => all.reduce((sum, r) => sum + r.events, 0);
  const complete = (all) => {
    const first = Math.min(...all.map((r) => r.first));
    const last = Math.max(...all.map((r) => r.last));
    return transport === 'poll' || received(all) === (last - first + 1) * n;
  };
  let reports = await report();
  for (let waited = 0, idle = 0; waited < 30_000 && idle < 10_000 && !complete(reports);) {
    await sleep(500);
    waited += 500;
    const next = await report();
    idle = received(next) === received(reports) ? idle + 500 : 0;
    reports = next;
  }
  workers.forEach(({ worker }) => worker.postMessage({ type: 'stop' }));
  await Promise.all(workers.map(({ worker }) => new Promise((r) => worker.once('exit', r))));
  await sleep(1000); // connections close before the next count

  const rates = {};
  let total = 0;
  for (const route of ROUTES) {
    const d = (after.requests[route] ?? 0) - (before.requests[route] ?? 0);
    rates[route] = d / seconds;
    total += d;
  }
  const histogram = new Array(60_001).fill(0);
  for (const r of reports) r.latency.forEach((c, i) => (histogram[i] += c));
  const first = Math.min(...reports.map((r) => r.first));
  const last = Math.max(...reports.map((r) => r.last));
  const perViewer = Number.isFinite(first) ? last - first + 1 : 0;
  let delivered = 0;
  let polls = 0;
  let asked = 0;
  for (const r of reports) {
    for (const [f, l, count] of r.ranges) if (f !== null && l !== null) delivered += count;
    polls += r.polls;
    asked += r.asked;
  }
  return {
    n,
    rates,
    total: total / seconds,
    connections: after.connections - 1, // this metrics request's own
    expected: transport === 'stream' ? perViewer * n : asked,
    delivered: transport === 'stream' ? delivered : polls,
    p50: percentile(histogram, 0.5),
    p99: percentile(histogram, 0.99),
    // Delivered more than a second after publish (stream only: a poll's answer is up to a cache
    // lifetime plus a poll interval old by design).
    late: transport === 'stream' ? histogram.slice(1001).reduce((a, b) => a + b, 0) : undefined,
    memory,
    reconnects: reports.reduce((s, r) => s + r.totals.reconnects, 0),
    debug: [
      after.published,
      ...reports.map((r) => ({ ...r.totals, first: r.first, last: r.last })),
      // Viewers short of the window's events: missing at its start, at its end, or in between.
      reports
        .flatMap((r) => r.ranges)
        .reduce(
          (short, [f, l, count]) => {
            if (f === null) short.none++;
            else if (count < last - first + 1) {
              if (f > first) short.start += f - first;
              if (l < last) short.end += last - l;
              short.between += l - f + 1 - count;
              short.viewers++;
            }
            return short;
          },
          { viewers: 0, none: 0, start: 0, end: 0, between: 0 },
        ),
    ],
  };
}

const pad = (v, w) => String(v).padStart(w);

/**
 * `--faults`: a TCP gate between the edges and the origin, so that the origin can be taken away
 * (nothing listens: the edges' requests are refused) while it keeps publishing the sale's events.
 */
async function originGate(port, targetPort) {
  let server;
  const sockets = new Set();
  const open = () =>
    new Promise((resolve, reject) => {
      server = createServer((client) => {
        const upstream = connect(targetPort, '127.0.0.1');
        const end = () => [client, upstream].forEach((s) => (s.destroy(), sockets.delete(s)));
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('error', end);
          s.on('close', end);
        }
        client.pipe(upstream).pipe(client);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
  const close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
  await open();
  return { url: `http://127.0.0.1:${port}`, open, close };
}

/**
 * `--faults`: `n` stream viewers over both edges, then in turn an edge restarted, Redis restarted
 * and the origin away for `awaySeconds`, each followed by `seconds` of normal running. Prints per
 * fault the stats events lost (each viewer should have every event the origin published in the
 * phase, by its `orders` number; gaps after a resume count), the viewers' errors, and the reads
 * (stats every 100 ms through the edges) answered, stale and failed.
 */
async function runFaults({ n, edges, redis, gate, originUrl, api }) {
  const phasesOut = [];
  const mark = async () => {
    const text = await (await fetch(`${originUrl}${api}/sales/s/stats`)).text();
    return Number(/"orders":(\d+)/.exec(text)[1]);
  };
  const workers = await startViewers(n, edges, api, { record: true });
  const losses = async (phases) => {
    const all = await Promise.all(workers.map(({ worker }) => ask(worker, 'losses', { phases })));
    const totals = {};
    for (const r of all)
      for (const [k, v] of Object.entries(r.totals)) totals[k] = (totals[k] ?? 0) + v;
    const lost = phases.map((_, i) => ({
      missing: all.reduce((s, r) => s + r.lost[i].missing, 0),
      viewers: all.reduce((s, r) => s + r.lost[i].viewers, 0),
      // Viewers short, by the edge they watch through: one edge's viewers all short is a
      // frozen channel on that edge (see bench/edge-restarts.mjs).
      byEdge: edges.map((_, e) => all.reduce((s, r) => s + (r.lost[i].byEdge[e] ?? 0), 0)),
    }));
    return { lost, totals };
  };
  // Reads through the edges all along, as widgets' first loads and polls make them.
  const reads = { answered: 0, stale: 0, errors: 0 };
  let reading = true;
  const reader = (async () => {
    for (let i = 0; reading; i++) {
      const started = Date.now();
      try {
        const res = await fetch(`${edges[i % edges.length].url}${api}/sales/s/stats`, {
          signal: AbortSignal.timeout(5000),
        });
        const body = await res.text();
        if (res.ok) {
          reads.answered++;
          // Stale: the edge says so, or the data is older than the cache hierarchy makes it
          // (1 s per level) by far: a child edge caches its parent's stale answer as a HIT.
          const time = Number(/"serverTime":(\d+)/.exec(body)?.[1]);
          const old = Date.now() - time > 5000;
          if (old || /STALE|UPDATING/.test(res.headers.get('saleday-cache') ?? '')) reads.stale++;
        } else reads.errors++;
      } catch {
        reads.errors++;
      }
      await sleep(Math.max(0, 100 - (Date.now() - started)));
    }
  })();
  await sleep(3000);
  const faults = [
    ['edge restart', () => edges[0].restart()],
    ['redis restart', () => redis.restart()],
    [
      `origin away ${awaySeconds} s`,
      async () => {
        await gate.close();
        await sleep(awaySeconds * 1000);
        await gate.open();
      },
    ],
  ];
  console.log(
    `Saleday edge under faults: ${n} stream viewers over 2 edges (nchan on one Redis, ` +
      `${values['redis-aof'] === 'yes' ? 'appendonly, fsync always' : 'no persistence'}), ` +
      `stats 10/s, ${seconds} s of normal running after each fault`,
  );
  for (const [name, fault] of faults) {
    const after = await mark();
    const before = (await losses([])).totals;
    const readsBefore = { ...reads };
    const started = Date.now();
    await fault();
    const faultMs = Date.now() - started;
    await sleep(seconds * 1000);
    const upTo = await mark();
    const totals = (await losses([])).totals;
    const delta = (k) => totals[k] - before[k];
    const readDelta = (k) => reads[k] - readsBefore[k];
    phasesOut.push({
      name,
      range: [after, upTo],
      faultMs,
      drops: delta('reconnects'),
      refused: delta('refused'),
      badStatus: delta('badStatus'),
      stalled: delta('stalled'),
      reads: {
        answered: readDelta('answered'),
        stale: readDelta('stale'),
        errors: readDelta('errors'),
      },
    });
  }
  reading = false;
  await reader;
  // Late is not lost: until the origin's publish queue is empty, then until nothing more arrives
  // (at most 30 s each).
  for (let waited = 0; waited < 30_000; waited += 250) {
    if (!((await metrics(originUrl)).published?.pending > 0)) break;
    await sleep(250);
  }
  const ranges = phasesOut.map((p) => p.range);
  let result = await losses(ranges);
  const missing = (r) => r.lost.reduce((s, l) => s + l.missing, 0);
  for (let waited = 0; waited < 30_000; waited += 1000) {
    await sleep(1000);
    const next = await losses(ranges);
    const done = missing(next) === missing(result);
    result = next;
    if (done) break;
  }
  workers.forEach(({ worker }) => worker.postMessage({ type: 'stop' }));
  await Promise.all(workers.map(({ worker }) => new Promise((r) => worker.once('exit', r))));
  console.log(
    `${pad('fault', 18)} | ${pad('took ms', 7)} | ${pad('events lost / expected', 22)} | ` +
      `${pad('viewers short', 13)} | viewer errors: ${pad('drops', 5)} ${pad('refused', 7)} ${pad('not 200', 7)} ${pad('stalled', 7)} | ` +
      `reads: ${pad('answered', 8)} ${pad('stale', 5)} ${pad('failed', 6)}`,
  );
  phasesOut.forEach((p, i) => {
    const [after, upTo] = p.range;
    p.lost = result.lost[i].missing;
    const expected = (upTo - after) * n;
    console.log(
      `${pad(p.name, 18)} | ${pad(p.faultMs, 7)} | ${pad(`${p.lost} / ${expected}`, 22)} | ` +
        `${pad(result.lost[i].viewers, 13)} | ${pad('', 15)} ${pad(p.drops, 5)} ${pad(p.refused, 7)} ${pad(p.badStatus, 7)} ${pad(p.stalled, 7)} | ` +
        `${pad('', 7)}${pad(p.reads.answered, 8)} ${pad(p.reads.stale, 5)} ${pad(p.reads.errors, 6)}`,
    );
  });
  // Something lost: where (viewers short by edge) and what the edges logged (warnings and
  // errors), for the diagnosis.
  if (phasesOut.some((p) => p.lost)) {
    phasesOut.forEach((p, i) => {
      const short = result.lost[i].byEdge.map((count, e) => `edge ${e + 1}: ${count}`).join(', ');
      console.log(`${p.name}: viewers short by edge: ${short}`);
    });
    edges.forEach((e, i) => {
      const lines = e
        .errorLog()
        .split('\n')
        .filter((l) => l && !/setrlimit|\[notice\]|\[info\]/.test(l));
      console.log(
        `edge ${i + 1} error log (last 8 of ${lines.length}):\n${lines.slice(-8).join('\n')}`,
      );
    });
  }
  const [edge, red, away] = phasesOut.map((p) => p.lost);
  console.log(
    `faults: edge restart lost ${edge}, redis restart lost ${red}, origin away lost ${away}`,
  );
  return phasesOut.every((p) => p.lost === 0);
}

let gate = null;
try {
  // Under faults, Redis keeps nchan's messages on disk (append-only file, written at each
  // command), so a restarted Redis still has every channel's buffered messages.
  const redis = await engines.redis({
    args:
      faults && values['redis-aof'] === 'yes'
        ? ['--appendonly', 'yes', '--appendfsync', 'always']
        : [],
  });
  const originPort = await freePort();
  const originUrl = `http://127.0.0.1:${originPort}`;
  gate = faults ? await originGate(await freePort(), originPort) : null;
  const edgeOrigin = gate?.url ?? originUrl;
  // Two edges for the viewers, and a third on the same Redis that only takes the origin's
  // publishes: a publish then returns once Redis has the message, whatever the viewer count,
  // and the viewers' edges fan it out as it comes from Redis. One nginx worker each, as
  // deploy/ says to run them (nchan with two workers froze a restarted edge's channel: see
  // `npm run scale -- --restarts`).
  const [publisher, ...edges] = await engines.edges({
    origins: [edgeOrigin],
    redisUrl: redis.url,
    count: 3,
    tiered: false,
  });
  // The second viewers' edge refreshes its cached reads from the first (a cache hierarchy).
  await edges[1].stop();
  const [child] = await engines.edges({
    origins: [edgeOrigin],
    redisUrl: redis.url,
    parent: edges[0].url,
  });
  edges[1] = child;
  const api = await startOrigin(engines, originPort, publisher.publishUrl);
  if (faults) {
    const ok = await runFaults({ n: counts[0], edges, redis, gate, originUrl, api });
    process.exitCode = ok ? 0 : 1;
  } else {
    await runCounts(edges, originUrl, api);
  }
} catch (err) {
  console.error('scale:', err);
  process.exitCode = 1;
} finally {
  clearTimeout(limit);
  await gate?.close();
  await engines.stopAll();
}

/** The table: each viewer count measured in turn, then the origin ratio. */
async function runCounts(edges, originUrl, api) {
  console.log(
    `Saleday edge at scale: ${transport}, 2 nginx edges (1 worker each, nchan on one Redis), stats 10/s, ` +
      `${seconds} s per count, viewers on ${workerCount} worker threads`,
  );
  const what = transport === 'stream' ? 'events delivered' : 'polls answered';
  console.log(
    `${pad('viewers', 8)} | origin req/s: ${ROUTES.map((r) => pad(r, 6)).join(' ')} ${pad('total', 6)} | ` +
      `${pad('origin conns', 12)} | ${pad(what, 24)} | ${pad('late', 6)} | ` +
      `${pad('p50 ms', 6)} ${pad('p99 ms', 6)} | edge MB`,
  );
  const results = [];
  for (const n of counts) {
    const r = await measure(n, edges, originUrl, api);
    results.push(r);
    const share = r.expected ? ((100 * r.delivered) / r.expected).toFixed(2) : '-';
    console.log(
      `${pad(n, 8)} | ${pad('', 13)} ${ROUTES.map((x) => pad(r.rates[x].toFixed(2), 6)).join(' ')} ` +
        `${pad(r.total.toFixed(2), 6)} | ${pad(r.connections, 12)} | ` +
        `${pad(`${r.delivered}/${r.expected} (${share}%)`, 24)} | ${pad(r.late ?? '-', 6)} | ` +
        `${pad(r.p50, 6)} ${pad(r.p99, 6)} | ` +
        `${(r.memory / 1048576).toFixed(1)}`,
    );
    if (r.reconnects) console.log(`         (${r.reconnects} stream reconnects)`);
    if (process.env.SCALE_DEBUG) console.log(r.debug);
  }
  const one = results.find((r) => r.n === 1) ?? results[0];
  const top = results.at(-1);
  // Equal rates (zero at both counts included: no viewer asks the origin anything) are 1.00.
  const ratio = top.total === one.total ? 1 : top.total / one.total;
  const lost = results.reduce((s, r) => s + (r.expected - r.delivered), 0);
  console.log(`nothing lost: ${lost === 0 ? 'yes' : `no, ${lost} missing`}`);
  console.log(`origin ratio at ${top.n} viewers: ${ratio.toFixed(2)}`);
  process.exitCode = 0;
}
