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

type Read<T> = (value: unknown, path: string) => T;
/** Reads one field of a validated object: `field('id', text)` checks `body.id` as `<path>.id`. */
type Field = <T>(key: string, read: Read<T>) => T;

const fail = (path: string, problem: string): never => {
  throw new SaledayError('invalid_response', `Invalid API response: ${path} ${problem}`);
};

const kind = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;

/** Checks that `value` is a plain object and returns a reader of its own fields. */
function fields(value: unknown, path: string): Field {
  if (typeof value !== 'object' || !value || Array.isArray(value)) {
    fail(path, `must be an object, got ${kind(value)}`);
  }
  // Only the body's own fields count: a polluted `Object.prototype` fills in nothing.
  const body: Record<string, unknown> = Object.assign(Object.create(null), value);
  return (key, read) => read(body[key], `${path}.${key}`);
}

/** Reads an array whose items `read` checks, each as `<path>[index]`. */
const listOf =
  <T>(read: Read<T>): Read<T[]> =>
  (value, path) =>
    Array.isArray(value)
      ? value.map((item, index) => read(item, `${path}[${index}]`))
      : fail(path, `must be an array, got ${kind(value)}`);

const text =
  (max = 300): Read<string> =>
  (value, path) =>
    typeof value !== 'string'
      ? fail(path, `must be a string, got ${kind(value)}`)
      : !value.trim()
        ? fail(path, 'must not be empty')
        : value.length > max
          ? fail(path, `is longer than ${max} characters`)
          : value;
const name = text();

const integer =
  (min = 0): Read<number> =>
  (value, path) =>
    typeof value !== 'number' || !Number.isSafeInteger(value)
      ? fail(path, `must be an integer, got ${typeof value === 'number' ? value : kind(value)}`)
      : value < min
        ? fail(path, `must be at least ${min}, got ${value}`)
        : value;
const count = integer();

const time: Read<string> = (value, path) => {
  const iso = text(40)(value, path);
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:\d\d)$/.test(iso) &&
    Date.parse(iso) >= 0
    ? iso
    : fail(path, `must be an ISO 8601 time with offset, got "${iso}"`);
};

/** Epoch ms between 2000-01-01 and 2200-01-01: anything else is not a plausible clock. */
const serverTime: Read<number> = (value, path) => {
  const ms = integer(946684800000)(value, path);
  return ms > 7258118400000 ? fail(path, `is not a plausible time: ${ms}`) : ms;
};

/** Whether `url` is an absolute `http:` or `https:` URL (the only kind the SDK follows or loads). */
export function isHttpUrl(url: unknown): url is string {
  try {
    return typeof url === 'string' && url.length < 2049 && /^https?:$/.test(new URL(url).protocol);
  } catch {
    return false;
  }
}

const httpUrl: Read<string> = (value, path) =>
  isHttpUrl(value) ? value : fail(path, 'must be an absolute http(s) URL');

let currencies: Set<string> | undefined;

/** Whether `code` is an ISO 4217 currency this browser can format. */
export function isCurrency(code: unknown): code is string {
  if (typeof code !== 'string' || !/^[A-Z]{3}$/.test(code)) return false;
  const list = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
  currencies ??= new Set(list?.('currency'));
  return !currencies.size || currencies.has(code);
}

const currency: Read<string> = (value, path) =>
  isCurrency(value) ? value : fail(path, 'must be an ISO 4217 currency code');

/** The reader of each field of `T`, in the order they are checked. */
type Shape<T> = { [K in keyof T]-?: Read<T[K]> };

/**
 * Reads an object field by field, in `shape` order (the first bad field is the one reported);
 * optional fields that are absent stay absent, and fields not in `shape` are dropped.
 */
const object =
  <T>(shape: Shape<T>): Read<T> =>
  (value, path) => {
    const field = fields(value, path);
    return Object.fromEntries(
      Object.entries<Read<unknown>>(shape)
        .map(([key, read]) => [key, field(key, read)])
        .filter(([, item]) => item !== undefined),
    ) as T;
  };

const money = object<Money>({ amount: count, currency });

/** Checks that `end` comes after `start`; returns both as epoch ms. */
const span = (start: string, end: string, path: string, what: string) => {
  const range = [Date.parse(start), Date.parse(end)] as const;
  return range[1] > range[0] ? range : fail(path, `must be after ${what}`);
};

