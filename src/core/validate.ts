/**
 * Runtime validation of every API body. The API is untrusted: a malformed body becomes a
 * {@link SaledayError} with code `invalid_response` that says what is wrong and where, never a
 * crash, a `NaN` on screen or a `javascript:` link.
 * @module
 */
import { SaledayError } from './errors.js';
import type {
  Deal,
  DealList,
  Milestones,
  Money,
  Order,
  Sale,
  SaleWindow,
  Stats,
  Stock,
  StockUpdate,
} from './types.js';

type Json = Record<string, unknown>;

/** Longest accepted id, name or title. */
const MAX_TEXT = 300;
const MAX_URL = 2048;
/** Plausible `serverTime` range: 2000-01-01 to 2200-01-01. */
const MIN_TIME = 946684800000;
const MAX_TIME = 7258118400000;
const ISO_8601 = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:\d\d)$/;

const fail = (path: string, problem: string): never => {
  throw new SaledayError('invalid_response', `Invalid API response: ${path} ${problem}`);
};

const describe = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;

function object(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(path, `must be an object, got ${describe(value)}`);
  }
  return value as Json;
}

function array(value: unknown, path: string): unknown[] {
  return Array.isArray(value) ? value : fail(path, `must be an array, got ${describe(value)}`);
}

function text(value: unknown, path: string, max = MAX_TEXT): string {
  if (typeof value !== 'string') return fail(path, `must be a string, got ${describe(value)}`);
  if (!value.trim()) fail(path, 'must not be empty');
  if (value.length > max) fail(path, `is longer than ${max} characters`);
  return value;
}

function integer(value: unknown, path: string, min = 0): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    fail(path, `must be an integer, got ${typeof value === 'number' ? value : describe(value)}`);
  }
  if ((value as number) < min) fail(path, `must be at least ${min}, got ${value}`);
  return value as number;
}

function time(value: unknown, path: string): string {
  const iso = text(value, path, 40);
  if (!ISO_8601.test(iso) || !Number.isFinite(Date.parse(iso))) {
    fail(path, `must be an ISO 8601 time with offset, got "${iso}"`);
  }
  return iso;
}

function serverTime(value: unknown, path: string): number {
  const ms = integer(value, path, MIN_TIME);
  return ms > MAX_TIME ? fail(path, `is not a plausible time: ${ms}`) : ms;
}

