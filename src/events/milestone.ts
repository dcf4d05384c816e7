/** The detail of `saleday-milestone`. */
export interface SaledayMilestoneDetail {
  /** The milestone crossed, in the units of `value`. */
  milestone: number;
  /** The reported total that crossed it: minor units of the currency for `gmv`, else a count. */
  value: number;
  /** Server time (epoch ms) of the stats that crossed it. */
  crossedAt: number;
  /** Milliseconds from the opening of the sale's current window to `crossedAt` ("in 85 s"). */
  sinceOpen?: number;
  metric: 'gmv' | 'orders';
  /** The milestone as shown, in compact notation: `$1B`, `10K`. */
  label: string;
}

/** Fired by a live counter when the total crossed a milestone while the page was open. */
export class SaledayMilestoneEvent extends CustomEvent<SaledayMilestoneDetail> {
  constructor(detail: SaledayMilestoneDetail) {
    super('saleday-milestone', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'saleday-milestone': SaledayMilestoneEvent;
  }
}
