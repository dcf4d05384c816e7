import {
  isServer,
  LitElement,
  type PropertyDeclarations,
  type PropertyValues,
  type ReactiveController,
} from 'lit';
import { $config, resolveClient } from '../../core/config.js';
import type { SaleClient } from '../../core/client.js';
import { SaledayError, toSaledayError } from '../../core/errors.js';
import { SEED_ATTRIBUTE } from '../../core/seed.js';
import {
  $translations,
  directionOf,
  isValidLocale,
  message,
  resolveLocale,
} from '../../core/i18n.js';
import type { Messages } from '../../core/messages.js';
import { SaledayErrorEvent } from '../../events/error.js';
import { StoreController } from './store-controller.js';

/** Codes of failures a developer has to fix (the page's setup, the API's answers): also warned. */
const DEVELOPER_FAULTS = new Set(['invalid_config', 'invalid_response']);

/** Whether two errors are the same failure: the same code and message. */
const sameFailure = (a: SaledayError, b: SaledayError | undefined) =>
  a.code === b?.code && a.message === b.message;

/**
 * How the data a server-rendered element carries reaches the stores (`seedFromJson`): set by
 * `saleday/hydrate` and `saleday.hydrate.js`, so that pages without server rendering do not load
 * it.
 */
export const serverData: { seed?: (client: SaleClient, json: string) => void } = {};

let warnedNotHydrated = false;
/** Says once per page that server-rendered elements were drawn again, and how not to. */
function warnNotHydrated(): void {
  if (warnedNotHydrated) return;
  warnedNotHydrated = true;
  console.warn(
    'Saleday: server-rendered elements drawn again: use saleday.hydrate.js or saleday/hydrate',
  );
}

/**
 * What every Saleday element shares: the `locale` and `api` attributes, the direction that
 * follows the locale, messages, and the one error path: a failure is shown to shoppers as a short
 * message in their language, and reported to developers once with `saleday-error`.
 *
 * An element works out what it shows in `derive()`, which runs once the controllers have
 * followed the stores and the clock: in `update()` before rendering in the browser, and in
 * `willUpdate()` on the server (`saleday/ssr`), where Lit runs no `update` and no controller.
 */
export class SaledayElement extends LitElement {
  static override properties: PropertyDeclarations = {
    locale: { reflect: true },
    api: {},
    theme: { reflect: true },
  };

  /** On the server only: the controllers, whose `hostUpdate` the element runs itself. */
  #serverControllers?: ReactiveController[];

  /** Re-renders when `configure()` changes the locale, messages or API. */
  protected readonly config = new StoreController(this, () => $config);
  /** Re-renders when a translation arrives or a label is changed (`registerTranslation`). */
  protected readonly translations = new StoreController(this, () => $translations);
  /** What keeps the element from showing its data now (see `failure`). */
  #failure?: SaledayError;
  /** Failures to report once the update that found them has rendered. */
  #unreported: SaledayError[] = [];
  /** The `dir` and `lang` this element set itself (the page's own values are left alone). */
  #auto: Record<string, string> = {};

  /** BCP 47 locale, such as `fr-FR` or `ar` (default: the configured locale, else the browser's). */
  declare locale?: string;

  /** Base URL of the Saleday API for this element (default: the configured `api`). */
  declare api?: string;

  /** `dark` for the dark defaults, `auto` to follow the visitor's `prefers-color-scheme`. */
  declare theme?: 'light' | 'dark' | 'auto';

  /** The locale in use: `locale` if valid, else the configured one, else the browser's. */
  get resolvedLocale(): string {
    return resolveLocale(this.locale);
  }

  /** The API client for this element; throws a `SaledayError` when none is configured. */
  protected get client(): SaleClient {
    return resolveClient(this.api);
  }

  /**
   * What keeps the element from showing its data now, if anything: shoppers see a short message
   * in their language, never this error's text.
   */
  protected get failure(): SaledayError | undefined {
    return this.#failure;
  }

  /** A message in the element's locale. */
  protected t(key: keyof Messages, values?: Record<string, string | number>): string {
    return message(this.resolvedLocale, key, values);
  }

