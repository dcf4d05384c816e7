/**
 * Types for using the Saleday elements in JSX (React 19, Preact) and Vue templates: attributes
 * with their types, and typed `on<event>` handlers. Types only, nothing at run time:
 *
 * ```ts
 * import type {} from 'saleday/jsx';
 * ```
 *
 * (or `"types": ["saleday/jsx"]` in tsconfig.json). Each framework's block only applies when
 * that framework's types are installed; with `skipLibCheck: false` and one of them missing,
 * TypeScript reports the unknown module, so keep `skipLibCheck` on (the default of most
 * templates) or copy the block you need into your own `.d.ts`.
 *
 * This file is hand-written (it is a `.d.ts`, so this package's own type check skips it) and
 * copied to `dist/jsx.d.ts` by `npm run build`.
 * @module
 */
import type {
  BuyButtonState,
  SaledayBeforeOrderDetail,
  SaledayBuyButton,
  SaledayOrderDetail,
} from './components/buy-button/buy-button.js';
import type { SaledayCountdown, SaledayWindowDetail } from './components/countdown/countdown.js';
import type { SaledayDealCard } from './components/deal-card/deal-card.js';
import type {
  SaledayLiveCounter,
  SaledayMilestoneDetail,
} from './components/live-counter/live-counter.js';

/** The detail of `saleday-error`. */
export interface SaledayErrorDetail {
  /** Machine-readable code, such as `sold_out`, `network` or `invalid_config`. */
  code: string;
  message: string;
}

/** Attributes every Saleday element takes. */
export interface SaledayCommonAttributes {
  /** BCP 47 locale, such as `fr-FR` or `ar` (default: the configured one, else the browser's). */
  locale?: string;
  /** Base URL of the Saleday API for this element (default: the configured `api`). */
  api?: string;
  /** `dark`, or `auto` to follow `prefers-color-scheme`. */
  theme?: 'dark' | 'auto';
  /** Fired once per failure; the element never throws into the page. */
  'onsaleday-error'?: (event: CustomEvent<SaledayErrorDetail>) => void;
}

/** `<saleday-countdown>` */
export interface SaledayCountdownAttributes extends SaledayCommonAttributes {
  /** The id of the sale to count down for. */
  sale?: string;
  /** Without `sale`: an ISO 8601 date to count down to. */
  until?: string;
  /** Shorter units for small spaces. */
  compact?: boolean;
  'onsaleday-started'?: (event: CustomEvent<SaledayWindowDetail>) => void;
  'onsaleday-ended'?: (event: CustomEvent<SaledayWindowDetail>) => void;
}

/** `<saleday-live-counter>` */
export interface SaledayLiveCounterAttributes extends SaledayCommonAttributes {
  /** The id of the sale whose stats to show. */
  sale?: string;
  /** `gmv` (sales, in the sale's currency) or `orders`. */
  metric?: 'gmv' | 'orders';
  /** `compact` for short forms such as `$1.2M`. */
  notation?: 'standard' | 'compact';
  /** Without `sale`: the latest value (a count, or minor units of `currency`). */
  reported?: number;
  /** Without `sale`: the ISO 4217 currency of `reported`. */
  currency?: string;
  /** Freezes the number shown. */
  paused?: boolean;
  /** Shows a pause button. */
  controls?: boolean;
  /** Totals to celebrate, space-separated: major units of the currency for `gmv`, counts for `orders`. */
  milestones?: string;
  'onsaleday-milestone'?: (event: CustomEvent<SaledayMilestoneDetail>) => void;
}

/** `<saleday-deal-card>` (its buy button's order events bubble out of it). */
export interface SaledayDealCardAttributes extends SaledayCommonAttributes {
  /** The deal's id. */
  deal?: string;
  'onsaleday-before-order'?: (event: CustomEvent<SaledayBeforeOrderDetail>) => void;
  'onsaleday-order'?: (event: CustomEvent<SaledayOrderDetail>) => void;
}

