import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { serverClock } from '../../core/clock.js';
import { SaledayError, toSaledayError } from '../../core/errors.js';
import { numberFormat } from '../../core/i18n.js';
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

  readonly #sale = new StoreController(this, () =>
    this.sale ? $sale(this.client, this.sale) : undefined,
  );
  /** The page's one ticker; let go of once the sale has ended. */
  readonly #tick = new StoreController(this, () =>
    this.#state?.phase === 'ended' ? undefined : $serverSecond,
  );

  #state?: ScheduleState;
  /** The server second `#state` was computed for. */
  #now = 0;
  /** `code|message` of the failure being shown, so one failure is reported once. */
  #failure?: string;
  /** Events to dispatch once the new state has rendered. */
  #events: [string, SaleWindow][] = [];
  /** `type|windowId` of every event fired, so each fires once per window. */
  #fired = new Set<string>();
  /** The last coarse time text ("Starts in 5 minutes") and what the polite status says now. */
  #said?: string;
  #status = '';

  /** The id of the sale to count down for. */
  @property({ reflect: true }) sale?: string;

  /** Without `sale`: an ISO 8601 date to count down to ("Ends in"), needing no API. */
  @property({ reflect: true }) until?: string;

  /** Shorter units (`5h 12m 30s`) for small spaces. */
  @property({ type: Boolean, reflect: true }) compact = false;

  /** `scheduled`, `live`, `between` or `ended` (`undefined` until the sale has loaded). */
  get phase(): SalePhase | undefined {
    return this.#state?.phase;
  }

  /** Milliseconds until the next phase change, on the server's clock (0 once ended). */
  get remaining(): number {
    const next = this.#state?.next;
    return next === undefined ? 0 : Math.max(0, next - serverClock.now());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('sale') || changed.has('until')) {
      this.#state = this.#said = undefined;
      this.#fired.clear();
    }
    let windows: SaleWindow[] | undefined;
    let error: SaledayError | undefined;
    if (this.sale) {
      const resource = this.#sale.value;
      if (this.#sale.error) error = toSaledayError(this.#sale.error);
      else if (resource?.data) windows = windowsOf(resource.data);
      error ??= resource?.error;
    } else {
      const end = Date.parse(this.until ?? '');
      if (Number.isNaN(end)) {
        error = new SaledayError(
          'invalid_config',
          `Saleday: <saleday-countdown> needs a sale or a valid until date, got until="${this.until ?? ''}"`,
        );
      } else {
        windows = [
          { id: 'until', name: '', startsAt: new Date(0).toISOString(), endsAt: this.until! },
        ];
      }
    }
    // The current server second, as the ticker counts it: also right just after the first
    // answer synced the clock, before the ticker's next beat.
    const now = (this.#now = Math.floor((serverClock.now() + 5) / 1000) * 1000);
    const previous = this.#state;
    this.#state = windows && scheduleAt(windows, now);
    if (previous && this.#state) this.#transition(previous, this.#state);
    this.#announce();
    const key = error && `${error.code}|${error.message}`;
    if (error && key !== this.#failure) this.reportError(error);
    this.#failure = key;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    for (const [type, window] of this.#events.splice(0)) {
      this.emit<SaledayWindowDetail>(type, { windowId: window.id, windowName: window.name });
    }
    // Follow the ticker again when an ended sale came back (its dates were moved), or let it go.
    const ended = this.#state?.phase === 'ended';
    if (this.isConnected && ended === (this.#tick.value !== undefined)) this.requestUpdate();
  }

  protected override render() {
    const state = this.#state;
    const label = state && this.#label(state);
    return html`<div part="base">
        ${
          !state
            ? this.#failure
              ? html`<span part="error">${this.t('error')}</span>`
              : html`<span part="label" aria-busy="true">…</span>`
            : !label
              ? html`<span part="ended">${this.t('ended')}</span>`
              : html`<span part="label" aria-hidden="true">${label}</span>
                  <span class="timer" role="timer" aria-live="off" aria-label=${label}
                    >${this.#segments(state.next! - this.#now)}</span
                  >`
        }
      </div>
      <span class="visually-hidden" role="status">${this.#status}</span>`;
  }

  /** "Starts in", "Ends in", "{name} opens in"; nothing once ended. */
  #label({ phase, window }: ScheduleState): string | undefined {
    if (phase === 'scheduled') return this.t('startsIn');
    if (phase === 'live') return this.t('endsIn');
    if (phase === 'between') return this.t('nextWindow', { name: window!.name });
    return undefined;
  }

  /** Queues `saleday-ended` for a window that closed and `saleday-started` for one that opened. */
  #transition(before: ScheduleState, after: ScheduleState): void {
    const was = before.phase === 'live' ? before.window : undefined;
    const is = after.phase === 'live' ? after.window : undefined;
    if (was?.id === is?.id) return;
    for (const [type, window] of [
      ['saleday-ended', was],
      ['saleday-started', is],
    ] as const) {
      if (window && !this.#fired.has(`${type}|${window.id}`)) {
        this.#fired.add(`${type}|${window.id}`);
        this.#events.push([type, window]);
      }
    }
  }

  /**
   * Updates the polite status when the phase or the coarse time left changes (days while there
   * are two or more, then hours, then minutes: at most once a minute), never on first render.
   */
  #announce(): void {
    const state = this.#state;
    if (!state) return;
    const label = this.#label(state);
    let text = this.t('ended');
    if (label) {
      const minutes = Math.ceil((state.next! - this.#now) / 60000);
      const [unit, count]: [Unit, number] =
        minutes >= 2880
          ? ['day', Math.floor(minutes / 1440)]
          : minutes >= 120
            ? ['hour', Math.floor(minutes / 60)]
            : ['minute', Math.max(minutes, 1)];
      text = `${label} ${this.#format(unit, 'long').format(count)}`;
    }
    if (this.#said !== undefined && text !== this.#said) this.#status = text;
    this.#said = text;
  }

  /** A cached unit formatter; `pad` gives two digits (`05`). */
  #format(unit: Unit, unitDisplay: 'long' | 'narrow', pad = false): Intl.NumberFormat {
    return numberFormat(this.resolvedLocale, {
      style: 'unit',
      unit,
      unitDisplay,
      minimumIntegerDigits: pad ? 2 : 1,
    });
  }

  /** Days (only when there are any), hours, minutes and seconds, each with its unit from `Intl`. */
  #segments(ms: number) {
    let rest = Math.max(0, Math.ceil(ms / 1000));
    return UNITS.map(([unit, size]) => {
      const count = Math.floor(rest / size);
      rest -= count * size;
      if (unit === 'day' && !count) return nothing;
      const parts = this.#format(
        unit,
        this.compact ? 'narrow' : 'long',
        unit !== 'day',
      ).formatToParts(count);
      const digits = parts.filter((part) => part.type !== 'unit' && part.type !== 'literal');
      const value = html`<span part="value">${digits.map((part) => part.value).join('')}</span>`;
      const name = html`<span part="unit"
        >${parts.find((part) => part.type === 'unit')?.value}</span
      >`;
      // Keep the locale's order of number and unit.
      return html`<span part="segment"
        >${
          parts.indexOf(digits[0]!) < parts.findIndex((part) => part.type === 'unit')
            ? [value, name]
            : [name, value]
        }</span
      >`;
    });
  }
}

declare global {
  interface HTMLElementEventMap {
    'saleday-started': CustomEvent<SaledayWindowDetail>;
    'saleday-ended': CustomEvent<SaledayWindowDetail>;
  }
}
