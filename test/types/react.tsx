// A React 19 app's view of the elements through `saleday/jsx`: what must compile, and what must
// not (each `@ts-expect-error` fails the check if the line it covers compiles).
import type {} from 'saleday/jsx';
import type { SaledayOrderDetail } from 'saleday/jsx';

export const orders: SaledayOrderDetail[] = [];

export const page = (
  <section>
    <saleday-countdown sale="s1" theme="light" compact onsaleday-started={(event) => event.type} />
    <saleday-live-counter
      sale="s1"
      metric="orders"
      notation="compact"
      paused={false}
      controls
      milestones="100 1000"
      locale="ja-JP"
    />
    <saleday-live-counter reported={1999} currency="EUR" theme="auto" />
    <saleday-deal-card key="d1" deal="d1" api="https://api.shop.example" theme="dark" />
    <saleday-buy-button
      deal="d1"
      quantity={2}
      checkout-redirect
      onsaleday-order={(event) => {
        // The event's target is the element, typed; its detail is the documented one (typed by
        // the event's class once the element lists it in GlobalEventHandlersEventMap).
        orders.push(event.detail);
        const button = event.target;
        return button.quantity + 1;
      }}
      onsaleday-error={(event) => event.preventDefault()}
    />
  </section>
);

// @ts-expect-error: not a theme
export const badTheme = <saleday-countdown theme="blue" />;
// @ts-expect-error: a quantity is a number
export const badQuantity = <saleday-buy-button quantity="2" />;
// @ts-expect-error: no such attribute
export const typo = <saleday-deal-card dael="d1" />;
// @ts-expect-error: not a metric
export const badMetric = <saleday-live-counter metric="revenue" />;
// @ts-expect-error: read-only (reflected for styling), not for the host page to set
export const readOnly = <saleday-buy-button state="ready" />;
// (A misspelt event cannot be caught: TypeScript never checks JSX attribute names with a dash.)
// @ts-expect-error: an order's detail has no such field (typed by SaledayOrderEvent)
export const badDetail = <saleday-buy-button onsaleday-order={(event) => event.detail.nope} />;
// @ts-expect-error: a milestone's detail is not an order's
export const wrongDetail = <saleday-live-counter onsaleday-milestone={(e) => e.detail.orderId} />;
