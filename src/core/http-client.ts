/**
 * {@link HttpSaleClient}: the Saleday HTTP contract v1 over ky.
 * @module
 */
import ky, { HTTPError, TimeoutError, type KyInstance, type Options, type RetryOptions } from 'ky';
import type { RequestOptions, SaleClient } from './client.js';
import { serverClock, type ServerClock } from './clock.js';
import { SaledayError, isSaledayError } from './errors.js';
import type { Order, OrderRequest, Stats } from './types.js';
import {
  isHttpUrl,
  parseDeal,
  parseDealList,
  parseOrder,
  parseSale,
  parseStats,
} from './validate.js';

/** Options of an {@link HttpSaleClient}. */
export interface HttpSaleClientOptions {
  /** Base URL of the API: an absolute `http(s)` URL such as `https://shop.example/api`. */
  api: string;
  /** Milliseconds to wait for each attempt before it counts as a timeout (default 10,000). */
  timeout?: number;
  /** How many times a failed safe request is retried (default 3). */
  retries?: number;
  /**
   * Extra headers for every request, such as `Authorization`: called before each attempt, so a
   * partner can refresh a token.
   */
  headers?: () => HeadersInit | undefined | Promise<HeadersInit | undefined>;
  /** The `fetch` to use (default: the page's `fetch` when the client is made). */
  fetch?: typeof fetch;
  /** The clock fed with each answer's `serverTime` (default: the page's `serverClock`). */
  clock?: ServerClock;
}

/** Retry only what is safe, back off exponentially with full jitter, and honour `Retry-After`. */
const retryPolicy = (limit: number, method: 'get' | 'post'): RetryOptions => ({
  limit,
  methods: [method],
  statusCodes: [408, 429, 500, 502, 503, 504],
  afterStatusCodes: [413, 429, 503],
  maxRetryAfter: 60_000,
  backoffLimit: 8_000,
  jitter: true,
  retryOnTimeout: true,
});

const path = (...parts: string[]) => parts.map(encodeURIComponent).join('/');

/** Parses a `Retry-After` header (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null, now = serverClock.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), 3_600_000) : undefined;
}

/** Turns whatever a request threw into a {@link SaledayError} that says what happened. */
async function describeFailure(error: unknown): Promise<SaledayError> {
  if (isSaledayError(error)) return error;
  if (error instanceof HTTPError) {
    const { response } = error;
    let body: { error?: unknown; message?: unknown; loginUrl?: unknown } = {};
    try {
      const json: unknown = await response.json();
      // Own fields only: a polluted `Object.prototype` must not fill in a code or a sign-in link.
      if (json && typeof json === 'object') body = Object.assign(Object.create(null), json);
    } catch {
      // Not JSON: the status alone has to tell.
    }
    const status = response.status;
    const code =
      typeof body.error === 'string' && /^[a-z][a-z0-9_]{0,39}$/.test(body.error)
        ? body.error
        : status === 429
          ? 'rate_limited'
          : status === 503
            ? 'unavailable'
            : status === 404
              ? 'not_found'
              : 'http_error';
    const message =
      typeof body.message === 'string' && body.message
        ? body.message.slice(0, 300)
        : `The API answered HTTP ${status}`;
    return new SaledayError(code, message, {
      status,
      retryAfter: parseRetryAfter(response.headers.get('Retry-After')),
      loginUrl: isHttpUrl(body.loginUrl) ? body.loginUrl : undefined,
      cause: error,
    });
  }
  if (error instanceof TimeoutError) {
    return new SaledayError('timeout', 'The API did not answer in time', { cause: error });
  }
  if ((error as Error | null)?.name === 'AbortError') {
    return new SaledayError('aborted', 'The request was cancelled', { cause: error });
  }
  return new SaledayError('network', `Could not reach the API (${(error as Error)?.message})`, {
    cause: error,
  });
}

/**
 * The time a caching edge stamped on an answer (`Saleday-Edge-Time`, epoch seconds with
 * milliseconds, nginx's `$msec`), in epoch ms; `undefined` without one.
 */
function edgeTimeOf(response: Response): number | undefined {
  const stamp = response.headers.get('Saleday-Edge-Time');
  const seconds = stamp && /^\d{9,11}(\.\d{1,3})?$/.test(stamp) ? Number(stamp) : NaN;
  return Number.isFinite(seconds) ? Math.round(seconds * 1000) : undefined;
}

/**
 * A {@link SaleClient} for the Saleday HTTP contract v1, built on ky: a timeout on every attempt,
 * retries only where safe (GETs, and `POST /orders` because it carries its idempotency key),
 * exponential backoff with full jitter, `Retry-After` honoured, `AbortSignal` everywhere, ETag
 * revalidation of stats, and every body validated before it is returned.
 * @example
 * ```ts
 * const client = new HttpSaleClient({
 *   api: 'https://shop.example/api',
 *   headers: async () => ({ Authorization: `Bearer ${await getToken()}` }),
 * });
 * const sale = await client.getSale('1111');
 * ```
 */
export class HttpSaleClient implements SaleClient {
  /** The base URL, without a trailing slash. */
  readonly api: string;
  readonly #http: KyInstance;
  readonly #retries: number;
  readonly #clock: ServerClock;
  /** When each response's request was sent and its answer arrived (`performance.now()`). */
  readonly #timing = new WeakMap<Response, [sentAt: number, receivedAt: number]>();
  readonly #stats = new Map<string, { etag: string; stats: Stats }>();
  readonly #pollIntervals = new Map<string, number>();

