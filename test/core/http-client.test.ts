import { expect } from '@open-wc/testing';
import { ServerClock } from '../../src/core/clock.js';
import { isSaledayError, type SaledayError } from '../../src/core/errors.js';
import { HttpSaleClient } from '../../src/core/http-client.js';
import { createWorld, dealFixture, saleFixture, type World } from '../helpers/sim.js';

async function failure(promise: Promise<unknown>): Promise<SaledayError> {
  try {
    await promise;
  } catch (error) {
    expect(isSaledayError(error), String(error)).to.be.true;
    return error as SaledayError;
  }
  throw new Error('expected the call to fail');
}

const requestsTo = async (world: World, path: string, method = 'GET') =>
  (await world.log()).filter((entry) => entry.path === path && entry.method === method);

describe('HttpSaleClient against the local simulator', () => {
  let world: World;
  let client: HttpSaleClient;

  beforeEach(async () => {
    world = await createWorld({
      sales: [saleFixture({ id: 's1', startInMs: -60_000, durationMs: 3_600_000 })],
      deals: [
        dealFixture({ id: 'd1', saleId: 's1' }),
        dealFixture({ id: 'd2', saleId: 's1', stock: { total: 5, remaining: 0 } }),
      ],
    });
    client = new HttpSaleClient({ api: world.base, clock: new ServerClock(), timeout: 2000 });
  });

  it('loads and validates the sale, its deals, a deal and the stats', async () => {
    const sale = await client.getSale('s1');
    expect(sale.id).to.equal('s1');
    const { deals } = await client.getDeals('s1');
    expect(deals.map((deal) => deal.id)).to.include.members(['d1', 'd2']);
    const deal = await client.getDeal('d1');
    expect(deal.price.amount).to.be.a('number');
    const stats = await client.getStats('s1');
    expect(stats.orders).to.be.a('number');
  });

  it('retries a failed GET with backoff and succeeds', async () => {
    await world.fault({ method: 'GET', path: '/deals/d1', status: 500, times: 2 });
    const deal = await client.getDeal('d1');
    expect(deal.id).to.equal('d1');
    expect(await requestsTo(world, '/deals/d1')).to.have.length(3);
  });

  it('honours Retry-After on a 429 before trying again', async () => {
    await world.fault({ method: 'GET', path: '/sales/s1', status: 429, retryAfter: 1 });
    await client.getSale('s1');
    const [first, second] = await requestsTo(world, '/sales/s1');
    expect(second!.at - first!.at).to.be.at.least(950);
  });

  it('gives up after its retries with the server error code and Retry-After', async () => {
    const impatient = new HttpSaleClient({ api: world.base, retries: 0 });
    await world.fault({ method: 'GET', path: '/sales/s1', status: 503, retryAfter: 7, times: 1 });
    const error = await failure(impatient.getSale('s1'));
    expect(error.status).to.equal(503);
    expect(error.code).to.equal('unavailable');
    expect(error.retryAfter).to.equal(7000);
  });

  it('times out a slow answer, and retries a timeout', async () => {
    const quick = new HttpSaleClient({ api: world.base, timeout: 300, retries: 0 });
    await world.fault({ method: 'GET', path: '/deals/d1', delayMs: 1500 });
    expect((await failure(quick.getDeal('d1'))).code).to.equal('timeout');

    const patient = new HttpSaleClient({ api: world.base, timeout: 300, retries: 2 });
    await world.fault({ method: 'GET', path: '/deals/d1', delayMs: 1500 });
    expect((await patient.getDeal('d1')).id).to.equal('d1');
  });

  it('aborts on an AbortSignal', async () => {
    await world.fault({ method: 'GET', path: '/deals/d1', delayMs: 1500 });
    const controller = new AbortController();
    const pending = client.getDeal('d1', { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect((await failure(pending)).code).to.equal('aborted');
  });

  it('reports a network fault and a malformed body clearly', async () => {
    const nowhere = new HttpSaleClient({ api: 'http://127.0.0.1:9/api', retries: 0 });
    expect((await failure(nowhere.getSale('s1'))).code).to.equal('network');

    await world.fault({
      method: 'GET',
      path: '/sales/s1',
      status: 200,
      body: '{"id": "s1", "name": ',
    });
    expect((await failure(client.getSale('s1'))).message).to.match(/not JSON/);

    await world.fault({
      method: 'GET',
      path: '/sales/s1',
      status: 200,
      body: { id: 's1', name: 'x', currency: 'USD' },
    });
    const error = await failure(client.getSale('s1'));
    expect(error.code).to.equal('invalid_response');
    expect(error.message).to.match(/sale\.startsAt/);
  });

  it('passes the contract error codes through', async () => {
    expect((await failure(client.getDeal('nope'))).code).to.equal('not_found');
    const soldOut = await failure(
      client.placeOrder({ dealId: 'd2', quantity: 1, idempotencyKey: 'key-sold-out-1' }),
    );
    expect(soldOut.code).to.equal('sold_out');
    expect(soldOut.status).to.equal(409);
  });

  it('revalidates stats with If-None-Match, without a preflight, and hands back the same object', async () => {
    const first = await client.getStats('s1');
    const second = await client.getStats('s1');
    expect(second).to.equal(first);
    const [, revalidation] = await requestsTo(world, '/sales/s1/stats');
    expect(revalidation!.headers['if-none-match']).to.be.a('string').and.not.be.empty;
    expect(revalidation!.status).to.equal(304);
    // The browser revalidates by itself: no script-set header, so no CORS preflight per poll.
    const preflights = (await world.log()).filter((entry) => entry.method === 'OPTIONS');
    expect(preflights).to.have.length(0);
    await world.setStats({ saleId: 's1', orders: 42 });
    const third = await client.getStats('s1');
    expect(third).not.to.equal(first);
    expect(third.orders).to.equal(42);
  });

  it('retries POST /orders with the same Idempotency-Key and makes one order', async () => {
    await world.fault({ method: 'POST', path: '/orders', status: 503, retryAfter: 0 });
    await world.fault({ method: 'POST', path: '/orders', dropAfterAct: true });
    const order = await client.placeOrder({
      dealId: 'd1',
      quantity: 1,
      idempotencyKey: 'intent-0001-abcdef',
    });
    expect(order.status).to.be.oneOf(['confirmed', 'queued']);
    const posts = await requestsTo(world, '/orders', 'POST');
    expect(posts.length).to.equal(3);
    expect(new Set(posts.map((post) => post.headers['idempotency-key']))).to.deep.equal(
      new Set(['intent-0001-abcdef']),
    );
    const book = await world.orders();
    expect(book.orders.filter((o) => o.idempotencyKey === 'intent-0001-abcdef')).to.have.length(1);
  });

  it('adds the headers from the partner callback to every request', async () => {
    let calls = 0;
    const authed = new HttpSaleClient({
      api: world.base,
      headers: async () => ({ Authorization: `Bearer token-${++calls}` }),
    });
    await authed.getSale('s1');
    const [entry] = await requestsTo(world, '/sales/s1');
    expect(entry!.headers.authorization).to.equal('Bearer token-1');
  });

  it('refuses a base URL that is not http(s)', () => {
    expect(() => new HttpSaleClient({ api: 'javascript:alert(1)' })).to.throw(
      /absolute http\(s\) URL/,
    );
  });
});
