/**
 * The page of "another tab" in the multi-tab tests: loaded in a same-origin iframe (which shares
 * Web Locks and BroadcastChannel with the test page), it runs its own copy of the live layer and
 * exposes it as `window.tab`.
 * @module
 */
import { ServerClock } from '../../src/core/clock.js';
import { configure, type LiveMode } from '../../src/core/config.js';
import { HttpSaleClient } from '../../src/core/http-client.js';
import { liveCounters, watchSale } from '../../src/core/live.js';

/** One watcher of a sale in this tab: the order counts, stock and health it saw, and its stop. */
export interface TabWatch {
  orders: number[];
  stock: Record<string, number>;
  /** Each health change: an error code, or `ok`. */
  health: string[];
  stop(): void;
}

/** What the tab page offers its test. */
export interface TabApi {
  watch(api: string, saleId: string, live?: LiveMode): TabWatch;
  counters: typeof liveCounters;
  /** Pretends this tab was hidden (or shown) by the browser. */
  setHidden(hidden: boolean): void;
}

let hidden = false;
Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });

const tab: TabApi = {
  watch(api, saleId, live = 'auto') {
    configure({ live });
    const client = new HttpSaleClient({ api, clock: new ServerClock() });
    const watch: TabWatch = { orders: [], stock: {}, health: [], stop: () => {} };
    watch.stop = watchSale(client, saleId, {
      stats: (stats) => watch.orders.push(stats.orders),
      stock: (update) => (watch.stock[update.dealId] = update.remaining),
      health: (error) => watch.health.push(error ? error.code : 'ok'),
    });
    return watch;
  },
  counters: liveCounters,
  setHidden(value) {
    hidden = value;
    document.dispatchEvent(new Event('visibilitychange'));
  },
};
(window as unknown as { tab: TabApi }).tab = tab;
