// Memory: adding and removing 1,000 widgets leaves nothing behind: no timer, no document
// listener, no store subscription, no live feed, no event stream (in the page or on the server),
// no cross-tab channel or lock. Read through the SDK's own counters (`liveCounters()`,
// `storeCounters()`, `frameSteps()`, the stores' listener counts) and through instrumented
// platform APIs that only count what the SDK's own modules (`/src/`) asked for.
import { expect, html } from '@open-wc/testing';
import type { SaleClient } from '../../src/core/client.js';
import { $config, configure, resolveClient } from '../../src/core/config.js';
import { frameSteps } from '../../src/core/frame-loop.js';
import { liveCounters } from '../../src/core/live.js';
import { $deal, $sale, $stats, storeCounters } from '../../src/core/store.js';
import { $serverSecond } from '../../src/core/ticker.js';
import '../../src/define/all.js';
import type { SaledayBuyButton } from '../../src/components/buy-button/buy-button.js';
import type { SaledayCountdown } from '../../src/components/countdown/countdown.js';
import type { SaledayDealCard } from '../../src/components/deal-card/deal-card.js';
import type { SaledayLiveCounter } from '../../src/components/live-counter/live-counter.js';
import { createWorld, dealFixture, saleFixture, type World } from '../helpers/sim.js';
import { mount, sleep, unmountAll, until, watchPage } from './helpers.js';

const DEALS = ['m1', 'm2', 'm3', 'm4'];
const EACH = 250; // of four kinds: 1,000 widgets (and 250 more buy buttons inside the cards)
/** nanostores keeps a store mounted this long after its last listener leaves, then cleans up. */
const UNMOUNT_DELAY = 1000;

/** Whether the SDK's own code (served from `/src/`) made the current call. */
const fromSdk = () => /\/src\/(core|components)\//.test(new Error().stack ?? '');

/**
 * Counts, while installed, the timers pending and document/window listeners attached by the
 * SDK's code, and the `BroadcastChannel`s it has open.
 */
function instrument() {
  const timers = new Set<number>();
  const listeners = new Set<string>();
  const channels = new Set<BroadcastChannel>();
  const ids = new WeakMap<object, number>();
  let next = 0;
  const idOf = (fn: object) => ids.get(fn) ?? (ids.set(fn, ++next), next);
  const saved = {
    setTimeout: window.setTimeout,
    clearTimeout: window.clearTimeout,
    add: EventTarget.prototype.addEventListener,
    remove: EventTarget.prototype.removeEventListener,
    BroadcastChannel: window.BroadcastChannel,
  };
  const setTimer = saved.setTimeout.bind(window);
  const clearTimer = saved.clearTimeout.bind(window);
  window.setTimeout = ((handler: TimerHandler, delay?: number, ...args: unknown[]) => {
    if (!fromSdk() || typeof handler !== 'function') {
      return setTimer(handler, delay, ...args);
    }
    const id: number = setTimer(
      (...a: unknown[]) => {
        timers.delete(id);
        (handler as (...a: unknown[]) => void)(...a);
      },
      delay,
      ...args,
    );
    timers.add(id);
    return id;
  }) as typeof window.setTimeout;
  window.clearTimeout = ((id?: number) => {
    if (id !== undefined) timers.delete(id);
    clearTimer(id);
  }) as typeof window.clearTimeout;
  /** Names a listener on the document or the window (others belong to elements that go away). */
  const key = (target: EventTarget, type: string, fn: unknown, options?: unknown) => {
    const name = target === document ? 'document' : target === window ? 'window' : '';
    if (!name || !fn) return '';
    const capture =
      typeof options === 'boolean' ? options : !!(options as AddEventListenerOptions)?.capture;
    return `${name}|${type}|${idOf(fn as object)}|${capture}`;
  };
  EventTarget.prototype.addEventListener = function (this: EventTarget, type, fn, options) {
    const k = key(this, type, fn, options);
    if (k && fromSdk()) listeners.add(k);
    return saved.add.call(this, type, fn, options);
  };
  EventTarget.prototype.removeEventListener = function (this: EventTarget, type, fn, options) {
    const k = key(this, type, fn, options);
    if (k) listeners.delete(k);
    return saved.remove.call(this, type, fn, options);
  };
  window.BroadcastChannel = class extends saved.BroadcastChannel {
    constructor(name: string) {
      super(name);
      channels.add(this);
    }
    override close() {
      channels.delete(this);
      super.close();
    }
  };
  return {
    counts: () => ({
      pendingTimers: timers.size,
      pageListeners: listeners.size,
      channels: channels.size,
    }),
    restore() {
      Object.assign(window, {
        setTimeout: saved.setTimeout,
        clearTimeout: saved.clearTimeout,
        BroadcastChannel: saved.BroadcastChannel,
      });
      EventTarget.prototype.addEventListener = saved.add;
      EventTarget.prototype.removeEventListener = saved.remove;
    },
  };
}

