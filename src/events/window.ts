/** The detail of `saleday-started` and `saleday-ended`: the window that opened or closed. */
export interface SaledayWindowDetail {
  windowId: string;
  windowName: string;
}

/** Fired by a countdown when a sale window opened while the page was open. */
export class SaledayStartedEvent extends CustomEvent<SaledayWindowDetail> {
  constructor(detail: SaledayWindowDetail) {
    super('saleday-started', { bubbles: true, composed: true, detail });
  }
}

/** Fired by a countdown when a sale window closed while the page was open. */
export class SaledayEndedEvent extends CustomEvent<SaledayWindowDetail> {
  constructor(detail: SaledayWindowDetail) {
    super('saleday-ended', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'saleday-started': SaledayStartedEvent;
    'saleday-ended': SaledayEndedEvent;
  }
}
