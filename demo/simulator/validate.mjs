/**
 * Validation of everything the simulator receives: order requests, fixtures and faults.
 * Validators return clean copies and throw {@link Invalid} (answered as 400) on bad input.
 * @module
 */
import { Invalid } from './http.mjs';

const KEY = /^[A-Za-z0-9_-]{8,255}$/;
const CURRENCY = /^[A-Z]{3}$/;
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v, min = 0) => Number.isSafeInteger(v) && v >= min;

function need(ok, message) {
  if (!ok) throw new Invalid(message);
}
function str(v, name) {
  need(typeof v === 'string' && v.length > 0 && v.length <= 500, `${name} must be a string.`);
  return v;
}
function int(v, name, min = 0) {
  need(isInt(v, min), `${name} must be an integer >= ${min}.`);
  return v;
}
function httpUrl(v, name) {
  need(typeof v === 'string' && /^https?:\/\/\S+$/.test(v), `${name} must be an http(s) URL.`);
  return v;
}
function money(v, currency, name) {
  const m = typeof v === 'number' ? { amount: v, currency } : v;
  need(isObject(m), `${name} must be Money.`);
  need(CURRENCY.test(m.currency), `${name}.currency must be an ISO 4217 code.`);
  return { amount: int(m.amount, `${name}.amount`), currency: m.currency };
}

/** Whether `key` is a valid `Idempotency-Key` (8-255 of `[A-Za-z0-9_-]`). */
export const isIdempotencyKey = (key) => typeof key === 'string' && KEY.test(key);

/**
 * Validates a `POST /orders` body.
 * @param {unknown} body parsed JSON
 * @returns {{ dealId: string, quantity: number }}
 */
export function orderRequest(body) {
  need(isObject(body), 'The body must be a JSON object.');
  return { dealId: str(body.dealId, 'dealId'), quantity: int(body.quantity, 'quantity', 1) };
}

