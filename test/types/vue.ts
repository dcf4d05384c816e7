// A Vue 3 app's view of the elements through `saleday/jsx` (the props vue-tsc checks a template
// against: `GlobalComponents`), without a template compiler.
import type { GlobalComponents } from 'vue';
import type {} from 'saleday/jsx';

type Props<Tag extends keyof GlobalComponents> = InstanceType<GlobalComponents[Tag]>['$props'];

export const countdown: Props<'saleday-countdown'> = { sale: 's1', theme: 'light', compact: true };
export const counter: Props<'saleday-live-counter'> = { metric: 'gmv', reported: 5, paused: true };
export const card: Props<'saleday-deal-card'> = { deal: 'd1', locale: 'de-DE' };
export const button: Props<'saleday-buy-button'> = {
  deal: 'd1',
  quantity: 1,
  'checkout-redirect': true,
  'onsaleday-order': (event: CustomEvent) => event.preventDefault(),
};

// @ts-expect-error: not a theme
export const badTheme: Props<'saleday-countdown'> = { theme: 'blue' };
// @ts-expect-error: a quantity is a number
export const badQuantity: Props<'saleday-buy-button'> = { quantity: '2' };
// @ts-expect-error: not a metric
export const badMetric: Props<'saleday-live-counter'> = { metric: 'revenue' };
export const typedDetail: Props<'saleday-buy-button'> = {
  // @ts-expect-error: an order's detail has no such field
  'onsaleday-order': (event) => event.detail.nope,
};
