import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define/buy-button.js';
import type {
  SaledayBuyButton,
  SaledayOrderDetail,
} from '../../src/components/buy-button/buy-button.js';
import { serverClock } from '../../src/core/clock.js';
import { formatTime } from '../../src/core/i18n.js';
import {
  createWorld,
  dealFixture,
  saleFixture,
  type DealFixture,
  type SaleFixture,
  type World,
  type WorldSpec,
} from '../helpers/sim.js';
import '../helpers/translations.js';

interface Setup {
  sale?: Partial<SaleFixture>;
  deal?: Partial<DealFixture>;
  world?: Omit<WorldSpec, 'sales' | 'deals'>;
  quantity?: string;
}

/** A world with one sale and one deal, and a button for that deal. */
async function setup({ sale, deal, world: options, quantity = '1' }: Setup = {}) {
  const world = await createWorld({
    ...options,
    sales: [saleFixture(sale)],
    deals: [dealFixture(deal)],
  });
  const el = await fixture<SaledayBuyButton>(
    html`<saleday-buy-button
      deal="deal-1"
      locale="en"
      quantity=${quantity}
      api=${world.base}
    ></saleday-buy-button>`,
  );
  return { world, el };
}

const button = (el: SaledayBuyButton) => el.shadowRoot!.querySelector('button')!;
const label = (el: SaledayBuyButton) =>
  el.shadowRoot!.querySelector('[part="label"]')!.textContent!.trim();
const status = (el: SaledayBuyButton) => el.shadowRoot!.querySelector('[part="status"]')!;
const link = (el: SaledayBuyButton) =>
  el.shadowRoot!.querySelector<HTMLAnchorElement>('[part~="link"]');

async function settle(el: SaledayBuyButton, state: string, timeout = 8000) {
  await waitUntil(() => el.state === state, `never "${state}" (is "${el.state}")`, { timeout });
  await el.updateComplete;
}

const posts = async (world: World) =>
  (await world.log()).filter((entry) => entry.method === 'POST' && entry.path === '/orders');

/** Records the events of `type` that reach the document. */
function record<T>(type: string) {
  const seen: CustomEvent<T>[] = [];
  const listener = (event: Event) => seen.push(event as CustomEvent<T>);
  document.addEventListener(type, listener);
  return { seen, stop: () => document.removeEventListener(type, listener) };
}

const POST_ORDERS = { method: 'POST', path: '/orders' };
const refusal = (status: number, error: string, message: string) => ({
  ...POST_ORDERS,
  status,
  body: { error, message, serverTime: Date.now() },
});

/**
 * Waits until the sale's event stream is open: a stock change made before that is not replayed
 * to a fresh stream (it starts from a stats snapshot), so the widget could miss it.
 */
const streaming = (world: World) =>
  waitUntil(
    async () =>
      (await world.log()).some((e) => e.path === '/sales/sale-1/stream' && e.status === 200),
    'the event stream never opened',
    { timeout: 8000 },
  );

