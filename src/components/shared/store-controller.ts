import { isServer, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { ReadableAtom } from 'nanostores';

/**
 * Binds a nanostores store to a Lit element, as `@nanostores/lit` does: listens while the element
 * is connected and re-renders it on every change. `select` names the store to follow (the deal of
 * the `deal` attribute, say) and may throw (no API configured): see `error`.
 *
 * The store is chosen again in `hostUpdate`, which Lit runs after `willUpdate` and before
 * `update`: an element derives its state from `value` in `update()`, before `super.update()`,
 * where `value` speaks of the store selected for this very update. Reading `value` or `error`
 * has no side effect.
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

  /** The store's current value (`undefined` without a store). */
  get value(): T | undefined {
    // `get()` of a store nobody listens to mounts it for a moment (it would load, or touch the
    // DOM): the server reads the value as it stands.
    return isServer ? this.#store?.value : this.#store?.get();
  }

  /** What `select` threw the last time it was asked, if it threw. */
  get error(): unknown {
    return this.#error;
  }

  /** Listens again, and re-renders: the store may have changed while nobody listened. */
  hostConnected() {
    this.hostUpdate();
    this.host.requestUpdate();
  }

  hostDisconnected() {
    this.#unlisten?.();
    this.#unlisten = undefined;
    this.#store = undefined;
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
