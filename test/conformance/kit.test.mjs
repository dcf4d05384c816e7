/**
 * The conformance kit against the simulator (every check passes, orders included) and against
 * broken copies of it: small proxies that each break one promise of the contract, which the kit
 * must catch with the right check and message. Run with `npm run test:kit` (node --test).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runConformance } from '../../conformance/index.mjs';
import { startSimulator } from '../../demo/simulator/server.mjs';
import { startRedis } from '../redis.mjs';

const CLI = fileURLToPath(new URL('../../conformance/cli.mjs', import.meta.url));
const HOUR = 3_600_000;
const TIMEOUT = 3000;

let sim;
before(async () => {
  sim = await startSimulator({ port: 0, demo: false });
});
after(() => sim.close());

/** A fresh world: a live sale with a waiting room and a rate limit, and an ended sale. */
async function createWorld(on = sim) {
  const deal = (id, saleId) => ({
    id,
    saleId,
    title: `Deal ${id}`,
    price: { amount: 1999, currency: 'USD' },
    listPrice: { amount: 2999, currency: 'USD' },
    stock: { total: 100, remaining: 100 },
    maxPerOrder: 2,
  });
  const spec = {
    sales: [
      { id: 'live', name: 'Live sale', currency: 'USD', startInMs: -60_000, durationMs: HOUR },
      { id: 'over', name: 'Ended sale', currency: 'USD', startInMs: -2 * HOUR, durationMs: HOUR },
    ],
    deals: [
      deal('d1', 'live'),
      deal('d2', 'live'),
      { ...deal('members', 'live'), requiresAuth: true },
      deal('d3', 'over'),
    ],
    waitingRoom: { positions: 2, retryAfter: 1 },
    rateLimit: { perSecond: 5, burst: 20 },
    // No heartbeat during the run: the replayed events counted below are the test's own.
    heartbeatMs: HOUR,
  };
  const response = await fetch(`${on.url}/_sim/worlds`, {
    method: 'POST',
    body: JSON.stringify(spec),
  });
  assert.equal(response.status, 201);
  const { id } = await response.json();
  return {
    id,
    /** Changes a stock through the control API: a stream event, as a sale would make. */
    sell: () =>
      fetch(`${on.url}/_sim/worlds/${id}/stock`, {
        method: 'POST',
        body: JSON.stringify({ dealId: 'd2', remaining: 42 }),
      }),
  };
}

/**
 * A proxy in front of the simulator that changes requests and answers: `ask` gets each request
 * (`{ url, headers }`, mutable), `answer` each whole JSON answer
 * (`{ method, url, requestHeaders, status, headers, body }`, mutable), `stream` each chunk of an
 * event stream.
 */
async function brokenCopy({ ask = () => {}, answer = () => {}, stream = (text) => text } = {}) {
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const asked = { url: new URL(req.url, sim.url), headers: { ...req.headers } };
      ask(asked);
      const upstream = request(asked.url, { method: req.method, headers: asked.headers }, (up) => {
        const headers = { ...up.headers };
        for (const name of ['connection', 'keep-alive', 'transfer-encoding', 'content-length']) {
          delete headers[name];
        }
        if (String(headers['content-type']).startsWith('text/event-stream')) {
          res.writeHead(up.statusCode, headers);
          up.on('data', (chunk) => res.write(stream(chunk.toString())));
          up.on('end', () => res.end());
          res.on('close', () => up.destroy());
          return;
        }
        const body = [];
        up.on('data', (chunk) => body.push(chunk));
        up.on('end', () => {
          const text = Buffer.concat(body).toString();
          const reply = { method: req.method, url: req.url, requestHeaders: req.headers };
          Object.assign(reply, { status: up.statusCode, headers, body: text });
          answer(reply);
          res.writeHead(reply.status, reply.headers).end(reply.body);
        });
      });
      upstream.on('error', () => res.destroy());
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Runs the kit in-process; `world.sell()` runs once the live stream is open (an event to resume). */
function kit(origin, world, options = {}) {
  return runConformance({
    api: `${origin}/w/${world.id}`,
    sale: 'live',
    deal: 'd1',
    endedSale: 'over',
    timeout: TIMEOUT,
    onResult: (result) => result.id === 'stream' && void world.sell(),
    ...options,
  });
}

const byId = (report) => Object.fromEntries(report.results.map((r) => [r.id, r]));

/** Runs the command line; resolves with its exit code and output. */
function cli(args) {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], (error, stdout, stderr) => {
      resolve({ code: error ? error.code : 0, stdout, stderr });
    });
  });
}

