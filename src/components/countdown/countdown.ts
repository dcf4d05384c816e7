import { html, nothing, type PropertyValues } from 'lit';
import { serverClock } from '../../core/clock.js';
import { SaledayError } from '../../core/errors.js';
import { numberFormat } from '../../core/i18n.js';
import type { Messages } from '../../core/messages.js';
import { windowsOf, type SalePhase, type ScheduleState } from '../../core/schedule.js';
import { $sale } from '../../core/store.js';
import type { SaleWindow } from '../../core/types.js';
import { SaledayEndedEvent, SaledayStartedEvent } from '../../events/window.js';
import { ClockController } from '../shared/clock-controller.js';
import { SaledayElement } from '../shared/saleday-element.js';
import { StoreController } from '../shared/store-controller.js';
import { styles } from './countdown.styles.js';

export type { SaledayWindowDetail } from '../../events/window.js';

type Unit = 'day' | 'hour' | 'minute' | 'second';
const UNITS: [Unit, number][] = [
  ['day', 86400],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** The label of each phase but `ended`. */
const LABELS: { [phase in SalePhase]?: keyof Messages } = {
  scheduled: 'startsIn',
  live: 'endsIn',
  between: 'nextWindow',
};

/** The detail of a window event. */
const detailOf = (window: SaleWindow) => ({ windowId: window.id, windowName: window.name });

/**
 * A countdown to a sale's start, to its end while it is live, or to its next window, on the
 * server's clock: a visitor whose clock is hours off still sees the right time, and every
 * countdown on the page flips on the same frame. Without an API, `until` counts down to a date.
 *
 * Screen readers get a `timer` that is not announced every second, and a polite status that
 * speaks on phase changes and at most once a minute ("Starts in 5 minutes").
 *
 * @summary Counts down to a sale's start or end, in the visitor's language.
 * @tagname saleday-countdown
 * @example
 * ```html
 * <saleday-countdown sale="1111" api="https://shop.example/api"></saleday-countdown>
 * <saleday-countdown until="2030-11-11T00:00:00+08:00" compact></saleday-countdown>
 * ```
 *
 * @fires {SaledayStartedEvent} saleday-started - A window opened while the page was open (detail `{ windowId, windowName }`).
 * @fires {SaledayEndedEvent} saleday-ended - A window closed while the page was open (detail `{ windowId, windowName }`).
 * @fires {SaledayErrorEvent} saleday-error - The sale could not be loaded or the element is misconfigured (detail `{ code, message }`).
 *
 * @csspart base - The wrapper of everything shown.
 * @csspart label - "Starts in", "Ends in" or "{name} opens in".
 * @csspart segment - One unit: days (only when there are any), hours, minutes, seconds.
 * @csspart value - The digits of a segment.
 * @csspart unit - The unit name of a segment, from `Intl`.
 * @csspart ended - The text shown once the sale is over.
 * @csspart error - The text shown when there is nothing to count down to.
 *
 * @cssprop --saleday-countdown-size - Font size of the digits (default `1.75em`).
 * @cssprop --saleday-countdown-gap - Space between segments (default `0.375em`).
 * @cssprop --saleday-accent - Colour of the digits.
 * @cssprop --saleday-muted - Colour of the label and units.
 * @cssprop --saleday-subtle - Background of a segment.
 * @cssprop --saleday-radius - Corner radius of a segment.
 * @cssprop --saleday-font - Font family.
 */
export class SaledayCountdown extends SaledayElement {
  /** The element's styles; a subclass extends them: `[SaledayCountdown.styles, more]`. */
  static override styles = styles;
  static override properties = {
    sale: { reflect: true },
    until: { reflect: true },
    compact: { type: Boolean, reflect: true },
  };

  readonly #sale = new StoreController(this, () =>
    this.sale ? $sale(this.client, this.sale) : undefined,
  );
  /** The server second and the schedule at it; lets the ticker go once the sale has ended. */
  readonly #clock = new ClockController(this, { windows: () => this.#windows() });

  /** "Starts in", "Ends in", "{name} opens in"; none once ended. */
  #label?: string;
  /** The last coarse time text ("Starts in 5 minutes") and what the polite status says now. */
  #said?: string;
  #status = '';

  /** The id of the sale to count down for. */
  declare sale?: string;

  /** Without `sale`: an ISO 8601 date to count down to ("Ends in"), needing no API. */
  declare until?: string;

  /** Shorter units (`5h 12m 30s`) for small spaces. */
  compact = false;

  /** `scheduled`, `live`, `between` or `ended` (`undefined` until the sale has loaded). */
  get phase(): SalePhase | undefined {
    return this.#clock.state?.phase;
  }

  /** Milliseconds until the next phase change, on the server's clock (0 once ended). */
  get remaining(): number {
    return Math.max(0, (this.#clock.state?.next ?? 0) - serverClock.now());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Another sale or date: its first state is no window opening or closing.
    if (changed.has('sale') || changed.has('until')) {
      this.#clock.reset();
      this.#said = undefined;
    }
    super.willUpdate(changed);
  }

  /** Works out what to show once the controllers have followed the sale and the clock. */
  protected override derive(): void {
    this.setFailure(this.#problem());
    const state = this.#clock.state;
    if (state) this.#describe(state);
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const { ended, started } = this.#clock;
    const events = [
      ended && new SaledayEndedEvent(detailOf(ended)),
      started && new SaledayStartedEvent(detailOf(started)),
    ];
    for (const event of events) if (event) this.dispatchEvent(event);
  }

  /** The windows to count down through: the sale's, or one ending at `until`. */
  #windows(): SaleWindow[] | undefined {
    if (!this.sale) {
      if (!this.#validUntil()) return undefined;
      return [{ id: 'until', name: '', startsAt: new Date(0).toISOString(), endsAt: this.until! }];
    }
    const data = this.#sale.value?.data;
    return data && windowsOf(data);
  }

  /** Why there is nothing to count down to, if there is nothing. */
  #problem(): unknown {
    if (this.sale) return this.#sale.error ?? this.#sale.value?.error;
    if (this.#validUntil()) return undefined;
    return new SaledayError(
      'invalid_config',
      `Saleday: <saleday-countdown> needs a sale or a valid until date, got until="${this.until ?? ''}"`,
    );
  }

  #validUntil(): boolean {
    return this.until !== undefined && !isNaN(Date.parse(this.until));
  }

  /**
   * The label, and the polite status: the phase and the coarse time left (days while there are
   * two or more, then hours, then minutes: at most once a minute), never on first render.
   */
  #describe(state: ScheduleState): void {
    const key = LABELS[state.phase];
    this.#label = key && this.t(key, { name: state.window!.name });
    let text = this.t('ended');
    if (this.#label) {
      const seconds = Math.ceil((state.next! - this.#clock.now) / 60000) * 60;
      const [unit, size] = UNITS.find(([, size]) => seconds >= 2 * size || size === 60)!;
      const count = Math.max(1, Math.floor(seconds / size));
      text = `${this.#label} ${this.#format(unit).format(count)}`;
    }
    if (this.#said !== undefined && text !== this.#said) this.#status = text;
    this.#said = text;
  }

  protected override render() {
    return html`<div part="base">${this.#content()}</div>
      <span class="visually-hidden" role="status">${this.#status}</span>`;
  }

  /** The label and the timer while there is something to count down to, else what happened. */
  #content() {
    const state = this.#clock.state;
    const label = state && this.#label;
    if (label) {
      return html`<span part="label" aria-hidden="true">${label}</span>
        <span class="timer" role="timer" aria-live="off" aria-label=${label}
          >${this.#segments(state.next! - this.#clock.now)}</span
        >`;
    }
    // The `ended` and `error` parts show the message of the same name.
    if (state) return html`<span part="ended">${this.t('ended')}</span>`;
    if (this.failure) return html`<span part="error">${this.t('error')}</span>`;
    return html`<span part="label" aria-busy="true">…</span>`;
  }

  /** A cached unit formatter; `pad` gives two digits (`05`). */
  #format(unit: Unit, narrow = false, pad = false): Intl.NumberFormat {
    return numberFormat(this.resolvedLocale, {
      style: 'unit',
      unit,
      unitDisplay: narrow ? 'narrow' : 'long',
      minimumIntegerDigits: pad ? 2 : 1,
    });
  }

  /** Days (only when there are any), hours, minutes and seconds, each with its unit from `Intl`. */
  #segments(ms: number) {
    let rest = Math.max(0, Math.ceil(ms / 1000));
    return UNITS.map(([unit, size]) => {
      const count = Math.floor(rest / size);
      rest %= size;
      if (unit === 'day' && !count) return nothing;
      // The digits, the unit name, and whether the locale puts the name first.
      let digits = '';
      let name = '';
      let nameFirst = false;
      for (const part of this.#format(unit, this.compact, unit !== 'day').formatToParts(count)) {
        if (part.type === 'unit') {
          name = part.value;
          nameFirst = !digits;
        } else if (part.type !== 'literal') {
          digits += part.value;
        }
      }
      const value = html`<span part="value">${digits}</span>`;
      const unitName = html`<span part="unit">${name}</span>`;
      return html`<span part="segment">${nameFirst ? [unitName, value] : [value, unitName]}</span>`;
    });
  }
}