/** Whether `url` is an absolute `http:` or `https:` URL (the only kind the SDK follows or loads). */
export function isHttpUrl(url: unknown): url is string {
  if (typeof url !== 'string' || url.length > MAX_URL) return false;
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

function httpUrl(value: unknown, path: string): string {
  return isHttpUrl(value) ? value : fail(path, 'must be an absolute http(s) URL');
}

let knownCurrencies: Set<string> | undefined;

/** Whether `code` is an ISO 4217 currency this browser can format. */
export function isCurrency(code: unknown): code is string {
  if (typeof code !== 'string' || !/^[A-Z]{3}$/.test(code)) return false;
  const list = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
  knownCurrencies ??= new Set(list ? list('currency') : []);
  return knownCurrencies.size === 0 || knownCurrencies.has(code);
}

function currency(value: unknown, path: string): string {
  return isCurrency(value) ? value : fail(path, `must be an ISO 4217 currency code`);
}

function money(value: unknown, path: string): Money {
  const body = object(value, path);
  return {
    amount: integer(body.amount, `${path}.amount`),
    currency: currency(body.currency, `${path}.currency`),
  };
}

function windows(value: unknown, path: string): SaleWindow[] {
  let previousEnd = -Infinity;
  const list = array(value, path).map((item, index) => {
    const at = `${path}[${index}]`;
    const body = object(item, at);
    const window: SaleWindow = {
      id: text(body.id, `${at}.id`),
      name: text(body.name, `${at}.name`),
      startsAt: time(body.startsAt, `${at}.startsAt`),
      endsAt: time(body.endsAt, `${at}.endsAt`),
    };
    const start = Date.parse(window.startsAt);
    const end = Date.parse(window.endsAt);
    if (end <= start) fail(`${at}.endsAt`, 'must be after its startsAt');
    if (start < previousEnd) fail(at, 'overlaps or comes before the previous window');
    previousEnd = end;
    return window;
  });
  return list.length ? list : fail(path, 'must not be empty');
}

function thresholds(value: unknown, path: string): number[] {
  return array(value, path).map((item, index) => integer(item, `${path}[${index}]`, 1));
}

function milestones(value: unknown, path: string): Milestones {
  const body = object(value, path);
  const result: Milestones = {};
  if (body.gmv !== undefined) result.gmv = thresholds(body.gmv, `${path}.gmv`);
  if (body.orders !== undefined) result.orders = thresholds(body.orders, `${path}.orders`);
  return result;
}

/** Validates a `GET /sales/{saleId}` body. */
export function parseSale(value: unknown, path = 'sale'): Sale {
  const body = object(value, path);
  const sale: Sale = {
    id: text(body.id, `${path}.id`),
    name: text(body.name, `${path}.name`),
    startsAt: time(body.startsAt, `${path}.startsAt`),
    endsAt: time(body.endsAt, `${path}.endsAt`),
    currency: currency(body.currency, `${path}.currency`),
    serverTime: serverTime(body.serverTime, `${path}.serverTime`),
  };
  if (Date.parse(sale.endsAt) <= Date.parse(sale.startsAt)) {
    fail(`${path}.endsAt`, 'must be after startsAt');
  }
  if (body.windows !== undefined) sale.windows = windows(body.windows, `${path}.windows`);
  if (body.milestones !== undefined) {
    sale.milestones = milestones(body.milestones, `${path}.milestones`);
  }
  return sale;
}

function stock(value: unknown, path: string): Stock {
  const body = object(value, path);
  const total = integer(body.total, `${path}.total`);
  const remaining = integer(body.remaining, `${path}.remaining`);
  if (remaining > total) fail(`${path}.remaining`, `must not exceed total (${total})`);
  return { total, remaining };
}

/** Validates a deal (`GET /deals/{dealId}` or one item of a deal list). */
export function parseDeal(value: unknown, path = 'deal', listTime?: number): Deal {
  const body = object(value, path);
  const deal: Deal = {
    id: text(body.id, `${path}.id`),
    saleId: text(body.saleId, `${path}.saleId`),
    title: text(body.title, `${path}.title`),
    imageUrl: httpUrl(body.imageUrl, `${path}.imageUrl`),
    url: httpUrl(body.url, `${path}.url`),
    price: money(body.price, `${path}.price`),
    listPrice: money(body.listPrice, `${path}.listPrice`),
    stock: stock(body.stock, `${path}.stock`),
    maxPerOrder: integer(body.maxPerOrder, `${path}.maxPerOrder`, 1),
    serverTime: listTime ?? serverTime(body.serverTime, `${path}.serverTime`),
  };
  if (deal.listPrice.currency !== deal.price.currency) {
    fail(`${path}.listPrice.currency`, `must match price.currency (${deal.price.currency})`);
  }
  if (body.windows !== undefined) deal.windows = windows(body.windows, `${path}.windows`);
  return deal;
}

/** Validates a `GET /sales/{saleId}/deals` body. */
export function parseDealList(value: unknown, path = 'deals'): DealList {
  const body = object(value, path);
  const time = serverTime(body.serverTime, `${path}.serverTime`);
  const deals = array(body.deals, `${path}.deals`).map((deal, index) =>
    parseDeal(deal, `${path}.deals[${index}]`, time),
  );
  return { deals, serverTime: time };
}

/** Validates a `GET /sales/{saleId}/stats` body (and the stream's `stats` event). */
export function parseStats(value: unknown, path = 'stats'): Stats {
  const body = object(value, path);
  return {
    gmv: money(body.gmv, `${path}.gmv`),
    orders: integer(body.orders, `${path}.orders`),
    serverTime: serverTime(body.serverTime, `${path}.serverTime`),
  };
}

/** Validates the stream's `stock` event. */
export function parseStockUpdate(value: unknown, path = 'stock'): StockUpdate {
  const body = object(value, path);
  return {
    dealId: text(body.dealId, `${path}.dealId`),
    remaining: integer(body.remaining, `${path}.remaining`),
    serverTime: serverTime(body.serverTime, `${path}.serverTime`),
  };
}

const ORDER_STATUSES = ['confirmed', 'queued', 'failed'];

/** Validates a `POST /orders` (201/202) or `GET /orders/{orderId}` body. */
export function parseOrder(value: unknown, path = 'order'): Order {
  const body = object(value, path);
  const status = body.status as Order['status'];
  if (!ORDER_STATUSES.includes(status)) {
    fail(`${path}.status`, `must be one of ${ORDER_STATUSES.join(', ')}`);
  }
  const order: Order = {
    orderId: text(body.orderId, `${path}.orderId`),
    status,
    serverTime: serverTime(body.serverTime, `${path}.serverTime`),
  };
  if (status === 'queued') {
    order.position = integer(body.position, `${path}.position`, 0);
    order.retryAfter = body.retryAfter === undefined ? 1 : integer(body.retryAfter, `${path}.retryAfter`);
  }
  if (body.checkoutUrl !== undefined) order.checkoutUrl = httpUrl(body.checkoutUrl, `${path}.checkoutUrl`);
  if (status === 'failed') order.error = text(body.error ?? 'order_failed', `${path}.error`);
  return order;
}
