// Exactly-once orders under faults: many buy buttons, clicked two and three times, through a
// simulator in chaos mode (answers dropped after the order was placed, held past the timeout,
// 5xx/429 with Retry-After, broken JSON, streams cut mid-event). The simulator's own order book
// is the judge: one purchase intent, one key, at most one order; `ordered` exactly when a
// confirmed order exists; stock never below zero.
import { expect, html } from '@open-wc/testing';
import type { SaledayBuyButton } from '../../src/components/buy-button/buy-button.js';
import { configure } from '../../src/core/config.js';
import '../../src/define/buy-button.js';
import {
  createWorld,
  dealFixture,
  saleFixture,
  type BookOrder,
  type Chaos,
  type LogEntry,
  type OrderBook,
  type World,
  type WorldSpec,
} from '../helpers/sim.js';
import {
  record,
  sleep,
  spyOrders,
  until,
  watchPage,
  type SentOrder,
  mount,
  unmountAll,
} from './helpers.js';

/** Client timeout in these tests; chaos holds answers past it. */
const TIMEOUT = 1000;
const HELD = 1500;

interface Intent {
  el: SaledayBuyButton;
  dealId: string;
  quantity: number;
}

const inner = (el: SaledayBuyButton) => el.shadowRoot!.querySelector('button')!;
const busy = (intents: Intent[]) =>
  intents.some(({ el }) => el.state === 'pending' || el.state === 'queued' || !el.state);

/** One button per (deal, quantity): the pair names the purchase intent in the order book. */
async function mountButtons(world: World, pairs: [string, number][]): Promise<Intent[]> {
  const root = mount<HTMLDivElement>(
    html`<div>
      ${pairs.map(
        ([deal, quantity]) =>
          html`<saleday-buy-button
            deal=${deal}
            quantity=${quantity}
            locale="en"
            api=${world.base}
          ></saleday-buy-button>`,
      )}
    </div>`,
  );
  const els = Array.from(root.querySelectorAll<SaledayBuyButton>('saleday-buy-button'));
  return els.map((el, i) => ({ el, dealId: pairs[i]![0], quantity: pairs[i]![1] }));
}

/** Clicks every button one to three times in the same task, as impatient buyers do. */
function clickAll(intents: Intent[]) {
  intents.forEach(({ el }, i) => {
    for (let n = 0; n <= i % 3; n++) inner(el).click();
  });
}

/** After chaos: clicks "Retry" on every errored button until none is left in `error`. */
async function retryUntilSettled(intents: Intent[], timeout = 9000) {
  const deadline = performance.now() + timeout;
  while (intents.some(({ el }) => el.state === 'error') || busy(intents)) {
    if (performance.now() > deadline) {
      const states = intents.map(({ el }) => el.state).join(',');
      throw new Error(`buttons never settled: ${states}`);
    }
    for (const { el } of intents) if (el.state === 'error') inner(el).click();
    await sleep(200);
  }
}

const ordersOf = (book: OrderBook, { dealId, quantity }: { dealId: string; quantity: number }) =>
  book.orders.filter((o) => o.dealId === dealId && o.quantity === quantity);

/**
 * The invariants, read from the simulator's order book and request log: at most one order per
 * intent, made with one of its keys; a key given up only after the server refused it for good
 * (a 4xx: no order was made, so a new intent is safe); `ordered` exactly when the order is
 * confirmed; stock conserved, never negative.
 */
function expectTruthful(intents: Intent[], book: OrderBook, sent: SentOrder[], log: LogEntry[]) {
  for (const intent of intents) {
    const name = `${intent.dealId} x${intent.quantity} (${intent.el.state})`;
    const orders = ordersOf(book, intent);
    expect(orders.length, `${name}: orders`).to.be.at.most(1);
    const confirmed = orders.filter((o) => o.status === 'confirmed');
    expect(intent.el.state === 'ordered', `${name}: ordered <=> confirmed order`).to.equal(
      confirmed.length === 1,
    );
    expect(['ordered', 'sold-out'], name).to.include(intent.el.state);
    const keys = [
      ...new Set(
        sent
          .filter((s) => s.dealId === intent.dealId && s.quantity === intent.quantity)
          .map((s) => s.key),
      ),
    ];
    if (orders[0]) expect(keys, `${name}: order key`).to.include(orders[0].idempotencyKey);
    for (const key of keys.slice(0, -1)) {
      const answers = log.filter((e) => e.headers['idempotency-key'] === key).map((e) => e.status);
      const refused = answers.some((s) => s! >= 400 && s! < 500 && s !== 408 && s !== 429);
      expect(refused, `${name}: key ${key} given up after ${answers.join(',')}`).to.be.true;
    }
  }
  for (const [dealId, { total, remaining }] of Object.entries(book.stock)) {
    const sold = book.orders
      .filter((o: BookOrder) => o.dealId === dealId && o.status === 'confirmed')
      .reduce((sum, o) => sum + o.quantity, 0);
    expect(remaining, `${dealId}: remaining`).to.be.at.least(0);
    expect(total - remaining, `${dealId}: stock taken = units sold`).to.equal(sold);
  }
}

