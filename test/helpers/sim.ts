/**
 * Browser-side helpers for tests: create an isolated world in the local sale simulator
 * (`demo/simulator`, started by `web-test-runner.config.mjs`) and drive it through its control
 * API (`/_sim`). Every test file can make its own worlds, so parallel files never interfere.
 *
 * Typed with local interfaces on purpose: the SDK's own types are what the tests check.
 * @module
 */

declare global {
  interface Window {
    /** The simulator's URL (e.g. `http://127.0.0.1:40123`), injected by the test runner. */
    SALEDAY_SIM?: string;
  }
}

/** The simulator's URL, another origin than the test page's, so CORS is always exercised. */
export const SIM_URL: string = window.SALEDAY_SIM ?? '';

/** Money: integer minor units and an ISO 4217 code. */
export interface Money {
  amount: number;
  currency: string;
}

/** A window fixture: absolute times (ISO 8601 with offset) or times relative to the world's clock. */
export interface WindowFixture {
  id: string;
  name?: string;
  startsAt?: string;
  endsAt?: string;
  /** Start, in ms from now on the world's clock (negative: started already). */
  startInMs?: number;
  durationMs?: number;
}

/** A sale fixture; `startsAt`/`endsAt` win over `startInMs`/`durationMs`. */
export interface SaleFixture extends WindowFixture {
  name: string;
  currency: string;
  windows?: WindowFixture[];
  milestones?: { gmv?: number[]; orders?: number[] };
}

/** A deal fixture: a contract deal, plus `requiresAuth` (orders need an `Authorization` header). */
export interface DealFixture {
  id: string;
  saleId: string;
  title: string;
  imageUrl: string;
  url: string;
  price: Money;
  listPrice: Money;
  stock: { total: number; remaining: number };
  maxPerOrder: number;
  /** Ids of its sale's windows, or window fixtures: the deal is only sold in those. */
  windows?: (string | WindowFixture)[];
  requiresAuth?: boolean;
}

/** What `POST /_sim/worlds` takes. */
export interface WorldSpec {
  sales?: SaleFixture[];
  deals?: DealFixture[];
  /** Initial stats per sale id (`gmv` in minor units). */
  stats?: Record<string, { gmv?: number; orders?: number }>;
  /** The world's clock is real time plus this (pretend the visitor's clock is off). */
  clockOffsetMs?: number;
  /** New orders wait `positions` polls of `GET /orders/{id}` before they are confirmed. */
  waitingRoom?: { positions: number; retryAfter?: number } | false;
  /** Token bucket for `POST /orders` (429 with `Retry-After` when empty). */
  rateLimit?: { perSecond: number; burst: number } | false;
  /** A simulated crowd buying from sales that have a `crowd` weight (off by default). */
  curve?: { speed?: number } | false;
  /** `Saleday-Poll-Interval` (default 1000). */
  pollIntervalMs?: number;
  /** The longest a sale's stream goes without an event: a stats heartbeat (default 2000). */
  heartbeatMs?: number;
  /** Origins that get CORS headers from this world (default: the simulator's, all). */
  allowedOrigins?: string[];
  /** Chaos mode: a share of the requests go wrong (off by default; see `demo/simulator/chaos.mjs`). */
  chaos?: Chaos;
}

/**
 * Chaos mode: each request to a contract route rolls `drop`, `delay`, `errors`, `malformed`,
 * `cutStreams` in turn (shares from 0 to 1). Queued faults win over it.
 */
export interface Chaos {
  /** Act on the request, then destroy the connection without answering. */
  drop?: number;
  /** Act at once, answer after `delayMs` (default 3000): past the client's timeout. */
  delay?: number;
  delayMs?: number;
  /** Answer one of `statuses` (default 500, 503, 429) with `Retry-After: retryAfter` (1 s), not acting. */
  errors?: number;
  retryAfter?: number;
  statuses?: number[];
  /** Act, then send a broken body (a stream: its first event's JSON is broken). */
  malformed?: number;
  /** Streams: break the connection in the middle of an event, after 0-2 whole events. */
  cutStreams?: number;
  /** Makes the sequence of rolls the same every run. */
  seed?: number;
  /** Only these paths (exact, or prefixes ending in `*`); default: every contract route. */
  paths?: string[];
  /** Only these methods (default GET and POST). */
  methods?: string[];
}

