/**
 * The events the elements fire, one class each with its detail type. Every one bubbles and is
 * composed (it crosses shadow roots), and extends `CustomEvent`, so `event.detail` and
 * `instanceof CustomEvent` work as before the classes existed. Each is declared in
 * `GlobalEventHandlersEventMap`, so `addEventListener('saleday-order', ...)` is typed.
 * @module events
 */
export { SaledayErrorEvent } from './error.js';
export type { SaledayErrorDetail } from './error.js';
export { SaledayEndedEvent, SaledayStartedEvent } from './window.js';
export type { SaledayWindowDetail } from './window.js';
export { SaledayBeforeOrderEvent, SaledayOrderEvent } from './order.js';
export type { SaledayBeforeOrderDetail, SaledayOrderDetail } from './order.js';
export { SaledayMilestoneEvent } from './milestone.js';
export type { SaledayMilestoneDetail } from './milestone.js';