/** Runs `intents` through chaos, then without, and checks everything. */
async function orderThroughChaos(world: World, intents: Intent[], chaos: Chaos) {
  const page = watchPage();
  const ordered = record<{ orderId: string }>('saleday-order');
  try {
    await until(
      () => intents.every(({ el }) => el.state === 'ready'),
      `never all ready: ${intents.map(({ el }) => el.state).join(',')}`,
      9000,
    );
    await world.setChaos(chaos);
    clickAll(intents);
    await Promise.all(intents.map(({ el }) => el.updateComplete));
    expect(intents.map(({ el }) => el.state)).to.deep.equal(intents.map(() => 'pending'));
    await until(() => !busy(intents), 'orders never settled under chaos', 12_000);

    // While chaos still rages: whatever a button says `ordered` is confirmed in the book.
    const during = await world.orders();
    for (const intent of intents.filter(({ el }) => el.state === 'ordered')) {
      const confirmed = ordersOf(during, intent).filter((o) => o.status === 'confirmed');
      expect(confirmed, `${intent.dealId} x${intent.quantity}`).to.have.length(1);
    }
    const report = await world.setChaos(null);
    await retryUntilSettled(intents);
    return { book: await world.orders(), report, ordered: ordered.seen, errors: page.errors };
  } finally {
    page.stop();
    ordered.stop();
  }
}

