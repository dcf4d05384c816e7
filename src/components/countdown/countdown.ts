import { html, nothing, type PropertyValues } from 'lit';
import { serverClock } from '../../core/clock.js';
import { SaledayError, toSaledayError } from '../../core/errors.js';
import { numberFormat } from '../../core/i18n.js';
import type { Messages } from '../../core/messages.js';
import { scheduleAt, windowsOf, type SalePhase, type ScheduleState } from '../../core/schedule.js';
import { $sale } from '../../core/store.js';
import { $serverSecond } from '../../core/ticker.js';
import type { SaleWindow } from '../../core/types.js';
import { SaledayElement } from '../shared/saleday-element.js';
import { StoreController } from '../shared/store-controller.js';
import { styles } from './countdown.styles.js';

/** The detail of `saleday-started` and `saleday-ended`: the window that opened or closed. */
export interface SaledayWindowDetail {
  windowId: string;
  windowName: string;
}

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

/** The window open in `state`, if it is live. */
const live = (state?: ScheduleState) => (state?.phase === 'live' ? state.window : undefined);

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
 * @fires saleday-started - A window opened while the page was open (detail `{ windowId, windowName }`).
 * @fires saleday-ended - A window closed while the page was open (detail `{ windowId, windowName }`).
 * @fires saleday-error - The sale could not be loaded or the element is misconfigured (detail `{ code, message }`).
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
  /** The page's one ticker; let go of once the sale has ended. */
  readonly #tick = new StoreController(this, () =>
    this.#state?.phase === 'ended' ? undefined : $serverSecond,
  );

  #state?: ScheduleState;
  /** "Starts in", "Ends in", "{name} opens in"; none once ended. */
  #label?: string;
  /** The server second `#state` was computed for. */
  #now = 0;
  /** `code|message` of the failure being shown, so one failure is reported once. */
  #failure?: string;
  /** Events to dispatch once the new state has rendered. */
  #events: [string, SaledayWindowDetail][] = [];
  /** `type` + `windowId` of every event fired, so each fires once per window. */
  #fired = new Set<string>();
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
    return this.#state?.phase;
  }

  /** Milliseconds until the next phase change, on the server's clock (0 once ended). */
  get remaining(): number {
    return Math.max(0, (this.#state?.next ?? 0) - serverClock.now());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('sale') || changed.has('until')) {
      this.#state = this.#said = undefined;
      this.#fired.clear();
    }
    let windows: SaleWindow[] | undefined;
    let error: SaledayError | undefined;
    const { value, error: thrown } = this.#sale;
    if (!this.sale) {
      if (isNaN(Date.parse(this.until!))) {
        error = new SaledayError(
          'invalid_config',
          `Saleday: <saleday-countdown> needs a sale or a valid until date, got until="${this.until ?? ''}"`,
        );
      } else {
        windows = [
          { id: 'until', name: '', startsAt: new Date(0).toISOString(), endsAt: this.until! },
        ];
      }
    } else if (thrown) {
      error = toSaledayError(thrown);
    } else {
      error = value?.error;
      if (value?.data) windows = windowsOf(value.data);
    }
    // The current server second, as the ticker counts it: also right just after the first
    // answer synced the clock, before the ticker's next beat.
    const now = (this.#now = Math.floor((serverClock.now() + 5) / 1000) * 1000);
    const previous = this.#state;
    const state = (this.#state = windows && scheduleAt(windows, now));
    if (state) {
      // Queue `saleday-ended` for a window that closed and `saleday-started` for one that opened.
      const was = live(previous);
      const is = live(state);
      if (previous && was?.id !== is?.id) {
        for (const [type, window] of [
          ['saleday-ended', was],
          ['saleday-started', is],
        ] as const) {
          // Only the first time the set grows with this key.
          if (window && this.#fired.size < this.#fired.add(type + window.id).size) {
            this.#events.push([type, { windowId: window.id, windowName: window.name }]);
          }
        }
      }
      // The polite status: the phase and the coarse time left (days while there are two or
      // more, then hours, then minutes: at most once a minute), never on first render.
      const key = LABELS[state.phase];
      const label = (this.#label = key && this.t(key, { name: state.window!.name }));
      const seconds = Math.ceil((state.next! - now) / 60000) * 60;
      const [unit, size] = UNITS.find(([, size]) => seconds >= 2 * size || size === 60)!;
      const text = label
        ? `${label} ${this.#format(unit).format(Math.max(1, Math.floor(seconds / size)))}`
        : this.t('ended');
      if (this.#said !== undefined && text !== this.#said) this.#status = text;
      this.#said = text;
    }
    const key = error && `${error.code}|${error.message}`;
    if (error && key !== this.#failure) this.reportError(error);
    this.#failure = key;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    for (const [type, detail] of this.#events.splice(0)) this.emit(type, detail);
    // Follow the ticker again when an ended sale came back (its dates were moved), or let it go.
    const ended = this.#state?.phase === 'ended';
    if (this.isConnected && ended === (this.#tick.value !== undefined)) this.requestUpdate();
  }

  protected override render() {
    const state = this.#state;
    const label = state && this.#label;
    // The `ended` and `error` parts show the message of the same name.
    const part = state ? 'ended' : 'error';
    return html`<div part="base">
        ${
          label
            ? html`<span part="label" aria-hidden="true">${label}</span>
                <span class="timer" role="timer" aria-live="off" aria-label=${label}
                  >${this.#segments(state.next! - this.#now)}</span
                >`
            : state || this.#failure
              ? html`<span part=${part}>${this.t(part)}</span>`
              : html`<span part="label" aria-busy="true">…</span>`
        }
      </div>
      <span class="visually-hidden" role="status">${this.#status}</span>`;
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

declare global {
  interface HTMLElementEventMap {
    'saleday-started': CustomEvent<SaledayWindowDetail>;
    'saleday-ended': CustomEvent<SaledayWindowDetail>;
  }
}
