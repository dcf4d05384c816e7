import { LitElement, type PropertyDeclarations, type PropertyValues } from 'lit';
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
import { StoreController } from './store-controller.js';

/**
 * How the data a server-rendered element carries reaches the stores (`seedFromJson`): set by
 * `saleday/hydrate` and the CDN file, so that pages without server rendering do not load it.
 */
export const serverData: { seed?: (client: SaleClient, json: string) => void } = {};

/** A bubbling, composed event: what the user or the network did, seen from the host page. */
const event = <T>(type: string, detail: T, cancelable: boolean) =>
  new CustomEvent(type, { bubbles: true, composed: true, cancelable, detail });

/**
 * What every Saleday element shares: the `locale` and `api` attributes, the direction that
 * follows the locale, messages, and error reporting through `saleday-error`.
 */
export class SaledayElement extends LitElement {
  static override properties: PropertyDeclarations = {
    locale: { reflect: true },
    api: {},
    theme: { reflect: true },
  };

  /** Re-renders when `configure()` changes the locale, messages or API. */
  protected readonly config = new StoreController(this, () => $config);
  /** Re-renders when a translation arrives or a label is changed (`registerTranslation`). */
  protected readonly translations = new StoreController(this, () => $translations);
  /** The last error reported with `saleday-error`, so one failure is reported once. */
  #reported?: SaledayError;
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

  /** A message in the element's locale. */
  protected t(key: keyof Messages, values?: Record<string, string | number>): string {
    return message(this.resolvedLocale, key, values);
  }

  override connectedCallback(): void {
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
    for (const [name, value] of [
      ['dir', directionOf(locale)],
      ['lang', locale],
    ] as const) {
      const current = this.getAttribute(name);
      if ((current === null || current === this.#auto[name]) && current !== value) {
        this.setAttribute(name, (this.#auto[name] = value));
      }
    }
  }

  /**
   * Reports a failure once with a bubbling, composed `saleday-error` event (detail: `code`,
   * `message`), never by throwing into the host page.
   */
  protected reportError(error: SaledayError): void {
    if (this.#reported === error) return;
    this.#reported = error;
    this.emit('saleday-error', { code: error.code, message: error.message });
  }

  /** Dispatches a bubbling, composed event; returns `false` if a listener cancelled it. */
  protected emit<T>(type: string, detail: T, cancelable = false): boolean {
    return this.dispatchEvent(event(type, detail, cancelable));
  }
}