describe('hostile: exactly-once orders under chaos', () => {
  let spy: ReturnType<typeof spyOrders>;

  before(() => configure({ timeout: TIMEOUT }));
  after(() => configure({ timeout: undefined }));
  beforeEach(() => (spy = spyOrders()));
  afterEach(() => {
    spy.restore();
    unmountAll();
  });

  it('30 buttons, double and triple clicks, chaos: one order per intent, never oversold', async () => {
    const deals = ['d0', 'd1', 'd2', 'd3', 'd4', 'd5'];
    // Each deal has 8 units and is asked for 1+2+3+4+5 = 15: some buyers must be refused.
    const world = await createWorld({
      sales: [saleFixture()],
      deals: deals.map((id) => dealFixture({ id, stock: { total: 8, remaining: 8 } })),
      // Loading goes through retryable chaos already; broken bodies wait for the clicks.
      chaos: { drop: 0.15, delay: 0.05, delayMs: HELD, errors: 0.1, cutStreams: 0.3, seed: 11 },
    });
    const intents = await mountButtons(
      world,
      deals.flatMap((id) => [1, 2, 3, 4, 5].map((q): [string, number] => [id, q])),
    );
    const chaos: Chaos = {
      drop: 0.25,
      delay: 0.1,
      delayMs: HELD,
      errors: 0.15,
      retryAfter: 1,
      malformed: 0.1,
      cutStreams: 0.3,
      seed: 2026,
    };
    const { book, report, ordered, errors } = await orderThroughChaos(world, intents, chaos);

    expect(errors).to.deep.equal([]);
    const log = await world.log();
    expectTruthful(intents, book, spy.sent, log);
    // Chaos did strike the orders, and answers were lost after orders were placed.
    const struck = log.filter((e) => e.method === 'POST' && e.path === '/orders' && e.chaos);
    expect(struck.length, 'orders struck by chaos').to.be.at.least(5);
    expect(report.counts!.dropped, 'answers dropped').to.be.greaterThan(0);
    // Demand was higher than stock everywhere: every deal refused someone, none oversold.
    for (const id of deals) {
      const states = intents.filter((i) => i.dealId === id).map((i) => i.el.state);
      expect(states, id).to.include('sold-out');
      expect(states, id).to.include('ordered');
    }
    // One `saleday-order` per ordered button, never two.
    const orderedEls = intents.filter(({ el }) => el.state === 'ordered').map(({ el }) => el);
    expect(ordered.map((e) => e.target)).to.have.members(orderedEls);
    const stats = await (await fetch(`${world.base}/sales/sale-1/stats`)).json();
    expect(stats.orders).to.equal(book.orders.filter((o) => o.status === 'confirmed').length);
  });

  it('10 buttons through a waiting room under chaos: queued orders confirm or fail once', async () => {
    const spec: WorldSpec = {
      sales: [saleFixture()],
      // 9 units each, 15 asked for: some queued orders must fail at the front of the queue.
      deals: ['q0', 'q1'].map((id) => dealFixture({ id, stock: { total: 9, remaining: 9 } })),
      waitingRoom: { positions: 2, retryAfter: 0 },
      chaos: { drop: 0.1, errors: 0.1, seed: 7 },
    };
    const world = await createWorld(spec);
    const unique = ['q0', 'q1'].flatMap((id) =>
      [1, 2, 3, 4, 5].map((q): [string, number] => [id, q]),
    );
    const intents = await mountButtons(world, unique);
    const { book, errors } = await orderThroughChaos(world, intents, {
      drop: 0.2,
      delay: 0.1,
      delayMs: HELD,
      errors: 0.1,
      malformed: 0.1,
      seed: 99,
    });
    expect(errors).to.deep.equal([]);
    const log = await world.log();
    expectTruthful(intents, book, spy.sent, log);
    // The waiting room was used: every order went through `queued` first.
    const polls = log.filter((e) => e.method === 'GET' && /^\/orders\//.test(e.path));
    expect(polls.length).to.be.at.least(book.orders.length);
  });

  describe('each kind of fault, on every attempt, then gone', () => {
    const cases: [string, Chaos, boolean][] = [
      ['the answer is dropped after the order was placed', { drop: 1 }, true],
      ['the answer comes after the timeout', { delay: 1, delayMs: HELD }, true],
      ['the answer is broken JSON', { malformed: 1 }, true],
      ['503 with Retry-After, not processed', { errors: 1, statuses: [503] }, false],
      ['429 with Retry-After, not processed', { errors: 1, statuses: [429] }, false],
    ];
    for (const [what, fault, placed] of cases) {
      it(`${what}: error, ${placed ? 'order exists' : 'no order'}, retry converges`, async () => {
        const world = await createWorld({
          sales: [saleFixture()],
          deals: [dealFixture({ id: 'x', stock: { total: 3, remaining: 3 } })],
        });
        const [intent] = await mountButtons(world, [['x', 1]]);
        const { el } = intent!;
        await until(() => el.state === 'ready', `never ready (${el.state})`);
        await world.setChaos({ ...fault, paths: ['/orders'], methods: ['POST'], seed: 1 });
        const page = watchPage();
        const errors = record<{ code: string }>('saleday-error', el);
        inner(el).click();
        inner(el).click();
        await until(() => el.state === 'error', `never error (${el.state})`, 12_000);
        // The client retried with the same key, and the server made at most one order.
        expect(spy.sent.length, 'attempts').to.be.at.least(placed && fault.malformed ? 1 : 2);
        expect(new Set(spy.sent.map((s) => s.key)).size).to.equal(1);
        expect((await world.orders()).orders).to.have.length(placed ? 1 : 0);
        expect(errors.seen, 'saleday-error').to.have.length(1);
        expect(inner(el).textContent).to.contain('Try again');
        await world.setChaos(null);
        await until(() => !inner(el).disabled, 'Retry never enabled', 3000);
        inner(el).click();
        await until(() => el.state === 'ordered', `never ordered (${el.state})`);
        const { orders, stock } = await world.orders();
        expect(orders).to.have.length(1);
        expect(orders[0]!.status).to.equal('confirmed');
        expect(orders[0]!.idempotencyKey).to.equal(spy.sent[0]!.key);
        expect(new Set(spy.sent.map((s) => s.key)).size, 'one key').to.equal(1);
        expect(stock.x!.remaining).to.equal(2);
        expect(page.errors).to.deep.equal([]);
        page.stop();
        errors.stop();
      });
    }
  });
});
