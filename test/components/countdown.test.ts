import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/define/countdown.js';
import type { SaledayCountdown } from '../../src/components/countdown/countdown.js';
import { serverClock } from '../../src/core/clock.js';
import { configure } from '../../src/core/config.js';
import { createWorld, saleFixture, type SaleFixture, type World } from '../helpers/sim.js';
import '../helpers/translations.js';

const HOUR = 3_600_000;

/** Uncaught errors and rejections in the page: a widget must never throw into the host page. */
const uncaught: unknown[] = [];
const onError = (event: ErrorEvent) => uncaught.push(event.error ?? event.message);
const onRejection = (event: PromiseRejectionEvent) => uncaught.push(event.reason);

const part = (el: Element, name: string) =>
  el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const parts = (el: Element, name: string) => [
  ...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`),
];
const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const status = (el: Element) => text(el.shadowRoot!.querySelector('[role="status"]'));
/** Units shown, in order, such as `['hours', 'minutes', 'seconds']`. */
const units = (el: Element) => parts(el, 'unit').map((unit) => text(unit));

async function world(sale: Partial<SaleFixture>, options: { clockOffsetMs?: number } = {}) {
  return createWorld({
    sales: [saleFixture({ id: 's1', name: 'Singles Day', ...sale })],
    ...options,
  });
}

async function countdown(world: World, locale = 'en', extra = '') {
  const el = await fixture<SaledayCountdown>(
    html`<saleday-countdown
      sale="s1"
      api=${world.base}
      locale=${locale}
      ?compact=${extra === 'compact'}
    ></saleday-countdown>`,
  );
  await waitUntil(() => el.phase !== undefined, 'the sale never loaded', { timeout: 5000 });
  return el;
}

/** Records the `saleday-started` / `saleday-ended` events an element fires. */
function record(el: Element) {
  const events: { type: string; detail: unknown }[] = [];
  for (const type of ['saleday-started', 'saleday-ended']) {
    el.addEventListener(type, (event) => {
      const { bubbles, composed } = event;
      events.push({ type, detail: { ...(event as CustomEvent).detail, bubbles, composed } });
    });
  }
  return events;
}

describe('<saleday-countdown>', () => {
  before(() => {
    // The page's one ticker rests while the page is hidden (a background tab), as it should:
    // these tests need the runner to give each test page its own visible window.
    expect(
      document.visibilityState,
      'the test page is hidden: see createPage in the runner config',
    ).to.equal('visible');
  });

  beforeEach(() => {
    // Each test has its own world (and clock): start from an unsynced page clock.
    serverClock.reset();
    uncaught.length = 0;
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
  });

  afterEach(() => {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
    expect(uncaught, 'uncaught errors').to.deep.equal([]);
    configure({ api: undefined, locale: undefined });
  });

  it('counts down to the start of a scheduled sale from a real server', async () => {
    const el = await countdown(await world({ startInMs: 3 * HOUR + 5 * 60_000 }));
    expect(el.phase).to.equal('scheduled');
    expect(el.remaining).to.be.within(3 * HOUR + 3 * 60_000, 3 * HOUR + 5 * 60_000);
    expect(text(part(el, 'label'))).to.equal('Starts in');
    const timer = el.shadowRoot!.querySelector('[role="timer"]')!;
    expect(timer.getAttribute('aria-live')).to.equal('off');
    expect(timer.getAttribute('aria-label')).to.equal('Starts in');
    // No days segment while there are none; units come from Intl.
    expect(units(el)).to.have.length(3);
    ['hour', 'minute', 'second'].forEach((unit, i) =>
      expect(units(el)[i]).to.match(new RegExp(`^${unit}s?$`)),
    );
    expect(text(parts(el, 'value')[0]!)).to.equal('03');
    expect(text(el.shadowRoot!.querySelector('[part~="base"]'))).not.to.match(/NaN|undefined/);
    await expect(el).to.be.accessible();
  });

  it('shows a leading days segment only when there are days left', async () => {
    const el = await countdown(await world({ startInMs: 2 * 24 * HOUR + HOUR }));
    expect(units(el)).to.have.length(4);
    expect(units(el)[0]).to.equal('days');
    expect(text(parts(el, 'value')[0]!)).to.equal('2');
  });

  it('counts down to the end of a live sale without firing on first render', async () => {
    // Half a minute from a minute boundary, so the coarse status has no reason to change.
    const w = await world({ startInMs: -60_000, durationMs: HOUR + 30_000 });
    const el = await fixture<SaledayCountdown>(
      html`<saleday-countdown sale="s1" api=${w.base} locale="en"></saleday-countdown>`,
    );
    const events = record(el);
    await waitUntil(() => el.phase !== undefined, 'the sale never loaded');
    expect(el.phase).to.equal('live');
    expect(text(part(el, 'label'))).to.equal('Ends in');
    expect(el.remaining).to.be.within(HOUR - 32_000, HOUR - 29_000);
    await aTimeout(1200);
    expect(events).to.deep.equal([]);
    expect(status(el), 'the status stays quiet on first render').to.equal('');
    await expect(el).to.be.accessible();
  });

  it('names the next window between two windows', async () => {
    const el = await countdown(
      await world({
        windows: [
          { id: 'morning', name: 'Morning', startInMs: -2 * HOUR, durationMs: HOUR },
          { id: 'evening', name: 'Evening', startInMs: 30 * 60_000, durationMs: HOUR },
        ],
      }),
    );
    expect(el.phase).to.equal('between');
    expect(text(part(el, 'label'))).to.equal('Evening opens in');
    expect(el.remaining).to.be.within(28 * 60_000, 30 * 60_000);
    await expect(el).to.be.accessible();
  });

  it('shows that an ended sale has ended, with nothing left and no event', async () => {
    const w = await world({ startInMs: -2 * HOUR, durationMs: HOUR });
    const el = await fixture<SaledayCountdown>(
      html`<saleday-countdown sale="s1" api=${w.base}></saleday-countdown>`,
    );
    const events = record(el);
    await waitUntil(() => el.phase !== undefined, 'the sale never loaded');
    expect(el.phase).to.equal('ended');
    expect(el.remaining).to.equal(0);
    expect(text(part(el, 'ended'))).to.equal('Sale ended');
    expect(el.shadowRoot!.querySelector('[role="timer"]')).to.equal(null);
    await aTimeout(1200);
    expect(events).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('flips to live and then to ended while open, firing each event once', async () => {
    const el = await countdown(await world({ startInMs: 1500, durationMs: 2000 }));
    const events = record(el);
    expect(el.phase).to.equal('scheduled');
    const started = await oneEvent(el, 'saleday-started');
    expect(started.detail).to.deep.equal({ windowId: 's1', windowName: 'Singles Day' });
    expect(el.phase).to.equal('live');
    expect(text(part(el, 'label'))).to.equal('Ends in');
    expect(status(el), 'the phase change is announced politely').to.match(/^Ends in \d+ minutes?$/);
    await oneEvent(el, 'saleday-ended');
    expect(el.phase).to.equal('ended');
    expect(text(part(el, 'ended'))).to.equal('Sale ended');
    expect(status(el)).to.equal('Sale ended');
    await aTimeout(1500);
    expect(events).to.deep.equal([
      {
        type: 'saleday-started',
        detail: { windowId: 's1', windowName: 'Singles Day', bubbles: true, composed: true },
      },
      {
        type: 'saleday-ended',
        detail: { windowId: 's1', windowName: 'Singles Day', bubbles: true, composed: true },
      },
    ]);
  });

  it('fires for each window of a multi-window sale', async () => {
    const el = await countdown(
      await world({
        windows: [
          { id: 'w1', name: 'First', startInMs: -HOUR, durationMs: HOUR + 1200 },
          { id: 'w2', name: 'Second', startInMs: 2500, durationMs: HOUR },
        ],
      }),
    );
    const events = record(el);
    expect(el.phase).to.equal('live');
    await oneEvent(el, 'saleday-ended');
    expect(el.phase).to.equal('between');
    expect(text(part(el, 'label'))).to.equal('Second opens in');
    await oneEvent(el, 'saleday-started');
    expect(el.phase).to.equal('live');
    expect(
      events.map(({ type, detail }) => [type, (detail as { windowId: string }).windowId]),
    ).to.deep.equal([
      ['saleday-ended', 'w1'],
      ['saleday-started', 'w2'],
    ]);
  });

  it("shows the server's countdown when the visitor's clock is hours off", async () => {
    // The server is 5 hours ahead of this page's clock; the sale starts 90 s from the server's now.
    const w = await world({ startInMs: 90_000 }, { clockOffsetMs: 5 * HOUR });
    const el = await countdown(w);
    expect(el.phase).to.equal('scheduled');
    expect(el.remaining).to.be.within(80_000, 90_000);
    const values = parts(el, 'value').map((value) => text(value));
    expect(values.slice(0, 2)).to.deep.equal(['00', '01']);
    // On the visitor's own clock it would be more than 5 hours away.
    expect(
      Date.parse((await (await fetch(`${w.base}/sales/s1`)).json()).startsAt) - Date.now(),
    ).to.be.above(5 * HOUR);
  });

  it('reads right to left with Arabic words and localized digits in ar', async () => {
    const w = await world({ startInMs: 3 * HOUR });
    const el = await countdown(w, 'ar');
    expect(el.getAttribute('dir')).to.equal('rtl');
    expect(text(part(el, 'label'))).to.equal('يبدأ خلال');
    expect(units(el)[0]).to.match(/ساع/);
    await expect(el).to.be.accessible();
    // Egyptian Arabic writes Arabic-Indic digits.
    el.locale = 'ar-EG';
    await el.updateComplete;
    expect(el.getAttribute('dir')).to.equal('rtl');
    expect(text(parts(el, 'value')[0]!)).to.equal('٠٣');
  });

  it('uses Japanese labels and units in ja-JP', async () => {
    const el = await countdown(await world({ startInMs: 3 * HOUR }), 'ja-JP');
    expect(el.getAttribute('dir')).to.equal('ltr');
    expect(text(part(el, 'label'))).to.equal('開始まで');
    expect(units(el)).to.deep.equal(['時間', '分', '秒']);
    await expect(el).to.be.accessible();
  });

  it('uses narrow units when compact', async () => {
    const el = await countdown(await world({ startInMs: 3 * HOUR }), 'en', 'compact');
    expect(units(el)[0]).to.equal('h');
    for (const unit of units(el)) expect(unit).to.have.length.below(4);
    await expect(el).to.be.accessible();
  });

  it('counts down to an until date without any API', async () => {
    const until = new Date(Date.now() + 2 * HOUR).toISOString();
    const el = await fixture<SaledayCountdown>(
      html`<saleday-countdown until=${until} locale="en"></saleday-countdown>`,
    );
    expect(el.phase).to.equal('live');
    expect(text(part(el, 'label'))).to.equal('Ends in');
    expect(text(parts(el, 'value')[0]!)).to.match(/^0[12]$/);
    await expect(el).to.be.accessible();
  });

  it('fires saleday-ended when an until date passes', async () => {
    const until = new Date(Date.now() + 1200).toISOString();
    const el = await fixture<SaledayCountdown>(
      html`<saleday-countdown until=${until}></saleday-countdown>`,
    );
    expect(el.phase).to.equal('live');
    const ended = await oneEvent(el, 'saleday-ended');
    expect(ended.detail.windowId).to.equal('until');
    expect(el.phase).to.equal('ended');
  });

  it('shows an accessible fallback for a bad until date', async () => {
    const errors: CustomEvent[] = [];
    const el = document.createElement('saleday-countdown');
    el.addEventListener('saleday-error', (event) => errors.push(event as CustomEvent));
    el.setAttribute('until', 'next tuesday');
    await fixture(el);
    expect(el.phase).to.equal(undefined);
    expect(text(part(el, 'error'))).to.equal('Something went wrong');
    expect(errors.map((event) => event.detail.code)).to.deep.equal(['invalid_config']);
    await aTimeout(1100);
    expect(errors, 'reported once').to.have.length(1);
    await expect(el).to.be.accessible();
  });

  it('reports a missing API without throwing', async () => {
    const el = document.createElement('saleday-countdown');
    const error = oneEvent(el, 'saleday-error');
    el.setAttribute('sale', 's1');
    await fixture(el);
    expect((await error).detail.code).to.equal('invalid_config');
    expect(text(part(el, 'error'))).to.equal('Something went wrong');
  });

  it('shows the error state for a malformed body, then recovers when the data comes back', async () => {
    const w = await world({ startInMs: HOUR });
    await w.fault({ method: 'GET', path: '/sales/s1', status: 200, body: '{"id": "s1", "name": ' });
    const el = document.createElement('saleday-countdown');
    const error = oneEvent(el, 'saleday-error');
    el.setAttribute('sale', 's1');
    el.setAttribute('api', w.base);
    await fixture(el);
    expect((await error).detail.code).to.equal('invalid_response');
    await el.updateComplete;
    expect(text(part(el, 'error'))).to.equal('Something went wrong');
    expect(text(el.shadowRoot!.querySelector('[part~="base"]'))).not.to.match(/NaN|undefined|^$/);
    await expect(el).to.be.accessible();
    // The store retries; the next answer is good.
    await waitUntil(() => el.phase === 'scheduled', 'never recovered', { timeout: 8000 });
    expect(part(el, 'error')).to.equal(null);
  });

  it('treats a sale that fails validation as an error', async () => {
    const w = await world({ startInMs: HOUR });
    const invalid = {
      id: 's1',
      name: 'x',
      startsAt: 'soon',
      endsAt: 'later',
      currency: 'USD',
      serverTime: 1,
    };
    await w.fault({ method: 'GET', path: '/sales/s1', status: 200, body: invalid, times: 5 });
    const el = document.createElement('saleday-countdown');
    const error = oneEvent(el, 'saleday-error');
    el.setAttribute('sale', 's1');
    el.setAttribute('api', w.base);
    await fixture(el);
    expect((await error).detail.code).to.equal('invalid_response');
    await el.updateComplete;
    expect(el.phase).to.equal(undefined);
    expect(text(part(el, 'error'))).to.equal('Something went wrong');
  });
});
