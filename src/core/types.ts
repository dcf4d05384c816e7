/**
 * Types of the Saleday HTTP contract v1 (see `docs/api-contract.md`).
 * Every body the client hands out has passed runtime validation first (`validate.ts`).
 * @module
 */

/** An amount of money: integer minor units (cents, yen, fils) and an ISO 4217 currency code. */
export interface Money {
  /** Integer minor units: `1999` with `USD` is $19.99, with `JPY` is ¥1,999, with `KWD` is 1.999 KD. */
  amount: number;
  /** ISO 4217 code, upper case: `USD`, `CNY`, `JPY`, `KWD`. */
  currency: string;
}

/** A period in which a sale (or a deal) is open for orders. */
export interface SaleWindow {
  id: string;
  name: string;
  /** ISO 8601 with offset. */
  startsAt: string;
  /** ISO 8601 with offset; always after `startsAt`. */
  endsAt: string;
}

/** Totals at which the live counter celebrates (`gmv` in minor units of the sale's currency). */
export interface Milestones {
  gmv?: number[];
  orders?: number[];
}

/** `GET /sales/{saleId}` */
export interface Sale {
  id: string;
  name: string;
  startsAt: string;
  endsAt: string;
  currency: string;
  /** Ordered, non-overlapping windows; absent means one window from `startsAt` to `endsAt`. */
  windows?: SaleWindow[];
  milestones?: Milestones;
  /** Epoch milliseconds on the server's clock when the body was made. */
  serverTime: number;
}

/** Units of a deal in stock. */
export interface Stock {
  total: number;
  remaining: number;
}

/** A product on sale (`GET /deals/{dealId}`, or one item of `GET /sales/{saleId}/deals`). */
export interface Deal {
  id: string;
  saleId: string;
  title: string;
  /** An absolute `http(s)` URL. */
  imageUrl: string;
  /** The product page: an absolute `http(s)` URL. */
  url: string;
  price: Money;
  listPrice: Money;
  stock: Stock;
  maxPerOrder: number;
  /** Windows in which this deal can be ordered; absent means every window of its sale. */
  windows?: SaleWindow[];
  serverTime: number;
}

/** `GET /sales/{saleId}/deals` */
export interface DealList {
  deals: Deal[];
  serverTime: number;
}

/** `GET /sales/{saleId}/stats` */
export interface Stats {
  /** Gross merchandise value sold so far. */
  gmv: Money;
  /** Orders placed so far. */
  orders: number;
  serverTime: number;
}

/** The `stock` event of the sale's stream. */
export interface StockUpdate {
  dealId: string;
  remaining: number;
  serverTime: number;
}

/** Where an order stands: `POST /orders` (201/202) and `GET /orders/{orderId}`. */
export type OrderStatus = 'confirmed' | 'queued' | 'failed';

/** The body of an order answer. */
export interface Order {
  orderId: string;
  status: OrderStatus;
  /** Position in the waiting room while `queued` (1 = next). */
  position?: number;
  /** Seconds to wait before polling again while `queued`. */
  retryAfter?: number;
  /** Where to complete the purchase, once `confirmed` (an `http(s)` URL). */
  checkoutUrl?: string;
  /** The error code, once `failed` (for example `sold_out`). */
  error?: string;
  serverTime: number;
}

/** What a buyer asks for with `POST /orders`. */
export interface OrderRequest {
  dealId: string;
  quantity: number;
  /** One purchase intent, one key: a retry with the same key never makes a second order. */
  idempotencyKey: string;
}
