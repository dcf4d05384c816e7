import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../../src/define/live-counter.js';
import type {
  SaledayLiveCounter,
  SaledayMilestoneDetail,
} from '../../src/components/live-counter/live-counter.js';
import { serverClock } from '../../src/core/clock.js';
import { resolveClient } from '../../src/core/config.js';
import { $sale, $stats } from '../../src/core/store.js';
import { createWorld, saleFixture, type SaleFixture, type World } from '../helpers/sim.js';
import '../helpers/translations.js';

/** Uncaught errors and rejections in the page: a widget must never throw into the host page. */
const uncaught: unknown[] = [];
const onError = (event: ErrorEvent) => uncaught.push(event.error ?? event.message);
const onRejection = (event: PromiseRejectionEvent) => uncaught.push(event.reason);

const part = (el: Element, name: string) =>
  el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const iso = (ms: number) => new Date(ms).toISOString();

/** Records every `saleday-milestone` that reaches the document, with its target. */
function record() {
  const seen: { target: EventTarget | null; detail: SaledayMilestoneDetail; flags: string }[] = [];
  const listener = (event: CustomEvent<SaledayMilestoneDetail>) =>
    seen.push({
      target: event.target,
      detail: event.detail,
      flags: `${event.bubbles}/${event.composed}`,
    });
  document.addEventListener('saleday-milestone', listener);
  return { seen, stop: () => document.removeEventListener('saleday-milestone', listener) };
}

/** The USD sale `s1`, opened a minute ago (absolute times, so `sinceOpen` can be checked). */
function sale(overrides: Partial<SaleFixture> = {}): SaleFixture {
  const now = Date.now();
  return saleFixture({
    id: 's1',
    startsAt: iso(now - 60_000),
    endsAt: iso(now + 3_600_000),
    milestones: { gmv: [500_000, 100_000, 1_000_000], orders: [10, 20] },
    ...overrides,
  });
}

async function world(stats = { gmv: 50_000, orders: 5 }, overrides: Partial<SaleFixture> = {}) {
  return createWorld({ sales: [sale(overrides)], stats: { s1: stats }, pollIntervalMs: 250 });
}

/** A counter of `s1` whose stats and sale have both loaded (so it knows where it stands). */
async function counter(w: World, metric = 'gmv') {
  const el = await fixture<SaledayLiveCounter>(
    html`<saleday-live-counter
      sale="s1"
      api=${w.base}
      locale="en"
      metric=${metric}
    ></saleday-live-counter>`,
  );
  await loaded(w, el);
  return el;
}

async function loaded(w: World, ...els: SaledayLiveCounter[]) {
  const store = $sale(resolveClient(w.base), 's1');
  await waitUntil(
    () => store.get().status === 'ready' && els.every((el) => el.value !== undefined),
    'the sale or its stats never loaded',
    { timeout: 5000 },
  );
  await Promise.all(els.map((el) => el.updateComplete));
}

