// The simulator's chaos mode (demo/simulator/chaos.mjs) does what the other hostile tests rely
// on: each kind of fault, on the routes and methods it is narrowed to, acting (or not) on the
// request as documented, repeatably with a seed, and off again on request.
import { expect } from '@open-wc/testing';
import {
  createWorld,
  dealFixture,
  idempotencyKey,
  saleFixture,
  SIM_URL,
  type Chaos,
  type World,
} from '../helpers/sim.js';

const ORDERS: Chaos = { paths: ['/orders'], methods: ['POST'] };

const world = (chaos?: Chaos) =>
  createWorld({ sales: [saleFixture()], deals: [dealFixture()], ...(chaos ? { chaos } : {}) });

function order(w: World, init: RequestInit = {}) {
  return fetch(`${w.base}/orders`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey() },
    body: JSON.stringify({ dealId: 'deal-1', quantity: 1 }),
    ...init,
  });
}

const get = (w: World) => fetch(`${w.base}/deals/deal-1`, { cache: 'no-store' });

describe('hostile: the simulator in chaos mode', () => {
  it('drop: places the order, then destroys the connection', async () => {
    const w = await world({ drop: 1, ...ORDERS });
    const error = await order(w).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(TypeError);
    const { orders, stock } = await w.orders();
    expect(orders.length, 'orders made').to.be.at.least(1);
    expect(stock['deal-1']!.remaining).to.equal(100 - orders.length);
    expect((await get(w)).status, 'GETs are not narrowed in').to.equal(200);
    const log = await w.log();
    expect(log.find((e) => e.method === 'POST')).to.include({ status: 0, chaos: 'dropped' });
    expect((await w.chaos()).counts!.dropped).to.be.at.least(1);
  });

  it('delay: places the order at once, answers after delayMs', async () => {
    const w = await world({ delay: 1, delayMs: 800, ...ORDERS });
    const error = await order(w, { signal: AbortSignal.timeout(200) }).then(
      () => null,
      (e: unknown) => e,
    );
    expect((error as Error).name).to.equal('TimeoutError');
    expect((await w.orders()).orders, 'placed before the answer').to.have.length(1);
    const started = performance.now();
    const answer = await order(w);
    expect(answer.status).to.equal(201);
    expect(performance.now() - started).to.be.at.least(700);
  });

  it('errors: answers 503/429 with Retry-After, without acting', async () => {
    const w = await world({ errors: 1, statuses: [503, 429], retryAfter: 2, ...ORDERS, seed: 3 });
    const statuses = new Set<number>();
    for (let i = 0; i < 8; i++) {
      const answer = await order(w);
      statuses.add(answer.status);
      expect(answer.headers.get('Retry-After')).to.equal('2');
      const body = await answer.json();
      expect(body.error).to.be.oneOf(['unavailable', 'rate_limited']);
      expect(body.serverTime).to.be.a('number');
    }
    expect([...statuses].sort()).to.deep.equal([429, 503]);
    expect((await w.orders()).orders).to.have.length(0);
  });

  it('malformed: places the order, then sends a body that is not the order', async () => {
    const w = await world({ malformed: 1, ...ORDERS, seed: 9 });
    for (let i = 0; i < 6; i++) {
      const answer = await order(w);
      expect(answer.status).to.equal(201);
      const text = await answer.text();
      let body: { orderId?: unknown } | null = null;
      try {
        body = JSON.parse(text);
      } catch {
        // broken JSON: fine
      }
      expect(body?.orderId, text).to.be.undefined;
    }
    expect((await w.orders()).orders).to.have.length(6);
  });

  it('cutStreams and a broken first event: streams break in the middle of an event', async () => {
    const w = await world({ cutStreams: 1, paths: ['/sales/sale-1/stream'], seed: 4 });
    const response = await fetch(`${w.base}/sales/sale-1/stream`);
    const reader = response.body!.getReader();
    const push = setInterval(() => void w.setStats({ saleId: 'sale-1', orders: 1 }), 100);
    let text = '';
    let broken = false;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
    } catch {
      broken = true; // the connection was destroyed mid-event: an incomplete chunked body
    } finally {
      clearInterval(push);
    }
    expect(broken, `not broken: ${JSON.stringify(text)}`).to.be.true;
    expect((await w.log()).find((e) => e.path.endsWith('/stream'))?.chaos).to.equal('cut');
    await w.setChaos({ malformed: 1, paths: ['/sales/sale-1/stream'], seed: 4 });
    const next = (await fetch(`${w.base}/sales/sale-1/stream`)).body!.getReader();
    text = '';
    while (!/data: .*\n\n/.test(text)) text += new TextDecoder().decode((await next.read()).value);
    void next.cancel();
    const data = /data: (.*)\n\n/.exec(text)![1]!;
    expect(() => {
      const parsed = JSON.parse(data);
      if (!parsed || typeof parsed.orders !== 'number') throw new Error('not stats');
    }).to.throw();
  });

  it('is repeatable with a seed, narrowed by paths, off on request, validated', async () => {
    const chaos: Chaos = { errors: 0.5, statuses: [503], seed: 1234, paths: ['/deals/*'] };
    const outcomes = async (w: World) => {
      const seen: number[] = [];
      for (let i = 0; i < 16; i++) seen.push((await get(w)).status);
      return seen;
    };
    const [a, b] = [await world(chaos), await world(chaos)];
    const first = await outcomes(a);
    expect(first).to.include(503).and.to.include(200);
    expect(await outcomes(b)).to.deep.equal(first);
    expect((await fetch(`${a.base}/sales/sale-1`)).status, 'outside the paths').to.equal(200);
    const off = await a.setChaos(null);
    expect(off.chaos).to.equal(null);
    expect(off.counts!.errors).to.equal(first.filter((s) => s === 503).length);
    expect(await outcomes(a)).to.deep.equal(new Array(16).fill(200));
    for (const bad of [{ drop: 2 }, { errors: -1 }, { delayMs: 'soon' }, { statuses: [200] }]) {
      const answer = await fetch(`${SIM_URL}/_sim/worlds`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ chaos: bad }),
      });
      expect(answer.status, JSON.stringify(bad)).to.equal(400);
    }
  });
});
