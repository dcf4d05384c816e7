// Hostile data: a corpus of bad API bodies (wrong types, missing fields, huge strings, negative
// or float money, unknown currencies, script and HTML in text, javascript: and data: URLs, a
// serverTime in the year 3000, a sale that ends before it starts...) fed to every widget through
// simulator faults with raw bodies. Nothing may reach the page (no exception, no markup, no
// script, no non-http link), the widget must show its error state and fire `saleday-error`, and
// it must recover by itself when good data comes back.
import { expect, html } from '@open-wc/testing';
import type { SaledayBuyButton } from '../../src/components/buy-button/buy-button.js';
import type { SaledayCountdown } from '../../src/components/countdown/countdown.js';
import type { SaledayDealCard } from '../../src/components/deal-card/deal-card.js';
import type { SaledayLiveCounter } from '../../src/components/live-counter/live-counter.js';
import { configure } from '../../src/core/config.js';
import { liveTiming } from '../../src/core/live.js';
import '../../src/define/all.js';
import {
  createWorld,
  dealFixture,
  saleFixture,
  type Fault,
  type SaleFixture,
  type World,
} from '../helpers/sim.js';
import {
  deepElements,
  injected,
  record,
  sleep,
  spyOrders,
  until,
  watchPage,
  WIDGET_TAGS,
  mount,
  unmountAll,
  PAYLOADS,
} from './helpers.js';

type Body = Record<string, unknown>;
/** A bad body made from a good one: an object (sent as JSON) or raw text. */
type Bad = (good: Body) => Body | string;

declare global {
  interface Window {
    /** Set by the payloads below if any of them ever runs. */
    __pwned?: unknown;
  }
}

const YEAR_3000 = 32503680000000;
/** Far over any text limit, yet under the simulator's 16 KiB control body limit. */
const HUGE = 'A'.repeat(10_000);
const with_ = (patch: Body) => (good: Body) => ({ ...good, ...patch });
const without = (key: string) => (good: Body) => {
  const copy = { ...good };
  delete copy[key];
  return copy;
};
const money = (key: string, patch: Body) => (good: Body) => ({
  ...good,
  [key]: { ...(good[key] as Body), ...patch },
});

/** Bodies that are not JSON objects at all: whatever a proxy or a broken backend sends. */
const GARBAGE: [string, Bad][] = [
  ['cut JSON', (good) => JSON.stringify(good).slice(0, 25)],
  ['an HTML error page', () => '<!doctype html><title>502</title><h1>Bad Gateway</h1>'],
  ['null', () => 'null'],
  ['an array', () => []],
  ['an empty object', () => ({})],
  ['an empty body', () => ''],
];

const DEAL_CORPUS: [string, Bad][] = [
  ...GARBAGE,
  ['a title that is a number', with_({ title: 42 })],
  ['no title', without('title')],
  ['a 10,000-character title', with_({ title: HUGE })],
  ['negative money', money('price', { amount: -100 })],
  ['float money', money('price', { amount: 19.99 })],
  ['money as a string', money('price', { amount: '1999' })],
  ['infinite money', (good) => JSON.stringify(good).replace(/"amount":\d+/, '"amount":1e400')],
  [
    'an unknown currency',
    (good) => money('listPrice', { currency: 'ZZZ' })(money('price', { currency: 'ZZZ' })(good)),
  ],
  ['a lower-case currency', money('price', { currency: 'usd' })],
  ['two currencies', money('listPrice', { currency: 'EUR' })],
  ['a javascript: product URL', with_({ url: 'javascript:window.__pwned="url"' })],
  ['a JaVaScRiPt: URL with a space', with_({ url: ' JaVaScRiPt:window.__pwned="url"' })],
  ['a data: image', with_({ imageUrl: `data:image/svg+xml,<svg onload="window.__pwned=1"/>` })],
  ['a protocol-relative URL', with_({ url: '//evil.example/deal' })],
  ['more left than in stock', with_({ stock: { total: 5, remaining: 9 } })],
  ['negative stock', with_({ stock: { total: 5, remaining: -1 } })],
  ['maxPerOrder 0', with_({ maxPerOrder: 0 })],
  ['serverTime in the year 3000', with_({ serverTime: YEAR_3000 })],
  ['serverTime as a string', (good) => ({ ...good, serverTime: String(good.serverTime) })],
  [
    'a window that ends before it starts',
    with_({
      windows: [
        { id: 'w', name: 'W', startsAt: '2030-01-02T00:00:00Z', endsAt: '2030-01-01T00:00:00Z' },
      ],
    }),
  ],
];