/** A world's chaos mode and what it did since it was switched on. */
export interface ChaosReport {
  chaos: (Required<Omit<Chaos, 'paths'>> & { paths?: string[] }) | null;
  counts: {
    seen: number;
    dropped: number;
    delayed: number;
    errors: number;
    malformed: number;
    cut: number;
  } | null;
}

/**
 * A fault, queued and consumed in order by the requests it matches (`times` of them).
 * With `status` and/or `body` the request is answered with them and not processed;
 * otherwise the request is processed for real, after `delayMs`, with `headers` added.
 */
export interface Fault {
  /** Only requests with this method (`OPTIONS` preflights only when named explicitly). */
  method?: string;
  /** Path relative to the world's base (`/sales/s1/stats`), or a prefix ending in `*`. */
  path: string;
  status?: number;
  /** Seconds, sent as `Retry-After`. */
  retryAfter?: number;
  /** Sent verbatim if a string (e.g. broken JSON), as JSON otherwise. */
  body?: string | Record<string, unknown> | unknown[];
  headers?: Record<string, string>;
  delayMs?: number;
  /** `POST /orders`: hold the order this long once its key is claimed (a retry gets 409). */
  holdMs?: number;
  /** Destroy the connection without processing or answering. */
  drop?: boolean;
  /** Process the request for real, then destroy the connection without answering. */
  dropAfterAct?: boolean;
  /** Streams: break the connection after this many events. */
  cutAfterEvents?: number;
  /** Streams: after this many events, send no more but keep the connection open (pinged). */
  freezeAfterEvents?: number;
  times?: number;
}

/** A request that reached a world. */
export interface LogEntry {
  method: string;
  /** Relative to the world's base, without the query. */
  path: string;
  query: Record<string, string>;
  /** 0 when the connection was dropped without an answer, `null` while not answered yet. */
  status: number | null;
  headers: {
    origin?: string;
    'idempotency-key'?: string;
    'if-none-match'?: string;
    'last-event-id'?: string;
    authorization?: string;
  };
  /** When, on the world's clock (epoch ms). */
  at: number;
  /** What chaos mode did to it, if anything. */
  chaos?: 'dropped' | 'delayed' | 'errors' | 'malformed' | 'cut';
}

/** One order of a world's order book. */
export interface BookOrder {
  orderId: string;
  idempotencyKey: string;
  dealId: string;
  quantity: number;
  status: 'queued' | 'confirmed' | 'failed';
  position?: number;
  error?: string;
}

/** A world's order book and the current stock of its deals. */
export interface OrderBook {
  orders: BookOrder[];
  stock: Record<string, { total: number; remaining: number }>;
}

/** A contract `stats` body. */
export interface StatsBody {
  gmv: Money;
  orders: number;
  serverTime: number;
}

/** A handle on one simulator world. */
export interface World {
  id: string;
  /** The API base URL of this world (`http://127.0.0.1:port/w/<id>`). */
  base: string;
  log(): Promise<LogEntry[]>;
  clearLog(): Promise<void>;
  orders(): Promise<OrderBook>;
  /** Queues one fault or several (in order). */
  fault(fault: Fault | Fault[]): Promise<void>;
  clearFaults(): Promise<void>;
  /** Sets a sale's stats (bumps the ETag, emits a `stats` event). */
  setStats(stats: { saleId: string; gmv?: number; orders?: number }): Promise<StatsBody>;
  /** Sets a deal's remaining stock (emits a `stock` event). */
  setStock(stock: { dealId: string; remaining: number }): Promise<void>;
  /** Patches a sale (emits a `sale` event); `windows: null` removes its windows. */
  patchSale(
    saleId: string,
    patch: Partial<Omit<SaleFixture, 'id' | 'windows'>> & { windows?: WindowFixture[] | null },
  ): Promise<void>;
  /** Drops the world's open streams (clients reconnect); resolves with how many. */
  closeStreams(): Promise<number>;
  /** Moves the world's clock to real time + `clockOffsetMs`; resolves with its `serverTime`. */
  setClock(clockOffsetMs: number): Promise<number>;
  /** Chaos mode and what it did; `setChaos(null)` switches it off. */
  chaos(): Promise<ChaosReport>;
  setChaos(chaos: Chaos | null): Promise<ChaosReport>;
  /** Removes the world (closing its streams). */
  destroy(): Promise<void>;
}

