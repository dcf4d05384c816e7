/**
 * A sale's feed in this page: its listeners and the last values it passed on, so that listeners
 * hear only what changed and a tab that joins can be told what is known.
 * @module
 */
import type { SaleClient } from '../client.js';
import type { SaledayError } from '../errors.js';
import type { Sale, Stats, StockUpdate } from '../types.js';
import type { TabMessage } from './tabs.js';
import { stockOf } from './timers.js';
import type { FeedEvent, Sink } from './transport.js';

/** What a widget wants to hear from a sale's feed. */
export interface SaleFeedListener {
  stats?(stats: Stats): void;
  stock?(update: StockUpdate): void;
  sale?(sale: Sale): void;
  /** The feed failed (`error`) or recovered (`undefined`). */
  health?(error: SaledayError | undefined): void;
}

/** A feed: the sink its transport delivers into, and what it hands on to its listeners. */
export interface Feed extends Sink {
  readonly listeners: Set<SaleFeedListener>;
  /** Whether a listener in another tab wants stock (the tab told us so). */
  othersWantStock: boolean;
  /** Receives each change this feed passes on (the leader tab relays them to the others). */
  relay?(message: TabMessage): void;
  /** What a tab that joins needs to hear: the sale, each deal's stock, the stats. */
  known(): FeedEvent[];
}

/** Hands one piece of live data to a listener that wants it. */
function tell(listener: SaleFeedListener, event: FeedEvent) {
  switch (event.type) {
    case 'stats':
      return listener.stats?.(event.data);
    case 'stock':
      return listener.stock?.(event.data);
    case 'sale':
      return listener.sale?.(event.data);
  }
}

/** A new feed of `saleId` (it reads from `client` only to refresh the stock of a fresh stream). */
export function createFeed(client: SaleClient, saleId: string): Feed {
  let stats: Stats | undefined;
  let sale: Sale | undefined;
  const stock = new Map<string, StockUpdate>();
  let error: SaledayError | undefined;

  const feed: Feed = {
    listeners: new Set(),
    othersWantStock: false,
    wantsStock() {
      return feed.othersWantStock || [...feed.listeners].some((listener) => listener.stock);
    },
    put(event) {
      // Heard twice (the leader answering another tab's hello): nothing new.
      if (event.id && event.id === feed.id) return;
      if (event.id) feed.id = event.id;
      switch (event.type) {
        case 'stats': {
          // The same object means "not modified" (HTTP 304), the same figures a stream's
          // heartbeat: nothing to pass on.
          const { orders, gmv } = event.data;
          if (orders === stats?.orders && gmv.amount === stats.gmv.amount) return;
          stats = event.data;
          break;
        }
        case 'sale':
          sale = event.data;
          break;
        case 'stock':
          if (stock.get(event.data.dealId)?.remaining === event.data.remaining) return;
          stock.set(event.data.dealId, event.data);
      }
      for (const listener of feed.listeners) tell(listener, event);
      feed.relay?.(event);
    },
    fresh() {
      // The snapshot of a fresh stream holds the stats only: read the stock once, so that a sale
      // made between a deal's first load and this connection is not missed. An answer older
      // than an update already heard is dropped.
      if (!feed.wantsStock()) return;
      client.getDeals(saleId).then(
        (list) => {
          for (const update of stockOf(list)) {
            const known = stock.get(update.dealId);
            if (known && update.serverTime < known.serverTime) continue;
            feed.put({ type: 'stock', data: update });
          }
        },
        () => {},
      );
    },
    health(failure) {
      // Only a change is news: a failure while failing, or a success while well, is not.
      if (Boolean(failure) === Boolean(error)) return;
      error = failure;
      for (const listener of feed.listeners) listener.health?.(failure);
      feed.relay?.({
        type: 'health',
        error: failure && { code: failure.code, message: failure.message },
      });
    },
    known() {
      const events: FeedEvent[] = [];
      if (sale) events.push({ type: 'sale', data: sale });
      for (const update of stock.values()) events.push({ type: 'stock', data: update });
      if (stats) events.push({ type: 'stats', data: stats, id: feed.id });
      return events;
    },
  };
  return feed;
}
