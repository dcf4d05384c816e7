import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import '../../src/define/live-counter.js';
import type { SaledayLiveCounter } from '../../src/components/live-counter/live-counter.js';
import { serverClock } from '../../src/core/clock.js';
import { resolveClient } from '../../src/core/config.js';
import { frameSteps } from '../../src/core/frame-loop.js';
import { $stats } from '../../src/core/store.js';
import { createWorld, saleFixture, type World } from '../helpers/sim.js';
import '../helpers/translations.js';

/** Uncaught errors and rejections in the page: a widget must never throw into the host page. */
const uncaught: unknown[] = [];
const onError = (event: ErrorEvent) => uncaught.push(event.error ?? event.message);
const onRejection = (event: PromiseRejectionEvent) => uncaught.push(event.reason);

const part = (el: Element, name: string) =>
  el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const shown = (el: Element) => text(part(el, 'value'));
const base = (el: Element) => part(el, 'base')!;

async function world(currency = 'USD', stats = { gmv: 123_456, orders: 42 }) {
  return createWorld({
    sales: [saleFixture({ id: 's1', currency })],
    stats: { s1: stats },
    pollIntervalMs: 250,
  });
}

async function counter(
  w: World,
  attributes: { locale?: string; metric?: string; notation?: string } = {},
) {
  const { locale = 'en', metric = 'gmv', notation = 'standard' } = attributes;
  const el = await fixture<SaledayLiveCounter>(
    html`<saleday-live-counter
      sale="s1"
      api=${w.base}
      locale=${locale}
      metric=${metric}
      notation=${notation}
    ></saleday-live-counter>`,
  );
  await waitUntil(() => el.value !== undefined, 'stats never loaded', { timeout: 5000 });
  await el.updateComplete;
  return el;
}

/** Samples `value` on every animation frame until `stop()`. */
function sampler(el: SaledayLiveCounter) {
  const values: number[] = [];
  let running = true;
  const sample = () => {
    if (el.value !== undefined) values.push(el.value);
    if (running) requestAnimationFrame(sample);
  };
  requestAnimationFrame(sample);
  return {
    values,
    stop: () => {
      running = false;
      return values;
    },
  };
}

const nonDecreasing = (values: number[]) => values.every((v, i) => i === 0 || v >= values[i - 1]!);

