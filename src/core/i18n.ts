/**
 * Locale, direction, messages and number formatting, all from `Intl`.
 * @module
 */
import { atom } from 'nanostores';
import english from '../translations/en.js';
import { $config } from './config.js';
import { getOrAdd } from './memo.js';
import type { Message, Messages } from './messages.js';
import { registrations, type PartialTranslation } from './translations.js';
import type { Money } from './types.js';

const RTL_LANGUAGES = new Set(['ar', 'he', 'iw', 'fa', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb']);

/** A cache of `Intl` objects, which are slow to construct and cheap to reuse. */
const cache = new Map<string, unknown>();
const cached = <T>(key: string, make: () => T) => getOrAdd(cache, key, make) as T;

/** Whether `locale` is a well-formed BCP 47 tag that `Intl` accepts. */
export function isValidLocale(locale: unknown): locale is string {
  try {
    return typeof locale === 'string' && Intl.getCanonicalLocales(locale).length === 1;
  } catch {
    return false;
  }
}

/** The locale a widget uses: its own (if valid), else the configured one, else the browser's. */
export function resolveLocale(own?: string | null): string {
  for (const candidate of [own, $config.get().locale, globalThis.navigator?.language]) {
    if (isValidLocale(candidate)) return Intl.getCanonicalLocales(candidate)[0]!;
  }
  return 'en';
}

/** `rtl` for Arabic, Hebrew, Persian, Urdu and other right-to-left scripts, else `ltr`. */
export function directionOf(locale: string): 'ltr' | 'rtl' {
  return cached(`dir|${locale}`, () => {
    const info = new Intl.Locale(locale) as Intl.Locale & {
      getTextInfo?: () => { direction?: string };
      textInfo?: { direction?: string };
    };
    const direction = (info.getTextInfo?.() ?? info.textInfo)?.direction;
    if (direction === 'rtl' || direction === 'ltr') return direction;
    return RTL_LANGUAGES.has(info.language) ? 'rtl' : 'ltr';
  });
}

/**
 * How many translations have been registered: elements listen to it, so that a language that
 * arrives after them (a translation file loaded late) re-renders them.
 */
export const $translations = atom(0);

/**
 * Hears of every registration, from any copy of Saleday or translation file on the page: each
 * copy wraps the list's `push` (a second copy wraps the first's, so both hear). Something that
 * is not a translation is reported and left out.
 */
function hearRegistrations(): void {
  const list = registrations();
  const push = list.push;
  list.push = function (...added) {
    const valid = added.filter(isTranslation);
    if (valid.length < added.length) {
      console.error(
        'Saleday: registerTranslation() takes objects such as { $code: "fr", buy: "Acheter" }',
      );
    }
    const length = push.apply(this, valid);
    $translations.set($translations.get() + 1);
    return length;
  };
}

/** Whether `value` looks like a translation: an object with a language tag in `$code`. */
const isTranslation = (value: unknown): value is PartialTranslation =>
  typeof (value as PartialTranslation | null)?.$code === 'string';

/** The registered translations for exactly `code` (`ja`, `pt-br`), latest first. */
const translationsOf = (code: string) =>
  registrations()
    .filter((translation) => isTranslation(translation) && translation.$code.toLowerCase() === code)
    .reverse();

/** Whether any translation is registered for exactly `code`. */
const hasTranslation = (code: string) => translationsOf(code).length > 0;

hearRegistrations();

/** The latest registration of `key` for exactly `code` that is a message (text or plural forms). */
const registered = (code: string, key: keyof Messages): Message | undefined =>
  translationsOf(code)
    .map((translation) => translation[key])
    .find((value) => typeof value === 'string' || (!!value && typeof value === 'object'));

/** Languages already reported as missing, so each is reported once. */
const reported = new Set<string>();

/**
 * Says once in the console that `language` has no translation, unless one arrives before the
 * page has loaded (a translation file after the main file is no mistake).
 */
function reportMissing(language: string): void {
  if (reported.has(language)) return;
  reported.add(language);
  const check = () => {
    if (hasTranslation(language)) return;
    console.warn(
      `Saleday: no "${language}" translation, words in English. Add translations/${language}.js or import 'saleday/translations/${language}'.`,
    );
  };
  if (globalThis.document?.readyState === 'complete') check();
  else globalThis.addEventListener?.('load', check, { once: true });
}

/**
 * The message `key` in `locale` with `{placeholders}` filled in; plurals by `values.count`.
 * Each message comes from the most specific translation that has it (`ja-JP`, then `ja`, then
 * English), as registered with `registerTranslation`.
 */
export function message(
  locale: string,
  key: keyof Messages,
  values: Record<string, string | number> = {},
): string {
  const code = locale.toLowerCase();
  const language = code.split('-')[0]!;
  if (language !== 'en' && !hasTranslation(code) && !hasTranslation(language)) {
    reportMissing(language);
  }
  const entry: Message =
    registered(code, key) ?? registered(language, key) ?? registered('en', key) ?? english[key];
  let text: string;
  if (typeof entry === 'string') {
    text = entry;
  } else {
    const count = typeof values.count === 'number' ? values.count : 0;
    const rule = cached(`plural|${locale}`, () => new Intl.PluralRules(locale)).select(count);
    text = String(entry[rule] ?? entry.other ?? '');
  }
  return text.replace(/\{(\w+)\}/g, (_, name: string) =>
    name === 'count' && typeof values.count === 'number'
      ? formatNumber(values.count, locale)
      : String(values[name] ?? ''),
  );
}

/** An `Intl.NumberFormat`, cached by its arguments. */
export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}) {
  return cached(
    `nf|${locale}|${JSON.stringify(options)}`,
    () => new Intl.NumberFormat(locale, options),
  );
}

/** Digits after the decimal point in `currency` (JPY 0, USD 2, KWD 3). */
export function minorDigits(currency: string): number {
  return (
    numberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

/** Formats integer minor units as money: `{ amount: 1999, currency: 'USD' }` is `$19.99`. */
export function formatMoney(money: Money, locale: string, compact = false): string {
  const value = money.amount / 10 ** minorDigits(money.currency);
  return numberFormat(locale, {
    style: 'currency',
    currency: money.currency,
    ...(compact ? { notation: 'compact', maximumFractionDigits: 1 } : {}),
  }).format(value);
}

/** Formats a plain count in the locale's digits. */
export function formatNumber(value: number, locale: string, compact = false): string {
  return numberFormat(
    locale,
    compact ? { notation: 'compact', maximumFractionDigits: 1 } : {},
  ).format(value);
}

/** Formats a ratio (0.87) as a percentage (`87%`). */
export function formatPercent(ratio: number, locale: string): string {
  return numberFormat(locale, { style: 'percent' }).format(ratio);
}

/** Formats an instant as a short date and time in the locale. */
export function formatTime(epochMs: number, locale: string): string {
  return cached(
    `dt|${locale}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }),
  ).format(epochMs);
}
