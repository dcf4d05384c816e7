/**
 * One purchase intent, without any DOM: place an order once, wait in the waiting room, retry
 * safely with the same `Idempotency-Key`. The buy button runs on it; so can any other page or
 * program (a native app's web view, a load test) that wants the same promises.
 * @module
 */
import type { SaleClient } from './client.js';
import { SaledayError, toSaledayError } from './errors.js';
import type { Order } from './types.js';

/** `idle`, `pending` (order sent), `queued` (waiting room), `ordered` or `failed`. */
export type PurchaseStatus = 'idle' | 'pending' | 'queued' | 'ordered' | 'failed';

/** What is being bought. */
export interface PurchaseRequest {
  dealId: string;
  quantity: number;
}

/**
 * Whether the server refused the request for good (a 4xx other than 408/425/429): the next
 * attempt is a new intent with a new key. After anything else (a fault, a timeout, a 5xx, a 429,
 * an unreadable answer) the order may exist already, so the key is kept.
 */
const refused = ({ status = 0, code }: SaledayError) =>
  status >= 400 && status < 500 && ![408, 425, 429].includes(status) && code !== IN_PROGRESS;

/**
 * The server still runs the first request with this key (another tab, or an attempt whose answer
 * was lost): the same key is sent again after `Retry-After`, at most this many times in all.
 */
const IN_PROGRESS = 'request_in_progress';
const IN_PROGRESS_TRIES = 20;

/** Waits `ms`, or until `signal` aborts (the caller checks `signal.aborted`). */
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });

/**
 * The purchase-intent state machine of a buy button. One intent has one idempotency key, kept
 * across retries, timeouts, pauses and repeated calls, so however often `buy()` is called at most
 * one order is created; a new key is drawn only after a final answer or for another request.
 * @example
 * ```ts
 * const purchase = new Purchase((what) => console.log(what, purchase.status));
 * await purchase.buy(client, { dealId: 'd1', quantity: 1 });
 * ```
 */
export class Purchase {
  /** Where the intent stands. */
  status: PurchaseStatus = 'idle';
  /** The last order answer (a queued one keeps its position here). */
  order?: Order;
  /** Why it failed, while `failed`. */
  error?: SaledayError;
  /** `performance.now()` before which `buy()` waits (the server's `Retry-After`). */
  retryAt = 0;
  #key?: string;
  #request?: string;
  #controller?: AbortController;
  #last?: [SaleClient, PurchaseRequest];
  #paused?: boolean;
  #timer?: ReturnType<typeof setTimeout>;

  /** `notify` hears every change, and `ordered` or `failed` once when the intent settles. */
  constructor(private readonly notify: (what: 'change' | 'ordered' | 'failed') => void) {}

  /** Whether a request is under way (`pending` or `queued`). */
  get busy(): boolean {
    return this.status === 'pending' || this.status === 'queued';
  }

  /** Whether `Retry-After` still holds `buy()` back. */
  get waiting(): boolean {
    return performance.now() < this.retryAt;
  }

  /**
   * Places the order, or resumes following a queued one. Does nothing while busy or while
   * `Retry-After` holds. Never rejects: the outcome is in `status`, `order` and `error`.
   */
  async buy(client: SaleClient, request: PurchaseRequest): Promise<void> {
    if (this.busy || this.waiting) return;
    this.#last = [client, request];
    this.#paused = false;
    const id = `${request.dealId}\n${request.quantity}`;
    if (id !== this.#request) this.reset();
    this.#request = id;
    const { signal } = (this.#controller = new AbortController());
    this.error = undefined;
    try {
      let order = this.order;
      if (order?.status !== 'queued') {
        this.#set('pending');
        this.#key ??= crypto.randomUUID();
        order = await this.#place(client, request, this.#key, signal);
        if (signal.aborted) return;
      }
      while (order.status === 'queued') {
        this.order = order;
        this.#set('queued');
        await sleep((order.retryAfter ?? 1) * 1000, signal);
        if (signal.aborted) return;
        order = await client.getOrder(order.orderId, { signal });
        if (signal.aborted) return;
      }
      this.order = order;
      this.#key = undefined;
      if (order.status === 'confirmed') {
        this.#set('ordered');
        this.notify('ordered');
      } else {
        const code = order.error ?? 'order_failed';
        this.#fail(new SaledayError(code, `The order failed (${code})`));
      }
    } catch (caught) {
      if (signal.aborted) return;
      const error = toSaledayError(caught);
      if (refused(error)) this.#key = this.order = undefined;
      this.#fail(error);
    }
  }

  /** Stops any request under way (the element left the page); `resume()` picks it up again. */
  pause(): void {
    if (!this.busy) return;
    this.#controller?.abort();
    this.#paused = true;
  }

  /** Resumes what `pause()` stopped, with the same key (or the same queued order). */
  resume(): void {
    if (!this.#paused || !this.#last) return;
    this.status = 'idle';
    void this.buy(...this.#last);
  }

  /** Forgets the intent: the next `buy()` draws a new key. */
  reset(): void {
    this.#controller?.abort();
    clearTimeout(this.#timer);
    this.#key = this.order = this.error = undefined;
    this.#paused = false;
    this.retryAt = 0;
    this.#set('idle');
  }

  /** Sends the order, again with the same key while the server says the first is running. */
  async #place(client: SaleClient, request: PurchaseRequest, key: string, signal: AbortSignal) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await client.placeOrder({ ...request, idempotencyKey: key }, { signal });
      } catch (caught) {
        const error = toSaledayError(caught);
        if (error.code !== IN_PROGRESS || attempt >= IN_PROGRESS_TRIES) throw error;
        await sleep(error.retryAfter ?? 1000, signal);
        if (signal.aborted) throw error;
      }
    }
  }

  #fail(error: SaledayError): void {
    this.error = error;
    this.retryAt = performance.now() + (error.retryAfter ?? 0);
    this.#set('failed');
    this.notify('failed');
    clearTimeout(this.#timer);
    // Wake up when Retry-After has passed; "not started yet" clears itself, the clock decides.
    const early = error.code === 'not_started';
    const wait = error.retryAfter ?? (early ? 1000 : 0);
    if (wait) {
      this.#timer = setTimeout(() => {
        if (this.status !== 'failed') return;
        if (early) this.status = 'idle';
        this.notify('change');
      }, wait);
    }
  }

  #set(status: PurchaseStatus): void {
    this.status = status;
    this.notify('change');
  }
}