describe('<saleday-buy-button>', () => {
  it('renders a ready, accessible native button from a real server', async () => {
    const { el } = await setup();
    expect(el.state).to.equal('loading');
    await settle(el, 'ready');
    expect(el.getAttribute('state')).to.equal('ready');
    expect(button(el).disabled).to.be.false;
    expect(button(el).type).to.equal('button');
    expect(label(el)).to.equal('Buy now');
    expect(status(el).getAttribute('role')).to.equal('status');
    await expect(el).to.be.accessible();
  });

  it('is not started before the window, then ready at the server start instant, no reload', async () => {
    const world = await createWorld({
      sales: [saleFixture({ startInMs: 2500, durationMs: 600_000 })],
      deals: [dealFixture()],
    });
    const sale = await (await fetch(`${world.base}/sales/sale-1`)).json();
    const start = Date.parse(sale.startsAt);
    const el = await fixture<SaledayBuyButton>(
      html`<saleday-buy-button deal="deal-1" locale="en" api=${world.base}></saleday-buy-button>`,
    );
    await settle(el, 'not-started');
    expect(button(el).disabled).to.be.true;
    expect(label(el)).to.equal(`Opens ${formatTime(start, 'en')}`);
    await expect(el).to.be.accessible();
    await settle(el, 'ready');
    // Never early: the server would refuse the order.
    expect(serverClock.now()).to.be.at.least(start);
    expect(button(el).disabled).to.be.false;
    button(el).click();
    await settle(el, 'ordered');
    expect((await world.orders()).orders).to.have.length(1);
  });

  it('shows the time between two windows as not started, opening at the next window', async () => {
    const { el, world } = await setup({
      sale: {
        windows: [
          { id: 'w1', name: 'Morning', startInMs: -120_000, durationMs: 60_000 },
          { id: 'w2', name: 'Evening', startInMs: 600_000, durationMs: 60_000 },
        ],
      },
    });
    await settle(el, 'not-started');
    const sale = await (await fetch(`${world.base}/sales/sale-1`)).json();
    expect(label(el)).to.equal(`Opens ${formatTime(Date.parse(sale.windows[1].startsAt), 'en')}`);
  });

  it("follows the deal's own windows over its sale's", async () => {
    const { el } = await setup({
      sale: {
        windows: [
          { id: 'w1', startInMs: -60_000, durationMs: 600_000 },
          { id: 'w2', startInMs: 900_000, durationMs: 60_000 },
        ],
      },
      deal: { windows: ['w2'] },
    });
    await settle(el, 'not-started');
  });

  it('is ended after the sale', async () => {
    const { el } = await setup({ sale: { startInMs: -120_000, durationMs: 60_000 } });
    await settle(el, 'ended');
    expect(button(el).disabled).to.be.true;
    expect(label(el)).to.equal('Sale ended');
  });

  it('is sold out with no stock, and becomes sold out on a live stock update', async () => {
    const sold = await setup({ deal: { stock: { total: 10, remaining: 0 } } });
    await settle(sold.el, 'sold-out');
    expect(button(sold.el).disabled).to.be.true;
    expect(label(sold.el)).to.equal('Sold out');
    await expect(sold.el).to.be.accessible();

    const { el, world } = await setup();
    await settle(el, 'ready');
    await streaming(world);
    await world.setStock({ dealId: 'deal-1', remaining: 0 });
    await settle(el, 'sold-out', 10_000);
  });

  it('is pending while the order is in flight, then ordered with a checkout link it does not follow', async () => {
    const { el, world } = await setup();
    await settle(el, 'ready');
    await world.fault({ ...POST_ORDERS, delayMs: 800 });
    const href = location.href;
    const ordered = oneEvent(el, 'saleday-order');
    button(el).click();
    await el.updateComplete;
    expect(el.state).to.equal('pending');
    expect(button(el).disabled).to.be.true;
    expect(button(el).getAttribute('aria-busy')).to.equal('true');
    expect(label(el)).to.equal('Placing order…');

    const { detail } = (await ordered) as CustomEvent<SaledayOrderDetail>;
    const { orders } = await world.orders();
    expect(orders).to.have.length(1);
    expect(detail).to.deep.equal({
      orderId: orders[0]!.orderId,
      dealId: 'deal-1',
      quantity: 1,
      status: 'confirmed',
      checkoutUrl: `${world.base}/checkout/${orders[0]!.orderId}`,
    });
    await settle(el, 'ordered');
    expect(button(el).hasAttribute('aria-busy')).to.be.false;
    expect(label(el)).to.equal('Ordered');
    expect(status(el).textContent).to.contain('Ordered');
    expect(link(el)!.href).to.equal(detail.checkoutUrl);
    expect(link(el)!.textContent).to.equal('Go to checkout');
    await aTimeout(300);
    expect(location.href).to.equal(href);
    await expect(el).to.be.accessible();
  });

  it('lets a listener keep the page when checkout-redirect is on', async () => {
    const { el } = await setup();
    el.checkoutRedirect = true;
    await settle(el, 'ready');
    const href = location.href;
    el.addEventListener('saleday-order', (event) => event.preventDefault(), { once: true });
    const ordered = oneEvent(el, 'saleday-order');
    button(el).click();
    expect((await ordered).cancelable).to.be.true;
    await settle(el, 'ordered');
    await aTimeout(300);
    expect(location.href).to.equal(href);
    expect(link(el)).to.exist;
  });

  it('waits in the waiting room showing its position, then is ordered', async () => {
    const { el, world } = await setup({ world: { waitingRoom: { positions: 3, retryAfter: 1 } } });
    await settle(el, 'ready');
    const labels = new Set<string>();
    const events = record<SaledayOrderDetail>('saleday-order');
    button(el).click();
    await settle(el, 'queued');
    expect(button(el).getAttribute('aria-busy')).to.equal('true');
    expect(button(el).disabled).to.be.true;
    await waitUntil(() => (labels.add(label(el)), el.state === 'ordered'), 'never ordered', {
      timeout: 10_000,
      interval: 20,
    });
    events.stop();
    expect([...labels]).to.include.members(['In line: #3', 'In line: #2']);
    expect(events.seen).to.have.length(1);
    expect(events.seen[0]!.detail.status).to.equal('confirmed');
    const { orders } = await world.orders();
    expect(orders).to.have.length(1);
    expect(orders[0]!.status).to.equal('confirmed');
    const polls = (await world.log()).filter((entry) => entry.path.startsWith('/orders/'));
    expect(polls.length).to.be.at.least(3);
  });

  it('stops polling the waiting room while disconnected and resumes when reconnected', async () => {
    const { el, world } = await setup({ world: { waitingRoom: { positions: 3, retryAfter: 1 } } });
    await settle(el, 'ready');
    button(el).click();
    await settle(el, 'queued');
    const parent = el.parentNode!;
    el.remove();
    await aTimeout(100);
    const pollsThen = (await world.log()).filter((e) => e.path.startsWith('/orders/')).length;
    await aTimeout(2500);
    const pollsNow = (await world.log()).filter((e) => e.path.startsWith('/orders/')).length;
    expect(pollsNow).to.equal(pollsThen);
    parent.appendChild(el);
    await settle(el, 'ordered', 10_000);
    expect((await world.orders()).orders).to.have.length(1);
    expect(new Set((await posts(world)).map((e) => e.headers['idempotency-key']))).to.have.length(
      1,
    );
  });

  it('turns a stampede of clicks into exactly one order and one saleday-order', async () => {
    const { el, world } = await setup();
    await settle(el, 'ready');
    await world.fault({ ...POST_ORDERS, delayMs: 300 });
    const before = record('saleday-before-order');
    const orders = record('saleday-order');
    for (let i = 0; i < 10; i++) button(el).click();
    button(el).dispatchEvent(new MouseEvent('dblclick', { bubbles: true, composed: true }));
    await el.updateComplete;
    for (let i = 0; i < 5; i++) button(el).click();
    await settle(el, 'ordered');
    await aTimeout(500);
    before.stop();
    orders.stop();
    expect(before.seen).to.have.length(1);
    expect(orders.seen).to.have.length(1);
    expect((await world.orders()).orders).to.have.length(1);
    expect(await posts(world)).to.have.length(1);
  });

  it('recovers from a dropped answer by retrying with the same key: one order', async () => {
    const { el, world } = await setup();
    await settle(el, 'ready');
    await world.fault({ ...POST_ORDERS, dropAfterAct: true });
    button(el).click();
    await settle(el, 'ordered', 15_000);
    const sent = await posts(world);
    expect(sent.length).to.be.at.least(2);
    expect(new Set(sent.map((e) => e.headers['idempotency-key']))).to.have.length(1);
    expect((await world.orders()).orders).to.have.length(1);
  });

  it('reuses the key when the visitor retries after answers kept getting lost', async () => {
    const { el, world } = await setup();
    await settle(el, 'ready');
    await world.fault({ ...POST_ORDERS, dropAfterAct: true, times: 50 });
    const failed = oneEvent(el, 'saleday-error');
    button(el).click();
    expect((await failed).detail.code).to.equal('network');
    await settle(el, 'error', 15_000);
    expect(label(el)).to.equal('Try again');
    expect(status(el).textContent).to.contain('Something went wrong');
    await expect(el).to.be.accessible();
    await world.clearFaults();
    button(el).click();
    await settle(el, 'ordered');
    const sent = await posts(world);
    expect(sent.length).to.be.at.least(5);
    expect(new Set(sent.map((e) => e.headers['idempotency-key']))).to.have.length(1);
    expect((await world.orders()).orders).to.have.length(1);
  });

  it('offers a retry after a server error, with the same key', async () => {
    const { el, world } = await setup();
    await settle(el, 'ready');
    await world.fault({ ...POST_ORDERS, status: 500, times: 4 });
    button(el).click();
    await settle(el, 'error', 15_000);
    expect(button(el).disabled).to.be.false;
    button(el).click();
    await settle(el, 'ordered');
    const sent = await posts(world);
    expect(sent).to.have.length(5);
    expect(new Set(sent.map((e) => e.headers['idempotency-key']))).to.have.length(1);
    expect((await world.orders()).orders).to.have.length(1);
  });

  it('honours Retry-After on 429: the retry control stays disabled until then', async () => {
    const { el, world } = await setup();
    await settle(el, 'ready');
    await world.fault({ ...POST_ORDERS, status: 429, retryAfter: 2, times: 4 });
    const failed = oneEvent(el, 'saleday-error');
    button(el).click();
    expect((await failed).detail.code).to.equal('rate_limited');
    await el.updateComplete;
    expect(el.state).to.equal('error');
    expect(button(el).disabled).to.be.true;
    expect(label(el)).to.match(/^Try again \(\d+s\)$/);
    const count = (await posts(world)).length;
    button(el).click();
    await aTimeout(100);
    expect(await posts(world)).to.have.length(count);
    await waitUntil(() => !button(el).disabled, 'retry never enabled', { timeout: 4000 });
    expect(label(el)).to.equal('Try again');
    button(el).click();
    await settle(el, 'ordered');
    expect((await world.orders()).orders).to.have.length(1);
  });

  it('sends nothing when saleday-before-order is cancelled', async () => {
    const { el, world } = await setup({ quantity: '2' });
    await settle(el, 'ready');
    await world.clearLog();
    el.addEventListener('saleday-before-order', (event) => event.preventDefault(), { once: true });
    const before = oneEvent(el, 'saleday-before-order');
    button(el).click();
    const event = await before;
    expect(event.cancelable).to.be.true;
    expect(event.detail).to.deep.equal({ dealId: 'deal-1', quantity: 2 });
    await aTimeout(300);
    expect(await posts(world)).to.have.length(0);
    expect(el.state).to.equal('ready');
  });

  it('maps refusals: sold_out, ended, limit_exceeded, and not_started (which clears itself)', async () => {
    const cases: [number, string, string, string][] = [
      [409, 'sold_out', 'sold-out', 'Sold out'],
      [409, 'ended', 'ended', 'Sale ended'],
      [422, 'limit_exceeded', 'limit', 'Limit 5 per order'],
      [409, 'not_started', 'not-started', 'Buy now'],
    ];
    for (const [code, error, state, text] of cases) {
      const { el, world } = await setup();
      await settle(el, 'ready');
      await world.fault(refusal(code, error, `Refused: ${error}`));
      const failed = oneEvent(el, 'saleday-error');
      button(el).click();
      const { detail } = await failed;
      expect(detail).to.deep.equal({ code: error, message: `Refused: ${error}` });
      await settle(el, state);
      expect(button(el).disabled).to.be.true;
      expect(label(el)).to.equal(text);
      if (state === 'sold-out') await expect(el).to.be.accessible();
    }
  });

  it('retries after the server says "not started" once its clock agrees, with a new key', async () => {
    const { el, world } = await setup();
    await settle(el, 'ready');
    await world.fault(refusal(409, 'not_started', 'Not yet'));
    button(el).click();
    await settle(el, 'not-started');
    // Our clock says the sale is open: a moment's disagreement, soon over.
    await settle(el, 'ready', 3000);
    button(el).click();
    await settle(el, 'ordered');
    const keys = (await posts(world)).map((e) => e.headers['idempotency-key']);
    expect(keys).to.have.length(2);
    expect(new Set(keys)).to.have.length(2);
    expect((await world.orders()).orders).to.have.length(1);
  });

  it('offers the login link when the deal needs an account', async () => {
    const { el, world } = await setup({ deal: { requiresAuth: true } });
    await settle(el, 'ready');
    const failed = oneEvent(el, 'saleday-error');
    button(el).click();
    expect((await failed).detail.code).to.equal('auth_required');
    await settle(el, 'auth');
    expect(link(el)!.href).to.equal(`${world.base}/login`);
    expect(link(el)!.textContent).to.equal('Sign in to buy');
    expect(link(el)!.rel).to.equal('noopener');
    expect(button(el).disabled).to.be.false;
    await expect(el).to.be.accessible();
    expect((await world.orders()).orders).to.have.length(0);
  });

  it('does not link a non-http login URL', async () => {
    const { el, world } = await setup();
    await settle(el, 'ready');
    await world.fault({
      ...refusal(401, 'auth_required', 'Log in'),
      body: { error: 'auth_required', message: 'Log in', loginUrl: 'javascript:alert(1)' },
    });
    button(el).click();
    await settle(el, 'auth');
    expect(link(el)).to.be.null;
    expect(status(el).textContent).to.contain('Sign in to buy');
  });

  it('validates quantity: over the limit or not a whole number is the limit state, never NaN', async () => {
    for (const quantity of ['3', 'abc', '0', '1.5']) {
      const errors = record<{ code: string; message: string }>('saleday-error');
      const { el, world } = await setup({ deal: { maxPerOrder: 2 }, quantity });
      await settle(el, 'limit');
      await aTimeout(50);
      errors.stop();
      expect(button(el).disabled).to.be.true;
      expect(label(el)).to.equal('Limit 2 per order');
      expect(el.shadowRoot!.textContent).not.to.contain('NaN');
      expect(errors.seen).to.have.length(1);
      expect(errors.seen[0]!.detail.code).to.equal('invalid_config');
      expect(errors.seen[0]!.detail.message).to.contain(`from 1 to 2, got "${quantity}"`);
      button(el).click();
      await aTimeout(50);
      expect(await posts(world)).to.have.length(0);
    }
  });

  it('starts a new purchase intent (a new key) when the quantity changes', async () => {
    const { el, world } = await setup();
    await settle(el, 'ready');
    button(el).click();
    await settle(el, 'ordered');
    el.quantity = 2;
    await settle(el, 'ready');
    button(el).click();
    await settle(el, 'ordered');
    const keys = (await posts(world)).map((e) => e.headers['idempotency-key']);
    expect(new Set(keys)).to.have.length(2);
    expect((await world.orders()).orders.map((o) => o.quantity)).to.deep.equal([1, 2]);
  });

  it('is a keyboard-operable button with a visible focus ring', async () => {
    const { el, world } = await setup();
    await settle(el, 'ready');
    const ringless = getComputedStyle(button(el)).boxShadow;
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(button(el));
    expect(getComputedStyle(button(el)).boxShadow).not.to.equal(ringless);
    await sendKeys({ press: 'Enter' });
    await settle(el, 'ordered');
    expect((await world.orders()).orders).to.have.length(1);
  });

  it('reports a missing API once, not on every tick', async () => {
    const errors = record<{ code: string; message: string }>('saleday-error');
    const el = await fixture<SaledayBuyButton>(
      html`<saleday-buy-button deal="deal-1" locale="en"></saleday-buy-button>`,
    );
    await settle(el, 'error');
    await aTimeout(2200);
    errors.stop();
    expect(errors.seen).to.have.length(1);
    expect(errors.seen[0]!.detail.code).to.equal('invalid_config');
    expect(errors.seen[0]!.detail.message).to.contain('no API configured');
    expect(button(el).disabled).to.be.true;
  });

  it('reports a deal that cannot be loaded', async () => {
    const world = await createWorld({ sales: [saleFixture()], deals: [dealFixture()] });
    const errors = record<{ code: string }>('saleday-error');
    const el = await fixture<SaledayBuyButton>(
      html`<saleday-buy-button deal="nope" locale="en" api=${world.base}></saleday-buy-button>`,
    );
    await settle(el, 'error');
    errors.stop();
    expect(errors.seen.map((event) => event.detail.code)).to.deep.equal(['not_found']);
    expect(button(el).disabled).to.be.true;
    expect(label(el)).to.equal('Deal unavailable');
    await expect(el).to.be.accessible();
  });
});