const SALE_CORPUS: [string, Bad][] = [
  ...GARBAGE,
  ['an id that is a number', with_({ id: 1111 })],
  ['a name of spaces', with_({ name: '   ' })],
  ['a 10,000-character name', with_({ name: HUGE })],
  ['startsAt "tomorrow"', with_({ startsAt: 'tomorrow' })],
  ['startsAt without an offset', with_({ startsAt: '2026-11-11T00:00:00' })],
  ['an offset of +99:99', with_({ startsAt: '2026-11-11T00:00:00+99:99' })],
  ['endsAt before startsAt', (good) => ({ ...good, startsAt: good.endsAt, endsAt: good.startsAt })],
  ['an unknown currency', with_({ currency: 'ZZZ' })],
  ['serverTime in the year 3000', with_({ serverTime: YEAR_3000 })],
  ['a negative serverTime', with_({ serverTime: -1 })],
  ['windows as a string', with_({ windows: 'all day' })],
  ['no windows', with_({ windows: [] })],
  [
    'overlapping windows',
    with_({
      windows: [
        { id: 'a', name: 'A', startsAt: '2030-01-01T00:00:00Z', endsAt: '2030-01-03T00:00:00Z' },
        { id: 'b', name: 'B', startsAt: '2030-01-02T00:00:00Z', endsAt: '2030-01-04T00:00:00Z' },
      ],
    }),
  ],
  ['negative milestones', with_({ milestones: { gmv: [-5] } })],
];

const STATS_CORPUS: [string, Bad][] = [
  ...GARBAGE,
  ['gmv as a number', with_({ gmv: 1999 })],
  ['float gmv', money('gmv', { amount: 12.5 })],
  ['negative gmv', money('gmv', { amount: -1 })],
  ['infinite gmv', (good) => JSON.stringify(good).replace(/"amount":\d+/, '"amount":1e400')],
  ['an unknown currency', money('gmv', { currency: 'ZZZ' })],
  ['orders as a string', with_({ orders: '7' })],
  ['negative orders', with_({ orders: -3 })],
  ['serverTime in the year 3000', with_({ serverTime: YEAR_3000 })],
  ['no serverTime', without('serverTime')],
];

const json = async (url: string) =>
  (await (await fetch(url, { cache: 'no-store' })).json()) as Body;
const body = (bad: Bad, good: Body) => {
  const value = bad(good);
  return typeof value === 'string' ? value : (value as Fault['body']);
};

/** Queues faults one request each (a huge body alone is near the control API's limit). */
const faultEach = (world: World, faults: Fault[]) => Promise.all(faults.map((f) => world.fault(f)));

/** The allowed markup only, in every shadow root, and nothing that runs. */
function expectInert(els: Element[]) {
  for (const el of els) {
    expect(injected(el.shadowRoot!, WIDGET_TAGS), el.localName).to.deep.equal([]);
    for (const img of el.shadowRoot!.querySelectorAll('img')) {
      expect(img.getAttribute('part'), 'an <img> that is not ours').to.equal('image');
    }
  }
  for (const el of deepElements(document.body)) {
    for (const { name, value } of Array.from(el.attributes)) {
      expect(name.startsWith('on'), `<${el.localName} ${name}>`).to.be.false;
      expect(value.trim().toLowerCase(), `<${el.localName} ${name}>`).not.to.match(
        /^(javascript|data|vbscript):/,
      );
    }
  }
  expect(window.__pwned, 'a payload ran').to.be.undefined;
  expect(({} as Body).polluted, 'Object.prototype polluted').to.be.undefined;
}

type Widget = HTMLElement & { updateComplete: Promise<unknown> };

/**
 * Records `saleday-error` per element and, once the element has rendered, whether it showed its
 * error state then (it may recover by itself a moment later).
 */
