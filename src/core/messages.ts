/**
 * The names and shapes of the widgets' words. The words themselves are in `src/translations/`,
 * one typed file per language (English built in, the others loaded on demand). Units (days,
 * hours, ...), numbers, money and dates come from `Intl` for every locale, whatever translation
 * is loaded.
 * @module
 */

/** A message, or its plural forms (chosen with `Intl.PluralRules`). */
export type Message = string | Partial<Record<Intl.LDMLPluralRule, string>>;

/** Every message a widget shows. `{name}` placeholders are filled in by the widget. */
export interface Messages {
  startsIn: Message;
  endsIn: Message;
  /** `{name}`: the next window's name. */
  nextWindow: Message;
  ended: Message;
  buy: Message;
  pending: Message;
  /** `{position}`: place in the waiting room. */
  queued: Message;
  ordered: Message;
  checkout: Message;
  soldOut: Message;
  /** `{time}`: when the sale opens. */
  opensAt: Message;
  /** `{max}`: most units per order. */
  limit: Message;
  signIn: Message;
  retry: Message;
  error: Message;
  /** `{percent}` */
  claimed: Message;
  /** `{count}`, with plural forms. */
  left: Message;
  /** `{percent}` */
  off: Message;
  unavailable: Message;
  /** What a widget that cannot show its data says, in a sentence (never the diagnosis). */
  unavailableNow: Message;
  stale: Message;
  sales: Message;
  orders: Message;
  /** The label of a pause toggle (`aria-pressed` says whether it is paused). */
  pause: Message;
  /** A server-rendered buy button's label while the page runs no JavaScript (no product link). */
  needsScript: Message;
}
