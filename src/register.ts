import { SaledayBuyButton } from './components/buy-button/buy-button.js';
import { SaledayCountdown } from './components/countdown/countdown.js';
import { SaledayDealCard } from './components/deal-card/deal-card.js';
import { SaledayLiveCounter } from './components/live-counter/live-counter.js';
import { defineElement } from './components/shared/define.js';

/**
 * Registers all four elements under `<prefix>-countdown`, `<prefix>-deal-card`,
 * `<prefix>-live-counter` and `<prefix>-buy-button`; a tag already defined is left as it is.
 * @param prefix - Tag prefix (default `saleday`); use another when the page already has those tags.
 * @returns The tags in use.
 * @example
 * ```ts
 * registerElements('acme'); // <acme-countdown>, <acme-deal-card>, ...
 * ```
 */
export function registerElements(prefix = 'saleday'): string[] {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(prefix)) {
    throw new TypeError(`Saleday: "${prefix}" is not a valid custom element prefix`);
  }
  // The buy button first: the deal card creates one under whatever tag it got.
  return [
    defineElement('buy-button', SaledayBuyButton, prefix),
    defineElement('countdown', SaledayCountdown, prefix),
    defineElement('deal-card', SaledayDealCard, prefix),
    defineElement('live-counter', SaledayLiveCounter, prefix),
  ];
}
