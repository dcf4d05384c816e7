/**
 * The shared state: sales, deals and stats keyed by id, loaded once however many widgets ask
 * for the same id, kept live while anyone listens, and retried with backoff after a failure.
 * @module
 */
import { atom, onMount, type ReadableAtom, type WritableAtom } from 'nanostores';
import type { SaleClient } from './client.js';
import { toSaledayError, type SaledayError } from './errors.js';
import { backoff, watchSale } from './live.js';
import { getOrAdd } from './memo.js';
import type { Deal, Sale, Stats } from './types.js';

/**
 * Where a resource stands: `loading` (no data yet), `ready`, `stale` (the last good data is kept
 * but refreshing it failed; it recovers by itself) or `error` (no data could be loaded).
 */
export type ResourceStatus = 'loading' | 'ready' | 'stale' | 'error';

/** A resource's state: its status, its last good data and the last error. */
export interface Resource<T> {
  status: ResourceStatus;
  data?: T;
  error?: SaledayError;
}

/** A store of one resource, such as `$sale(client, '1111')`. */
export type ResourceStore<T> = ReadableAtom<Resource<T>>;

/** What the stores hold: a sale, a deal, or a sale's stats. */
export type Kind = 'sale' | 'deal' | 'stats';
const registry = new WeakMap<SaleClient, Map<string, WritableAtom<Resource<unknown>>>>();
let requests = 0;

/** How many loads the stores have started (for tests and benchmarks). */
export const storeCounters = () => ({ requests });

type Load<T> = (signal: AbortSignal) => Promise<T>;
type Live<T> = (store: WritableAtom<Resource<T>>) => (() => void) | undefined;

/** The store of `kind` `id` for `client`: made the first time it is asked for, then shared. */
const keyed = <T>(client: SaleClient, kind: Kind, id: string, load: Load<T>, live?: Live<T>) =>
  getOrAdd(
    getOrAdd(registry, client, () => new Map()),
    `${kind}|${id}`,
    () => resourceStore(load, live),
  ) as ResourceStore<T>;

/**
 * A store that loads with `load` once someone listens (retrying with backoff after a failure),
 * then keeps up to date with `live`; both stop when the last listener leaves.
 */
function resourceStore<T>(load: Load<T>, live?: Live<T>): WritableAtom<Resource<unknown>> {
  const store = atom<Resource<T>>({ status: 'loading' });
  onMount(store, () => {
    // Data a server rendered the page with: no load, straight to live updates.
    if (seeded.delete(store)) {
      const stopLive = live?.(store);
      return () => stopLive?.();
    }
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopLive: (() => void) | undefined;
    let attempt = 0;
    const fetchOnce = async () => {
      requests++;
      try {
        const data = await load(controller.signal);
        attempt = 0;
        store.set({ status: 'ready', data });
        stopLive ??= live?.(store);
      } catch (caught) {
        if (controller.signal.aborted) return;
        const { data, error: last } = store.get();
        const error = toSaledayError(caught);
        // A retry that fails the same way is the same failure: the store keeps the first error
        // object, so the widgets report it once and do not re-render.
        if (last?.code !== error.code || last.message !== error.message) {
          store.set(
            data === undefined ? { status: 'error', error } : { status: 'stale', data, error },
          );
        }
        if (error.code !== 'invalid_config') {
          timer = setTimeout(
            fetchOnce,
            Math.max(error.retryAfter ?? 0, backoff(attempt++, 2000, 60_000)),
          );
        }
      }
    };
    void fetchOnce();
    return () => {
      controller.abort();
      clearTimeout(timer);
      stopLive?.();
    };
  });
  return store as WritableAtom<Resource<unknown>>;
}

/** Stores holding data from the server-rendered page that no listener has started from yet. */
const seeded = new WeakSet<WritableAtom<Resource<unknown>>>();

/**
 * Fills the store of `kind` `id` with data a server rendered the page with (see `saleday/ssr`):
 * the first listener then starts from it with no request, and goes straight to live updates.
 * A store that has data already keeps it (it is fresher), unless `replace` (on the server,
 * where each render brings its own data).
 */
export function seedStore(
  client: SaleClient,
  kind: Kind,
  id: string,
  data: Sale | Deal | Stats,
  replace = false,
): void {
  const store = { sale: $sale, deal: $deal, stats: $stats }[kind](client, id) as WritableAtom<
    Resource<unknown>
  >;
  // Not `get()`, which mounts a store nobody listens to yet, and so would load it.
  if (store.value?.data !== undefined && !replace) return;
  store.set({ status: 'ready', data });
  seeded.add(store);
}

/** Marks a store stale on a feed failure and ready again when the feed recovers. */
const health =
  <T>(store: WritableAtom<Resource<T>>) =>
  (error: SaledayError | undefined) => {
    const { data } = store.get();
    if (data !== undefined)
      store.set(error ? { status: 'stale', data, error } : { status: 'ready', data });
  };

/** The sale `saleId`: loaded once, then kept up to date by the sale's live feed. */
export const $sale = (client: SaleClient, saleId: string): ResourceStore<Sale> =>
  keyed(
    client,
    'sale',
    saleId,
    (signal) => client.getSale(saleId, { signal }),
    (store) =>
      watchSale(client, saleId, {
        sale: (sale) => store.set({ status: 'ready', data: sale }),
        health: health(store),
      }),
  );

/** The deal `dealId`, whose stock follows the live `stock` updates of its sale. */
export const $deal = (client: SaleClient, dealId: string): ResourceStore<Deal> =>
  keyed(
    client,
    'deal',
    dealId,
    (signal) => client.getDeal(dealId, { signal }),
    (store) => {
      const saleId = store.get().data?.saleId;
      return saleId
        ? watchSale(client, saleId, {
            stock(update) {
              const deal = store.get().data;
              if (deal && update.dealId === deal.id && update.remaining !== deal.stock.remaining) {
                const remaining = Math.min(update.remaining, deal.stock.total);
                store.set({
                  status: 'ready',
                  data: { ...deal, stock: { ...deal.stock, remaining } },
                });
              }
            },
            health: health(store),
          })
        : undefined;
    },
  );

/** The running totals of the sale `saleId`, live while anyone listens. */
export const $stats = (client: SaleClient, saleId: string): ResourceStore<Stats> =>
  keyed(
    client,
    'stats',
    saleId,
    (signal) => client.getStats(saleId, { signal }),
    (store) =>
      watchSale(client, saleId, {
        stats(stats) {
          const current = store.get();
          // The same object means "not modified" (HTTP 304): nothing to do, nothing to render.
          // An answer older than the one shown (a slow poll after a stream event) is dropped.
          if (current.data && stats.serverTime < current.data.serverTime) return;
          if (stats !== current.data || current.status !== 'ready') {
            store.set({ status: 'ready', data: stats });
          }
        },
        health: health(store),
      }),
  );
