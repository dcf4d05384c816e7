// Hostile pages: the widgets embedded in a page with aggressive global CSS (a reset that unsets
// buttons, `* { font-size: 30px !important }`, Tailwind's preflight), in a page that rewrites the
// platform before our script loads (fetch wrapped, enumerable junk on Array.prototype, polluted
// Object.prototype), and in a page in quirks mode. They must still render and work (a click where the
// pointer lands still orders), and leave the page's own elements as they were.
import { expect, html } from '@open-wc/testing';
import type { SaledayBuyButton } from '../../src/components/buy-button/buy-button.js';
import type { SaledayCountdown } from '../../src/components/countdown/countdown.js';
import type { SaledayDealCard } from '../../src/components/deal-card/deal-card.js';
import type { SaledayLiveCounter } from '../../src/components/live-counter/live-counter.js';
import '../../src/define/all.js';
import { createWorld, dealFixture, saleFixture, type World } from '../helpers/sim.js';
import {
  deepElements,
  injected,
  record,
  until,
  watchPage,
  WIDGET_TAGS,
  mount,
  unmountAll,
} from './helpers.js';

/** Global CSS of the kind shops ship, all at once. */
const HOSTILE_CSS = `
  /* A reset that unsets every button. */
  button { all: unset; }
  /* A theme that insists on its type scale, and a few more inherited properties. */
  * { font-size: 30px !important; letter-spacing: 0.2em !important; text-transform: uppercase; }
  /* Tailwind's preflight (v3), abridged. */
  *, ::before, ::after { box-sizing: border-box; border-width: 0; border-style: solid; border-color: #e5e7eb; }
  html { line-height: 1.5; -webkit-text-size-adjust: 100%; font-family: ui-sans-serif, system-ui, sans-serif; }
  body { margin: 0; line-height: inherit; }
  p, h1, h2, figure { margin: 0; }
  button, input, select { font-family: inherit; font-size: 100%; font-weight: inherit; line-height: inherit; color: inherit; margin: 0; padding: 0; }
  button, [type='button'] { -webkit-appearance: button; background-color: transparent; background-image: none; }
  :disabled { cursor: default; }
  img, svg, video { display: block; vertical-align: middle; max-width: 100%; height: auto; }
  [hidden] { display: none; }
  /* Selectors that would hit ours if they could. */
  [part], [role='status'], .card, .price, .title, .label { display: none !important; }
  div > span { visibility: hidden; }
`;

interface Widgets {
  countdown: SaledayCountdown;
  counter: SaledayLiveCounter;
  card: SaledayDealCard;
  button: SaledayBuyButton;
}

/** One of each widget (the card shows deal-1, the button buys deal-2), in `slot`. */
function mountAll(slot: Element, base: string): Widgets {
  const doc = slot.ownerDocument;
  const make = <T extends HTMLElement>(tag: string, attrs: Record<string, string>) => {
    const el = doc.createElement(tag) as T;
    for (const [name, value] of Object.entries({ locale: 'en', api: base, ...attrs })) {
      el.setAttribute(name, value);
    }
    slot.append(el);
    return el;
  };
  return {
    countdown: make<SaledayCountdown>('saleday-countdown', { sale: 'sale-1' }),
    counter: make<SaledayLiveCounter>('saleday-live-counter', { sale: 'sale-1' }),
    card: make<SaledayDealCard>('saleday-deal-card', { deal: 'deal-1' }),
    button: make<SaledayBuyButton>('saleday-buy-button', { deal: 'deal-2' }),
  };
}

const world = () =>
  createWorld({
    sales: [saleFixture()],
    deals: [dealFixture(), dealFixture({ id: 'deal-2' })],
    stats: { 'sale-1': { gmv: 98_765, orders: 4 } },
  });

const visible = (el: Element) => {
  const rect = el.getBoundingClientRect();
  return rect.width >= 8 && rect.height >= 8 && el.checkVisibility();
};
const part = (el: Element, name: string) => el.shadowRoot!.querySelector(`[part~="${name}"]`);
const inner = (button: SaledayBuyButton) => button.shadowRoot!.querySelector('button')!;

