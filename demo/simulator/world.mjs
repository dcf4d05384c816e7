/**
 * The state of one isolated world: its sales, deals, stats, order book, clock, stream events,
 * request log, fault queue and rate limiter. Parallel tests each get their own world.
 * @module
 */
import { MemoryStore } from './store/memory.mjs';
import { dealFixture, isObject, need, saleFixture } from './validate.mjs';

const RING_SIZE = 1000;
const LOG_SIZE = 1000;

/**
 * Where something sold in `windows` stands at `at` (epoch ms).
 * @param {{ id?: string, startMs: number, endMs: number }[]} windows ordered
 * @param {number} at
 * @returns {{ phase: 'upcoming' | 'live' | 'between' | 'ended', window?: object }}
 */
export function phaseAt(windows, at) {
  if (at < windows[0].startMs) return { phase: 'upcoming', window: windows[0] };
  for (const window of windows) {
    if (at < window.startMs) return { phase: 'between', window };
    if (at < window.endMs) return { phase: 'live', window };
  }
  return { phase: 'ended' };
}

const windowBody = ({ id, name, startsAt, endsAt }) => ({ id, name, startsAt, endsAt });

export class World {
  /**
   * @param {{ id: string, base: string, origin: string, clockOffsetMs?: number,
   *   waitingRoom?: { positions: number, retryAfter?: number } | false,
   *   rateLimit?: { perSecond: number, burst: number } | false,
   *   pollIntervalMs?: number, heartbeatMs?: number, chaos?: object | null,
   *   store?: import('./store/memory.mjs').MemoryStore }} options `base`: this world's API URL;
   *   `origin`: the simulator's URL; the clock is real time + `clockOffsetMs`; `heartbeatMs`:
   *   the longest a sale's stream stays without an event (2000; see `tick`); `chaos`: see
   *   `chaos.mjs`; `store`: where the order book lives (in memory unless given)
   */
  constructor(options) {
    const defaults = { clockOffsetMs: 0, waitingRoom: false, rateLimit: false, chaos: null };
    this.store = new MemoryStore();
    Object.assign(this, { ...defaults, pollIntervalMs: 1000, heartbeatMs: 2000 });
    for (const [key, value] of Object.entries(options)) if (value !== undefined) this[key] = value;
    this.tokens = this.rateLimit ? this.rateLimit.burst : 0;
    this.refilledAt = Date.now();
    this.sales = new Map();
    this.deals = new Map();
    this.stats = new Map(); // by sale id: `{ gmv, orders, version }`
    this.orders = new Map(); // the order book, by order id
    this.keys = new Map(); // idempotency keys: `{ fingerprint, reply? }`
    this.orderKeys = new Map(); // order id by idempotency key
    this.phases = new Map(); // last phase/window seen per sale
    this.events = []; // ring buffer of stream events `{ id, saleId, event, data }`
    this.lastEventId = this.evictedUpTo = 0;
    this.streams = new Set(); // open streams `{ saleId, write(event), end() }`
    this.log = [];
    this.faults = [];
    this.crowd = null; // the simulated crowd (see `curve.mjs`)
    /** Behind an edge: where events go (see `nchan.mjs`). When each sale's last event went. */
    this.publisher ??= null;
    this.publishedAt = new Map();
  }

  /** This world's clock, epoch ms: every `serverTime` comes from here. */
  now() {
    return Date.now() + this.clockOffsetMs;
  }

  /**
   * Adds fixtures `{ sales?, deals?, stats?: { [saleId]: { gmv?, orders? } } }` (or throws
   * `Invalid`); relative times count from `at` (another worker loads them as first seen).
   */
  load({ sales = [], deals = [], stats = {} }, at = this.now()) {
    need(Array.isArray(sales) && Array.isArray(deals) && isObject(stats), 'Bad fixtures.');
    for (const raw of sales) {
      const sale = saleFixture(raw, at);
      this.sales.set(sale.id, sale);
      this.stats.set(sale.id, { gmv: 0, orders: 0, version: 1 });
      this.phases.set(sale.id, this.phaseKey(sale));
      // Behind an edge the first tick publishes a snapshot at once: nchan has none to give a
      // new viewer before. Here, a new stream gets one from `openStream`.
      if (!this.publisher) this.publishedAt.set(sale.id, Date.now());
    }
    for (const raw of deals) {
      need(isObject(raw) && this.sales.has(raw.saleId), 'Each deal needs the id of a sale.');
      const deal = dealFixture(raw, this.sales.get(raw.saleId), this.origin, at);
      this.deals.set(deal.id, deal);
    }
    for (const [saleId, s] of Object.entries(stats)) this.setStats({ saleId, ...s }, false);
  }