/** Formats epoch ms as ISO 8601 with a fixed offset in minutes (`+08:00`; 0 gives `Z`). */
export function isoAt(ms, offsetMinutes = 0) {
  if (!offsetMinutes) return new Date(ms).toISOString();
  const local = new Date(ms + offsetMinutes * 60000).toISOString().slice(0, -1);
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  return `${local}${offsetMinutes < 0 ? '-' : '+'}${hh}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * Resolves a period: absolute `startsAt`/`endsAt` (ISO with offset) or relative
 * `startInMs`/`durationMs` (from `now`). Returns the strings and their epoch ms.
 */
function period(raw, now, name) {
  const at = (v, key) => {
    const ms = Date.parse(str(v, `${name}.${key}`));
    need(/(Z|[+-]\d\d:\d\d)$/.test(v) && !Number.isNaN(ms), `${name}.${key} needs an offset.`);
    return ms;
  };
  const num = (v, d, key) => (v === undefined ? d : (need(Number.isFinite(v), key), v));
  const startMs = raw.startsAt ? at(raw.startsAt, 'startsAt') : now + num(raw.startInMs, 0, name);
  const endMs = raw.endsAt ? at(raw.endsAt, 'endsAt') : startMs + num(raw.durationMs, 36e5, name);
  need(endMs > startMs, `${name} must end after it starts.`);
  return {
    startsAt: raw.startsAt ?? isoAt(startMs),
    endsAt: raw.endsAt ?? isoAt(endMs),
    startMs,
    endMs,
  };
}

/** Validates a window `{ id, name, startsAt, endsAt }` (or relative times). */
function windowFixture(w, now, name) {
  need(isObject(w), `${name} must be an object.`);
  const id = str(w.id, `${name}.id`);
  return { id, name: str(w.name ?? id, `${name}.name`), ...period(w, now, name) };
}

/**
 * Validates a sale fixture (`windows` ordered and non-overlapping).
 * @param {Record<string, unknown>} raw contract fields, or `startInMs`/`durationMs` for times
 * @param {number} now the world's clock (epoch ms)
 */
export function saleFixture(raw, now) {
  need(isObject(raw), 'A sale must be an object.');
  const sale = {
    id: str(raw.id, 'sale.id'),
    name: str(raw.name ?? 'Flash Sale', 'sale.name'),
    currency: raw.currency ?? 'USD',
    ...period(raw, now, 'sale'),
    crowd: typeof raw.crowd === 'number' ? raw.crowd : 0,
  };
  need(CURRENCY.test(sale.currency), 'sale.currency must be an ISO 4217 code.');
  if (raw.windows !== undefined) {
    need(Array.isArray(raw.windows) && raw.windows.length > 0, 'sale.windows must be an array.');
    sale.windows = raw.windows.map((w, i) => windowFixture(w, now, `sale.windows[${i}]`));
    sale.windows.forEach((w, i) =>
      need(i === 0 || w.startMs >= sale.windows[i - 1].endMs, 'sale.windows overlap.'),
    );
  }
  if (raw.milestones !== undefined) {
    const m = raw.milestones;
    need(isObject(m), 'sale.milestones must be an object.');
    sale.milestones = {};
    for (const key of ['gmv', 'orders']) {
      if (m[key] === undefined) continue;
      need(Array.isArray(m[key]) && m[key].every((n) => isInt(n, 1)), `milestones.${key}`);
      sale.milestones[key] = [...m[key]];
    }
  }
  return sale;
}

/**
 * Validates a deal fixture; missing presentation fields get defaults.
 * `windows` may list ids of its sale's windows, or window objects.
 * @param {Record<string, unknown>} raw
 * @param {{ currency: string, windows?: object[] }} sale the deal's sale (already validated)
 * @param {string} origin the simulator's URL, for default image URLs
 * @param {number} now
 */
export function dealFixture(raw, sale, origin, now) {
  const id = str(raw.id, 'deal.id');
  const stock =
    typeof raw.stock === 'number' ? { total: raw.stock } : (raw.stock ?? { total: 100 });
  need(isObject(stock), 'deal.stock must be an object.');
  const total = int(stock.total, 'stock.total');
  const deal = {
    id,
    saleId: raw.saleId,
    title: str(raw.title ?? `Deal ${id}`, 'deal.title'),
    imageUrl: httpUrl(raw.imageUrl ?? `${origin}/img/${id.toLowerCase()}.svg`, 'deal.imageUrl'),
    url: httpUrl(raw.url ?? `https://shop.example/deals/${encodeURIComponent(id)}`, 'deal.url'),
    price: money(raw.price ?? 1999, sale.currency, 'deal.price'),
    stock: { total, remaining: int(stock.remaining ?? total, 'stock.remaining') },
    maxPerOrder: int(raw.maxPerOrder ?? 5, 'deal.maxPerOrder', 1),
    requiresAuth: raw.requiresAuth === true,
    popularity: typeof raw.popularity === 'number' ? raw.popularity : 1,
  };
  const list = raw.listPrice ?? Math.round(deal.price.amount * 1.5);
  deal.listPrice = money(list, deal.price.currency, 'deal.listPrice');
  need(deal.stock.remaining <= total, 'stock.remaining must not exceed stock.total.');
  need(deal.listPrice.currency === deal.price.currency, 'Both prices need the same currency.');
  if (raw.windows !== undefined) {
    need(Array.isArray(raw.windows), 'deal.windows must be an array.');
    deal.windows = raw.windows.map((w, i) => {
      if (typeof w !== 'string') return windowFixture(w, now, `deal.windows[${i}]`);
      const found = sale.windows?.find((s) => s.id === w);
      need(found, `deal.windows[${i}] is not a window of the sale.`);
      return found;
    });
  }
  return deal;
}

/**
 * Validates a fault (see the control API in `control.mjs`).
 * @param {unknown} raw
 */
export function faultSpec(raw) {
  need(isObject(raw), 'A fault must be an object.');
  const path = str(raw.path, 'fault.path');
  need(path.startsWith('/'), 'fault.path must start with "/".');
  const opt = (key, check) =>
    raw[key] === undefined ? undefined : check(raw[key], `fault.${key} is invalid.`);
  const fault = {
    method: opt('method', (v) => str(v, 'fault.method').toUpperCase()),
    path,
    status: opt('status', (v, k) => (need(isInt(v, 200) && v <= 599, k), v)),
    retryAfter: opt('retryAfter', (v) => int(v, 'fault.retryAfter')),
    body: opt('body', (v, k) => (need(typeof v === 'string' || typeof v === 'object', k), v)),
    headers: opt('headers', (v, k) => (need(isObject(v), k), v)),
    delayMs: opt('delayMs', (v, k) => (need(isInt(v) && v <= 60000, k), v)),
    holdMs: opt('holdMs', (v, k) => (need(isInt(v) && v <= 60000, k), v)),
    drop: raw.drop === true,
    dropAfterAct: raw.dropAfterAct === true,
    cutAfterEvents: opt('cutAfterEvents', (v) => int(v, 'fault.cutAfterEvents', 1)),
    freezeAfterEvents: opt('freezeAfterEvents', (v) => int(v, 'fault.freezeAfterEvents', 1)),
    times: int(raw.times ?? 1, 'fault.times', 1),
  };
  const headers = Object.values(fault.headers ?? {});
  need(
    headers.every((v) => typeof v === 'string'),
    'fault.headers must be strings.',
  );
  return fault;
}

export { isObject, int, need, str };