  constructor(options: HttpSaleClientOptions) {
    if (!isHttpUrl(options.api)) {
      throw new SaledayError(
        'invalid_config',
        `Saleday: the API base URL must be an absolute http(s) URL, got "${String(options.api)}"`,
      );
    }
    this.api = options.api.replace(/\/+$/, '');
    this.#retries = options.retries ?? 3;
    this.#clock = options.clock ?? serverClock;
    const baseFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.#http = ky.create({
      prefixUrl: this.api,
      timeout: options.timeout ?? 10_000,
      fetch: async (input, init) => {
        const sentAt = performance.now();
        const response = await baseFetch(input, init);
        const receivedAt = performance.now();
        // A caching edge stamps each answer with its clock (Saleday-Edge-Time, seconds with
        // milliseconds): fresh even when the body, and its serverTime, was cached a second ago.
        const edgeTime = edgeTimeOf(response);
        if (edgeTime === undefined) this.#timing.set(response, [sentAt, receivedAt]);
        else this.#clock.sample(edgeTime, sentAt, receivedAt);
        return response;
      },
      hooks: {
        beforeRequest: [
          async (request) => {
            const extra = await options.headers?.();
            if (extra)
              new Headers(extra).forEach((value, name) => request.headers.set(name, value));
          },
        ],
      },
    });
  }

  /**
   * Sends one request and returns its validated JSON body; feeds the server clock. `check` sees
   * the answer first: it may return the body to use instead of reading this one, or throw.
   */
  async #send<T extends { serverTime: number }>(
    method: 'get' | 'post',
    url: string,
    parse: (body: unknown) => T,
    options: Options,
    check?: (response: Response) => T | undefined,
  ): Promise<T> {
    let response: Response;
    try {
      response = await this.#http(url, {
        method,
        retry: retryPolicy(this.#retries, method),
        ...options,
      });
    } catch (error) {
      throw await describeFailure(error);
    }
    const same = check?.(response);
    if (same) {
      void response.body?.cancel();
      return same;
    }
    let raw: unknown;
    try {
      raw = await response.json();
    } catch (error) {
      throw new SaledayError('invalid_response', 'Invalid API response: the body is not JSON', {
        status: response.status,
        cause: error,
      });
    }
    const body = parse(raw);
    const timing = this.#timing.get(response);
    // A body revalidated from the browser's HTTP cache carries an old serverTime: never sample it.
    // (An answer stamped by an edge was sampled when it arrived: no timing is kept for it.)
    if (timing && options.cache !== 'no-cache') this.#clock.sample(body.serverTime, ...timing);
    return body;
  }

  async #get<T extends { serverTime: number }>(
    url: string,
    parse: (body: unknown) => T,
    options: RequestOptions = {},
  ): Promise<T> {
    return this.#send('get', url, parse, { signal: options.signal });
  }

  getSale(saleId: string, options?: RequestOptions) {
    return this.#get(path('sales', saleId), parseSale, options);
  }

  getDeals(saleId: string, options?: RequestOptions) {
    return this.#get(`${path('sales', saleId)}/deals`, parseDealList, options);
  }

  getDeal(dealId: string, options?: RequestOptions) {
    return this.#get(path('deals', dealId), parseDeal, options);
  }

  /**
   * Revalidates through the browser's HTTP cache (`cache: 'no-cache'`): the browser sends
   * `If-None-Match` itself, so no CORS preflight is needed, and an unchanged `ETag` resolves with
   * the very same object as last time, without parsing the body.
   */
  async getStats(saleId: string, options: RequestOptions = {}): Promise<Stats> {
    const cached = this.#stats.get(saleId);
    let etag: string | null;
    return this.#send(
      'get',
      `${path('sales', saleId)}/stats`,
      (body) => {
        const stats = parseStats(body);
        if (etag) this.#stats.set(saleId, { etag, stats });
        return stats;
      },
      { signal: options.signal, cache: 'no-cache', throwHttpErrors: (status) => status !== 304 },
      (response) => {
        const interval = Number(response.headers.get('Saleday-Poll-Interval'));
        if (interval >= 250 && interval <= 60_000) this.#pollIntervals.set(saleId, interval);
        etag = response.headers.get('ETag');
        if (cached && (response.status === 304 || etag === cached.etag)) return cached.stats;
        if (response.status === 304) {
          throw new SaledayError(
            'invalid_response',
            'Invalid API response: 304 for an unknown ETag',
          );
        }
      },
    );
  }

  pollInterval(saleId: string): number | undefined {
    return this.#pollIntervals.get(saleId);
  }

  streamUrl(saleId: string): string {
    return `${this.api}/${path('sales', saleId)}/stream`;
  }

  /** `POST /orders`, retried on faults with the same `Idempotency-Key`, so at most one order. */
  async placeOrder(request: OrderRequest, options: RequestOptions = {}): Promise<Order> {
    return this.#send('post', 'orders', parseOrder, {
      signal: options.signal,
      headers: { 'Idempotency-Key': request.idempotencyKey },
      json: { dealId: request.dealId, quantity: request.quantity },
    });
  }

  getOrder(orderId: string, options?: RequestOptions) {
    return this.#get(path('orders', orderId), parseOrder, options);
  }
}