  /** The windows a sale is open in (one from start to end when it has none). */
  saleWindows(sale) {
    return sale.windows ?? [sale];
  }

  /** Whether a deal can be ordered now: `null`, or the error code `not_started` / `ended`. */
  closedReason(deal) {
    const sale = this.sales.get(deal.saleId);
    const { phase } = phaseAt(deal.windows ?? this.saleWindows(sale), this.now());
    return phase === 'live' ? null : phase === 'ended' ? 'ended' : 'not_started';
  }

  /** Whether a sale is over (its stream answers 204). */
  hasEnded(sale) {
    return phaseAt(this.saleWindows(sale), this.now()).phase === 'ended';
  }

  phaseKey(sale) {
    const { phase, window } = phaseAt(this.saleWindows(sale), this.now());
    return `${phase}:${window?.id ?? ''}`;
  }

  /** `GET /sales/{id}` body. */
  saleBody(sale) {
    const { id, name, startsAt, endsAt, currency, windows, milestones } = sale;
    const body = { id, name, startsAt, endsAt, currency };
    if (windows) body.windows = windows.map(windowBody);
    if (milestones) body.milestones = milestones;
    return { ...body, serverTime: this.now() };
  }

  /** `GET /deals/{id}` body. */
  dealBody(deal) {
    const { id, saleId, title, imageUrl, url, price, listPrice, stock, maxPerOrder } = deal;
    const body = { id, saleId, title, imageUrl, url, price, listPrice, maxPerOrder };
    body.stock = { ...stock };
    if (deal.windows) body.windows = deal.windows.map(windowBody);
    return { ...body, serverTime: this.now() };
  }

  /** `GET /sales/{id}/stats` body. */
  statsBody(saleId) {
    const { gmv, orders } = this.stats.get(saleId);
    const currency = this.sales.get(saleId).currency;
    return { gmv: { amount: gmv, currency }, orders, serverTime: this.now() };
  }

  /** Strong ETag of a sale's stats; changes whenever they change. */
  etag(saleId) {
    const { gmv, orders, version } = this.stats.get(saleId);
    return `"v${version}-${orders}-${gmv}"`;
  }

  /** Records a stream event (`stats`, `stock`, `sale`) and sends it to the sale's streams. */
  emit(saleId, event, data) {
    const entry = { id: ++this.lastEventId, saleId, event, data };
    this.events.push(entry);
    if (this.events.length > RING_SIZE) this.evictedUpTo = this.events.shift().id;
    for (const stream of this.streams) if (stream.saleId === saleId) stream.write(entry);
    this.publisher?.publish(this.channel(saleId), entry);
    this.publishedAt.set(saleId, Date.now());
  }

  /** The nchan channel of a sale's stream behind an edge: the API's path and the sale. */
  channel(saleId) {
    return `${new URL(this.base).pathname.replace(/\/$/, '')}/sales/${saleId}`;
  }

  /** A sale's events after `id`, or `null` when some of them left the ring buffer already. */
  eventsAfter(saleId, id) {
    if (id < this.evictedUpTo) return null;
    return this.events.filter((e) => e.id > id && e.saleId === saleId);
  }

  /** Sets a sale's stats (`gmv` in minor units), bumps the ETag, emits `stats`. */
  setStats({ saleId, gmv, orders }, emit = true) {
    const stats = this.stats.get(saleId);
    need(stats, 'Unknown saleId.');
    need(gmv === undefined || Number.isSafeInteger(gmv?.amount ?? gmv), 'Bad gmv.');
    need(orders === undefined || Number.isSafeInteger(orders), 'Bad orders.');
    stats.gmv = gmv?.amount ?? gmv ?? stats.gmv;
    stats.orders = orders ?? stats.orders;
    stats.version += 1;
    if (emit) this.emit(saleId, 'stats', this.statsBody(saleId));
  }

  /** Sets a deal's remaining stock (raising `total` if needed), emits `stock`. */
  setStock({ dealId, remaining }, emit = true) {
    const deal = this.deals.get(dealId);
    need(deal && Number.isSafeInteger(remaining) && remaining >= 0, 'Bad dealId or remaining.');
    deal.stock.remaining = remaining;
    deal.stock.total = Math.max(deal.stock.total, remaining);
    if (emit) this.emit(deal.saleId, 'stock', { dealId, remaining, serverTime: this.now() });
  }

  /**
   * Shows a confirmed order the store counted: the deal's stock and its sale's stats as they
   * are now, emitted as `stats` and `stock` (by the worker that took the order, once).
   * @param {{ saleId: string, id: string, stock: { remaining: number } }} deal
   * @param {import('./store/memory.mjs').Sold} sold
   */
  sold(deal, { remaining, stats }) {
    this.applyStats(deal.saleId, stats);
    deal.stock.remaining = remaining;
    this.emit(deal.saleId, 'stock', { dealId: deal.id, remaining, serverTime: this.now() });
  }

