/**
 * Live data for a sale, one connection per browser however many widgets and tabs show it:
 *
 * - in a page, every listener of a sale and client shares one feed (`live/feed.ts`, reference
 *   counted: the last listener to leave stops it);
 * - across the tabs of a browser, the feeds of an {@link HttpSaleClient} elect a leader tab that
 *   holds the only connection and relays it over a `BroadcastChannel` (`live/share.ts`,
 *   `live/tabs.ts`); a new leader resumes the stream from the last event id relayed to it, so
 *   nothing is missed;
 * - the transport follows `$config.get().live` (`live/connection.ts`): `auto` reads the event
 *   stream (`live/stream.ts`) and falls back to polling (`live/poll.ts`) while the stream is
 *   unavailable, `stream` and `poll` use only that one, `off` nothing;
 * - a visible tab leads whenever there is one (a hidden leader hands over to it), and the
 *   connection pauses while every tab sharing it is hidden, resuming at once when one shows.
 * @module
 */
import type { SaleClient } from './client.js';
import { $config } from './config.js';
import { getOrAdd } from './memo.js';
import { connection } from './live/connection.js';
import { createFeed, type Feed, type SaleFeedListener } from './live/feed.js';
import { shareFeed, type Sharing } from './live/share.js';
import { counts } from './live/timers.js';

export type { SaleFeedListener } from './live/feed.js';
export { backoff, liveTiming } from './live/timers.js';

/** A feed open in this page, and its share of the browser's connection. */
interface OpenFeed {
  feed: Feed;
  sharing: Sharing;
}

const feeds = new Map<SaleClient, Map<string, OpenFeed>>();

/**
 * Counters for leak checks and benchmarks: open feeds and their listeners, pending timers, open
 * event streams, running poll series, and the feeds this page leads or follows for other tabs.
 */
export function liveCounters() {
  let open = 0;
  let listeners = 0;
  for (const bySale of feeds.values()) {
    for (const { feed } of bySale.values()) {
      open++;
      listeners += feed.listeners.size;
    }
  }
  return { feeds: open, listeners, ...counts };
}

const notShared: Sharing = { joined() {}, stop() {} };

function openFeed(client: SaleClient, saleId: string, first: SaleFeedListener): OpenFeed {
  const feed = createFeed(client, saleId);
  feed.listeners.add(first);
  const mode = $config.get().live ?? 'auto';
  if (mode === 'off') return { feed, sharing: notShared };
  // Only the HTTP client's feeds are shared: the same base URL means the same data. The protocol
  // version in the name keeps two SDK versions on one origin from talking past each other.
  const api = (client as { api?: unknown }).api;
  let name: string | undefined;
  if (typeof api === 'string' && client.streamUrl?.(saleId))
    name = `saleday:feed:v2:${api}|${saleId}`;
  return { feed, sharing: shareFeed(feed, name, connection(client, saleId, feed, mode)) };
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
  let open = bySale.get(saleId);
  if (open) {
    open.feed.listeners.add(listener);
    open.sharing.joined(listener);
  } else {
    open = openFeed(client, saleId, listener);
    bySale.set(saleId, open);
  }
  const owner = open;
  return () => {
    owner.feed.listeners.delete(listener);
    if (owner.feed.listeners.size === 0 && bySale.get(saleId) === owner) {
      bySale.delete(saleId);
      owner.sharing.stop();
    }
  };
}