function errorsOf<T extends Widget>(els: T[], showsError: (el: T) => boolean) {
  const shown = els.map(() => [] as boolean[]);
  const recorders = els.map((el, i) => {
    const recorder = record<{ code: string; message: string }>('saleday-error', el);
    el.addEventListener('saleday-error', () => {
      void el.updateComplete.then(() => shown[i]!.push(showsError(el)));
    });
    return recorder;
  });
  return {
    codes: (i: number) => recorders[i]!.seen.map((e) => e.detail.code),
    /** Whether element `i` showed its error state after each report. */
    shown: (i: number) => shown[i]!,
    details: () => recorders.flatMap((r) => r.seen.map((e) => e.detail)),
    stop: () => recorders.forEach((r) => r.stop()),
  };
}

describe('hostile: bad API data', () => {
  let page: ReturnType<typeof watchPage>;
  const alert = window.alert;

  before(() => configure({ live: 'off' }));
  after(() => configure({ live: 'auto' }));
  beforeEach(() => {
    delete window.__pwned; // one failure must not spill into the next test
    page = watchPage();
    window.alert = () => (window.__pwned = 'alert');
  });
  afterEach(() => {
    unmountAll();
    page.stop();
    window.alert = alert;
    expect(page.errors, 'exceptions that reached the page').to.deep.equal([]);
  });

  it(`deal bodies (${DEAL_CORPUS.length}): card and button show an error, stay inert, recover`, async () => {
    const ids = DEAL_CORPUS.map((_, i) => `bad${i}`);
    // Cards and buttons in two worlds (two clients, two stores per id), each asked for once.
    const spec = { sales: [saleFixture()], deals: ids.map((id) => dealFixture({ id })) };
    const [world, buttonWorld] = await Promise.all([createWorld(spec), createWorld(spec)]);
    const good = await json(`${world.base}/deals/bad0`);
    const faults: Fault[] = DEAL_CORPUS.map(([, bad], i) => ({
      method: 'GET',
      path: `/deals/bad${i}`,
      status: 200,
      body: body(bad, { ...good, id: `bad${i}` }),
    }));
    await Promise.all(faults.flatMap((f) => [world.fault(f), buttonWorld.fault(f)]));
    const root = mount<HTMLDivElement>(
      html`<div>
        ${ids.map(
          (id) =>
            html`<saleday-deal-card deal=${id} locale="en" api=${world.base}></saleday-deal-card>
              <saleday-buy-button
                deal=${id}
                locale="en"
                api=${buttonWorld.base}
              ></saleday-buy-button>`,
        )}
      </div>`,
    );
    const cards = Array.from(root.querySelectorAll<SaledayDealCard>('saleday-deal-card'));
    const buttons = Array.from(root.querySelectorAll<SaledayBuyButton>('saleday-buy-button'));
    const cardErrors = errorsOf(cards, (card) => !!card.shadowRoot!.querySelector('.unavailable'));
    const buttonErrors = errorsOf(buttons, (button) => button.state === 'error');
    const errors = {
      details: () => [...cardErrors.details(), ...buttonErrors.details()],
      stop: () => (cardErrors.stop(), buttonErrors.stop()),
    };
    try {
      await until(
        () => cards.every((_, i) => cardErrors.shown(i).length && buttonErrors.shown(i).length),
        () => `not every widget reported: ${errors.details().length}`,
      );
      DEAL_CORPUS.forEach(([name], i) => {
        expect(cardErrors.shown(i)[0], `card: ${name}`).to.be.true;
        expect(cardErrors.codes(i), `card: ${name}`).to.deep.equal(['invalid_response']);
        expect(buttonErrors.shown(i)[0], `button: ${name}`).to.be.true;
        expect(buttonErrors.codes(i), `button: ${name}`).to.deep.equal(['invalid_response']);
      });
      for (const { message } of errors.details()) expect(message.length).to.be.below(300);
      expectInert([...cards, ...buttons]);
      // Good data again: the stores retry by themselves (backoff of at most 2 s the first time).
      await until(
        () =>
          cards.every((card) => card.shadowRoot!.querySelector('[part="price"]')) &&
          buttons.every((button) => button.state === 'ready'),
        'the widgets never recovered',
        6000,
      );
      const inner = cards.map((card) =>
        card.shadowRoot!.querySelector<SaledayBuyButton>('saleday-buy-button'),
      );
      await until(() => inner.every((b) => b?.state === 'ready'), 'inner buttons never ready');
      expectInert([...cards, ...buttons]);
    } finally {
      errors.stop();
    }
  });

  it('script and markup in titles, names and orders are shown as text, never run', async () => {
    const ids = PAYLOADS.map((_, i) => `x${i}`);
    const sales: SaleFixture[] = PAYLOADS.map((payload, i) =>
      saleFixture({
        id: `s${i}`,
        name: payload,
        // Between two windows: the countdown names the next one.
        windows: [
          { id: 'w1', name: payload, startInMs: -120_000, durationMs: 60_000 },
          { id: 'w2', name: payload, startInMs: 600_000, durationMs: 60_000 },
        ],
      }),
    );
    const world = await createWorld({
      sales: [saleFixture(), ...sales],
      deals: ids.map((id, i) => dealFixture({ id, title: PAYLOADS[i]! })),
    });
    const root = mount<HTMLDivElement>(
      html`<div>
        ${ids.map(
          (id, i) =>
            html`<saleday-deal-card deal=${id} locale="en" api=${world.base}></saleday-deal-card>
              <saleday-countdown
                sale=${`s${i}`}
                locale="en"
                api=${world.base}
              ></saleday-countdown>`,
        )}
      </div>`,
    );
    const cards = Array.from(root.querySelectorAll<SaledayDealCard>('saleday-deal-card'));
    const countdowns = Array.from(root.querySelectorAll<SaledayCountdown>('saleday-countdown'));
    await until(
      () =>
        cards.every((card) => card.shadowRoot!.querySelector('[part="title"]')) &&
        countdowns.every((countdown) => countdown.phase === 'between'),
      'never rendered',
    );
    await sleep(300); // an injected image would have failed to load by now
    PAYLOADS.forEach((payload, i) => {
      const title = cards[i]!.shadowRoot!.querySelector('[part="title"]')!;
      expect(title.textContent!.trim(), 'title as text').to.equal(payload.trim());
      const label = countdowns[i]!.shadowRoot!.querySelector('[part="label"]')!;
      expect(label.textContent, 'window name as text').to.contain(payload.trim());
    });
    expectInert([...cards, ...countdowns]);

    // Orders: the same payloads in the order id and as a checkout URL's query, refusals with
    // markup in their code and message, a javascript: sign-in link.
    const spy = spyOrders();
    const button = cards[0]!.shadowRoot!.querySelector<SaledayBuyButton>('saleday-buy-button')!;
    try {
      await until(() => button.state === 'ready', `never ready (${button.state})`);
      const checkoutUrl = `https://shop.example/checkout?x="><script>window.__pwned=1</script>`;
      await world.fault([
        {
          method: 'POST',
          path: '/orders',
          status: 409,
          body: { error: PAYLOADS[0], message: PAYLOADS[1] + HUGE, serverTime: Date.now() },
        },
        {
          method: 'POST',
          path: '/orders',
          status: 401,
          body: {
            error: 'auth_required',
            message: 'Log in',
            loginUrl: 'javascript:window.__pwned="login"',
            serverTime: Date.now(),
          },
        },
        {
          method: 'POST',
          path: '/orders',
          status: 201,
          body: { orderId: PAYLOADS[0], status: 'confirmed', checkoutUrl, serverTime: Date.now() },
        },
      ]);
      const inner = () => button.shadowRoot!.querySelector('button')!;
      inner().click();
      await until(() => button.state === 'error', `never error (${button.state})`);
      const status = button.shadowRoot!.querySelector('[part="status"]')!;
      expect(status.textContent!.length, 'a huge message in full').to.be.below(400);
      expectInert([button]);
      inner().click();
      await until(() => button.state === 'auth', `never auth (${button.state})`);
      // (The hidden link to the product page is the button before JavaScript: not a sign-in link.)
      expect(button.shadowRoot!.querySelector('a:not(.fallback)'), 'a javascript: sign-in link').to
        .be.null;
      expectInert([button]);
      const ordered = record<{ orderId: string }>('saleday-order', button);
      inner().click();
      await until(() => button.state === 'ordered', `never ordered (${button.state})`);
      ordered.stop();
      expect(ordered.seen[0]!.detail.orderId).to.equal(PAYLOADS[0]);
      const link = button.shadowRoot!.querySelector<HTMLAnchorElement>('a[part~="link"]')!;
      expect(link.href).to.equal(new URL(checkoutUrl).href);
      await sleep(200);
      expectInert([button, ...cards]);
    } finally {
      spy.restore();
    }
  });

  it(`order answers (8 bad bodies): the button shows an error, stays inert, a retry orders`, async () => {
    const world = await createWorld({
      sales: [saleFixture()],
      deals: [dealFixture({ stock: { total: 100, remaining: 100 } })],
    });
    const now = Date.now();
    const bad: [string, number, Fault['body']][] = [
      ['cut JSON', 201, '{"orderId":"ord_1","sta'],
      ['an empty object', 201, {}],
      ['an unknown status', 201, { orderId: 'o', status: 'shipped', serverTime: now }],
      ['an order id that is a number', 201, { orderId: 7, status: 'confirmed', serverTime: now }],
      [
        'a javascript: checkout URL',
        201,
        { orderId: 'o', status: 'confirmed', checkoutUrl: 'javascript:alert(1)', serverTime: now },
      ],
      [
        'a data: checkout URL',
        201,
        {
          orderId: 'o',
          status: 'confirmed',
          checkoutUrl: 'data:text/html,<script>alert(1)</script>',
          serverTime: now,
        },
      ],
      [
        'a negative queue position',
        202,
        { orderId: 'o', status: 'queued', position: -1, serverTime: now },
      ],
      [
        'serverTime in the year 3000',
        201,
        { orderId: 'o', status: 'confirmed', serverTime: YEAR_3000 },
      ],
    ];
    const root = mount<HTMLDivElement>(
      html`<div>
        ${bad.map(
          () =>
            html`<saleday-buy-button
              deal="deal-1"
              locale="en"
              api=${world.base}
            ></saleday-buy-button>`,
        )}
      </div>`,
    );
    const buttons = Array.from(root.querySelectorAll<SaledayBuyButton>('saleday-buy-button'));
    const errors = errorsOf(buttons, (button) => button.state === 'error');
    const inner = (el: SaledayBuyButton) => el.shadowRoot!.querySelector('button')!;
    try {
      await until(() => buttons.every((b) => b.state === 'ready'), 'never ready');
      // One at a time: faults on POST /orders are taken in order.
      for (const [i, [name, status, answer]] of bad.entries()) {
        await world.fault({ method: 'POST', path: '/orders', status, body: answer });
        inner(buttons[i]!).click();
        await until(
          () => buttons[i]!.state === 'error',
          `${name}: never error (${buttons[i]!.state})`,
        );
        expect(errors.codes(i), name).to.deep.equal(['invalid_response']);
      }
      expectInert(buttons);
      expect((await world.orders()).orders, 'the faults made no order').to.have.length(0);
      buttons.forEach((b) => inner(b).click());
      await until(() => buttons.every((b) => b.state === 'ordered'), 'a retry never ordered');
      expect((await world.orders()).orders).to.have.length(bad.length);
      expectInert(buttons);
    } finally {
      errors.stop();
    }
  });

  it(`sale bodies (${SALE_CORPUS.length}): the countdown shows an error, stays inert, recovers`, async () => {
    const ids = SALE_CORPUS.map((_, i) => `s${i}`);
    const world = await createWorld({ sales: ids.map((id) => saleFixture({ id })) });
    const good = await json(`${world.base}/sales/s0`);
    await faultEach(
      world,
      SALE_CORPUS.map(([, bad], i) => ({
        method: 'GET',
        path: `/sales/s${i}`,
        status: 200,
        body: body(bad, { ...good, id: `s${i}` }),
      })),
    );
    const root = mount<HTMLDivElement>(
      html`<div>
        ${ids.map(
          (id) =>
            html`<saleday-countdown sale=${id} locale="en" api=${world.base}></saleday-countdown>`,
        )}
      </div>`,
    );
    const els = Array.from(root.querySelectorAll<SaledayCountdown>('saleday-countdown'));
    const errors = errorsOf(els, (el) => !!el.shadowRoot!.querySelector('[part="error"]'));
    try {
      await until(
        () => els.every((_, i) => errors.shown(i).length),
        'not every countdown reported',
      );
      SALE_CORPUS.forEach(([name], i) => {
        expect(errors.shown(i)[0], name).to.be.true;
        expect(errors.codes(i), name).to.deep.equal(['invalid_response']);
      });
      expectInert(els);
      await until(() => els.every((el) => el.phase === 'live'), 'never recovered', 6000);
      expectInert(els);
    } finally {
      errors.stop();
    }
  });

  it(`stats bodies (${STATS_CORPUS.length}): the live counter shows an error, stays inert, recovers`, async () => {
    const ids = STATS_CORPUS.map((_, i) => `s${i}`);
    const world = await createWorld({
      sales: ids.map((id) => saleFixture({ id })),
      stats: Object.fromEntries(ids.map((id) => [id, { gmv: 123_456, orders: 7 }])),
    });
    const good = await json(`${world.base}/sales/s0/stats`);
    await faultEach(
      world,
      STATS_CORPUS.map(([, bad], i) => ({
        method: 'GET',
        path: `/sales/s${i}/stats`,
        status: 200,
        body: body(bad, good),
      })),
    );
    const root = mount<HTMLDivElement>(
      html`<div>
        ${ids.map(
          (id, i) =>
            html`<saleday-live-counter
              sale=${id}
              metric=${i % 2 ? 'orders' : 'gmv'}
              locale="en"
              api=${world.base}
            ></saleday-live-counter>`,
        )}
      </div>`,
    );
    const els = Array.from(root.querySelectorAll<SaledayLiveCounter>('saleday-live-counter'));
    const errors = errorsOf(
      els,
      (el) => !!el.shadowRoot!.querySelector('[part="error"]') && el.value === undefined,
    );
    try {
      await until(
        () => els.every((_, i) => errors.shown(i).length),
        () =>
          `not every counter reported: ${STATS_CORPUS.filter((_, i) => !errors.codes(i).length)
            .map(([name]) => name)
            .join(', ')}`,
      );
      STATS_CORPUS.forEach(([name], i) => {
        expect(errors.shown(i)[0], name).to.be.true;
        expect(errors.codes(i), name).to.deep.equal(['invalid_response']);
      });
      expectInert(els);
      await until(() => els.every((el) => el.value !== undefined), 'never recovered', 6000);
      els.forEach((el, i) => expect(el.value).to.equal(i % 2 ? 7 : 123_456));
      expectInert(els);
    } finally {
      errors.stop();
    }
  });

  it('a stream of broken events: the counter keeps its number, then follows good ones', async () => {
    const timing = { ...liveTiming };
    configure({ live: 'stream' });
    Object.assign(liveTiming, { stall: 1000 });
    const world = await createWorld({
      sales: [saleFixture()],
      stats: { 'sale-1': { gmv: 100, orders: 3 } },
      chaos: { malformed: 1, paths: ['/sales/sale-1/stream'], seed: 5 },
    });
    try {
      const el = mount<SaledayLiveCounter>(
        html`<saleday-live-counter
          sale="sale-1"
          metric="orders"
          locale="en"
          api=${world.base}
        ></saleday-live-counter>`,
      );
      await until(() => el.value === 3, `never 3 (${el.value})`);
      await until(async () => (await world.chaos()).counts!.malformed > 0, 'no broken stream');
      await world.setChaos(null);
      await world.closeStreams(); // reconnects, resuming after the broken event
      await sleep(300);
      await world.setStats({ saleId: 'sale-1', orders: 9 });
      await until(() => el.target === 9, `never followed the stream (${el.target})`, 8000);
      expectInert([el]);
    } finally {
      configure({ live: 'off' });
      Object.assign(liveTiming, timing);
    }
  });
});
