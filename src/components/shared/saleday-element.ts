import { LitElement, type PropertyDeclarations, type PropertyValues } from 'lit';
import { $config, resolveClient } from '../../core/config.js';
import type { SaleClient } from '../../core/client.js';
import { SaledayError, toSaledayError } from '../../core/errors.js';
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
 * What every Saleday element shares: the `locale` and `api` attributes, the direction that
 * follows the locale, messages, and the one error path: a failure is shown to shoppers as a short
 * message in their language, and reported to developers once with `saleday-error`.
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
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    for (const error of this.#unreported.splice(0)) {
      if (DEVELOPER_FAULTS.has(error.code))
        console.warn(`saleday-error ${error.code}: ${error.message}`);
      this.dispatchEvent(new SaledayErrorEvent({ code: error.code, message: error.message }));
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
