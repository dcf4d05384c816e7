import type { SaledayErrorCode } from '../core/errors.js';

/** The detail of `saleday-error`: what failed, for the developer (never shown to shoppers). */
export interface SaledayErrorDetail {
  /** Machine-readable code, such as `invalid_config`, `invalid_response` or `sold_out`. */
  code: SaledayErrorCode;
  /** The diagnosis, in English, such as `Saleday: no API configured ...`. */
  message: string;
}

/** Fired once per failure by any element: it could not load or show its data, or was refused. */
export class SaledayErrorEvent extends CustomEvent<SaledayErrorDetail> {
  constructor(detail: SaledayErrorDetail) {
    super('saleday-error', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'saleday-error': SaledayErrorEvent;
  }
}