  /** Takes a sale's stats `{ gmv, orders, version }` as the store has them and emits `stats`. */
  applyStats(saleId, stats) {
    Object.assign(this.stats.get(saleId), stats);
    this.emit(saleId, 'stats', this.statsBody(saleId));
  }

  /** Patches a sale's fields (relative times allowed), emits `sale`. */
  patchSale(saleId, patch) {
    const sale = this.sales.get(saleId);
    need(sale && isObject(patch), 'Unknown sale or bad patch.');
    const merged = { ...sale, windows: sale.windows?.map(windowBody), ...patch, id: saleId };
    if (patch.startInMs !== undefined) delete merged.startsAt;
    if (patch.durationMs !== undefined || patch.startInMs !== undefined) delete merged.endsAt;
    if (patch.windows === null) delete merged.windows;
    const next = saleFixture(merged, this.now());
    this.sales.set(saleId, next);
    for (const deal of this.deals.values()) {
      if (deal.saleId !== saleId || !deal.windows) continue;
      deal.windows = deal.windows.map((w) => next.windows?.find((n) => n.id === w.id) ?? w);
    }
    this.phases.set(saleId, this.phaseKey(next));
    this.emit(saleId, 'sale', this.saleBody(next));
    return next;
  }

  /**
   * Takes `n` tokens from the `POST /orders` bucket.
   * @returns {number} 0 when allowed, else the seconds to wait (`Retry-After`)
   */
  takeToken(n = 1) {
    const limit = this.rateLimit;
    if (!limit) return 0;
    const elapsed = (Date.now() - this.refilledAt) / 1000;
    this.tokens = Math.min(limit.burst, this.tokens + elapsed * limit.perSecond);
    this.refilledAt = Date.now();
    if (this.tokens >= n) {
      this.tokens -= n;
      return 0;
    }
    return Math.max(1, Math.ceil((n - this.tokens) / limit.perSecond));
  }

  /** Whether a new order for `sale` goes through the waiting room now. */
  queues(sale) {
    return Boolean(this.waitingRoom) && (!this.crowd || this.crowd.isRush(sale));
  }

  /** Takes the first queued fault matching a request (OPTIONS only if named explicitly). */
  takeFault(method, path) {
    const index = this.faults.findIndex(
      (f) =>
        (f.method ? f.method === method : method !== 'OPTIONS') &&
        (f.path.endsWith('*') ? path.startsWith(f.path.slice(0, -1)) : path === f.path),
    );
    if (index < 0) return null;
    const fault = this.faults[index];
    if (--fault.times === 0) this.faults.splice(index, 1);
    return fault;
  }

  /**
   * Records a request that reached this world; its `status` is read from `res` when logged
   * (0 when the connection was dropped without an answer).
   */
  record(req, res, path, query) {
    const names = ['origin', 'idempotency-key', 'if-none-match', 'last-event-id', 'authorization'];
    const headers = Object.fromEntries(names.map((name) => [name, req.headers[name]]));
    this.log.push({
      method: req.method,
      path,
      query,
      get status() {
        return res.headersSent ? res.statusCode : res.destroyed ? 0 : null;
      },
      headers,
      at: this.now(),
    });
    if (this.log.length > LOG_SIZE) this.log.shift();
  }

  /** Ends the open streams (of one sale, or all). */
  closeStreams(saleId) {
    for (const stream of this.streams) if (!saleId || stream.saleId === saleId) stream.end();
  }

  /** Runs a few times a second: emits `sale` on phase/window changes, moves the crowd. */
  tick() {
    for (const sale of this.sales.values()) {
      const key = this.phaseKey(sale);
      if (this.phases.get(sale.id) === key) continue;
      this.phases.set(sale.id, key);
      this.emit(sale.id, 'sale', this.saleBody(sale));
      if (key.startsWith('ended')) {
        this.closeStreams(sale.id);
        this.publisher?.delete(this.channel(sale.id));
      }
    }
    // The heartbeat: a sale that is not over sends its stats again when nothing else went out
    // for `heartbeatMs`, so a stream silent for longer is dead (the SDK reconnects it from its
    // last event id after 6 s: an edge may hold a stream open that no longer gets events).
    // It is an event like any other (an id, resumable); behind an edge, nchan also gives it to a
    // new viewer as the latest message.
    for (const sale of this.sales.values()) {
      const last = this.publishedAt.get(sale.id) ?? 0;
      if (Date.now() - last >= this.heartbeatMs && !this.hasEnded(sale)) {
        this.emit(sale.id, 'stats', this.statsBody(sale.id));
      }
    }
    this.crowd?.tick();
  }
}
