#!/usr/bin/env node
/**
 * `npm run scale -- --orders`: the T=0 order stampede on real engines on this machine. Starts
 * Redis, an nginx + nchan edge and 4 simulator workers (separate processes, `--redis`, publishing
 * to nchan) on free 127.0.0.1 ports from temporary directories; from T=0, 20,000 DOM-free buyers
 * (arriving over 5 s, played by 4 worker threads, `bench/stampede-buyers.mjs`), each running the
 * SDK's own `Purchase` and `HttpSaleClient` from the built `dist/` (its keys, retries,
 * Retry-After and waiting room, not a copy), buy one unit each from 10 deals holding 5,000 units
 * in all, through the edge; a front door lets 200 of them buy at once. Faults on: answers
 * dropped after the order was taken, 503 and 429 with Retry-After, slow answers past the client's
 * timeout, the rate limit's own 429s, every order through the waiting room, and one worker killed
 * (SIGKILL) mid-rush and restarted. Redis' order book is the judge: it prints intents, confirmed,
 * units sold against min(asked, stock), duplicates, oversold units, confirmed orders missing from
 * Redis, buyers through the waiting room, orders/s and time to confirmation p50/p99; the last
 * line is `stampede: N intents, X confirmed, D duplicates, O oversold, L lost`.
 *
 * `--redis-restart`: the same rush twice, Redis with `appendonly yes` and `appendfsync always`,
 * then `everysec`, Redis killed (SIGKILL) mid-rush and restarted from its AOF: what each lost and
 * what `always` costs in orders/s, side by side.
 *
 *     npm run scale -- --orders [--buyers 20000] [--units 5000] [--workers 4] [--arrival 5]
 *                               [--threads 4] [--in-flight 200] [--admit 1500] [--redis-restart]
 *
 * Bounded: buyers start no attempt after `--seconds` (180); 20 s later every thread reports what
 * settled (the rest counted as pending) and is stopped. Everything it started is stopped at the
 * end, on failure and on Ctrl+C.
 * @module
 */
import { parseArgs } from 'node:util';
import { createClient } from 'redis';
import { Worker } from 'node:worker_threads';
import { Engines, freePort, requireEngines } from '../deploy/lib/engines.mjs';

