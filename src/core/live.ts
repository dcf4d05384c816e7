/**
 * Live data for a sale: one feed per sale and client, shared by every widget on the page
 * (reference counted: the last listener to leave stops it). This transport polls, aligned to the
 * server clock so that a CDN with `max-age=1` serves a whole audience from one origin request.
 * @module
 */
import type { SaleClient } from './client.js';
import { serverClock } from './clock.js';
import { toSaledayError, type SaledayError } from './errors.js';
import type { Sale, Stats, StockUpdate } from './types.js';

/** What a widget wants to hear from a sale's feed. */
export interface SaleFeedListener {
  stats?(stats: Stats): void;
  stock?(update: StockUpdate): void;
  sale?(sale: Sale): void;
  /** The feed failed (`error`) or recovered (`undefined`). */
  health?(error: SaledayError | undefined): void;
}

interface Feed {
  listeners: Set<SaleFeedListener>;
  stop(): void;
}

const feeds = new Map<SaleClient, Map<string, Feed>>();
let activeTimers = 0;

/** Counters for leak checks: open feeds, their listeners and pending timers. */
export function liveCounters() {
  let open = 0;
  let listeners = 0;
  for (const bySale of feeds.values()) {
    for (const feed of bySale.values()) {
      open++;
      listeners += feed.listeners.size;
    }
  }
  return { feeds: open, listeners, timers: activeTimers };
}

/** Full jitter: a random delay between 0 and `base * 2^attempt`, capped. */
export const backoff = (attempt: number, base = 1000, cap = 30_000) =>
  Math.random() * Math.min(cap, base * 2 ** attempt);

function startPolling(client: SaleClient, saleId: string, feed: Feed): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let round = 0;
  const controller = new AbortController();
  const schedule = (delay: number) => {
    if (controller.signal.aborted || document.hidden) return;
    activeTimers++;
    timer = setTimeout(() => {
      activeTimers--;
      timer = undefined;
      void poll();
    }, delay);
  };
  const each = (call: (listener: SaleFeedListener) => void) => feed.listeners.forEach(call);
  const poll = async () => {
    const wantsStock = [...feed.listeners].some((listener) => listener.stock);
    const interval = client.pollInterval?.(saleId) ?? 1000;
    try {
      const stats = await client.getStats(saleId, { signal: controller.signal });
      each((listener) => listener.stats?.(stats));
      // Stock changes matter less often than the totals: refresh it every few rounds.
      if (wantsStock && round++ % 3 === 0) {
        const { deals, serverTime } = await client.getDeals(saleId, { signal: controller.signal });
        for (const deal of deals) {
          const update = { dealId: deal.id, remaining: deal.stock.remaining, serverTime };
          each((listener) => listener.stock?.(update));
        }
      }
      if (failures) each((listener) => listener.health?.(undefined));
      failures = 0;
      // Aim just after the next multiple of the interval on the server's clock.
      const now = serverClock.now();
      schedule(Math.ceil((now + 1) / interval) * interval - now + 20);
    } catch (error) {
      if (controller.signal.aborted) return;
      const failure = toSaledayError(error);
      each((listener) => listener.health?.(failure));
      schedule(Math.max(failure.retryAfter ?? 0, backoff(failures++, interval)));
    }
  };
  const onVisibility = () => {
    if (!timer && !document.hidden) void poll();
    if (document.hidden && timer) {
      clearTimeout(timer);
      activeTimers--;
      timer = undefined;
    }
  };
  document.addEventListener('visibilitychange', onVisibility);
  void poll();
  return () => {
    controller.abort();
    document.removeEventListener('visibilitychange', onVisibility);
    if (timer) {
      clearTimeout(timer);
      activeTimers--;
    }
  };
}

/**
 * Listens to a sale's live data. Any number of listeners share one feed per sale and client;
 * the returned function stops listening, and the last one to stop closes the feed.
 */
export function watchSale(
  client: SaleClient,
  saleId: string,
  listener: SaleFeedListener,
): () => void {
  let bySale = feeds.get(client);
  if (!bySale) feeds.set(client, (bySale = new Map()));
  let feed = bySale.get(saleId);
  if (!feed) {
    const created: Feed = { listeners: new Set(), stop: () => {} };
    bySale.set(saleId, (feed = created));
    created.listeners.add(listener);
    created.stop = startPolling(client, saleId, created);
  } else {
    feed.listeners.add(listener);
  }
  const owner = feed;
  return () => {
    owner.listeners.delete(listener);
    if (owner.listeners.size === 0 && bySale.get(saleId) === owner) {
      bySale.delete(saleId);
      owner.stop();
    }
  };
}