/** Every widget has loaded and shows what it should, visibly. */
async function expectRendered({ countdown, counter, card, button }: Widgets) {
  await until(
    () =>
      countdown.phase === 'live' &&
      counter.value === 98_765 &&
      part(card, 'price') &&
      button.state === 'ready',
    () => `never rendered: ${countdown.phase} ${counter.value} ${button.state}`,
  );
  await Promise.all([countdown, counter, card, button].map((el) => el.updateComplete));
  expect(visible(part(countdown, 'label')!), 'countdown label').to.be.true;
  expect(part(countdown, 'segment'), 'countdown segments').to.exist;
  expect(visible(part(counter, 'value')!), 'counter value').to.be.true;
  expect(part(counter, 'value')!.textContent).to.equal('$987.65');
  expect(visible(part(card, 'title')!), 'card title').to.be.true;
  expect(visible(part(card, 'price')!), 'card price').to.be.true;
  expect(part(card, 'price')!.textContent!.trim()).to.equal('$19.99');
  expect(visible(inner(button)), 'buy button').to.be.true;
  expect(part(button, 'label')!.textContent!.trim()).to.equal('Buy now');
  // The native button keeps our look: a filled, clickable button, as wide as its host.
  const style = getComputedStyle(inner(button));
  expect(style.backgroundColor, 'button background').not.to.equal('rgba(0, 0, 0, 0)');
  expect(style.cursor).to.equal('pointer');
  const host = button.getBoundingClientRect();
  const box = inner(button).getBoundingClientRect();
  expect(box.left, 'inside its host').to.be.at.least(host.left - 1);
  expect(box.right, 'inside its host').to.be.at.most(host.right + 1);
  for (const el of [countdown, counter, card, button]) {
    expect(injected(el.shadowRoot!, WIDGET_TAGS), el.localName).to.deep.equal([]);
  }
}

/**
 * Clicks the buy button where a pointer would: at the centre of its native button, on whatever
 * hit-testing finds there (it must be ours, through whatever the page put on top). A click event
 * rather than `sendMouse`, which hangs when the runner's page is in the background.
 */
function pointerClick(button: SaledayBuyButton) {
  button.scrollIntoView({ block: 'center' });
  const box = inner(button).getBoundingClientRect();
  const x = box.left + box.width / 2;
  const y = box.top + box.height / 2;
  // (Booleans only: a failing assertion must not serialize a node of a polluted realm.)
  const hit = button.ownerDocument.elementFromPoint(x, y);
  expect(hit === button, `under the pointer: ${hit?.localName}`).to.be.true;
  const target = button.shadowRoot!.elementFromPoint(x, y)!;
  expect(inner(button).contains(target), 'under the pointer, inside').to.be.true;
  const init = { bubbles: true, composed: true, cancelable: true, clientX: x, clientY: y };
  const view = button.ownerDocument.defaultView!;
  for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup']) {
    target.dispatchEvent(new view.PointerEvent(type, init));
  }
  target.dispatchEvent(new view.MouseEvent('click', { ...init, detail: 1 }));
}

async function expectOrders(w: World, button: SaledayBuyButton) {
  const ordered = record<{ orderId: string; checkoutUrl?: string }>('saleday-order', button);
  try {
    pointerClick(button);
    await until(
      () => button.state === 'ordered',
      () => `never ordered (${button.state})`,
    );
    const { orders } = await w.orders();
    expect(orders).to.have.length(1);
    expect(orders[0]!.status).to.equal('confirmed');
    expect(ordered.seen).to.have.length(1);
    return ordered.seen[0]!.detail;
  } finally {
    ordered.stop();
  }
}

/** Every computed style property of `el`. */
function styleOf(el: Element): Record<string, string> {
  const style = el.ownerDocument.defaultView!.getComputedStyle(el);
  return Object.fromEntries(Array.from(style, (name) => [name, style.getPropertyValue(name)]));
}

/** Elements of the page's own, to prove the widgets leave them alone. */
function pageElements(doc: Document) {
  const shop = doc.createElement('div');
  shop.style.width = '300px'; // its boxes must not depend on what the widgets do to the page
  shop.innerHTML = `<button type="button" class="shop-btn">Add to wishlist</button>
    <p class="shop-text">Free shipping over $50 <span>today</span></p>
    <a class="shop-link" href="https://shop.example/">Home</a>`;
  doc.body.prepend(shop);
  const els = Array.from(shop.querySelectorAll('*'));
  const before = els.map(styleOf);
  const head = doc.head.children.length;
  const sheets = doc.styleSheets.length + doc.adoptedStyleSheets.length;
  return {
    expectUntouched() {
      els.forEach((el, i) => expect(styleOf(el), el.className).to.deep.equal(before[i]));
      expect(doc.head.children.length, 'elements added to <head>').to.equal(head);
      expect(doc.styleSheets.length + doc.adoptedStyleSheets.length, 'page styles').to.equal(
        sheets,
      );
      expect(doc.documentElement.hasAttribute('dir')).to.be.false;
    },
    remove: () => shop.remove(),
  };
}

/** Loads a fixture page from `test/hostile/pages/` in an iframe and waits for its SDK. */
async function loadFrame(name: string) {
  const frame = mount<HTMLIFrameElement>(
    html`<iframe
      src=${`/test/hostile/pages/${name}`}
      style="border: 0; width: 760px; height: 540px"
    ></iframe>`,
  );
  const win = frame.contentWindow as (Window & { pageErrors?: string[] }) | null;
  await until(
    () => win?.saleday,
    () => `${name} never loaded the SDK: ${win?.pageErrors?.join('; ')}`,
    10_000,
  );
  return { frame, win: frame.contentWindow!, doc: frame.contentDocument! };
}