/** `<saleday-buy-button>` */
export interface SaledayBuyButtonAttributes extends SaledayCommonAttributes {
  /** The deal's id. */
  deal?: string;
  /** Units to order, from 1 to the deal's `maxPerOrder`. */
  quantity?: number;
  /** Go to the order's checkout page once confirmed (the property). */
  checkoutRedirect?: boolean;
  /** Go to the order's checkout page once confirmed (the attribute). */
  'checkout-redirect'?: boolean;
  /** Cancelable: `preventDefault()` sends nothing. */
  'onsaleday-before-order'?: (event: CustomEvent<SaledayBeforeOrderDetail>) => void;
  /** Cancel it to stay on the page even with `checkout-redirect`. */
  'onsaleday-order'?: (event: CustomEvent<SaledayOrderDetail>) => void;
}

/** Every element with its class and attributes, for typing other template languages. */
export interface SaledayElements {
  'saleday-countdown': [SaledayCountdown, SaledayCountdownAttributes];
  'saleday-live-counter': [SaledayLiveCounter, SaledayLiveCounterAttributes];
  'saleday-deal-card': [SaledayDealCard, SaledayDealCardAttributes];
  'saleday-buy-button': [SaledayBuyButton, SaledayBuyButtonAttributes];
}

export type {
  BuyButtonState,
  SaledayBeforeOrderDetail,
  SaledayMilestoneDetail,
  SaledayOrderDetail,
  SaledayWindowDetail,
};

// React 19: custom elements get properties when the element has one, attributes otherwise, and
// `on<event-name>` props become listeners of `<event-name>`.
declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'saleday-countdown': DetailedHTMLProps<HTMLAttributes<SaledayCountdown>, SaledayCountdown> &
        SaledayCountdownAttributes;
      'saleday-live-counter': DetailedHTMLProps<
        HTMLAttributes<SaledayLiveCounter>,
        SaledayLiveCounter
      > &
        SaledayLiveCounterAttributes;
      'saleday-deal-card': DetailedHTMLProps<HTMLAttributes<SaledayDealCard>, SaledayDealCard> &
        SaledayDealCardAttributes;
      'saleday-buy-button': DetailedHTMLProps<HTMLAttributes<SaledayBuyButton>, SaledayBuyButton> &
        SaledayBuyButtonAttributes;
    }
  }
}

// Preact: the same `on<event-name>` convention.
declare module 'preact' {
  namespace JSX {
    interface IntrinsicElements {
      'saleday-countdown': import('preact').JSX.HTMLAttributes<SaledayCountdown> &
        SaledayCountdownAttributes;
      'saleday-live-counter': import('preact').JSX.HTMLAttributes<SaledayLiveCounter> &
        SaledayLiveCounterAttributes;
      'saleday-deal-card': import('preact').JSX.HTMLAttributes<SaledayDealCard> &
        SaledayDealCardAttributes;
      'saleday-buy-button': import('preact').JSX.HTMLAttributes<SaledayBuyButton> &
        SaledayBuyButtonAttributes;
    }
  }
}

// Vue 3 (vue-tsc / Volar): attributes are checked in templates; listen with `@saleday-order`.
// Tell the compiler these are custom elements: `isCustomElement: (tag) => tag.startsWith('saleday-')`.
declare module 'vue' {
  interface GlobalComponents {
    'saleday-countdown': import('vue').DefineComponent<
      Omit<SaledayCountdownAttributes, `on${string}`>
    >;
    'saleday-live-counter': import('vue').DefineComponent<
      Omit<SaledayLiveCounterAttributes, `on${string}`>
    >;
    'saleday-deal-card': import('vue').DefineComponent<
      Omit<SaledayDealCardAttributes, `on${string}`>
    >;
    'saleday-buy-button': import('vue').DefineComponent<
      Omit<SaledayBuyButtonAttributes, `on${string}`>
    >;
  }
}