const saleWindow = object<SaleWindow>({ id: name, name, startsAt: time, endsAt: time });

const windows: Read<SaleWindow[]> = (value, path) => {
  let previousEnd = -Infinity;
  const list = listOf((item, at) => {
    const window = saleWindow(item, at);
    const [start, end] = span(window.startsAt, window.endsAt, `${at}.endsAt`, 'its startsAt');
    if (start < previousEnd) fail(at, 'overlaps or comes before the previous window');
    previousEnd = end;
    return window;
  })(value, path);
  return list.length ? list : fail(path, 'must not be empty');
};

/** Reads an optional field: absent is `fallback`, present must be valid. */
const orElse =
  <T>(read: Read<T>, fallback: T): Read<T> =>
  (value, path) =>
    value === undefined ? fallback : read(value, path);

/** Reads an optional field: absent stays absent, present must be valid. */
const optional = <T>(read: Read<T>) => orElse<T | undefined>(read, undefined);

/** A field that does not apply: dropped whatever it holds. */
const absent: Read<undefined> = () => undefined;

const thresholds = optional(listOf(integer(1)));

const sale = object<Sale>({
  id: name,
  name,
  startsAt: time,
  endsAt: time,
  currency,
  serverTime,
  windows: optional(windows),
  milestones: optional(object<Milestones>({ gmv: thresholds, orders: thresholds })),
});

/** Validates a `GET /sales/{saleId}` body. */
export function parseSale(value: unknown, path = 'sale'): Sale {
  const body = sale(value, path);
  span(body.startsAt, body.endsAt, `${path}.endsAt`, 'startsAt');
  return body;
}

const stockShape = object<Stock>({ total: count, remaining: count });
const stock: Read<Stock> = (value, path) => {
  const body = stockShape(value, path);
  return body.remaining > body.total
    ? fail(`${path}.remaining`, `must not exceed total (${body.total})`)
    : body;
};

const dealShape: Shape<Deal> = {
  id: name,
  saleId: name,
  title: name,
  imageUrl: httpUrl,
  url: httpUrl,
  price: money,
  listPrice: money,
  stock,
  maxPerOrder: integer(1),
  windows: optional(windows),
  serverTime,
};

/** Validates a deal (`GET /deals/{dealId}` or one item of a deal list). */
export function parseDeal(value: unknown, path = 'deal', listTime?: number): Deal {
  // In a list, the list's serverTime stands for every deal's.
  const deal = object<Deal>(
    listTime === undefined ? dealShape : { ...dealShape, serverTime: () => listTime },
  )(value, path);
  return deal.listPrice.currency === deal.price.currency
    ? deal
    : fail(`${path}.listPrice.currency`, `must match price.currency (${deal.price.currency})`);
}

/** Validates a `GET /sales/{saleId}/deals` body. */
export function parseDealList(value: unknown, path = 'deals'): DealList {
  const field = fields(value, path);
  const time = field('serverTime', serverTime);
  const deals = field(
    'deals',
    listOf((deal, at) => parseDeal(deal, at, time)),
  );
  return { deals, serverTime: time };
}

// Read for every stream event: the readers are made once, not per event.
const stats = object<Stats>({ gmv: money, orders: count, serverTime });
const stockUpdate = object<StockUpdate>({ dealId: name, remaining: count, serverTime });

/** Validates a `GET /sales/{saleId}/stats` body (and the stream's `stats` event). */
export const parseStats = (value: unknown, path = 'stats'): Stats => stats(value, path);

/** Validates the stream's `stock` event. */
export const parseStockUpdate = (value: unknown, path = 'stock'): StockUpdate =>
  stockUpdate(value, path);

/** Validates a `POST /orders` (201/202) or `GET /orders/{orderId}` body. */
export function parseOrder(value: unknown, path = 'order'): Order {
  const status = fields(value, path)('status', (v, p) =>
    v === 'confirmed' || v === 'queued' || v === 'failed'
      ? v
      : fail(p, 'must be one of confirmed, queued, failed'),
  );
  const queued = status === 'queued';
  return object<Order>({
    orderId: name,
    status: () => status,
    serverTime,
    position: queued ? count : absent,
    retryAfter: queued ? orElse(count, 1) : absent,
    checkoutUrl: optional(httpUrl),
    error: status === 'failed' ? orElse(name, 'order_failed') : absent,
  })(value, path);
}