describe('hostile: pages', () => {
  let page: ReturnType<typeof watchPage>;
  beforeEach(() => (page = watchPage()));
  afterEach(() => {
    unmountAll();
    page.stop();
    expect(page.errors, 'exceptions that reached the page').to.deep.equal([]);
  });

  it('aggressive global CSS: renders, orders with a click, leaves the page alone', async () => {
    const style = document.createElement('style');
    style.textContent = HOSTILE_CSS;
    document.head.append(style);
    const shop = pageElements(document);
    try {
      const w = await world();
      const slot = mount<HTMLDivElement>(html`<div style="width: 420px"></div>`);
      const widgets = mountAll(slot, w.base);
      await expectRendered(widgets);
      // The page's rules reach the hosts only through inheritance: the theme's size and case.
      expect(getComputedStyle(widgets.button).fontSize).to.equal('30px');
      await expectOrders(w, widgets.button);
      shop.expectUntouched();
    } finally {
      shop.remove();
      style.remove();
    }
  });

  it('a page that wraps fetch and pollutes prototypes: still orders, never follows the junk', async () => {
    const { win, doc } = await loadFrame('globals.html');
    const errors = watchPage(win);
    const shop = pageElements(doc);
    try {
      // A waiting room: queued order bodies have no checkoutUrl of their own to shadow the junk.
      const w = await createWorld({
        sales: [saleFixture()],
        deals: [dealFixture(), dealFixture({ id: 'deal-2' })],
        stats: { 'sale-1': { gmv: 98_765, orders: 4 } },
        waitingRoom: { positions: 1, retryAfter: 0 },
      });
      const widgets = mountAll(doc.getElementById('slot')!, w.base);
      await expectRendered(widgets);
      const detail = await expectOrders(w, widgets.button);
      // The SDK went through the page's own fetch, and no polluted URL made it anywhere.
      const seen = (win as unknown as { seenFetches: string[] }).seenFetches;
      expect(seen.some((url) => url.startsWith(w.base))).to.be.true;
      expect(detail.checkoutUrl).to.match(/^https?:\/\//);
      // A confirmed answer without a checkout URL: the SDK must not pick up the page's polluted
      // one, neither into the event's detail (as its own field: what the page reads through its
      // own prototype is its business) nor into a "Go to checkout" line.
      await w.fault({
        method: 'POST',
        path: '/orders',
        status: 201,
        body: { orderId: 'ord_bare', status: 'confirmed', serverTime: Date.now() },
      });
      const bareButton =
        widgets.card.shadowRoot!.querySelector<SaledayBuyButton>('saleday-buy-button')!;
      const bare = record<{ checkoutUrl?: string }>('saleday-order', bareButton);
      inner(bareButton).click();
      await until(() => bare.seen.length === 1, 'the bare order never confirmed');
      bare.stop();
      expect(Object.hasOwn(bare.seen[0]!.detail, 'checkoutUrl'), 'detail.checkoutUrl').to.be.false;
      await bareButton.updateComplete;
      expect(part(bareButton, 'status')!.textContent).not.to.contain('Go to checkout');
      // A refusal without a sign-in URL: no sign-in link to wherever the prototype points.
      await w.fault({
        method: 'POST',
        path: '/orders',
        status: 401,
        body: { error: 'auth_required', message: 'Log in', serverTime: Date.now() },
      });
      const authButton = doc.createElement('saleday-buy-button') as SaledayBuyButton;
      for (const [name, value] of [
        ['deal', 'deal-1'],
        ['locale', 'en'],
        ['api', w.base],
      ]) {
        authButton.setAttribute(name!, value!);
      }
      doc.getElementById('slot')!.append(authButton);
      await until(
        () => authButton.state === 'ready',
        () => `never ready (${authButton.state})`,
      );
      inner(authButton).click();
      await until(
        () => authButton.state === 'auth',
        () => `never auth (${authButton.state})`,
      );
      await authButton.updateComplete;
      // (Not the hidden link to the product page, the button before JavaScript.)
      const signIn =
        authButton.shadowRoot!.querySelector('a:not(.fallback)')?.getAttribute('href') ?? null;
      expect(signIn, 'a sign-in link').to.equal(null);
      for (const el of deepElements(doc.body)) {
        for (const { name, value } of Array.from(el.attributes)) {
          expect(value, `<${el.localName} ${name}>`).not.to.match(/^\s*javascript:/i);
        }
      }
      expect((win as unknown as { __pwned?: string }).__pwned).to.be.undefined;
      expect(errors.errors).to.deep.equal([]);
      shop.expectUntouched();
    } finally {
      errors.stop();
    }
  });

  it('a page in quirks mode: renders and orders', async () => {
    const { win, doc } = await loadFrame('quirks.html');
    expect(doc.compatMode).to.equal('BackCompat');
    const errors = watchPage(win);
    const shop = pageElements(doc);
    try {
      const w = await world();
      const widgets = mountAll(doc.getElementById('slot')!, w.base);
      await expectRendered(widgets);
      await expectOrders(w, widgets.button);
      expect(errors.errors).to.deep.equal([]);
      shop.expectUntouched();
    } finally {
      errors.stop();
    }
  });
});
