/**
 * The translations of the widgets' words: English is built in, the other languages are added on
 * demand (`import 'saleday/translations/ja'`, or `translations/ja.js` from the CDN), and a
 * merchant changes any label with {@link registerTranslation}.
 *
 * Every registration is appended to one list on the page, shared by every copy of Saleday on it
 * (npm and CDN builds, translation files) whatever order they load in; the latest registration
 * of a message wins. A translation file needs nothing but this list, so it stays small.
 * @module
 */
import type { Messages } from './messages.js';

/**
 * Every message of one language. `$code` is its BCP 47 tag (`ja`, `pt-BR`); a translation file
 * declares `const translation: Translation = { $code: 'fr', ... }`, so a missing or misspelt
 * message is a type error.
 */
export interface Translation extends Messages {
  $code: string;
}

/** Some messages of a language, to change a few labels or add a regional variant. */
export type PartialTranslation = Partial<Messages> & { $code: string };

/** The page's list of registrations (its `push` is how a new one is announced). */
export const registrations = (): PartialTranslation[] =>
  ((globalThis as Record<symbol, PartialTranslation[] | undefined>)[
    Symbol.for('saleday.translations.v1')
  ] ??= []);

/**
 * Adds languages, or changes messages of a language already there (the messages given replace
 * those of the same name; the others stay). Elements on the page re-render at once.
 * @example
 * ```ts
 * registerTranslation({ $code: 'en', buy: 'Add to cart' });
 * ```
 */
export function registerTranslation(...translations: PartialTranslation[]): void {
  registrations().push(...translations);
}