async function control<T>(method: string, path: string, body?: unknown): Promise<T> {
  if (!SIM_URL)
    throw new Error('window.SALEDAY_SIM is not set: run the tests with web-test-runner.');
  const response = await fetch(`${SIM_URL}/_sim${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(`simulator: ${method} ${path} -> ${response.status} ${await response.text()}`);
  }
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/**
 * Creates an isolated world (its own sales, deals, stats, orders, stream, log, faults, clock).
 * @param spec fixtures and options; an empty world by default
 */
export async function createWorld(spec: WorldSpec = {}): Promise<World> {
  const { id, base } = await control<{ id: string; base: string }>('POST', '/worlds', spec);
  const at = `/worlds/${id}`;
  return {
    id,
    base,
    log: () => control('GET', `${at}/log`),
    clearLog: () => control('DELETE', `${at}/log`),
    orders: () => control('GET', `${at}/orders`),
    fault: (fault) => control('POST', `${at}/faults`, fault),
    clearFaults: () => control('DELETE', `${at}/faults`),
    setStats: (stats) => control('POST', `${at}/stats`, stats),
    setStock: (stock) => control('POST', `${at}/stock`, stock),
    patchSale: (saleId, patch) =>
      control('POST', `${at}/sales/${encodeURIComponent(saleId)}`, patch),
    closeStreams: async () =>
      (await control<{ closed: number }>('POST', `${at}/streams/close`)).closed,
    setClock: async (clockOffsetMs) =>
      (await control<{ serverTime: number }>('POST', `${at}/clock`, { clockOffsetMs })).serverTime,
    chaos: () => control('GET', `${at}/chaos`),
    setChaos: (chaos) =>
      chaos ? control('POST', `${at}/chaos`, chaos) : control('DELETE', `${at}/chaos`),
    destroy: () => control('DELETE', at),
  };
}

/**
 * A USD sale `sale-1` that started a minute ago and lasts an hour, with `overrides`.
 * Absolute `startsAt`/`endsAt` in the overrides win over the relative defaults.
 */
export function saleFixture(overrides: Partial<SaleFixture> = {}): SaleFixture {
  return {
    id: 'sale-1',
    name: 'Test Sale',
    currency: 'USD',
    startInMs: -60_000,
    durationMs: 3_600_000,
    ...overrides,
  };
}

/**
 * A deal `deal-1` of `sale-1` in USD (100 in stock, 5 per order), with `overrides`.
 * Given a `price` alone, the list price follows its currency.
 */
export function dealFixture(overrides: Partial<DealFixture> = {}): DealFixture {
  const id = overrides.id ?? 'deal-1';
  const price = overrides.price ?? { amount: 1999, currency: 'USD' };
  return {
    id,
    saleId: 'sale-1',
    title: `Test Deal ${id}`,
    imageUrl: `${SIM_URL}/img/${id.toLowerCase().replace(/[^a-z0-9-]/g, '-')}.svg`,
    url: `https://shop.example/deals/${encodeURIComponent(id)}`,
    price,
    listPrice: { amount: Math.round(price.amount * 1.5), currency: price.currency },
    stock: { total: 100, remaining: 100 },
    maxPerOrder: 5,
    ...overrides,
  };
}

/** A fresh valid `Idempotency-Key`. */
export function idempotencyKey(): string {
  return `test-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/** An event received from a sale's stream. */
export interface StreamEvent {
  type: 'stats' | 'stock' | 'sale';
  /** The event's `id:` (its `lastEventId`). */
  id: string;
  data: Record<string, unknown>;
}

/** Collects the `stats`, `stock` and `sale` events of an `EventSource`. */
export class StreamListener {
  readonly events: StreamEvent[] = [];
  readonly source: EventSource;
  #waiters: (() => void)[] = [];

  constructor(url: string) {
    this.source = new EventSource(url);
    for (const type of ['stats', 'stock', 'sale'] as const) {
      this.source.addEventListener(type, (event) => {
        const message = event as MessageEvent<string>;
        this.events.push({ type, id: message.lastEventId, data: JSON.parse(message.data) });
        this.#waiters.splice(0).forEach((wake) => wake());
      });
    }
  }

  /** Resolves with all events once there are at least `count`; rejects after `timeoutMs`. */
  async waitFor(count: number, timeoutMs = 5000): Promise<StreamEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.events.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`waited for ${count} stream events, got ${this.events.length}`);
      }
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, left);
      });
    }
    return this.events;
  }

  close(): void {
    this.source.close();
  }
}
