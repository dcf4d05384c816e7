/**
 * Saleday: flash-sale widgets as framework-agnostic web components.
 *
 * Importing this module registers nothing: import `saleday/countdown` (one element) or
 * `saleday/all` to register tags, or call {@link registerElements} with your own prefix.
 * @module saleday
 */
export * from './core/index.js';
export * from './events/index.js';
export { SaledayCountdown } from './components/countdown/countdown.js';
export { SaledayDealCard } from './components/deal-card/deal-card.js';
export { SaledayLiveCounter } from './components/live-counter/live-counter.js';
export { SaledayBuyButton } from './components/buy-button/buy-button.js';
export type { BuyButtonState } from './components/buy-button/buy-button.js';
export { registerElements } from './register.js';
