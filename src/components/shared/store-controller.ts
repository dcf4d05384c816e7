import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ReadableAtom } from 'nanostores';

/**
 * Binds a nanostores store to a Lit element: listens while the element is connected, re-renders
 * it on every change, and follows the element to another store when the store it selects changes
 * (a new `deal` attribute, say). `select` may throw (no API configured): see `error`.
 */
export class StoreController<T> implements ReactiveController {
  #store?: ReadableAtom<T>;
  #unlisten?: () => void;
  /** What `select` threw the last time, if it threw. */
  error?: unknown;

  constructor(
    private readonly host: ReactiveControllerHost & Element,
    private readonly select: () => ReadableAtom<T> | undefined,
  ) {
    host.addController(this);
  }

  /** The store's current value (`undefined` without a store). */
  get value(): T | undefined {
    return this.#store?.get();
  }

  hostConnected() {
    this.hostUpdate();
  }

  hostDisconnected() {
    this.#unlisten?.();
    this.#unlisten = this.#store = undefined;
  }

  /** Follows the store `select` gives now (only while the element is connected). */
  hostUpdate() {
    if (!this.host.isConnected) return;
    let next: ReadableAtom<T> | undefined;
    try {
      next = this.select();
      this.error = undefined;
    } catch (error) {
      this.error = error;
    }
    if (next === this.#store) return;
    this.#unlisten?.();
    this.#store = next;
    this.#unlisten = next?.listen(() => this.host.requestUpdate());
  }
}
