/**
 * The pluggable API client the widgets talk to.
 * @module
 */
import type { Deal, DealList, Order, OrderRequest, Sale, Stats } from './types.js';

/** Options every client call takes. */
export interface RequestOptions {
  /** Cancels the call; it then rejects with a `SaledayError` of code `aborted`. */
  signal?: AbortSignal;
}

/**
 * What the widgets need from a backend. {@link HttpSaleClient} implements it for the Saleday HTTP
 * contract; a partner with another backend implements it (and passes it to `configure({ client })`)
 * to adapt theirs. Every method returns validated data (see `parseSale` and friends) or rejects
 * with a `SaledayError`; each answer's `serverTime` should also be fed to `serverClock.sample()`.
 * @example
 * ```ts
 * class MyBackendClient implements SaleClient {
 *   async getSale(saleId: string) {
 *     const sent = performance.now();
 *     const raw = await myApi.fetchCampaign(saleId);
 *     const sale = parseSale({ id: raw.code, name: raw.title, startsAt: raw.begin,
 *       endsAt: raw.end, currency: raw.ccy, serverTime: raw.now });
 *     serverClock.sample(sale.serverTime, sent);
 *     return sale;
 *   }
 *   // ...getDeals, getDeal, getStats, placeOrder, getOrder
 * }
 * configure({ client: new MyBackendClient() });
 * ```
 */
export interface SaleClient {
  /** `GET /sales/{saleId}` */
  getSale(saleId: string, options?: RequestOptions): Promise<Sale>;
  /** `GET /sales/{saleId}/deals` */
  getDeals(saleId: string, options?: RequestOptions): Promise<DealList>;
  /** `GET /deals/{dealId}` */
  getDeal(dealId: string, options?: RequestOptions): Promise<Deal>;
  /**
   * `GET /sales/{saleId}/stats`. A client that caches may resolve with the very same object as
   * last time when nothing changed (HTTP 304): the store then skips the update entirely.
   */
  getStats(saleId: string, options?: RequestOptions): Promise<Stats>;
  /**
   * `POST /orders`. Must be safe to call again with the same `idempotencyKey`: the backend
   * answers with the first result and never creates a second order.
   */
  placeOrder(request: OrderRequest, options?: RequestOptions): Promise<Order>;
  /** `GET /orders/{orderId}`: where a queued order stands. */
  getOrder(orderId: string, options?: RequestOptions): Promise<Order>;
  /** The URL of the sale's `text/event-stream`, if the backend has one (else the SDK polls). */
  streamUrl?(saleId: string): string;
  /** The polling interval the server suggested for `getStats`, in milliseconds. */
  pollInterval?(saleId: string): number | undefined;
}
