/**
 * Locale, direction, messages and number formatting, all from `Intl`.
 * @module
 */
import { $config } from './config.js';
import { getOrAdd } from './memo.js';
import { builtInMessages, type Message, type Messages } from './messages.js';
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

/** The message `key` in `locale` with `{placeholders}` filled in; plurals by `values.count`. */
export function message(
  locale: string,
  key: keyof Messages,
  values: Record<string, string | number> = {},
): string {
  const language = locale.split('-')[0]!;
  const custom = $config.get().messages;
  const entry: Message =
    custom?.[locale]?.[key] ??
    custom?.[language]?.[key] ??
    builtInMessages[language]?.[key] ??
    custom?.en?.[key] ??
    builtInMessages.en![key];
  let text: string;
  if (typeof entry === 'string') {
    text = entry;
  } else {
    const count = typeof values.count === 'number' ? values.count : 0;
    const rule = cached(`plural|${locale}`, () => new Intl.PluralRules(locale)).select(count);
    text = entry[rule] ?? entry.other ?? '';
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
