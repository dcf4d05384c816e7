/**
 * English, built into every file: the words of any language without a translation, and of any
 * message a translation leaves out.
 * @module
 */
import { registerTranslation, type Translation } from '../core/translations.js';

const translation: Translation = {
  $code: 'en',
  startsIn: 'Starts in',
  endsIn: 'Ends in',
  nextWindow: '{name} opens in',
  ended: 'Sale ended',
  buy: 'Buy now',
  pending: 'Placing order…',
  queued: 'In line: #{position}',
  ordered: 'Ordered',
  checkout: 'Go to checkout',
  soldOut: 'Sold out',
  opensAt: 'Opens {time}',
  limit: 'Limit {max} per order',
  signIn: 'Sign in to buy',
  retry: 'Try again',
  error: 'Something went wrong',
  claimed: '{percent} claimed',
  left: { one: '{count} left', other: '{count} left' },
  off: '{percent} off',
  unavailable: 'Deal unavailable',
  unavailableNow: 'This deal is not available right now.',
  stale: 'Reconnecting…',
  sales: 'Sales',
  orders: 'Orders',
  pause: 'Pause',
  needsScript: 'Enable JavaScript to buy',
};

registerTranslation(translation);

export default translation;