/** Everything that could be left behind, in one object. */
async function footprint(client: SaleClient, probe: ReturnType<typeof instrument>) {
  const locks = await navigator.locks.query();
  const ours = [...(locks.held ?? []), ...(locks.pending ?? [])].filter((lock) =>
    lock.name?.startsWith('saleday:'),
  );
  return {
    ...liveCounters(),
    ...probe.counts(),
    frameSteps: frameSteps(),
    locks: ours.length,
    configListeners: $config.lc,
    tickerListeners: $serverSecond.lc,
    storeListeners:
      $sale(client, 'sale-1').lc +
      $stats(client, 'sale-1').lc +
      DEALS.reduce((sum, id) => sum + $deal(client, id).lc, 0),
  };
}

function mountThousand(world: World) {
  const attrs = (i: number) => ({ deal: DEALS[i % DEALS.length]!, api: world.base });
  const range = Array.from({ length: EACH }, (_, i) => i);
  return mount<HTMLDivElement>(
    html`<div>
      ${range.map(
        (i) =>
          html`<saleday-countdown sale="sale-1" locale="en" api=${world.base}></saleday-countdown>
            <saleday-live-counter
              sale="sale-1"
              locale="en"
              api=${world.base}
            ></saleday-live-counter>
            <saleday-deal-card
              deal=${attrs(i).deal}
              locale="en"
              api=${world.base}
            ></saleday-deal-card>
            <saleday-buy-button
              deal=${attrs(i).deal}
              locale="en"
              api=${world.base}
            ></saleday-buy-button>`,
      )}
    </div>`,
  );
}

