/**
 * The CDN build, `dist/cdn/saleday.js`: one classic script that configures itself from its own
 * `data-*` attributes and registers all four elements, in English. `saleday.<lang>.js` is the
 * same with one more language, which is also the default locale; `translations/<lang>.js` adds a
 * language to a page that shows several (before or after this file); `saleday.hydrate.js` is the
 * same for pages with elements rendered on the server (`saleday/ssr`), which it takes over
 * (src/cdn-hydrate.ts).
 *
 * ```html
 * <script src="saleday.fr.js" data-api="https://shop.example/api" async></script>
 * ```
 *
 * Attributes: `data-api`, `data-locale`, `data-prefix` (tag prefix, default `saleday`),
 * `data-live` (`auto | stream | poll | off`), `data-checkout-redirect`.
 * The bundle is wrapped (see rollup.config.mjs) so that a second copy on the page evaluates
 * nothing but a hand-over of its attributes to the first: no second Lit, no second Trusted Types
 * policy, no `customElements.define` error, one connection.
 * @module
 */
import { configure, type LiveMode, type SaledayConfig } from './core/config.js';
import { registerTranslation } from './core/translations.js';
import { registerElements } from './register.js';

/** What the first copy on a page publishes as `globalThis[Symbol.for('saleday')]` and `window.Saleday`. */
export interface SaledayGlobal {
  version: string;
  configure: typeof configure;
  registerElements: typeof registerElements;
  registerTranslation: typeof registerTranslation;
  /**
   * Applies a script tag's `data-*` attributes (used for this copy and any later copy);
   * `language` is the locale to use when the tag has no `data-locale` (`saleday.<lang>.js`).
   */
  load(script: HTMLOrSVGScriptElement | null, language?: string): void;
}

declare const __VERSION__: string;

function load(script: HTMLOrSVGScriptElement | null, language?: string): void {
  const data = (script as HTMLScriptElement | null)?.dataset ?? {};
  const options: SaledayConfig = {};
  if (data.api) options.api = data.api;
  const locale = data.locale || language;
  if (locale) options.locale = locale;
  if (data.live) options.live = data.live as LiveMode;
  if (data.checkoutRedirect !== undefined)
    options.checkoutRedirect = data.checkoutRedirect !== 'false';
  configure(options);
  try {
    registerElements(data.prefix || 'saleday');
  } catch (error) {
    console.error(error);
  }
}

const saleday: SaledayGlobal = {
  version: __VERSION__,
  configure,
  registerElements,
  registerTranslation,
  load,
};
(globalThis as Record<symbol, unknown>)[Symbol.for('saleday')] = saleday;
(globalThis as { Saleday?: SaledayGlobal }).Saleday ??= saleday;
load(document.currentScript);
