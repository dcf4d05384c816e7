// A purchase whose first attempt is still running on the server when its retry arrives (the
// answer was too slow and the client timed out): the server answers 409 request_in_progress, the
// Purchase waits out Retry-After and sends the same key again until the first attempt's answer
// is stored, and ends up with that one order.
import { expect } from '@open-wc/testing';
import { ServerClock } from '../../src/core/clock.js';
import { HttpSaleClient } from '../../src/core/http-client.js';
import { Purchase } from '../../src/core/index.js';
import { createWorld, dealFixture, saleFixture, type World } from '../helpers/sim.js';

describe('Purchase: 409 request_in_progress', () => {
  let world: World;

  beforeEach(async () => {
    world = await createWorld({
      sales: [saleFixture({ id: 's1' })],
      deals: [dealFixture({ id: 'd1', saleId: 's1', stock: { total: 5, remaining: 5 } })],
    });
  });

  afterEach(() => world.destroy());

  it('retries the same key while the first request runs and gets its one order', async () => {
    // The first attempt holds its claimed order for 2.5 s; the client gives up after 1 s and
    // retries (same key), so the retries find the first attempt still running.
    await world.fault({ method: 'POST', path: '/orders', holdMs: 2500 });
    const client = new HttpSaleClient({ api: world.base, timeout: 1000, clock: new ServerClock() });
    const changes: string[] = [];
    const purchase = new Purchase((what) => changes.push(what));
    await purchase.buy(client, { dealId: 'd1', quantity: 1 });

    expect(purchase.status, purchase.error?.message).to.equal('ordered');
    expect(changes.filter((c) => c === 'ordered')).to.have.length(1);
    const posts = (await world.log()).filter((e) => e.method === 'POST');
    const statuses = posts.map((e) => e.status);
    expect(statuses, JSON.stringify(statuses)).to.include(409);
    expect(statuses.at(-1)).to.equal(201);
    expect(new Set(posts.map((e) => e.headers['idempotency-key'])).size).to.equal(1);
    const { orders, stock } = await world.orders();
    expect(orders).to.have.length(1);
    expect(orders[0].status).to.equal('confirmed');
    expect(purchase.order?.orderId).to.equal(orders[0].orderId);
    expect(stock.d1.remaining).to.equal(4);
  });

  it('409 only while the first request runs; a key whose request failed is free again', async () => {
    await world.fault({ method: 'POST', path: '/orders', holdMs: 1500 });
    const post = (dealId: string) =>
      fetch(`${world.base}/orders`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'key-in-progress-1' },
        body: JSON.stringify({ dealId, quantity: 1 }),
      });
    const first = post('nope');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const second = await post('nope');
    expect(second.status).to.equal(409);
    expect(second.headers.get('Retry-After')).to.equal('1');
    expect((await second.json()).error).to.equal('request_in_progress');
    expect((await first).status).to.equal(404);
    // The first one ended in an error, which is not stored: the key runs again, no 409.
    const third = await post('nope');
    expect(third.status).to.equal(404);
    expect((await world.orders()).orders).to.have.length(0);
  });
});