describe('hostile: memory', () => {
  let probe: ReturnType<typeof instrument>;
  let page: ReturnType<typeof watchPage>;
  beforeEach(() => {
    probe = instrument();
    page = watchPage();
  });
  afterEach(() => {
    unmountAll();
    probe.restore();
    page.stop();
    expect(page.errors, 'exceptions that reached the page').to.deep.equal([]);
  });

  it('1,000 widgets, added and removed twice (once mid-load): nothing is left behind', async () => {
    const world = await createWorld({
      sales: [saleFixture()],
      deals: DEALS.map((id) => dealFixture({ id })),
      stats: { 'sale-1': { gmv: 5000, orders: 2 } },
    });
    const client = resolveClient(world.base);
    const before = await footprint(client, probe);
    const requests = storeCounters().requests;

    // Loaded and live: however many widgets, one load per resource and one feed for the sale.
    const root = mountThousand(world);
    const buttons = Array.from(root.querySelectorAll<SaledayBuyButton>('saleday-buy-button'));
    const counters = Array.from(root.querySelectorAll<SaledayLiveCounter>('saleday-live-counter'));
    const countdowns = Array.from(root.querySelectorAll<SaledayCountdown>('saleday-countdown'));
    expect(root.querySelectorAll<SaledayDealCard>('saleday-deal-card')).to.have.length(EACH);
    await until(
      () =>
        buttons.every((b) => b.state === 'ready') &&
        counters.every((c) => c.value === 5000) &&
        countdowns.every((c) => c.phase === 'live'),
      'the widgets never loaded',
      15_000,
    );
    const live = await footprint(client, probe);
    expect(storeCounters().requests - requests, 'loads: 4 deals, 1 sale, 1 stats').to.equal(6);
    expect(live.feeds, 'one feed for the sale').to.equal(1);
    expect(live.storeListeners, 'store listeners while shown').to.be.greaterThan(0);
    // The probes do see the SDK at work (else "nothing left" would prove nothing).
    expect(live.pageListeners, 'visibility listeners').to.be.greaterThan(0);
    expect(live.configListeners, 'config subscriptions').to.be.at.least(EACH * 5);
    expect(live.channels + live.locks, 'cross-tab channel and lock').to.be.greaterThan(0);
    if (!document.hidden) {
      await until(() => liveCounters().streams === 1, 'the sale stream never opened');
      expect(live.pendingTimers, 'the ticker').to.be.greaterThan(0);
    }

    unmountAll();
    await sleep(UNMOUNT_DELAY + 500);
    expect(await footprint(client, probe), 'after removing them').to.deep.equal(before);
    expect(await world.closeStreams(), 'streams still open on the server').to.equal(0);

    // Again, removed before anything has loaded: aborted loads leave nothing either.
    mountThousand(world);
    await sleep(50);
    unmountAll();
    await sleep(UNMOUNT_DELAY + 500);
    expect(await footprint(client, probe), 'after removing them mid-load').to.deep.equal(before);
    expect(await world.closeStreams(), 'streams still open on the server').to.equal(0);
  });

  it('widgets removed in the middle of chaos (retries, reconnects, backoff) leave nothing', async () => {
    configure({ timeout: 1000 });
    const world = await createWorld({
      sales: [saleFixture()],
      deals: DEALS.map((id) => dealFixture({ id })),
      chaos: {
        drop: 0.2,
        delay: 0.1,
        delayMs: 1500,
        errors: 0.2,
        retryAfter: 1,
        malformed: 0.2,
        cutStreams: 0.5,
        seed: 77,
      },
    });
    try {
      const client = resolveClient(world.base);
      const before = await footprint(client, probe);
      const root = mount<HTMLDivElement>(
        html`<div>
          ${DEALS.map(
            (deal) =>
              html`<saleday-countdown
                  sale="sale-1"
                  locale="en"
                  api=${world.base}
                ></saleday-countdown>
                <saleday-live-counter
                  sale="sale-1"
                  locale="en"
                  api=${world.base}
                ></saleday-live-counter>
                <saleday-deal-card deal=${deal} locale="en" api=${world.base}></saleday-deal-card>
                <saleday-buy-button
                  deal=${deal}
                  locale="en"
                  api=${world.base}
                ></saleday-buy-button>`,
          )}
        </div>`,
      );
      // Some buyers get as far as clicking: their orders are under way when the page drops them.
      const buttons = Array.from(root.querySelectorAll<SaledayBuyButton>('saleday-buy-button'));
      await sleep(1500);
      buttons.forEach((b) => b.state === 'ready' && b.shadowRoot!.querySelector('button')!.click());
      await sleep(1000);
      expect((await world.chaos()).counts!.seen, 'chaos struck').to.be.greaterThan(0);
      unmountAll();
      await sleep(UNMOUNT_DELAY + 500);
      expect(await footprint(client, probe), 'after removing them').to.deep.equal(before);
    } finally {
      configure({ timeout: undefined });
    }
  });

  it('buy buttons removed while their orders wait in the queue leave nothing behind', async () => {
    const world = await createWorld({
      sales: [saleFixture()],
      deals: [dealFixture({ id: 'm1' })],
      waitingRoom: { positions: 5, retryAfter: 1 },
    });
    const client = resolveClient(world.base);
    const before = await footprint(client, probe);
    const root = mount<HTMLDivElement>(
      html`<div>
        ${Array.from(
          { length: 50 },
          () =>
            html`<saleday-buy-button deal="m1" locale="en" api=${world.base}></saleday-buy-button>`,
        )}
      </div>`,
    );
    const buttons = Array.from(root.querySelectorAll<SaledayBuyButton>('saleday-buy-button'));
    await until(() => buttons.every((b) => b.state === 'ready'), 'never ready');
    buttons.forEach((b) => b.shadowRoot!.querySelector('button')!.click());
    await until(() => buttons.every((b) => b.state === 'queued'), 'never queued');
    expect((await footprint(client, probe)).pendingTimers, 'waiting').to.be.greaterThan(0);
    unmountAll();
    await sleep(UNMOUNT_DELAY + 500);
    expect(await footprint(client, probe), 'after removing them').to.deep.equal(before);
    // And nobody kept polling for them.
    await world.clearLog();
    await sleep(1200);
    expect((await world.log()).filter((e) => e.path.startsWith('/orders/'))).to.deep.equal([]);
  });
});