test('the simulator passes every check, orders included (the command line, --json, --authorization)', async () => {
  const world = await createWorld();
  const dir = mkdtempSync(join(tmpdir(), 'saleday-kit-'));
  try {
    const file = join(dir, 'results.json');
    // A deal for logged-in buyers: the orders need the Authorization the kit sends.
    const args = ['--api', `${sim.url}/w/${world.id}`, '--sale', 'live', '--deal', 'members'];
    const { code, stdout } = await cli([
      ...args,
      ...['--authorization', 'Bearer kit', '--ended-sale', 'over', '--destructive'],
      ...['--json', file, '--timeout', String(TIMEOUT)],
    ]);
    const report = JSON.parse(readFileSync(file, 'utf8'));
    const failed = report.results.filter((r) => r.status !== 'pass');
    assert.deepEqual(failed, [], stdout);
    assert.equal(code, 0, stdout);
    assert.equal(report.summary.fail, 0);
    assert.equal(report.summary.pass, report.results.length);
    for (const { id } of report.results) assert.match(stdout, new RegExp(`^PASS ${id}: `, 'm'));
    assert.match(
      stdout,
      new RegExp(`^PASSED: ${report.results.length} passed, 0 failed, 0 skipped$`, 'm'),
    );
    // Orders went through the real order book: one confirmed, one queued, both of quantity 1.
    const { orders } = await (await fetch(`${sim.url}/_sim/worlds/${world.id}/orders`)).json();
    assert.deepEqual(orders.map((o) => [o.status, o.quantity]).sort(), [
      ['confirmed', 1],
      ['queued', 1],
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the simulator on its Redis store passes every check, orders included', async () => {
  const redis = await startRedis();
  const onRedis = await startSimulator({ port: 0, demo: false, redis: redis.url });
  try {
    const world = await createWorld(onRedis);
    const report = await kit(onRedis.url, world, { destructive: true });
    const failed = report.results.filter((r) => r.status !== 'pass');
    assert.deepEqual(failed, []);
    const { orders } = await (await fetch(`${onRedis.url}/_sim/worlds/${world.id}/orders`)).json();
    assert.equal(orders.length, 2);
  } finally {
    await onRedis.close();
    await redis.stop();
  }
});

test('without --destructive no order is placed and the order checks say why they skip', async () => {
  const world = await createWorld();
  const report = await kit(sim.url, world);
  const results = byId(report);
  for (const id of ['order', 'idempotent-replay', 'key-reuse', 'waiting-room', 'concurrent-key']) {
    assert.equal(results[id].status, 'skip', id);
    assert.match(results[id].detail, /places orders: run with --destructive/);
  }
  assert.equal(report.summary.fail, 0, JSON.stringify(report.results, null, 1));
  assert.equal(report.summary.pass, report.results.length - 5);
  assert.match(results['stream-resume'].detail, /1 missed events \(1 stock\) replayed in order/);
  const { orders } = await (await fetch(`${sim.url}/_sim/worlds/${world.id}/orders`)).json();
  assert.deepEqual(orders, []);
});

/** Runs the kit through a broken copy; returns the results by id. */
async function throughBrokenCopy(tweaks, options) {
  const world = await createWorld();
  const copy = await brokenCopy(tweaks);
  try {
    const report = await kit(copy.url, world, options);
    return { report, results: byId(report) };
  } finally {
    await copy.close();
  }
}

test('a replay that answers with another body fails idempotent-replay', async () => {
  const keys = new Set();
  const { results } = await throughBrokenCopy(
    {
      answer(reply) {
        if (reply.method !== 'POST' || ![201, 202].includes(reply.status)) return;
        const key = reply.requestHeaders['idempotency-key'];
        if (!keys.has(key)) return void keys.add(key);
        // A server that places the order again on a retry: another order id.
        const body = JSON.parse(reply.body);
        reply.body = JSON.stringify({ ...body, orderId: `${body.orderId}-again` });
      },
    },
    { destructive: true },
  );
  const check = results['idempotent-replay'];
  assert.equal(check.status, 'fail');
  assert.equal(check.expected, 'the same status and body as the first answer');
  assert.match(check.got, /^body\.orderId: "(ord_\w+)" -> "\1-again"/);
  assert.match(check.fix, /store the first 201\/202 answer under the Idempotency-Key/);
  assert.equal(results['concurrent-key'].status, 'fail');
  assert.equal(results.order.status, 'pass');
});

test('a 429 without Retry-After fails rate-limit', async () => {
  const { report, results } = await throughBrokenCopy({
    answer(reply) {
      if (reply.status === 429) delete reply.headers['retry-after'];
    },
  });
  const check = results['rate-limit'];
  assert.equal(check.status, 'fail');
  assert.equal(check.expected, '429 with Retry-After (seconds)');
  assert.match(check.got, /^429 on POST \/orders with no Retry-After$/);
  assert.match(check.fix, /send Retry-After with every 429 and 503/);
  assert.deepEqual(
    report.results.filter((r) => r.status === 'fail').map((r) => r.id),
    ['rate-limit'],
  );
});

test('an ETag that changes on every answer fails stats-etag (and the command exits 1)', async () => {
  const world = await createWorld();
  let n = 0;
  const copy = await brokenCopy({
    answer(reply) {
      if (reply.headers.etag) reply.headers.etag = `"changes-${++n}"`;
    },
  });
  try {
    const args = ['--api', `${copy.url}/w/${world.id}`, '--sale', 'live', '--deal', 'd1'];
    const { code, stdout } = await cli([...args, '--timeout', String(TIMEOUT), '--no-color']);
    assert.equal(code, 1, stdout);
    assert.match(
      stdout,
      /^FAIL stats-etag: expected the same ETag for the same stats; got ETag "changes-1", then "changes-2" with gmv and orders unchanged\. Fix: derive the ETag from the stats/m,
    );
    assert.match(stdout, /^FAILED: \d+ passed, 1 failed, \d+ skipped/m);
  } finally {
    await copy.close();
  }
});

test('a stream without ids fails stream', async () => {
  const { results } = await throughBrokenCopy({
    stream: (text) => text.replace(/^id:.*\n/gm, ''),
  });
  const check = results.stream;
  assert.equal(check.status, 'fail');
  assert.equal(check.expected, 'event "stats" with an id: line');
  assert.equal(check.got, 'no id: line');
  assert.match(check.fix, /give every event an increasing id:/);
  assert.equal(results['stream-resume'].status, 'skip');
});

test('a preflight that does not allow Idempotency-Key fails cors-preflight', async () => {
  const { results } = await throughBrokenCopy({
    answer(reply) {
      const allowed = reply.headers['access-control-allow-headers'];
      if (allowed) {
        reply.headers['access-control-allow-headers'] = allowed.replace(/Idempotency-Key, /, '');
      }
    },
  });
  const check = results['cors-preflight'];
  assert.equal(check.status, 'fail');
  assert.match(
    check.expected,
    /^OPTIONS \/orders .*Access-Control-Allow-Headers with content-type, idempotency-key, authorization$/,
  );
  assert.equal(
    check.got,
    'Access-Control-Allow-Headers: Content-Type, If-None-Match, Last-Event-ID, Authorization',
  );
  assert.match(check.fix, /^allow idempotency-key \(the contract:/);
  assert.equal(results.cors.status, 'pass');
});

test('a stream that forgets Last-Event-ID on reconnect fails stream-resume', async () => {
  const { results } = await throughBrokenCopy({
    ask(asked) {
      // A server (or something between) that starts every stream afresh: a snapshot, no replay.
      delete asked.headers['last-event-id'];
      asked.url.searchParams.delete('lastEventId');
    },
  });
  assert.equal(results.stream.status, 'pass');
  const check = results['stream-resume'];
  assert.equal(check.status, 'fail');
  assert.match(check.expected, /^with Last-Event-ID: \d+: the missed events first \(stock \d+\)$/);
  assert.match(check.got, /^stats \d+$/);
  assert.match(
    check.fix,
    /^keep recent events \(a ring buffer\) and replay those after the given id/,
  );
});
