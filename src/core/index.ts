/**
 * The framework-free core of Saleday: contract types and validation, the API client, the server
 * clock, the shared stores and configuration. Usable without any widget.
 * @module core
 */
export type * from './types.js';
export { SaledayError, isSaledayError, toSaledayError } from './errors.js';
export type { SaledayErrorCode, SaledayErrorOptions } from './errors.js';
export {
  isCurrency,
  isHttpUrl,
  parseDeal,
  parseDealList,
  parseOrder,
  parseSale,
  parseStats,
  parseStockUpdate,
} from './validate.js';
export type { RequestOptions, SaleClient } from './client.js';
export { HttpSaleClient, parseRetryAfter } from './http-client.js';
export type { HttpSaleClientOptions } from './http-client.js';
export { ServerClock, serverClock } from './clock.js';
export { $config, configure, resolveClient } from './config.js';
export type { LiveMode, SaledayConfig } from './config.js';
export { $deal, $sale, $stats, storeCounters } from './store.js';
export type { Resource, ResourceStatus, ResourceStore } from './store.js';
export { liveCounters, watchSale } from './live.js';
export type { SaleFeedListener } from './live.js';
export { Purchase } from './purchase.js';
export type { PurchaseRequest, PurchaseStatus } from './purchase.js';
export { $serverSecond } from './ticker.js';
export { scheduleAt, windowsOf } from './schedule.js';
export type { SalePhase, ScheduleState } from './schedule.js';
export type { Message, Messages } from './messages.js';
export { registerTranslation } from './translations.js';
export type { PartialTranslation, Translation } from './translations.js';
export {
  directionOf,
  formatMoney,
  formatNumber,
  formatPercent,
  formatTime,
  message,
  minorDigits,
  resolveLocale,
} from './i18n.js';
