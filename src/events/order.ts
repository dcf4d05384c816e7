/** The detail of `saleday-before-order`: what is about to be ordered. */
export interface SaledayBeforeOrderDetail {
  dealId: string;
  quantity: number;
}

/** The detail of `saleday-order`: the confirmed order. */
export interface SaledayOrderDetail extends SaledayBeforeOrderDetail {
  orderId: string;
  status: 'confirmed';
  /** Where the shopper pays (only an `http(s)` URL). */
  checkoutUrl?: string;
}

/** Fired by a buy button before it sends an order; `preventDefault()` sends nothing. */
export class SaledayBeforeOrderEvent extends CustomEvent<SaledayBeforeOrderDetail> {
  constructor(detail: SaledayBeforeOrderDetail) {
    super('saleday-before-order', { bubbles: true, composed: true, cancelable: true, detail });
  }
}

/**
 * Fired by a buy button when an order was confirmed; `preventDefault()` keeps the shopper on the
 * page even with `checkout-redirect`.
 */
export class SaledayOrderEvent extends CustomEvent<SaledayOrderDetail> {
  constructor(detail: SaledayOrderDetail) {
    super('saleday-order', { bubbles: true, composed: true, cancelable: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'saleday-before-order': SaledayBeforeOrderEvent;
    'saleday-order': SaledayOrderEvent;
  }
}