  override connectedCallback(): void {
    // Server-rendered inside another element (Lit marks it `defer-hydration`), on a page without
    // hydration support: the outer element drops this copy with the rest of the server's DOM
    // (see createRenderRoot), so it starts nothing.
    if (!serverData.seed && this.hasAttribute('defer-hydration')) return;
    // Server-rendered (`saleday/ssr`): the stores start from the data the server showed, before
    // the controllers subscribe, so hydration renders the same text and sends no request.
    const seed = serverData.seed && this.getAttribute(SEED_ATTRIBUTE);
    if (seed) {
      try {
        serverData.seed!(this.client, seed);
      } catch (error) {
        this.reportError(toSaledayError(error));
      }
    }
    super.connectedCallback();
  }

  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    // Rendered on the server, but on a page without hydration support (`saleday.js` instead of
    // `saleday.hydrate.js`): the server's copy is dropped and the element drawn afresh. Lit by
    // itself would keep it and draw its own before it, every part twice
    // (test/ssr/without-hydration.test.ts).
    if (this.shadowRoot && !serverData.seed) {
      this.shadowRoot.replaceChildren();
      warnNotHydrated();
    }
    return super.createRenderRoot();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const locale = this.resolvedLocale;
    if (changed.has('locale') && this.locale && !isValidLocale(this.locale)) {
      this.reportError(
        new SaledayError(
          'invalid_config',
          `Saleday: "${this.locale}" is not a valid locale; using "${locale}"`,
        ),
      );
    }
    // Direction and language follow the locale, unless the page set them on the element itself.
    // Only a real change is written: setting `lang` or `dir`, even to the same value, restyles
    // the whole element, and a live counter updates on every animation frame.
    this.#follow('dir', directionOf(locale));
    this.#follow('lang', locale);
    if (isServer) {
      for (const controller of this.#serverControllers ?? []) controller.hostUpdate?.();
      this.derive(changed);
    }
  }

  protected override update(changed: PropertyValues<this>): void {
    this.derive(changed);
    super.update(changed);
  }

  /**
   * Works out what the element shows from its properties and its controllers' values (which
   * speak of this very update), before it renders: its state, and its failure (`setFailure`).
   */
  protected derive(_changed: PropertyValues<this>): void {}

  override addController(controller: ReactiveController): void {
    super.addController(controller);
    if (!isServer) return;
    this.#serverControllers ??= [];
    this.#serverControllers.push(controller);
  }

  protected override firstUpdated(changed: PropertyValues<this>): void {
    super.firstUpdated(changed);
    // Server-rendered: the countdown's and the deal card's styles keep it out of
    // content-visibility's skipping while it carries the server's data, so that it is laid out
    // at its real size even when this script runs before the first paint (a cached file). Once a
    // frame has drawn it, the browser remembers that size (contain-intrinsic-size: auto), and
    // the data is in the stores already: the attribute goes.
    if (this.hasAttribute(SEED_ATTRIBUTE)) {
      requestAnimationFrame(() =>
        requestAnimationFrame(() => this.removeAttribute(SEED_ATTRIBUTE)),
      );
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    for (const error of this.#unreported.splice(0)) {
      if (DEVELOPER_FAULTS.has(error.code))
        console.warn(`saleday-error ${error.code}: ${error.message}`);
      // Made first, then dispatched: the manifest takes events from the `@fires` tags (with
      // their classes), not from `dispatchEvent(new ...)`, which it would list without a name.
      const event = new SaledayErrorEvent({ code: error.code, message: error.message });
      this.dispatchEvent(event);
    }
  }

  /**
   * Says what keeps the element from showing its data now: the cause (anything thrown, or a
   * store's error), or `undefined` once all is well. Call it on every update, with whatever the
   * source (no API configured, a store error, invalid data): a failure is reported once, keyed by
   * code and message, however many updates find it again, and again only after it has cleared.
   */
  protected setFailure(cause: unknown): void {
    if (cause === undefined) {
      this.#failure = undefined;
      return;
    }
    const error = toSaledayError(cause);
    if (sameFailure(error, this.#failure)) return;
    this.#failure = error;
    this.reportError(error);
  }

  /**
   * Reports a failure with a bubbling, composed `saleday-error` event (detail `{ code, message }`)
   * once the element has rendered, never by throwing into the host page; failures a developer
   * has to fix (`invalid_config`, `invalid_response`) are also written to the console. For a
   * one-off (an attribute ignored, an order refused); a lasting failure goes through
   * `setFailure`.
   */
  protected reportError(cause: unknown): void {
    // A server-rendered element reports in the browser, where it runs again.
    if (isServer) return;
    this.#unreported.push(toSaledayError(cause));
    this.requestUpdate();
  }

  /** Sets `dir` or `lang` to follow the locale, unless the page set it itself. */
  #follow(name: 'dir' | 'lang', value: string): void {
    const current = this.getAttribute(name);
    const ours = current === null || current === this.#auto[name];
    if (ours && current !== value) {
      this.#auto[name] = value;
      this.setAttribute(name, value);
    }
  }
}
