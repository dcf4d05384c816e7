/**
 * Live data for a sale, one connection per browser however many widgets and tabs show it:
 *
 * - in a page, every listener of a sale and client shares one feed (reference counted: the last
 *   listener to leave stops it);
 * - across the tabs of a browser, the feeds of an {@link HttpSaleClient} elect a leader tab that
 *   holds the only connection and relays it over a `BroadcastChannel` (see `live/tabs.ts`); a
 *   new leader resumes the stream from the last event id relayed to it, so nothing is missed;
 * - the transport follows `$config.get().live`: `auto` reads the event stream and falls back to
 *   polling while the stream is unavailable (trying it again every couple of minutes), `stream`
 *   and `poll` use only that one, `off` nothing;
 * - a visible tab leads whenever there is one (a hidden leader hands over to it), and the
 *   connection pauses while every tab sharing it is hidden, resuming at once when one shows.
 * @module
 */
import type { SaleClient } from './client.js';
import { $config } from './config.js';
import { SaledayError, type SaledayError as Failure } from './errors.js';
import { getOrAdd } from './memo.js';
import { poll } from './live/poll.js';
import { stream } from './live/stream.js';
import { joinTabs, type Tabs } from './live/tabs.js';
import { counts, later, liveTiming, stockOf, type FeedEvents, type Sink } from './live/timers.js';
import type { Sale, Stats, StockUpdate } from './types.js';

export { backoff, liveTiming } from './live/timers.js';

/** What a widget wants to hear from a sale's feed. */
export interface SaleFeedListener {
  stats?(stats: Stats): void;
  stock?(update: StockUpdate): void;
  sale?(sale: Sale): void;
  /** The feed failed (`error`) or recovered (`undefined`). */
  health?(error: Failure | undefined): void;
}

interface Feed extends Sink {
  listeners: Set<SaleFeedListener>;
  add(listener: SaleFeedListener): void;
  stop(): void;
}

/**
 * What the tabs of a feed tell each other: `['hello', wantsStock]` (a tab joins: the leader
 * answers with what it knows), `['vis']` (a tab showed or hid), `[event, data, id]` and
 * `['health', [code, message]?]` (the leader relays).
 */
type Message = [type: string, data?: unknown, id?: string];

const feeds = new Map<SaleClient, Map<string, Feed>>();

/**
 * Counters for leak checks and benchmarks: open feeds and their listeners, pending timers, open
 * event streams, running poll series, and the feeds this page leads or follows for other tabs.
 */
export function liveCounters() {
  let open = 0;
  let listeners = 0;
  for (const bySale of feeds.values()) {
    for (const feed of bySale.values()) {
      open++;
      listeners += feed.listeners.size;
    }
  }
  return { feeds: open, listeners, ...counts };
}