describe('live counter milestones', () => {
  before(() => {
    expect(document.visibilityState, 'the test page is hidden').to.equal('visible');
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

  it('fires once per milestone, ascending, when one update jumps across two', async () => {
    const startsAt = Date.now() - 60_000;
    const w = await world(undefined, { startsAt: iso(startsAt) });
    const el = await counter(w);
    const events = record();
    expect(el.reachedMilestones).to.deep.equal([]);
    expect(part(el, 'milestone')).to.equal(null);

    // $500 -> $6,000 in one report: past $1,000 and $5,000 (sale data, in cents), not $10,000.
    const before = Date.now();
    await w.setStats({ saleId: 's1', gmv: 600_000 });
    await waitUntil(() => events.seen.length === 2, 'the milestones never fired', {
      timeout: 5000,
    });
    const stats = $stats(resolveClient(w.base), 's1').get().data!;
    expect(stats.gmv.amount).to.equal(600_000);
    const crossedAt = stats.serverTime;
    expect(crossedAt).to.be.within(before - 1000, Date.now() + 1000);
    expect(events.seen.map(({ detail }) => detail)).to.deep.equal([
      {
        milestone: 100_000,
        value: 600_000,
        crossedAt,
        sinceOpen: crossedAt - startsAt,
        metric: 'gmv',
        label: '$1K',
      },
      {
        milestone: 500_000,
        value: 600_000,
        crossedAt,
        sinceOpen: crossedAt - startsAt,
        metric: 'gmv',
        label: '$5K',
      },
    ]);
    expect(events.seen.every(({ target, flags }) => target === el && flags === 'true/true')).to.be
      .true;
    expect(el.reachedMilestones).to.deep.equal([100_000, 500_000]);

    // The highest one is highlighted, animated, over the number.
    const badge = part(el, 'milestone')!;
    expect(text(badge)).to.equal('$5K');
    expect(getComputedStyle(badge).animationName).to.equal('saleday-milestone');
    expect(part(el, 'base')!.getAttribute('aria-label')).to.equal('Sales $6,000.00');

    // More reports without a new crossing fire nothing; the next crossing fires once.
    await w.setStats({ saleId: 's1', gmv: 700_000 });
    await waitUntil(() => el.target === 700_000, 'the next report never arrived');
    await w.setStats({ saleId: 's1', gmv: 1_000_000 });
    await waitUntil(() => events.seen.length === 3, '$10,000 never fired', { timeout: 5000 });
    await w.setStats({ saleId: 's1', gmv: 1_500_000 });
    await waitUntil(() => el.target === 1_500_000, 'the last report never arrived');
    await aTimeout(300);
    events.stop();
    expect(events.seen.map(({ detail }) => [detail.milestone, detail.value])).to.deep.equal([
      [100_000, 600_000],
      [500_000, 600_000],
      [1_000_000, 1_000_000],
    ]);
    // The highlight is brief.
    await waitUntil(() => !part(el, 'milestone'), 'the highlight never went away', {
      timeout: 5000,
    });
  });

  it('celebrates none of the milestones already passed when the page opened', async () => {
    const w = await world({ gmv: 600_000, orders: 15 });
    const events = record();
    const gmv = await counter(w);
    const orders = await counter(w, 'orders');
    await aTimeout(500);
    expect(events.seen).to.deep.equal([]);
    expect(gmv.reachedMilestones).to.deep.equal([100_000, 500_000]);
    expect(orders.reachedMilestones).to.deep.equal([10]);
    expect(part(gmv, 'milestone')).to.equal(null);

    // A report that crosses nothing new fires nothing; one that does fires only the new one.
    await w.setStats({ saleId: 's1', gmv: 900_000, orders: 25 });
    await waitUntil(() => events.seen.length === 1, 'orders 20 never fired', { timeout: 5000 });
    await aTimeout(300);
    events.stop();
    expect(
      events.seen.map(({ detail }) => [detail.metric, detail.milestone, detail.label]),
    ).to.deep.equal([['orders', 20, '20']]);
    expect(text(part(orders, 'milestone'))).to.equal('20');
    expect(gmv.reachedMilestones).to.deep.equal([100_000, 500_000]);
  });

  it('fires once in total for two counters of the same sale and metric', async () => {
    const w = await world();
    const events = record();
    const [first, second] = await Promise.all([counter(w), counter(w)]);
    await loaded(w, first!, second!);
    await w.setStats({ saleId: 's1', gmv: 200_000 });
    await waitUntil(
      () => first!.target === 200_000 && second!.target === 200_000,
      'the report never arrived',
      { timeout: 5000 },
    );
    await aTimeout(500);
    events.stop();
    expect(events.seen.map(({ detail }) => detail.milestone)).to.deep.equal([100_000]);
    // Both show it reached (and the highlight), only one tells the page.
    expect(first!.reachedMilestones).to.deep.equal([100_000]);
    expect(second!.reachedMilestones).to.deep.equal([100_000]);
    expect(text(part(first!, 'milestone'))).to.equal('$1K');
    expect(text(part(second!, 'milestone'))).to.equal('$1K');
  });

  it('takes milestones in major units from the attribute and reports bad tokens', async () => {
    const w = await world({ gmv: 50_000, orders: 5 }, { currency: 'JPY' });
    const el = document.createElement('saleday-live-counter');
    const error = oneEvent(el, 'saleday-error');
    el.setAttribute('sale', 's1');
    el.setAttribute('api', w.base);
    el.setAttribute('locale', 'en');
    // Yen have no minor units: 1e5 is ¥100,000; the sale's own milestones are ignored.
    el.setAttribute('milestones', '2e5 abc 1e5 -5 0');
    await fixture(el);
    const { detail } = await error;
    expect(detail.code).to.equal('invalid_config');
    expect(detail.message).to.contain('milestones').and.contain('"abc -5 0"');
    await loaded(w, el);
    expect(el.value, 'it still counts').to.equal(50_000);

    const events = record();
    await w.setStats({ saleId: 's1', gmv: 250_000 });
    await waitUntil(() => events.seen.length === 2, 'the milestones never fired', {
      timeout: 5000,
    });
    events.stop();
    expect(events.seen.map((e) => [e.detail.milestone, e.detail.label])).to.deep.equal([
      [100_000, '¥100K'],
      [200_000, '¥200K'],
    ]);
    expect(el.reachedMilestones).to.deep.equal([100_000, 200_000]);
  });

  it('counts the time since the current window opened', async () => {
    const now = Date.now();
    const w = await world(undefined, {
      windows: [
        { id: 'w1', name: 'Early', startsAt: iso(now - 60_000), endsAt: iso(now - 30_000) },
        { id: 'w2', name: 'Main', startsAt: iso(now - 5_000), endsAt: iso(now + 60_000) },
      ],
    });
    const el = await counter(w);
    const events = record();
    await w.setStats({ saleId: 's1', gmv: 150_000 });
    await waitUntil(() => events.seen.length === 1, 'the milestone never fired', {
      timeout: 5000,
    });
    events.stop();
    const { crossedAt, sinceOpen } = events.seen[0]!.detail;
    expect(sinceOpen).to.equal(crossedAt - (now - 5_000));
    expect(sinceOpen).to.be.within(5_000, 30_000);
    expect(el.reachedMilestones).to.deep.equal([100_000]);
  });

  it('works without an API, from reported values', async () => {
    const el = await fixture<SaledayLiveCounter>(
      html`<saleday-live-counter
        reported="100"
        currency="EUR"
        locale="en"
        milestones="1 2"
      ></saleday-live-counter>`,
    );
    const events = record();
    el.reported = 250;
    await el.updateComplete;
    await aTimeout(0);
    events.stop();
    expect(events.seen.map((e) => [e.detail.milestone, e.detail.label])).to.deep.equal([
      [200, '€2'],
    ]);
    expect(events.seen[0]!.detail.sinceOpen).to.equal(undefined);
    expect(el.reachedMilestones).to.deep.equal([100, 200]);
  });

  it('shows no animation with prefers-reduced-motion, and is accessible', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    const w = await world();
    const el = await counter(w);
    const events = record();
    await w.setStats({ saleId: 's1', gmv: 150_000 });
    await waitUntil(() => events.seen.length === 1, 'the milestone never fired', {
      timeout: 5000,
    });
    events.stop();
    const badge = part(el, 'milestone')!;
    expect(text(badge)).to.equal('$1K');
    expect(getComputedStyle(badge).animationName).to.equal('none');
    expect(badge.getAnimations()).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });
});
