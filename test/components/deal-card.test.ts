import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/define/buy-button.js';
import '../../src/define/deal-card.js';
import type { SaledayBuyButton } from '../../src/components/buy-button/buy-button.js';
import type { SaledayDealCard } from '../../src/components/deal-card/deal-card.js';
import {
  createWorld,
  dealFixture,
  saleFixture,
  type DealFixture,
  type SaleFixture,
  type World,
} from '../helpers/sim.js';
import '../helpers/translations.js';

/** A world with one sale and one deal, and a card for that deal in a 280px column. */
async function setup(
  deal: Partial<DealFixture> = {},
  { sale, locale = 'en' }: { sale?: Partial<SaleFixture>; locale?: string } = {},
) {
  const world = await createWorld({ sales: [saleFixture(sale)], deals: [dealFixture(deal)] });
  const wrapper = await fixture<HTMLDivElement>(
    html`<div style="width: 280px">
      <saleday-deal-card deal="deal-1" locale=${locale} api=${world.base}></saleday-deal-card>
    </div>`,
  );
  const el = wrapper.querySelector<SaledayDealCard>('saleday-deal-card')!;
  return { world, el };
}

const part = <T extends Element = HTMLElement>(el: SaledayDealCard, name: string) =>
  el.shadowRoot!.querySelector<T>(`[part~="${name}"]`);
const text = (el: SaledayDealCard, name: string) => part(el, name)?.textContent?.trim();
const ready = (el: SaledayDealCard) =>
  waitUntil(() => part(el, 'price'), 'the deal never rendered', { timeout: 8000 });
const innerButton = (el: SaledayDealCard) =>
  el.shadowRoot!.querySelector<SaledayBuyButton>('saleday-buy-button')!;

/** A contract deal body, as the API would send it. */
async function dealBody(world: World) {
  return (await (await fetch(`${world.base}/deals/deal-1`)).json()) as Record<string, unknown>;
}

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