function openFeed(client: SaleClient, saleId: string, first: SaleFeedListener): Feed {
  const mode = $config.get().live ?? 'auto';
  const api = (client as { api?: unknown }).api;
  const url = client.streamUrl?.(saleId);
  let leading = false;
  let ended = false;
  let remoteStock = false;
  let pollUntil = 0;
  let error: Failure | undefined;
  let stats: Stats | undefined;
  let sale: Sale | undefined;
  const stock = new Map<string, StockUpdate>();
  let run: (() => void) | undefined;
  let tabs: Tabs | undefined;
  let unlead: (() => void) | undefined;

  const each = (call: (listener: SaleFeedListener) => void) => feed.listeners.forEach(call);
  const wantsStock = () => remoteStock || [...feed.listeners].some((listener) => listener.stock);

  /** Starts the transport: the stream, or polling while the stream is unavailable. */
  const connect = () => {
    let stop: () => void;
    const usePoll = () => {
      const stopPoll = poll(client, saleId, feed, wantsStock);
      const retry =
        mode == 'auto' && url
          ? later(() => {
              stopPoll();
              useStream();
            }, pollUntil - Date.now())
          : undefined;
      stop = () => {
        stopPoll();
        retry?.();
      };
    };
    const useStream = () => {
      stop = stream(
        url!,
        feed,
        (why) => {
          stop = () => {};
          if (why == 'ended') ended = true;
          else {
            pollUntil = Date.now() + liveTiming.streamRetry * (0.5 + Math.random() / 2);
            usePoll();
          }
        },
        mode == 'auto',
      );
    };
    if (mode == 'poll' || !url || Date.now() < pollUntil) usePoll();
    else useStream();
    return () => stop();
  };

  /**
   * Runs the transport while this tab leads and is visible. A hidden leader lets a visible tab
   * lead instead (a hidden tab's timers are throttled, and it may be frozen), and pauses when
   * every tab is hidden.
   */
  const check = async () => {
    if (!leading) return;
    const visible = !document.hidden || (await tabs?.seen());
    if (!leading || ended) return;
    if (visible && document.hidden) return tabs!.handOver();
    if (visible && !run) run = connect();
    if (!visible && run) {
      run();
      run = undefined;
    }
  };

  const lead = () => {
    leading = true;
    counts.leaders++;
    if (tabs) counts.followers--;
    void check();
    return () => {
      leading = false;
      counts.leaders--;
      if (tabs) counts.followers++;
      run?.();
      run = undefined;
    };
  };

  const hear = ([type, data, id]: Message) => {
    if (type == 'hello' || type == 'vis') {
      remoteStock ||= !!data;
      if (leading && type == 'hello') {
        if (sale) tabs!.post(['sale', sale]);
        stock.forEach((update) => tabs!.post(['stock', update]));
        if (stats) tabs!.post(['stats', stats, feed.id]);
      }
      void check();
    } else if (!leading) {
      const failure = data as [string, string] | undefined;
      if (type == 'health') feed.health(failure && new SaledayError(...failure));
      else feed.put(type as keyof FeedEvents, data as never, id);
    }
  };

  const feed: Feed = {
    listeners: new Set([first]),
    put(type, data, id) {
      // Heard twice (the leader answering another tab's hello): nothing new.
      if (id && id == feed.id) return;
      if (id) feed.id = id;
      if (type == 'stats') {
        // The same object means "not modified" (HTTP 304): nothing to pass on.
        if (data == stats) return;
        stats = data as Stats;
      } else if (type == 'sale') sale = data as Sale;
      else {
        const update = data as StockUpdate;
        if (stock.get(update.dealId)?.remaining === update.remaining) return;
        stock.set(update.dealId, update);
      }
      each((listener) => (listener[type] as ((value: typeof data) => void) | undefined)?.(data));
      if (leading) tabs?.post([type, data, id]);
    },
    fresh() {
      // The snapshot of a fresh stream holds the stats only: read the stock once, so that a sale
      // made between a deal's first load and this connection is not missed. An answer older
      // than an update already heard is dropped.
      if (!wantsStock()) return;
      client.getDeals(saleId).then(
        (list) =>
          stockOf(list).forEach((update) => {
            if (!(update.serverTime < (stock.get(update.dealId)?.serverTime ?? 0))) {
              feed.put('stock', update);
            }
          }),
        () => {},
      );
    },
    health(failure) {
      if (!failure == !error) return;
      error = failure;
      each((listener) => listener.health?.(failure));
      if (leading) tabs?.post(['health', failure && [failure.code, failure.message]]);
    },
    add(listener) {
      feed.listeners.add(listener);
      if (listener.stock && !leading) tabs?.post(['hello', 1]);
    },
    stop() {
      document.removeEventListener('visibilitychange', check);
      if (tabs) {
        tabs.stop();
        counts.followers--;
      } else unlead?.();
    },
  };

  if (mode != 'off') {
    document.addEventListener('visibilitychange', check);
    // Only the HTTP client's feeds are shared: the same base URL means the same data. The
    // protocol version in the name keeps two SDK versions on one origin from talking past each other.
    if (typeof api == 'string' && url)
      tabs = joinTabs(`saleday:feed:v1:${api}|${saleId}`, lead, hear);
    if (tabs) {
      counts.followers++;
      tabs.post(['hello', !!first.stock]);
    } else unlead = lead();
  }
  return feed;
}

/**
 * Listens to a sale's live data. Any number of listeners share one feed per sale and client
 * (and, for the HTTP client, one connection per browser); the returned function stops listening,
 * and the last one to stop closes the feed.
 * @example
 * ```ts
 * const stop = watchSale(resolveClient(), '1111', { stats: (stats) => show(stats.orders) });
 * ```
 */
export function watchSale(
  client: SaleClient,
  saleId: string,
  listener: SaleFeedListener,
): () => void {
  const bySale = getOrAdd(feeds, client, () => new Map());
  let feed = bySale.get(saleId);
  if (feed) feed.add(listener);
  else bySale.set(saleId, (feed = openFeed(client, saleId, listener)));
  const owner = feed;
  return () => {
    owner.listeners.delete(listener);
    if (owner.listeners.size === 0 && bySale.get(saleId) === owner) {
      bySale.delete(saleId);
      owner.stop();
    }
  };
}
