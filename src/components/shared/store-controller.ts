import { isServer, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { ReadableAtom } from 'nanostores';

/**
 * Binds a nanostores store to a Lit element: listens while the element is connected, re-renders
 * it on every change, and follows the element to another store when the store it selects changes
 * (a new `deal` attribute, say). `select` may throw (no API configured): see `error`.
 *
 * `value` and `error` always speak of the store selected now: Lit runs `willUpdate` before the
 * controllers' `hostUpdate`, so an element that reads them there after its `deal` changed must
 * not get the old deal's data.
 */
export class StoreController<T> implements ReactiveController {
  #store?: ReadableAtom<T>;
  #unlisten?: () => void;
  #error?: unknown;

  constructor(
    private readonly host: ReactiveControllerHost & Element,
    private readonly select: () => ReadableAtom<T> | undefined,
  ) {
    host.addController(this);
  }

  /** The current value of the store selected now (`undefined` without a store). */
  get value(): T | undefined {
    this.hostUpdate();
    // `get()` of a store nobody listens to mounts it for a moment (it would load, or touch the
    // DOM): the server reads the value as it stands.
    return isServer ? this.#store?.value : this.#store?.get();
  }

  /** What `select` threw, if it threw the last time it was asked. */
  get error(): unknown {
    this.hostUpdate();
    return this.#error;
  }

  hostConnected() {
    this.hostUpdate();
  }

  hostDisconnected() {
    this.#unlisten?.();
    this.#unlisten = this.#store = undefined;
  }

  /**
   * Follows the store `select` gives now (only while the element is connected). On the server
   * (`saleday/ssr`) nothing is connected and nothing listens: the store is only read.
   */
  hostUpdate() {
    if (!this.host.isConnected && !isServer) return;
    let next: ReadableAtom<T> | undefined;
    try {
      next = this.select();
      this.#error = undefined;
    } catch (error) {
      this.#error = error;
    }
    if (next === this.#store) return;
    this.#unlisten?.();
    this.#store = next;
    if (!isServer) this.#unlisten = next?.listen(() => this.host.requestUpdate());
  }
}