describe('<saleday-deal-card>', () => {
  it('renders a USD deal from a real server: price, list price, discount, claimed stock', async () => {
    const { el } = await setup({
      title: 'Noise-Cancelling Headphones',
      price: { amount: 1999, currency: 'USD' },
      listPrice: { amount: 2999, currency: 'USD' },
      stock: { total: 100, remaining: 13 },
    });
    await ready(el);
    expect(text(el, 'title')).to.equal('Noise-Cancelling Headphones');
    expect(text(el, 'price')).to.equal('$19.99');
    expect(text(el, 'list-price')).to.equal('$29.99');
    expect(text(el, 'discount')).to.equal('33% off');
    expect(text(el, 'stock')).to.contain('87% claimed').and.to.contain('13 left');
    const bar = part<HTMLProgressElement>(el, 'bar')!;
    expect(bar.value).to.equal(87);
    expect(bar.max).to.equal(100);
    expect(bar.getAttribute('aria-label')).to.equal('87% claimed');
    const link = part(el, 'title')!.querySelector('a')!;
    expect(link.href).to.equal('https://shop.example/deals/deal-1');
    expect(link.rel).to.equal('noopener');
    await expect(el).to.be.accessible();
  });

  it('loads its image lazily with its box reserved', async () => {
    const { el } = await setup({ title: 'Watch' });
    await ready(el);
    const image = part<HTMLImageElement>(el, 'image')!;
    expect(image.localName).to.equal('img');
    expect(image.alt).to.equal('Watch');
    expect(image.getAttribute('loading')).to.equal('lazy');
    expect(image.getAttribute('decoding')).to.equal('async');
    expect(image.getAttribute('width')).to.match(/^\d+$/);
    expect(image.getAttribute('height')).to.match(/^\d+$/);
    expect(getComputedStyle(image).aspectRatio).to.not.equal('auto');
  });

  it('shows a skeleton of the same size while loading', async () => {
    const world = await createWorld({ sales: [saleFixture()], deals: [dealFixture()] });
    await world.fault({ method: 'GET', path: '/deals/deal-1', delayMs: 1500 });
    const wrapper = await fixture<HTMLDivElement>(
      html`<div style="width: 280px">
        <saleday-deal-card deal="deal-1" locale="en" api=${world.base}></saleday-deal-card>
      </div>`,
    );
    const el = wrapper.querySelector<SaledayDealCard>('saleday-deal-card')!;
    const base = part(el, 'base')!;
    expect(base.getAttribute('aria-busy')).to.equal('true');
    expect(part(el, 'price')).to.be.null;
    // As drawn: with content-visibility: auto, a layout forced before the first frame still
    // uses the card's intrinsic size.
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const loadingHeight = el.getBoundingClientRect().height;
    await expect(el).to.be.accessible();
    await ready(el);
    await waitUntil(() => innerButton(el).state === 'ready', 'button never ready');
    expect(el.getBoundingClientRect().height).to.be.closeTo(loadingHeight, 0.5);
  });

  it('formats yen without decimals in ja-JP', async () => {
    const { el } = await setup(
      { price: { amount: 6980, currency: 'JPY' }, listPrice: { amount: 12000, currency: 'JPY' } },
      { sale: { currency: 'JPY' }, locale: 'ja-JP' },
    );
    await ready(el);
    expect(text(el, 'price')).to.match(/^[¥￥]6,980$/);
    expect(text(el, 'list-price')).to.match(/^[¥￥]12,000$/);
    expect(el.getAttribute('lang')).to.equal('ja-JP');
  });

  it('formats Kuwaiti dinars with three decimals', async () => {
    const { el } = await setup(
      { price: { amount: 18500, currency: 'KWD' }, listPrice: { amount: 29750, currency: 'KWD' } },
      { sale: { currency: 'KWD' } },
    );
    await ready(el);
    expect(text(el, 'price')).to.contain('18.500');
    expect(text(el, 'list-price')).to.contain('29.750');
    expect(text(el, 'discount')).to.equal('37% off');
  });

  it('lays out right to left in Arabic', async () => {
    const { el } = await setup({}, { locale: 'ar' });
    await ready(el);
    expect(el.getAttribute('dir')).to.equal('rtl');
    expect(getComputedStyle(part(el, 'base')!).direction).to.equal('rtl');
    const price = new Intl.NumberFormat('ar', { style: 'currency', currency: 'USD' }).format(19.99);
    expect(text(el, 'price')).to.equal(price);
    expect(innerButton(el).locale).to.equal('ar');
    await expect(el).to.be.accessible();
  });

  it('shows no discount when the list price is not higher', async () => {
    const { el } = await setup({
      price: { amount: 1999, currency: 'USD' },
      listPrice: { amount: 1999, currency: 'USD' },
    });
    await ready(el);
    expect(part(el, 'discount')).to.be.null;
    expect(part(el, 'list-price')).to.be.null;
  });

  it('shows a sold-out deal', async () => {
    const { el } = await setup({ stock: { total: 40, remaining: 0 } });
    await ready(el);
    expect(el.shadowRoot!.querySelector('.sold-out')!.textContent).to.equal('Sold out');
    expect(text(el, 'stock')).to.contain('100% claimed').and.to.contain('0 left');
    await waitUntil(() => innerButton(el).state === 'sold-out', 'button not sold out');
    await expect(el).to.be.accessible();
  });

  it('follows live stock updates', async () => {
    const { el, world } = await setup({ stock: { total: 200, remaining: 200 } });
    await ready(el);
    expect(text(el, 'stock')).to.contain('0% claimed');
    await streaming(world);
    await world.setStock({ dealId: 'deal-1', remaining: 50 });
    await waitUntil(() => text(el, 'stock')!.includes('75% claimed'), 'no live update', {
      timeout: 10_000,
    });
    expect(text(el, 'stock')).to.contain('50 left');
    expect(part<HTMLProgressElement>(el, 'bar')!.value).to.equal(75);
  });

  it('renders a hostile title as text', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    // A blocking alert() would hang the test page: record it instead.
    const alerts: unknown[] = [];
    const { alert } = window;
    window.alert = (message?: unknown) => void alerts.push(message);
    try {
      const { el } = await setup({ title: hostile });
      await ready(el);
      await aTimeout(200);
      expect(text(el, 'title')).to.equal(hostile);
      expect(el.shadowRoot!.querySelectorAll('img')).to.have.length(1);
      expect(part<HTMLImageElement>(el, 'image')!.alt).to.equal(hostile);
      expect(alerts).to.be.empty;
    } finally {
      window.alert = alert;
    }
  });

  it('rejects a javascript: URL: error state and saleday-error, no link', async () => {
    const world = await createWorld({ sales: [saleFixture()], deals: [dealFixture()] });
    const body = { ...(await dealBody(world)), url: 'javascript:alert(1)' };
    await world.fault({ method: 'GET', path: '/deals/deal-1', status: 200, body, times: 20 });
    const errors: CustomEvent[] = [];
    const listener = (event: Event) => errors.push(event as CustomEvent);
    document.addEventListener('saleday-error', listener);
    const el = await fixture<SaledayDealCard>(
      html`<saleday-deal-card deal="deal-1" locale="en" api=${world.base}></saleday-deal-card>`,
    );
    await waitUntil(() => el.shadowRoot!.querySelector('.unavailable'), 'no error state');
    document.removeEventListener('saleday-error', listener);
    expect(el.shadowRoot!.textContent).to.contain('Deal unavailable');
    expect(el.shadowRoot!.textContent).to.contain('This deal is not available right now.');
    expect(el.shadowRoot!.textContent, 'no diagnosis for shoppers').not.to.contain('url');
    expect(el.shadowRoot!.querySelector('a')).to.be.null;
    expect(errors.length).to.be.at.least(1);
    expect(errors[0]!.detail.code).to.equal('invalid_response');
    expect(errors[0]!.detail.message, 'the diagnosis for developers').to.contain('url');
    await expect(el).to.be.accessible();
  });

  it('reports a deal that does not exist', async () => {
    const world = await createWorld({ sales: [saleFixture()], deals: [dealFixture()] });
    const el = document.createElement('saleday-deal-card');
    el.deal = 'missing';
    el.api = world.base;
    const failed = oneEvent(el, 'saleday-error');
    document.body.append(el);
    try {
      expect((await failed).detail.code).to.equal('not_found');
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('.unavailable')).to.exist;
    } finally {
      el.remove();
    }
  });

  it('reports a missing API once and says so', async () => {
    const errors: CustomEvent[] = [];
    const listener = (event: Event) => errors.push(event as CustomEvent);
    document.addEventListener('saleday-error', listener);
    const el = await fixture<SaledayDealCard>(
      html`<saleday-deal-card deal="deal-1" locale="en"></saleday-deal-card>`,
    );
    el.requestUpdate();
    await el.updateComplete;
    await aTimeout(100);
    document.removeEventListener('saleday-error', listener);
    expect(errors).to.have.length(1);
    expect(errors[0]!.detail.code).to.equal('invalid_config');
    expect(errors[0]!.detail.message).to.contain('no API configured');
    const shown = el.shadowRoot!.querySelector('.unavailable')!.textContent;
    expect(shown).to.contain('This deal is not available right now.');
    expect(shown, 'no diagnosis for shoppers').not.to.contain('API');
  });

  it('replaces an image that fails to load with a placeholder', async () => {
    const { el } = await setup({ title: 'Lamp', imageUrl: 'http://127.0.0.1:9/none.png' });
    await ready(el);
    await waitUntil(() => part(el, 'image')!.localName !== 'img', 'no placeholder', {
      timeout: 8000,
    });
    const placeholder = part(el, 'image')!;
    expect(placeholder.getAttribute('role')).to.equal('img');
    expect(placeholder.getAttribute('aria-label')).to.equal('Lamp');
    expect(el.shadowRoot!.querySelector('img')).to.be.null;
    expect(placeholder.getBoundingClientRect().height).to.be.greaterThan(100);
    await expect(el).to.be.accessible();
  });

  it('holds a buy button for the deal, replaceable through the action slot', async () => {
    const { el, world } = await setup();
    await ready(el);
    const inner = innerButton(el);
    expect(inner.deal).to.equal('deal-1');
    expect(inner.api).to.equal(world.base);
    expect(inner.locale).to.equal('en');
    expect(inner.parentElement!.localName).to.equal('slot');
    await waitUntil(() => inner.state === 'ready', 'inner button never ready');

    const own = await fixture<SaledayDealCard>(
      html`<saleday-deal-card deal="deal-1" locale="en" api=${world.base}
        ><button slot="action">Add to wishlist</button></saleday-deal-card
      >`,
    );
    await ready(own);
    const slot = own.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="action"]')!;
    expect(slot.assignedElements().map((e) => e.textContent)).to.deep.equal(['Add to wishlist']);
    expect(innerButton(own).getClientRects()).to.have.length(0);
  });
});