describe('<saleday-live-counter>', () => {
  before(() => {
    // A hidden page (a background tab) runs no animation frames and pauses live feeds, as it
    // should: these tests need the runner to give each test page its own visible window.
    expect(
      document.visibilityState,
      'the test page is hidden: see createPage in the runner config',
    ).to.equal('visible');
  });

  beforeEach(async () => {
    serverClock.reset();
    uncaught.length = 0;
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
    await emulateMedia({ reducedMotion: 'no-preference' });
  });

  afterEach(async () => {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
    await emulateMedia({ reducedMotion: 'no-preference' });
    expect(uncaught, 'uncaught errors').to.deep.equal([]);
  });

  it('shows the sales total from a real server, in the sale currency', async () => {
    const el = await counter(await world());
    expect(shown(el)).to.equal('$1,234.56');
    expect(el.value).to.equal(123_456);
    expect(el.target).to.equal(123_456);
    expect(text(part(el, 'label'))).to.equal('Sales');
    // Focusable, named with the latest value, and no live region streaming numbers.
    expect(base(el).tabIndex).to.equal(0);
    expect(base(el).getAttribute('aria-label')).to.equal('Sales $1,234.56');
    expect(el.shadowRoot!.querySelector('[aria-live], [role="status"], [role="alert"]')).to.equal(
      null,
    );
    await expect(el).to.be.accessible();
  });

  it('shows the new sale, never the old one, when its sale attribute changes', async () => {
    const w = await createWorld({
      sales: [saleFixture({ id: 's1' }), saleFixture({ id: 's2' })],
      stats: { s1: { gmv: 900_000, orders: 90 }, s2: { gmv: 1_000, orders: 1 } },
      pollIntervalMs: 250,
    });
    const el = await counter(w);
    expect(shown(el)).to.equal('$9,000.00');
    el.sale = 's2';
    await el.updateComplete;
    // Not even for one render does it show the old sale's total under the new sale.
    expect(shown(el)).not.to.equal('$9,000.00');
    // A lower total than the old sale's is not "going backwards": it is another sale.
    await waitUntil(() => shown(el) === '$10.00', `still shows ${shown(el)}`, { timeout: 5000 });
    expect(el.value).to.equal(1_000);
    expect(el.target).to.equal(1_000);
  });

  it('shows the order count', async () => {
    const el = await counter(await world(), { metric: 'orders' });
    expect(shown(el)).to.equal('42');
    expect(text(part(el, 'label'))).to.equal('Orders');
    await expect(el).to.be.accessible();
  });

  it('shows yen without decimals', async () => {
    const el = await counter(await world('JPY', { gmv: 1_234_567, orders: 1 }), {
      locale: 'ja-JP',
    });
    expect(shown(el)).to.equal('￥1,234,567');
    expect(text(part(el, 'label'))).to.equal('売上');
  });

  it('uses Intl compact notation: 亿 in zh-CN, B in en', async () => {
    // ¥49.8 billion, in fen.
    const w = await world('CNY', { gmv: 4_980_000_000_000, orders: 1 });
    const zh = await counter(w, { locale: 'zh-CN', notation: 'compact' });
    expect(shown(zh)).to.equal('¥498亿');
    expect(base(zh).getAttribute('aria-label')).to.equal('成交额 ¥498亿');
    await expect(zh).to.be.accessible();
    const en = await counter(await world('USD', { gmv: 123_456_789_000, orders: 1 }), {
      notation: 'compact',
    });
    expect(shown(en)).to.equal('$1.2B');
  });

  it('is right to left in ar', async () => {
    const el = await counter(await world(), { locale: 'ar' });
    expect(el.getAttribute('dir')).to.equal('rtl');
    expect(text(part(el, 'label'))).to.equal('المبيعات');
    await expect(el).to.be.accessible();
  });

  it('glides toward new totals, never backwards and never past the latest report', async () => {
    const w = await world();
    const el = await counter(w);
    const store = $stats(resolveClient(w.base), 's1');
    const samples = sampler(el);
    // Rendering a frame rewrites nothing on the host (no restyle, nothing for the page's
    // MutationObservers): lang and dir are written only when they change.
    const hostMutations: string[] = [];
    const watch = new MutationObserver((records) =>
      records.forEach((record) => hostMutations.push(record.attributeName!)),
    );
    watch.observe(el, { attributes: true });
    await w.setStats({ saleId: 's1', gmv: 10_123_456 });
    await waitUntil(() => el.target === 10_123_456, 'the new total never arrived', {
      timeout: 5000,
    });
    expect(frameSteps(), 'animating on the shared frame loop').to.be.above(0);
    await w.setStats({ saleId: 's1', gmv: 20_123_456 });
    await waitUntil(() => el.value === 20_123_456, 'never reached the target', { timeout: 5000 });
    // A lower total (out of order) reaches the store but not the screen.
    await w.setStats({ saleId: 's1', gmv: 5_000_000 });
    await waitUntil(() => store.get().data?.gmv.amount === 5_000_000, 'lower total never polled');
    await el.updateComplete;
    await aTimeout(300);
    const values = samples.stop();
    watch.disconnect();
    expect(hostMutations).to.deep.equal([]);
    expect(el.value).to.equal(20_123_456);
    expect(el.target).to.equal(20_123_456);
    expect(shown(el)).to.equal('$201,234.56');
    expect(nonDecreasing(values), 'never backwards').to.be.true;
    expect(Math.max(...values)).to.equal(20_123_456);
    // It animated: frames showed values between the reports.
    const between = values.filter((v) => v > 123_456 && v < 20_123_456 && v !== 10_123_456);
    expect(between.length).to.be.above(2);
    await waitUntil(() => frameSteps() === 0, 'the frame loop did not stop');
  });

  it('runs one animation frame loop for all counters', async () => {
    const els = await Promise.all(
      Array.from({ length: 6 }, () =>
        fixture<SaledayLiveCounter>(
          html`<saleday-live-counter reported="0"></saleday-live-counter>`,
        ),
      ),
    );
    const original = window.requestAnimationFrame;
    let calls = 0;
    window.requestAnimationFrame = (callback) => {
      calls++;
      return original.call(window, callback);
    };
    try {
      // A second report 1.5 s after the first: each animation lasts about that long.
      await aTimeout(1500);
      els.forEach((el) => (el.reported = 1_000_000));
      await Promise.all(els.map((el) => el.updateComplete));
      expect(frameSteps()).to.equal(6);
      let frames = 0;
      const start = calls;
      await new Promise<void>((resolve) => {
        const count = () => (++frames < 10 ? original.call(window, count) : resolve());
        original.call(window, count);
      });
      // One loop: at most one request a frame (it asks for the frames of its beat only), not
      // six.
      expect(calls - start).to.be.within(1, 10);
    } finally {
      window.requestAnimationFrame = original;
    }
  });

  it('draws every counter on the same frames, even those that started a frame apart', async () => {
    const [first, second] = await Promise.all(
      [0, 1].map(() =>
        fixture<SaledayLiveCounter>(
          html`<saleday-live-counter reported="0" locale="en"></saleday-live-counter>`,
        ),
      ),
    );
    // The frames (their requestAnimationFrame timestamps) on which each counter's number changed.
    const drawnOn = [first!, second!].map((el) => {
      const frames = new Set<number>();
      new MutationObserver(() => frames.add(document.timeline.currentTime as number)).observe(
        part(el, 'value')!,
        { characterData: true, childList: true, subtree: true },
      );
      return frames;
    });
    // Each glides over about the time since its previous value (1.5 s), the second one
    // starting on the frame after the first.
    await aTimeout(1500);
    first!.reported = 1_000_000;
    // The first frame after the first counter's first draw (callbacks run in the order asked).
    while (!drawnOn[0]!.size) await new Promise(requestAnimationFrame);
    second!.reported = 1_000_000;
    await aTimeout(1000);
    const [firstFrames, secondFrames] = drawnOn.map((frames) => [...frames]);
    expect(firstFrames.length, 'frames drawn by the first').to.be.above(3);
    expect(secondFrames.length, 'frames drawn by the second').to.be.above(3);
    // One beat for the page: the second drew on no frame of its own.
    expect(secondFrames.filter((frame) => !drawnOn[0]!.has(frame))).to.deep.equal([]);
  });

  it('jumps instead of animating with prefers-reduced-motion', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    const el = await fixture<SaledayLiveCounter>(
      html`<saleday-live-counter reported="100" locale="en"></saleday-live-counter>`,
    );
    const samples = sampler(el);
    el.reported = 1_000_000;
    await el.updateComplete;
    expect(el.value).to.equal(1_000_000);
    expect(frameSteps()).to.equal(0);
    await aTimeout(200);
    expect(samples.stop().every((v) => v === 100 || v === 1_000_000)).to.be.true;
    expect(shown(el)).to.equal('1,000,000');
  });

  it('freezes while paused and catches up when resumed', async () => {
    const el = await fixture<SaledayLiveCounter>(
      html`<saleday-live-counter
        reported="100"
        currency="EUR"
        locale="en"
        paused
      ></saleday-live-counter>`,
    );
    expect(shown(el)).to.equal('€1.00');
    el.reported = 50_000;
    await el.updateComplete;
    await aTimeout(400);
    expect(el.value).to.equal(100);
    expect(el.target).to.equal(50_000);
    expect(shown(el)).to.equal('€1.00');
    el.paused = false;
    await waitUntil(() => el.value === 50_000, 'never caught up', { timeout: 4000 });
    expect(shown(el)).to.equal('€500.00');
  });

  it('has a keyboard-operable pause button with aria-pressed', async () => {
    const el = await fixture<SaledayLiveCounter>(
      html`<saleday-live-counter reported="7" controls locale="en"></saleday-live-counter>`,
    );
    const button = part(el, 'control') as HTMLButtonElement;
    expect(button.localName).to.equal('button');
    expect(button.getAttribute('aria-pressed')).to.equal('false');
    expect(text(button)).to.equal('Pause');
    await expect(el).to.be.accessible();
    button.focus();
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(el.paused).to.be.true;
    expect(el.hasAttribute('paused')).to.be.true;
    expect(button.getAttribute('aria-pressed')).to.equal('true');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.paused).to.be.false;
  });

  it('refreshes its accessible name on focus, not while focused', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    const el = await fixture<SaledayLiveCounter>(
      html`<saleday-live-counter reported="10" locale="en" metric="orders"></saleday-live-counter>`,
    );
    base(el).focus();
    await el.updateComplete;
    expect(base(el).getAttribute('aria-label')).to.equal('Orders 10');
    el.reported = 20;
    await el.updateComplete;
    expect(shown(el)).to.equal('20');
    expect(base(el).getAttribute('aria-label'), 'no stream while focused').to.equal('Orders 10');
    base(el).blur();
    base(el).focus();
    await el.updateComplete;
    expect(base(el).getAttribute('aria-label')).to.equal('Orders 20');
  });

  it('shows a stale hint while updates fail, and recovers', async () => {
    const w = await world();
    const el = await counter(w);
    // The live stream drops and neither it nor polling can get through.
    await w.fault([
      { method: 'GET', path: '/sales/s1/stream', status: 503, times: 1000 },
      { method: 'GET', path: '/sales/s1/stats', status: 503, times: 1000 },
    ]);
    await w.closeStreams();
    await waitUntil(() => part(el, 'stale'), 'never marked stale', { timeout: 10000 });
    expect(text(part(el, 'stale'))).to.equal('Reconnecting…');
    expect(base(el).getAttribute('aria-describedby')).to.equal('stale');
    expect(shown(el), 'the last good total stays').to.equal('$1,234.56');
    await expect(el).to.be.accessible();
    await w.clearFaults();
    await waitUntil(() => !part(el, 'stale'), 'never recovered', { timeout: 15000 });
  });

  it('shows the error state for a malformed body without throwing, then recovers', async () => {
    const w = await world();
    await w.fault({ method: 'GET', path: '/sales/s1/stats', status: 200, body: '{"gmv": {' });
    const el = document.createElement('saleday-live-counter');
    const error = oneEvent(el, 'saleday-error');
    el.setAttribute('sale', 's1');
    el.setAttribute('api', w.base);
    el.setAttribute('locale', 'en');
    await fixture(el);
    expect((await error).detail.code).to.equal('invalid_response');
    await el.updateComplete;
    expect(el.value).to.equal(undefined);
    expect(text(part(el, 'error'))).to.equal('Something went wrong');
    expect(base(el).getAttribute('aria-label')).to.equal('Sales Something went wrong');
    expect(text(base(el))).not.to.match(/NaN|undefined/);
    await expect(el).to.be.accessible();
    await waitUntil(() => el.value === 123_456, 'never recovered', { timeout: 8000 });
    await el.updateComplete;
    expect(part(el, 'error')).to.equal(null);
  });

  it('reports a missing API and a bad currency without throwing', async () => {
    const noApi = document.createElement('saleday-live-counter');
    const error = oneEvent(noApi, 'saleday-error');
    noApi.setAttribute('sale', 's1');
    await fixture(noApi);
    expect((await error).detail.code).to.equal('invalid_config');
    expect(text(part(noApi, 'error'))).to.equal('Something went wrong');

    const badCurrency = document.createElement('saleday-live-counter');
    const invalid = oneEvent(badCurrency, 'saleday-error');
    badCurrency.setAttribute('currency', 'dollars');
    badCurrency.setAttribute('reported', '5');
    await fixture(badCurrency);
    expect((await invalid).detail.code).to.equal('invalid_config');
    expect(text(part(badCurrency, 'error'))).to.equal('Something went wrong');
  });
});