const { values } = parseArgs({
  options: {
    orders: { type: 'boolean', default: true },
    buyers: { type: 'string', default: '20000' },
    units: { type: 'string', default: '5000' },
    deals: { type: 'string', default: '10' },
    workers: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '180' },
    arrival: { type: 'string', default: '5' },
    threads: { type: 'string', default: '4' },
    admit: { type: 'string', default: '1500' },
    'in-flight': { type: 'string', default: '200' },
    'redis-restart': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
const BUYERS = Number(values.buyers);
const UNITS = Number(values.units);
const DEALS = Number(values.deals);
const WORKERS = Number(values.workers);
const SECONDS = Number(values.seconds);
// Buyers arrive within the first `--arrival` seconds, played by `--threads` worker threads
// (bench/stampede-buyers.mjs), each with its own connection pool: one Node thread sends about 200
// requests a second here, and all 20,000 buyers in one thread queued their requests in its pool
// past the client's timeout.
const ARRIVAL_MS = Number(values.arrival) * 1000;
const THREADS = Number(values.threads);
// The rate limit (token bucket, per second, shared by the workers in Redis): what the workers
// can answer on this machine; above it the buyers get 429 with Retry-After and come back.
const ADMIT = Number(values.admit);
// Buyers buying at once, over all threads (the others wait at the front door, in arrival order):
// the crowd let in at the rate the workers answer, so that no request waits in a buyer's pool
// past the client's timeout. Time to confirmation still counts from T=0, the wait included.
const IN_FLIGHT = Number(values['in-flight']);
const usage =
  'Usage: npm run scale -- --orders [--buyers 20000] [--units 5000] [--deals 10] [--workers 4] [--arrival 5] [--threads 4] [--admit 1500] [--in-flight 200] [--seconds 180] [--redis-restart]';
if (
  values.help ||
  !(BUYERS >= 1 && BUYERS <= 50_000) ||
  !(UNITS >= DEALS && UNITS <= 1_000_000) ||
  !(DEALS >= 1 && DEALS <= 100) ||
  !(WORKERS >= 2 && WORKERS <= 8) ||
  !(SECONDS >= 10 && SECONDS <= 300) ||
  !(Number(values.arrival) >= 0 && Number(values.arrival) <= 60) ||
  !(THREADS >= 1 && THREADS <= 16) ||
  !(ADMIT >= 10 && ADMIT <= 100_000) ||
  !(IN_FLIGHT >= THREADS && IN_FLIGHT <= 10_000)
) {
  console.log(usage);
  process.exit(values.help ? 0 : 2);
}
requireEngines();
try {
  await import('../dist/core/index.js');
} catch {
  console.error('stampede: build the SDK first (npm run build)');
  process.exit(1);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Milliseconds since the epoch, comparable with the buyer threads' clocks. */
const now = () => performance.timeOrigin + performance.now();
/** The engines of the rush under way (one set per rush, all stopped after it). */
let engines;
/** The client's timeout per attempt (the SDK's default); chaos holds some answers past it. */
const TIMEOUT_MS = 10_000;

/** The sale: one sale, `DEALS` deals sharing `UNITS` units; every order through the room. */
function worldSpec() {
  const money = (amount) => ({ amount, currency: 'USD' });
  const per = Math.floor(UNITS / DEALS);
  const deals = Array.from({ length: DEALS }, (_, i) => ({
    id: `d${i}`,
    saleId: 's',
    title: `Deal ${i}`,
    imageUrl: `https://shop.example/img/d${i}.svg`,
    url: `https://shop.example/deals/d${i}`,
    price: money(1999),
    listPrice: money(2999),
    stock: per + (i < UNITS % DEALS ? 1 : 0),
    maxPerOrder: 2,
  }));
  return {
    sales: [{ id: 's', name: 'Stampede', currency: 'USD', startInMs: -60_000, durationMs: 3.6e6 }],
    deals,
    waitingRoom: { positions: 1, retryAfter: 1 },
    rateLimit: { perSecond: ADMIT, burst: ADMIT },
    // 3% of order requests: taken, then the connection dropped; 2% held 11 s (past the 10 s
    // timeout); 4% answered 503 or 429 with Retry-After: 1, not taken.
    chaos: {
      drop: 0.03,
      delay: 0.02,
      delayMs: TIMEOUT_MS + 1000,
      errors: 0.04,
      statuses: [503, 429],
      retryAfter: 1,
      paths: ['/orders', '/orders/*'],
    },
  };
}

const percentile = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] : NaN;

/** Starts Redis, the edge and the workers; resolves with what the rush needs. */
async function startStack(redisArgs) {
  const redis = await engines.redis({ args: redisArgs });
  const ports = await Promise.all(Array.from({ length: WORKERS }, () => freePort()));
  const origins = ports.map((p) => `http://127.0.0.1:${p}`);
  const [edge] = await engines.edges({ origins, redisUrl: redis.url, count: 1 });
  const workerArgs = (port) => [
    'demo/simulator/cli.mjs',
    '--port',
    String(port),
    '--no-demo',
    '--redis',
    redis.url,
    '--publish',
    edge.publishUrl,
    '--public-url',
    edge.url,
  ];
  const startWorker = (port) =>
    engines.process(process.execPath, workerArgs(port), { ready: /listening on (\S+)/ });
  const workers = await Promise.all(ports.map(startWorker));
  return { redis, edge, ports, workers, startWorker };
}

/** One rush: world created, buyers let go at T=0, faults injected, Redis judged. */
async function rush({ label, redisArgs, killRedis }) {
  engines = new Engines();
  const stack = await startStack(redisArgs);
  const { redis, edge, ports, workers } = stack;
  const created = await fetch(`http://127.0.0.1:${ports[0]}/_sim/worlds`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(worldSpec()),
  }).then((r) => r.json());
  const api = `${edge.url}/w/${created.id}`;
  const stock = Object.fromEntries(worldSpec().deals.map((d) => [d.id, d.stock]));
  const ids = Array.from({ length: BUYERS }, (_, i) => ({ index: i, dealId: `d${i % DEALS}` }));

  // T=0 a little ahead, so that every thread has loaded the SDK and drawn its buyers by then.
  const t0 = now() + 2000;
  const deadline = t0 + SECONDS * 1000;
  const events = [];
  // The buyers, dealt round robin over the threads; each thread lets its share of `IN_FLIGHT`
  // buy at once, over as many kept-alive connections.
  const threads = Array.from({ length: THREADS }, (_, t) => {
    const share = ids.filter((b) => b.index % THREADS === t);
    const worker = new Worker(new URL('./stampede-buyers.mjs', import.meta.url), {
      workerData: {
        api,
        buyers: share,
        t0,
        arrivalMs: ARRIVAL_MS,
        deadline,
        timeout: TIMEOUT_MS,
        inFlight: Math.ceil(IN_FLIGHT / THREADS),
      },
    });
    const thread = {
      worker,
      share,
      progress: { settled: 0, confirmed: 0, sent: { POST: 0, GET: 0 } },
    };
    thread.result = new Promise((resolve, reject) => {
      worker.on('message', (m) => {
        if (m.type === 'progress') thread.progress = m;
        else resolve(m);
      });
      worker.on('error', reject);
      worker.on('exit', (code) => reject(new Error(`buyer thread ${t} exited (${code})`)));
    });
    return thread;
  });
  await sleep(Math.max(0, t0 - now()));
  // Mid-rush: one worker killed (no goodbye) and started again on its port a second later.
  const faults = (async () => {
    await sleep(Math.max(1500, ARRIVAL_MS / 2));
    const victim = workers[1];
    process.kill(-victim.pid, 'SIGKILL');
    events.push(`worker 2 killed at ${((now() - t0) / 1000).toFixed(1)} s`);
    await sleep(1000);
    workers[1] = await stack.startWorker(ports[1]);
    events.push(`worker 2 back at ${((now() - t0) / 1000).toFixed(1)} s`);
    if (killRedis) {
      await sleep(500);
      process.kill(-redis.pid, 'SIGKILL');
      const at = now();
      await redis.restart();
      events.push(
        `redis killed at ${((at - t0) / 1000).toFixed(1)} s, back from its AOF after ${Math.round(now() - at)} ms`,
      );
    }
  })();

  const progress = setInterval(() => {
    let settled = 0;
    let ok = 0;
    let requests = 0;
    for (const { progress: p } of threads) {
      settled += p.settled;
      ok += p.confirmed;
      requests += p.sent.POST + p.sent.GET;
    }
    const s = ((now() - t0) / 1000).toFixed(0);
    console.log(`  ${s} s: ${settled} buyers settled, ${ok} confirmed, ${requests} requests sent`);
  }, 10_000);
  // The bound: buyers stop starting attempts at the deadline; an attempt under way may still run
  // its retries, so 20 s later every thread reports what settled and is stopped.
  let bounded = false;
  let timer;
  const bound = new Promise((resolve) => {
    timer = setTimeout(resolve, deadline + 20_000 - now());
  }).then(() => {
    bounded = true;
    for (const { worker } of threads) worker.postMessage('report');
  });
  // A thread that has not answered 10 s after the bound is stopped; its buyers count as
  // `no report` (their keys unknown, so none of their orders can be judged a duplicate).
  const silent = (thread) => ({
    sent: thread.progress.sent,
    buyers: thread.share.map((b) => ({ ...b, keys: [], queued: false, outcome: 'no report' })),
  });
  const reports = await Promise.all(
    threads.map((thread) =>
      Promise.race([thread.result, bound.then(() => sleep(10_000)).then(() => silent(thread))]),
    ),
  );
  clearTimeout(timer);
  for (const { worker } of threads) await worker.terminate();
  const buyers = reports.flatMap((r) => r.buyers);
  const sent = { POST: 0, GET: 0 };
  for (const r of reports) {
    sent.POST += r.sent.POST;
    sent.GET += r.sent.GET;
  }
  if (bounded) events.push(`bound hit at ${SECONDS + 20} s: pending buyers counted as they stood`);
  const elapsed = now() - t0;
  clearInterval(progress);
  await faults;
  if (process.env.STAMPEDE_DEBUG) {
    console.log(edge.errorLog().slice(-3000));
    for (const w of workers) console.log(w.output().slice(-1500));
  }

  // The judge: Redis' own order book and stock.
  const judge = createClient({ url: redis.url });
  judge.on('error', () => {});
  await judge.connect();
  const key = (name) => `saleday:{${created.id}}:${name}`;
  const orders = (await judge.hVals(key('orders'))).map((j) => JSON.parse(j));
  const remaining = await judge.hGetAll(key('stock'));
  const commandstats = await judge.info('commandstats');
  const scripts = [...commandstats.matchAll(/cmdstat_eval(?:sha)?:calls=(\d+)/g)].reduce(
    (sum, m) => sum + Number(m[1]),
    0,
  );
  await judge.close();

  const byId = new Map(orders.map((o) => [o.orderId, o]));
  const byKey = new Map(orders.map((o) => [o.idempotencyKey, o]));
  const sold = {};
  for (const o of orders)
    if (o.status === 'confirmed') sold[o.dealId] = (sold[o.dealId] ?? 0) + o.quantity;
  const asked = {};
  for (const b of buyers) asked[b.dealId] = (asked[b.dealId] ?? 0) + 1;
  let duplicates = 0;
  for (const b of buyers) {
    const mine = [...b.keys].map((k) => byKey.get(k)).filter((o) => o && o.status !== 'failed');
    duplicates += Math.max(0, mine.length - 1);
  }
  let oversold = 0;
  let expected = 0;
  for (const [dealId, total] of Object.entries(stock)) {
    oversold += Math.max(0, (sold[dealId] ?? 0) - total, -Number(remaining[dealId] ?? 0));
    expected += Math.min(asked[dealId] ?? 0, total);
  }
  const confirmed = buyers.filter((b) => b.outcome === 'confirmed');
  const lost = confirmed.filter((b) => byId.get(b.orderId)?.status !== 'confirmed').length;
  const unitsSold = Object.values(sold).reduce((a, b) => a + b, 0);
  const times = confirmed.map((b) => b.ms).sort((a, b) => a - b);
  const lastConfirmation = times.at(-1) ?? elapsed;
  const outcomes = {};
  for (const b of buyers) outcomes[b.outcome] = (outcomes[b.outcome] ?? 0) + 1;
  const result = {
    label,
    intents: buyers.length,
    confirmed: confirmed.length,
    unitsSold,
    expected,
    duplicates,
    oversold,
    lost,
    queued: buyers.filter((b) => b.queued).length,
    ordersPerSecond: confirmed.length / (lastConfirmation / 1000),
    lastConfirmation,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    seconds: elapsed / 1000,
    requests: sent.POST + sent.GET,
    posts: sent.POST,
    scripts,
    outcomes,
    events,
    published: undefined,
  };
  await engines.stopAll();
  return result;
}

const print = (r) => {
  const outcomes = Object.entries(r.outcomes)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  console.log(`\n${r.label}`);
  for (const e of r.events) console.log(`  ${e}`);
  console.log(`  intents                         ${r.intents}`);
  console.log(`  orders confirmed                ${r.confirmed}   (outcomes: ${outcomes})`);
  console.log(
    `  units sold                      ${r.unitsSold}   (min(asked, stock) = ${r.expected}: ${r.unitsSold === r.expected ? 'equal' : 'NOT EQUAL'})`,
  );
  console.log(`  duplicate orders                ${r.duplicates}`);
  console.log(`  oversold units                  ${r.oversold}`);
  console.log(`  confirmed orders not in Redis   ${r.lost}`);
  console.log(`  buyers through the waiting room ${r.queued}`);
  console.log(
    `  orders/s                        ${Math.round(r.ordersPerSecond)}   (all settled in ${r.seconds.toFixed(1)} s)`,
  );
  const busy = r.seconds; // until every buyer settled
  console.log(
    `  order requests through the edge ${r.requests} (${r.posts} POST): ${Math.round(r.requests / busy)}/s in all, ${Math.round(r.requests / busy / WORKERS)}/s per worker`,
  );
  console.log(
    `  Redis scripts run              ${r.scripts}: ${Math.round(r.scripts / busy)}/s (claim, commit, remember, poll, rate limit)`,
  );
  console.log(
    `  time to confirmation            p50 ${Math.round(r.p50)} ms, p99 ${Math.round(r.p99)} ms`,
  );
};

let status = 0;
try {
  console.log(
    `stampede: ${BUYERS} buyers, ${DEALS} deals, ${UNITS} units, ${WORKERS} workers on one Redis behind one nginx+nchan edge`,
  );
  const results = [];
  if (values['redis-restart']) {
    for (const fsync of ['always', 'everysec']) {
      const args = ['--appendonly', 'yes', '--appendfsync', fsync];
      const r = await rush({
        label: `appendfsync ${fsync}, Redis killed mid-rush`,
        redisArgs: args,
        killRedis: true,
      });
      print(r);
      results.push(r);
    }
    const [always, everysec] = results;
    console.log('\nside by side              always   everysec');
    const row = (name, f) =>
      console.log(
        `  ${name.padEnd(22)} ${String(f(always)).padStart(7)}  ${String(f(everysec)).padStart(9)}`,
      );
    row('confirmed', (r) => r.confirmed);
    row('lost', (r) => r.lost);
    row('duplicates', (r) => r.duplicates);
    row('oversold', (r) => r.oversold);
    row('orders/s', (r) => Math.round(r.ordersPerSecond));
    row('p99 ms', (r) => Math.round(r.p99));
    console.log(
      `  cost of always: ${Math.round((1 - always.ordersPerSecond / everysec.ordersPerSecond) * 100)}% fewer orders/s than everysec (one run each, same machine)`,
    );
  } else {
    const r = await rush({
      label: 'Redis without persistence, one worker killed mid-rush',
      redisArgs: [],
    });
    print(r);
    results.push(r);
  }
  const last = results[0];
  // The goal: the worker-kill run, or the `always` run, with nothing doubled, oversold or lost.
  if (last.duplicates || last.oversold || last.lost || last.unitsSold !== last.expected) {
    status = 1;
  }
  console.log(
    `stampede: ${last.intents} intents, ${last.confirmed} confirmed, ${last.duplicates} duplicates, ${last.oversold} oversold, ${last.lost} lost`,
  );
} catch (err) {
  console.error('stampede:', err);
  status = 1;
} finally {
  await engines?.stopAll();
}
process.exit(status);
