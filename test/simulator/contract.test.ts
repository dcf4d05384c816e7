// The local simulator answers the HTTP contract v1 (docs/api-contract.md), checked with real
// cross-origin fetch and EventSource from the browser: bodies, headers, CORS, errors, streams.
import { expect } from '@open-wc/testing';
import {
  createWorld,
  dealFixture,
  idempotencyKey,
  saleFixture,
  SIM_URL,
  StreamListener,
  type World,
} from '../helpers/sim.js';

type Body = Record<string, unknown>;
const HOUR = 3_600_000;

interface Answer {
  status: number;
  headers: Headers;
  body: Body;
}

async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, { cache: 'no-store', ...init });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Body) : {} };
}

function order(world: World, body: unknown, key: string | null = idempotencyKey(), headers = {}) {
  return call(`${world.base}/orders`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(key ? { 'Idempotency-Key': key } : {}),
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function expectError(answer: Answer, status: number, code: string) {
  expect(answer.status, JSON.stringify(answer.body)).to.equal(status);
  expect(answer.body.error).to.equal(code);
  expect(answer.body.message).to.be.a('string').and.not.be.empty;
  expect(answer.body.serverTime).to.be.a('number');
}

const isoWithOffset = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

describe('simulator: HTTP contract v1', () => {
  let world: World;

  beforeEach(async () => {
    world = await createWorld({
      sales: [
        saleFixture({ id: 's1', milestones: { gmv: [100_000], orders: [10] } }),
        saleFixture({ id: 'soon', startInMs: HOUR }),
        saleFixture({ id: 'over', startInMs: -2 * HOUR, durationMs: HOUR }),
        saleFixture({
          id: 'cn',
          currency: 'CNY',
          startsAt: '2030-11-11T00:00:00.000+08:00',
          endsAt: '2030-11-12T00:00:00.000+08:00',
        }),
      ],
      deals: [
        dealFixture({
          id: 'd1',
          saleId: 's1',
          stock: { total: 10, remaining: 10 },
          maxPerOrder: 3,
        }),
        dealFixture({ id: 'gone', saleId: 's1', stock: { total: 5, remaining: 0 } }),
        dealFixture({ id: 'vip', saleId: 's1', requiresAuth: true }),
        dealFixture({ id: 'later', saleId: 'soon' }),
        dealFixture({ id: 'past', saleId: 'over' }),
      ],
      stats: { s1: { gmv: 12_345, orders: 3 } },
    });
  });

  afterEach(() => world.destroy());

  it('runs on another origin than the test page', () => {
    expect(SIM_URL).to.match(/^http:\/\//);
    expect(new URL(SIM_URL).origin).not.to.equal(location.origin);
  });

  describe('reading', () => {
    it('GET /sales/{id} answers the sale with serverTime', async () => {
      const { status, headers, body } = await call(`${world.base}/sales/s1`);
      expect(status).to.equal(200);
      expect(headers.get('Content-Type')).to.match(/^application\/json/);
      expect(body).to.have.all.keys(
        'id',
        'name',
        'startsAt',
        'endsAt',
        'currency',
        'milestones',
        'serverTime',
      );
      expect(body.startsAt).to.match(isoWithOffset);
      expect(Date.parse(body.endsAt as string) - Date.parse(body.startsAt as string)).to.equal(
        HOUR,
      );
      expect(body.milestones).to.deep.equal({ gmv: [100_000], orders: [10] });
    });

    it('keeps the offset of absolute times as given', async () => {
      const { body } = await call(`${world.base}/sales/cn`);
      expect(body.startsAt).to.equal('2030-11-11T00:00:00.000+08:00');
      expect(body.currency).to.equal('CNY');
    });

    it('GET /sales/{id}/deals and GET /deals/{id} answer contract deals', async () => {
      const list = await call(`${world.base}/sales/s1/deals`);
      expect(list.status).to.equal(200);
      expect(list.body).to.have.all.keys('deals', 'serverTime');
      const deals = list.body.deals as Body[];
      expect(deals.map((d) => d.id)).to.deep.equal(['d1', 'gone', 'vip']);
      const one = await call(`${world.base}/deals/d1`);
      expect(one.body).to.have.all.keys(
        'id',
        'saleId',
        'title',
        'imageUrl',
        'url',
        'price',
        'listPrice',
        'stock',
        'maxPerOrder',
        'serverTime',
      );
      expect(one.body.price).to.deep.equal({ amount: 1999, currency: 'USD' });
      expect(one.body.stock).to.deep.equal({ total: 10, remaining: 10 });
      expect(one.body).not.to.have.property('requiresAuth');
      expect({ ...deals[0], serverTime: one.body.serverTime }).to.deep.equal(one.body);
    });

    it('serves the generated product images', async () => {
      const res = await fetch(`${SIM_URL}/img/headphones.svg`);
      expect(res.headers.get('Content-Type')).to.equal('image/svg+xml');
      expect(await res.text()).to.match(/^<svg/);
    });

    it('deal windows have the shape of sale windows', async () => {
      const w = await createWorld({
        sales: [
          saleFixture({
            id: 'two',
            windows: [
              { id: 'early', name: 'Early Bird', startInMs: -HOUR, durationMs: HOUR / 2 },
              { id: 'main', name: 'Main', startInMs: -HOUR / 2, durationMs: HOUR },
            ],
          }),
        ],
        deals: [dealFixture({ id: 'e', saleId: 'two', windows: ['early'] })],
      });
      const sale = await call(`${w.base}/sales/two`);
      const deal = await call(`${w.base}/deals/e`);
      const windows = sale.body.windows as Body[];
      expect(windows.map((x) => x.id)).to.deep.equal(['early', 'main']);
      expect(Object.keys(windows[0]!)).to.have.members(['id', 'name', 'startsAt', 'endsAt']);
      expect(deal.body.windows).to.deep.equal([windows[0]]);
      // Only sold in the early window, which is over.
      expectError(await order(w, { dealId: 'e', quantity: 1 }), 409, 'ended');
      await w.destroy();
    });

    it('unknown ids and routes are 404 not_found, a wrong method 405', async () => {
      expectError(await call(`${world.base}/sales/nope`), 404, 'not_found');
      expectError(await call(`${world.base}/deals/nope`), 404, 'not_found');
      expectError(await call(`${world.base}/orders/nope`), 404, 'not_found');
      expectError(await call(`${world.base}/what/ever`), 404, 'not_found');
      expectError(await call(`${world.base}/orders`), 405, 'method_not_allowed');
      expectError(
        await call(`${world.base}/sales/s1`, { method: 'POST' }),
        405,
        'method_not_allowed',
      );
    });
  });

  describe('stats', () => {
    it('has a strong ETag, a poll interval and max-age=1, all readable cross-origin', async () => {
      const { status, headers, body } = await call(`${world.base}/sales/s1/stats`);
      expect(status).to.equal(200);
      expect(body).to.have.all.keys('gmv', 'orders', 'serverTime');
      expect(body.gmv).to.deep.equal({ amount: 12_345, currency: 'USD' });
      expect(body.orders).to.equal(3);
      expect(headers.get('ETag')).to.match(/^"[^"]+"$/);
      expect(headers.get('Saleday-Poll-Interval')).to.equal('1000');
      expect(headers.get('Cache-Control')).to.equal('max-age=1');
    });

    it('answers 304 without a body to a matching If-None-Match, until the stats change', async () => {
      const first = await fetch(`${world.base}/sales/s1/stats`, { cache: 'no-store' });
      const etag = first.headers.get('ETag')!;
      const again = await fetch(`${world.base}/sales/s1/stats`, {
        headers: { 'If-None-Match': etag },
      });
      expect(again.status).to.equal(304);
      expect(await again.text()).to.equal('');
      expect(again.headers.get('ETag')).to.equal(etag);
      await world.setStats({ saleId: 's1', gmv: 50_000, orders: 4 });
      const changed = await fetch(`${world.base}/sales/s1/stats`, {
        headers: { 'If-None-Match': etag },
      });
      expect(changed.status).to.equal(200);
      expect(changed.headers.get('ETag')).not.to.equal(etag);
      expect((await changed.json()).gmv.amount).to.equal(50_000);
      const log = await world.log();
      const gets = log.filter((e) => e.path === '/sales/s1/stats' && e.method === 'GET');
      expect(gets.map((e) => e.status)).to.deep.equal([200, 304, 200]);
      expect(log.find((e) => e.status === 304)!.headers['if-none-match']).to.equal(etag);
    });
  });

  describe('CORS', () => {
    it('lets a page on another origin send the contract headers and read the exposed ones', async () => {
      // A preflight would fail (TypeError) if any of these headers were not allowed.
      const res = await fetch(`${world.base}/sales/s1/stats`, {
        cache: 'no-store',
        headers: {
          'If-None-Match': '"x"',
          'Last-Event-ID': '1',
          Authorization: 'Bearer t',
          'Content-Type': 'application/json',
        },
      });
      expect(res.status).to.equal(200);
      expect(res.headers.get('ETag')).to.be.a('string');
      const [entry] = (await world.log()).filter((e) => e.method === 'GET');
      expect(entry!.headers.origin).to.equal(location.origin);
      expect(entry!.headers.authorization).to.equal('Bearer t');
    });

    it('allows Idempotency-Key on POST /orders and exposes Retry-After', async () => {
      await world.fault({ method: 'POST', path: '/orders', status: 429, retryAfter: 2 });
      const limited = await order(world, { dealId: 'd1', quantity: 1 });
      expectError(limited, 429, 'rate_limited');
      expect(limited.headers.get('Retry-After')).to.equal('2');
      // The fault was used up: the next request is processed for real.
      expect((await order(world, { dealId: 'd1', quantity: 1 })).status).to.equal(201);
    });

    it('gives a disallowed origin no CORS headers, so the browser refuses the answer', async () => {
      const closed = await createWorld({
        sales: [saleFixture({ id: 's' })],
        allowedOrigins: ['https://shop.example'],
      });
      const error = await fetch(`${closed.base}/sales/s`).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(TypeError);
      expect((await closed.log())[0]!.status).to.equal(200); // answered, but unreadable here
      const open = await createWorld({
        sales: [saleFixture({ id: 's' })],
        allowedOrigins: ['https://shop.example', location.origin],
      });
      expect((await fetch(`${open.base}/sales/s`)).status).to.equal(200);
      await Promise.all([closed.destroy(), open.destroy()]);
    });

    it('lets the control API be driven cross-origin too (DELETE included)', async () => {
      await world.clearLog();
      expect(await world.log()).to.deep.equal([]);
    });
  });

  describe('POST /orders', () => {
    it('confirms an order: 201 with a checkoutUrl, stock and stats follow', async () => {
      const { status, body } = await order(world, { dealId: 'd1', quantity: 2 });
      expect(status).to.equal(201);
      expect(body).to.have.all.keys('orderId', 'status', 'checkoutUrl', 'serverTime');
      expect(body.status).to.equal('confirmed');
      expect(body.checkoutUrl).to.match(/^http:\/\//);
      expect((await call(`${world.base}/deals/d1`)).body.stock).to.deep.equal({
        total: 10,
        remaining: 8,
      });
      const stats = await call(`${world.base}/sales/s1/stats`);
      expect(stats.body.orders).to.equal(4);
      expect((stats.body.gmv as Body).amount).to.equal(12_345 + 2 * 1999);
      const polled = await call(`${world.base}/orders/${body.orderId}`);
      expect(polled.body.status).to.equal('confirmed');
    });

    it('replays the same key and body: same status and body, one order, stock taken once', async () => {
      const key = idempotencyKey();
      const first = await order(world, { dealId: 'd1', quantity: 1 }, key);
      const second = await order(world, { quantity: 1, dealId: 'd1' }, key);
      expect(second.status).to.equal(first.status);
      expect(second.body).to.deep.equal(first.body);
      const book = await world.orders();
      expect(book.orders.filter((o) => o.idempotencyKey === key)).to.have.length(1);
      expect(book.stock.d1).to.deep.equal({ total: 10, remaining: 9 });
    });

    it('refuses the same key with another body: 422 idempotency_key_reused', async () => {
      const key = idempotencyKey();
      await order(world, { dealId: 'd1', quantity: 1 }, key);
      expectError(
        await order(world, { dealId: 'd1', quantity: 2 }, key),
        422,
        'idempotency_key_reused',
      );
      expect((await world.orders()).orders).to.have.length(1);
    });

    it('answers the contract errors', async () => {
      expectError(await order(world, { dealId: 'gone', quantity: 1 }), 409, 'sold_out');
      expectError(await order(world, { dealId: 'd1', quantity: 11 }), 422, 'limit_exceeded');
      expectError(await order(world, { dealId: 'd1', quantity: 4 }), 422, 'limit_exceeded');
      expectError(await order(world, { dealId: 'later', quantity: 1 }), 409, 'not_started');
      expectError(await order(world, { dealId: 'past', quantity: 1 }), 409, 'ended');
      expectError(await order(world, { dealId: 'nope', quantity: 1 }), 404, 'not_found');
      const auth = await order(world, { dealId: 'vip', quantity: 1 });
      expectError(auth, 401, 'auth_required');
      expect(auth.body.loginUrl).to.match(/^https?:\/\//);
      const authed = await order(world, { dealId: 'vip', quantity: 1 }, idempotencyKey(), {
        Authorization: 'Bearer x',
      });
      expect(authed.status).to.equal(201);
      expect((await world.orders()).orders).to.have.length(1);
    });

    it('answers 400 invalid_request to bad keys, bad JSON and bad fields', async () => {
      const good = { dealId: 'd1', quantity: 1 };
      expectError(await order(world, good, null), 400, 'invalid_request');
      expectError(await order(world, good, 'short'), 400, 'invalid_request');
      expectError(await order(world, good, 'has spaces in it'), 400, 'invalid_request');
      expectError(await order(world, good, 'k'.repeat(256)), 400, 'invalid_request');
      expectError(await order(world, '{"dealId": "d1", '), 400, 'invalid_request');
      expectError(await order(world, '[1, 2]'), 400, 'invalid_request');
      expectError(await order(world, { quantity: 1 }), 400, 'invalid_request');
      expectError(await order(world, { dealId: 'd1', quantity: 0 }), 400, 'invalid_request');
      expectError(await order(world, { dealId: 'd1', quantity: 1.5 }), 400, 'invalid_request');
      expectError(await order(world, { dealId: 'd1', quantity: '1' }), 400, 'invalid_request');
      expect((await world.orders()).stock.d1!.remaining).to.equal(10);
    });

    it('answers 413 payload_too_large to a body over 16 KiB', async () => {
      const huge = JSON.stringify({ dealId: 'd1', quantity: 1, pad: 'x'.repeat(20_000) });
      expectError(await order(world, huge), 413, 'payload_too_large');
    });

    it('never sells more than the stock', async () => {
      await world.setStock({ dealId: 'd1', remaining: 4 });
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => order(world, { dealId: 'd1', quantity: 1 })),
      );
      expect(answers.filter((a) => a.status === 201)).to.have.length(4);
      answers.filter((a) => a.status !== 201).forEach((a) => expectError(a, 409, 'sold_out'));
      expect((await world.orders()).stock.d1!.remaining).to.equal(0);
    });

    it('rate limits with a token bucket: 429 with Retry-After', async () => {
      const w = await createWorld({
        sales: [saleFixture({ id: 's' })],
        deals: [dealFixture({ id: 'd', saleId: 's' })],
        rateLimit: { perSecond: 0.5, burst: 2 },
      });
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await order(w, { dealId: 'd', quantity: 1 }));
      expect(answers.map((a) => a.status)).to.deep.equal([201, 201, 429]);
      expect(Number(answers[2]!.headers.get('Retry-After'))).to.be.at.least(1);
      await w.destroy();
    });
  });

  describe('waiting room', () => {
    it('queues a new order (202), moves it up on each poll, then confirms it', async () => {
      const w = await createWorld({
        sales: [saleFixture({ id: 's' })],
        deals: [dealFixture({ id: 'd', saleId: 's' })],
        waitingRoom: { positions: 2, retryAfter: 1 },
      });
      const key = idempotencyKey();
      const queued = await order(w, { dealId: 'd', quantity: 1 }, key);
      expect(queued.status).to.equal(202);
      expect(queued.body).to.deep.include({ status: 'queued', position: 2, retryAfter: 1 });
      expect((await order(w, { dealId: 'd', quantity: 1 }, key)).body).to.deep.equal(queued.body);
      const url = `${w.base}/orders/${queued.body.orderId}`;
      expect((await call(url)).body).to.deep.include({ status: 'queued', position: 1 });
      const done = await call(url);
      expect(done.body.status).to.equal('confirmed');
      expect(done.body.checkoutUrl).to.be.a('string');
      expect(done.body).not.to.have.property('position');
      expect((await w.orders()).stock.d!.remaining).to.equal(99);
      await w.destroy();
    });

    it('fails a queued order when the stock ran out meanwhile', async () => {
      const w = await createWorld({
        sales: [saleFixture({ id: 's' })],
        deals: [dealFixture({ id: 'd', saleId: 's' })],
        waitingRoom: { positions: 1 },
      });
      const queued = await order(w, { dealId: 'd', quantity: 1 });
      await w.setStock({ dealId: 'd', remaining: 0 });
      const failed = await call(`${w.base}/orders/${queued.body.orderId}`);
      expect(failed.body).to.deep.include({ status: 'failed', error: 'sold_out' });
      await w.destroy();
    });
  });

  describe('faults and clock', () => {
    it('delivers a raw malformed body verbatim', async () => {
      await world.fault({
        method: 'GET',
        path: '/sales/*',
        status: 200,
        body: '{"id": "s1", "name": ',
      });
      const res = await fetch(`${world.base}/sales/s1`, { cache: 'no-store' });
      expect(res.status).to.equal(200);
      expect(await res.text()).to.equal('{"id": "s1", "name": ');
      expect((await call(`${world.base}/sales/s1`)).body.id).to.equal('s1');
    });

    it('drops the connection after processing with dropAfterAct', async () => {
      await world.fault({ method: 'POST', path: '/orders', dropAfterAct: true });
      const key = idempotencyKey();
      // Chrome may resend by itself a request whose reused connection died before any answer:
      // either way the order was made once, and the key makes a retry safe.
      const first = await order(world, { dealId: 'd1', quantity: 1 }, key).catch(() => null);
      const posts = (await world.log()).filter((e) => e.method === 'POST');
      expect(posts[0]!.status).to.equal(0);
      const retry = await order(world, { dealId: 'd1', quantity: 1 }, key);
      expect(retry.status).to.equal(201);
      if (first) expect(first.body).to.deep.equal(retry.body);
      const book = await world.orders();
      expect(book.orders).to.have.length(1);
      expect(book.stock.d1!.remaining).to.equal(9);
    });

    it('puts clockOffsetMs into every serverTime', async () => {
      const w = await createWorld({ clockOffsetMs: 5 * HOUR, sales: [saleFixture({ id: 's' })] });
      for (const path of ['/sales/s', '/sales/s/stats', '/sales/s/deals', '/nope']) {
        const { body } = await call(`${w.base}${path}`);
        expect(Math.abs((body.serverTime as number) - (Date.now() + 5 * HOUR)), path).to.be.below(
          5000,
        );
      }
      // Relative fixture times follow the world's clock: the sale is live there.
      const sale = (await call(`${w.base}/sales/s`)).body;
      expect(Date.parse(sale.startsAt as string)).to.be.above(Date.now() + 4 * HOUR);
      await w.destroy();
    });
  });

  describe('event stream', () => {
    it('sends a stats snapshot, then live stats, stock and sale events with increasing ids', async () => {
      const stream = new StreamListener(`${world.base}/sales/s1/stream`);
      try {
        const [snapshot] = await stream.waitFor(1);
        expect(snapshot!.type).to.equal('stats');
        expect(snapshot!.data).to.deep.include({ orders: 3 });
        await world.setStats({ saleId: 's1', orders: 7 });
        await world.setStock({ dealId: 'd1', remaining: 2 });
        await world.patchSale('s1', { name: 'Renamed' });
        const events = await stream.waitFor(4);
        expect(events.map((e) => e.type)).to.deep.equal(['stats', 'stats', 'stock', 'sale']);
        expect(events[1]!.data).to.deep.include({ orders: 7 });
        expect(events[2]!.data).to.have.all.keys('dealId', 'remaining', 'serverTime');
        expect(events[2]!.data).to.deep.include({ dealId: 'd1', remaining: 2 });
        expect(events[3]!.data).to.deep.include({ id: 's1', name: 'Renamed' });
        const ids = events.slice(1).map((e) => Number(e.id));
        expect(ids).to.deep.equal([...ids].sort((a, b) => a - b));
        expect(new Set(ids).size).to.equal(3);
      } finally {
        stream.close();
      }
    });

    it('replays exactly the missed events on a reconnect with ?lastEventId=', async () => {
      const first = new StreamListener(`${world.base}/sales/s1/stream`);
      await first.waitFor(1);
      await world.setStats({ saleId: 's1', orders: 8 });
      const [, seen] = await first.waitFor(2);
      first.close();
      await world.setStock({ dealId: 'd1', remaining: 1 });
      await world.setStats({ saleId: 's1', orders: 9 });
      await world.setStock({ dealId: 'gone', remaining: 0 }); // another deal of s1
      const resumed = new StreamListener(`${world.base}/sales/s1/stream?lastEventId=${seen!.id}`);
      try {
        const missed = await resumed.waitFor(3);
        expect(missed.map((e) => [e.type, e.data.orders ?? e.data.remaining])).to.deep.equal([
          ['stock', 1],
          ['stats', 9],
          ['stock', 0],
        ]);
        await world.setStats({ saleId: 's1', orders: 10 }); // then live again
        const all = await resumed.waitFor(4);
        expect(all[3]!.data.orders).to.equal(10);
        expect(all).to.have.length(4);
      } finally {
        resumed.close();
      }
    });

    it('resumes by itself with Last-Event-ID after the server drops the stream', async () => {
      const stream = new StreamListener(`${world.base}/sales/s1/stream`);
      try {
        await stream.waitFor(1);
        await world.setStats({ saleId: 's1', orders: 11 });
        const [, last] = await stream.waitFor(2);
        expect(await world.closeStreams()).to.equal(1);
        await world.setStats({ saleId: 's1', orders: 12 });
        const events = await stream.waitFor(3, 8000); // retry: 2000
        expect(events[2]!.data.orders).to.equal(12);
        const reconnect = (await world.log()).filter((e) => e.path === '/sales/s1/stream')[1];
        expect(reconnect!.headers['last-event-id']).to.equal(last!.id);
      } finally {
        stream.close();
      }
    });

    it('can be cut mid-stream by a fault', async () => {
      await world.fault({ path: '/sales/s1/stream', cutAfterEvents: 1 });
      const stream = new StreamListener(`${world.base}/sales/s1/stream`);
      try {
        const errored = new Promise((resolve) => stream.source.addEventListener('error', resolve));
        await stream.waitFor(1);
        await errored;
        const log = (await world.log()).filter((e) => e.path === '/sales/s1/stream');
        expect(log[0]!.status).to.equal(200);
      } finally {
        stream.close();
      }
    });

    it('answers 204 for a sale that has ended, so EventSource stops', async () => {
      const stream = new StreamListener(`${world.base}/sales/over/stream`);
      await new Promise((resolve) => stream.source.addEventListener('error', resolve));
      expect(stream.source.readyState).to.equal(EventSource.CLOSED);
      const [entry] = (await world.log()).filter((e) => e.path === '/sales/over/stream');
      expect(entry!.status).to.equal(204);
      stream.close();
    });

    it('sends a sale event and closes when the sale ends', async () => {
      await world.patchSale('s1', { startInMs: -HOUR, durationMs: HOUR + 1500 });
      const stream = new StreamListener(`${world.base}/sales/s1/stream`);
      try {
        const events = await stream.waitFor(2, 6000);
        expect(events[1]!.type).to.equal('sale');
        expect(Date.parse(events[1]!.data.endsAt as string)).to.be.at.most(
          events[1]!.data.serverTime as number,
        );
        await new Promise((resolve) => stream.source.addEventListener('error', resolve));
      } finally {
        stream.close();
      }
    });
  });
});
