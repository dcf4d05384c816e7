import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { serverClock } from '../../core/clock.js';
import { SaledayError } from '../../core/errors.js';
import { formatMoney, formatNumber, minorDigits } from '../../core/i18n.js';
import { windowsOf } from '../../core/schedule.js';
import { $sale, $stats } from '../../core/store.js';
import type { Sale, Stats } from '../../core/types.js';
import { isCurrency } from '../../core/validate.js';
import { SaledayMilestoneEvent, type SaledayMilestoneDetail } from '../../events/milestone.js';
import { SaledayElement } from '../shared/saleday-element.js';
import { StoreController } from '../shared/store-controller.js';
import { GlideController } from './glide-controller.js';
import { styles } from './live-counter.styles.js';

export type { SaledayMilestoneDetail } from '../../events/milestone.js';

/** Whether a token of the `milestones` attribute is a positive number. */
const isMilestone = (token: string) => Number(token) > 0 && Number(token) < Infinity;

/** Milestones celebrated on this page, by client (or element): `sale|metric|milestone`. */
const celebrated = new WeakMap<object, Set<string>>();

/**
 * A sale's running total, sales (`gmv`, in the sale's currency) or orders, that glides toward each
 * new report over about the time between reports, on the page's one animation frame loop, drawn
 * at most 20 times a second. It never goes backwards and never shows more than was reported;
 * with `prefers-reduced-motion: reduce` it jumps instead. Off screen or in a hidden tab it draws
 * nothing (its `target` still follows the reports), and it shows the latest total as soon as it
 * is seen again.
 *
 * Without an API, set `reported` from JavaScript (a count, or minor units of `currency`).
 * Screen readers get the value when they reach it, not a stream: the number is focusable and its
 * accessible name carries the latest value, refreshed on focus; `paused` (or the `controls`
 * button) freezes what is shown (WCAG 2.2.2).
 *
 * When the reported total crosses one of its `milestones` (the attribute, else the sale's own),
 * it fires `saleday-milestone` once per page and briefly highlights the milestone. Milestones
 * already passed when the page opened only count as `reachedMilestones`. Without an API,
 * `reported` is the counter's feed (the page relays its own numbers), so a value set from
 * JavaScript that crosses a milestone fires the event too; the first value, like the total at
 * page load, only says where the counter starts.
 *
 * @summary A sale's live sales total or order count, animated without layout shift.
 * @tagname saleday-live-counter
 * @example
 * ```html
 * <saleday-live-counter sale="1111" notation="compact" controls></saleday-live-counter>
 * <saleday-live-counter currency="JPY" reported="1999"></saleday-live-counter>
 * <saleday-live-counter sale="1111" milestones="1e9 1e10"></saleday-live-counter>
 * ```
 *
 * @fires {SaledayMilestoneEvent} saleday-milestone - The total crossed a milestone while the page was open (detail
 *   `{ milestone, value, crossedAt, sinceOpen, metric, label }`), once per page and milestone;
 *   also for a `reported` value set from JavaScript, but never for the first one.
 * @fires {SaledayErrorEvent} saleday-error - Stats could not be loaded or the element is misconfigured (detail `{ code, message }`).
 *
 * @csspart base - The focusable wrapper of the label and the number.
 * @csspart label - "Sales" or "Orders".
 * @csspart value - The number shown.
 * @csspart stale - The hint shown while live updates are failing ("Reconnecting…").
 * @csspart error - The text shown when there is no number to show.
 * @csspart control - The pause button (with `controls`).
 * @csspart milestone - The milestone just crossed ("$1B"), shown for a few seconds; animated
 *   unless `prefers-reduced-motion: reduce`.
 *
 * @cssprop --saleday-live-counter-size - Font size of the number (default `2em`).
 * @cssprop --saleday-text - Colour of the number.
 * @cssprop --saleday-muted - Colour of the label, hints and paused number.
 * @cssprop --saleday-accent - Background of the milestone highlight.
 * @cssprop --saleday-on-accent - Text of the milestone highlight.
 * @cssprop --saleday-border - Border of the pause button.
 * @cssprop --saleday-surface - Background of the pause button.
 * @cssprop --saleday-subtle - Background of the pressed pause button.
 * @cssprop --saleday-focus-ring - Focus ring (a `box-shadow`).
 * @cssprop --saleday-radius - Corner radius.
 * @cssprop --saleday-font - Font family.
 */
export class SaledayLiveCounter extends SaledayElement {
  /** The element's styles; a subclass extends them: `[SaledayLiveCounter.styles, more]`. */
  static override styles = styles;
  static override properties = {
    sale: { reflect: true },
    metric: {},
    notation: {},
    paused: { type: Boolean, reflect: true },
    controls: { type: Boolean },
    reported: { type: Number },
    currency: {},
    milestones: {},
  };

  readonly #stats = new StoreController(this, () =>
    this.sale ? $stats(this.client, this.sale) : undefined,
  );
  /** The sale, for its milestones and windows. */
  readonly #sale = new StoreController(this, () =>
    this.sale ? $sale(this.client, this.sale) : undefined,
  );
  /** How the number moves toward each report: glides, jumps, or waits until it is seen. */
  readonly #glide = new GlideController(this);

  /** What the last reading came from (a `Stats` object or `reported`), to take each once. */
  #source?: Stats | number;
  #currency?: string;
  #focused?: boolean;
  /** The accessible name: label and latest value, frozen while focused except on focus. */
  #name?: string;
  /** The `milestones` attribute's numbers (major units). */
  #own?: number[];
  /** The total at the last check (none yet: the first check celebrates nothing). */
  #checked?: number;
  /** The milestone highlighted and the timer that ends the highlight. */
  #highlight?: string;
  #unhighlight?: ReturnType<typeof setTimeout>;
  /** What was last drawn: rendered again unchanged while nobody can see the counter. */
  #drawn?: TemplateResult;
  /** Whether that showed a number (a counter first seen off screen still draws its first). */
  #drawnNumber = false;

  /** The id of the sale whose stats to show. */
  declare sale?: string;

  /** `gmv` (sales, in the sale's currency) or `orders`. */
  metric: 'gmv' | 'orders' = 'gmv';

  /** `compact` for short forms such as `¥498亿` or `$1.2B`. */
  notation: 'standard' | 'compact' = 'standard';

  /**
   * Without `sale`: the latest value to show, set from JavaScript or the attribute (a count, or
   * minor units of `currency`). Values lower than one reported before are ignored.
   */
  declare reported?: number;

  /** Without `sale`: the ISO 4217 currency of `reported` (shown as money when set). */
  declare currency?: string;

  /** Freezes the number shown (it catches up when resumed). */
  paused = false;

  /** Shows a pause button. */
  controls = false;

  /**
   * Totals to celebrate, space-separated: major units of the currency for `gmv` (`1e9` is $1B),
   * counts for `orders` (default: the sale's `milestones`).
   */
  declare milestones?: string;

  /** The number shown now (minor units for `gmv`); `undefined` before the first report. */
  get value(): number | undefined {
    return this.#glide.value;
  }

  /** The latest (highest) reported number, which `value` moves toward. */
  get target(): number | undefined {
    return this.#glide.value === undefined ? undefined : this.#glide.target;
  }

  /** The milestones the total has reached, ascending, in the units of `value` (read-only). */
  get reachedMilestones(): number[] {
    return this.#list().filter((milestone) => milestone <= (this.target ?? -1));
  }

  /**
   * Focus and blur of the number. On focus its name is set at once, so a screen reader reads
   * the latest value on this very focus.
   */
  #onFocus({ type, currentTarget }: FocusEvent) {
    this.#focused = type === 'focus';
    if (!this.#focused) return;
    this.#name = this.#label();
    (currentTarget as Element).setAttribute('aria-label', this.#name);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#focused = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('sale') || changed.has('metric') || changed.has('currency')) {
      this.#glide.clear();
      this.#source = undefined;
      this.#checked = undefined;
    }
    if (changed.has('milestones')) this.#readMilestones();
    super.willUpdate(changed);
  }

  /** Takes the latest report once the controllers have followed the stores. */
  protected override derive(): void {
    const invalid = this.#invalidSetting();
    this.setFailure(invalid ?? this.#loadFailure());
    const source = this.sale ? this.#stats.value?.data : this.reported;
    if (source !== undefined && source !== this.#source && !invalid) {
      this.#source = source;
      this.#take(source);
    }
    this.#check(typeof source === 'object' ? source.serverTime : serverClock.now());
    this.#glide.paused = this.paused;
  }

  protected override render(): TemplateResult {
    // Off screen or hidden: the same template values again, so Lit touches no DOM and the
    // browser has nothing to restyle, lay out or paint; but a first number is always drawn.
    if (!this.#glide.visible && this.#drawn && this.#drawnNumber) return this.#drawn;
    this.#drawnNumber = this.#glide.value !== undefined;
    this.#drawn = this.#draw();
    return this.#drawn;
  }

  #draw(): TemplateResult {
    const shown = this.#glide.value;
    const stale = shown !== undefined && this.#stats.value?.status === 'stale';
    if (!this.#focused) this.#name = this.#label();
    return html`<div
        part="base"
        role="group"
        tabindex="0"
        aria-label=${this.#name}
        aria-describedby=${stale ? 'stale' : nothing}
        @focus=${this.#onFocus}
        @blur=${this.#onFocus}
      >
        <span part="label" aria-hidden="true">${this.#metricName()}</span>
        ${
          this.#failed()
            ? html`<span part="error" aria-hidden="true">${this.t('error')}</span>`
            : html`<span class="number" aria-hidden="true"
                ><span part="value">${this.#format(shown)}</span
                ><span class="sizer">${this.#format(this.target)}</span>${
                  this.#highlight ? html`<span part="milestone">${this.#highlight}</span>` : nothing
                }</span
              >`
        }
        ${stale ? html`<span part="stale" id="stale">${this.t('stale')}</span>` : nothing}
      </div>
      ${
        this.controls
          ? html`<button
              part="control"
              type="button"
              aria-pressed=${this.paused}
              @click=${() => (this.paused = !this.paused)}
            >
              ${this.t('pause')}
            </button>`
          : nothing
      }`;
  }

  /** Reads the `milestones` attribute, and reports the tokens that are not positive numbers. */
  #readMilestones(): void {
    if (this.milestones === undefined) {
      this.#own = undefined;
      return;
    }
    const tokens = this.milestones.split(/\s+/).filter((token) => token !== '');
    this.#own = tokens.filter(isMilestone).map(Number);
    const bad = tokens.filter((token) => !isMilestone(token));
    if (bad.length > 0) {
      this.reportError(
        new SaledayError(
          'invalid_config',
          `Saleday: ignoring milestones "${bad.join(' ')}" (not positive numbers)`,
        ),
      );
    }
  }

  /** Without `sale`: why `currency` or `reported` cannot be shown, if they cannot. */
  #invalidSetting(): SaledayError | undefined {
    if (this.sale) return undefined;
    const { currency, reported } = this;
    let problem: string | undefined;
    if (currency !== undefined && !isCurrency(currency))
      problem = `"${currency}" is not a currency`;
    else if (reported !== undefined && !(reported >= 0)) problem = 'reported must be a number >= 0';
    return problem === undefined
      ? undefined
      : new SaledayError('invalid_config', `Saleday: ${problem}`);
  }

  /** With `sale`: why its stats cannot be loaded or kept up to date, if they cannot. */
  #loadFailure(): unknown {
    if (!this.sale) return undefined;
    return this.#stats.error ?? this.#stats.value?.error;
  }

  /** Takes a report: the first (or one in another currency) is shown at once, then it glides. */
  #take(source: Stats | number): void {
    let amount: number;
    let currency: string | undefined;
    if (typeof source === 'number') {
      amount = Math.floor(source);
      currency = this.currency;
    } else if (this.metric === 'orders') {
      amount = source.orders;
    } else {
      amount = source.gmv.amount;
      currency = source.gmv.currency;
    }
    const jump = currency !== this.#currency;
    this.#currency = currency;
    this.#glide.report(amount, jump);
  }

  /** The milestones of the metric shown, ascending, in the units of `value`. */
  #list(): number[] {
    const scale = this.#currency ? 10 ** minorDigits(this.#currency) : 1;
    return [
      ...(this.#own?.map((major) => Math.round(major * scale)) ??
        this.#sale.value?.data?.milestones?.[this.metric] ??
        []),
    ].sort((a, b) => a - b);
  }

  /**
   * Celebrates the milestones the reported total crossed since the last check (the first check
   * only notes where it stands): one event each, once per page, and a highlight of the highest.
   */
  #check(crossedAt: number): void {
    const value = this.target;
    // Nothing new (a frame of the glide), or a client lookup that threw (reported already).
    if (value === undefined || value === this.#checked || this.#stats.error) return;
    const from = this.#checked ?? value;
    this.#checked = value;
    const owner = this.sale ? this.client : this;
    const fired = celebrated.get(owner) ?? new Set<string>();
    celebrated.set(owner, fired);
    const sale = this.#sale.value?.data;
    const { metric } = this;
    let label: string | undefined;
    for (const milestone of this.#list()) {
      if (milestone <= from || milestone > value) continue;
      label = this.#format(milestone, true);
      const key = `${this.sale}|${metric}|${milestone}`;
      if (fired.has(key)) continue;
      fired.add(key);
      const opened = sale && openedBefore(sale, crossedAt);
      const detail: SaledayMilestoneDetail = {
        milestone,
        value,
        crossedAt,
        sinceOpen: opened && crossedAt - opened,
        metric,
        label,
      };
      // Once the highlight shows.
      const event = new SaledayMilestoneEvent(detail);
      void this.updateComplete.then(() => this.dispatchEvent(event));
    }
    if (label) {
      this.#highlight = label;
      clearTimeout(this.#unhighlight);
      this.#unhighlight = setTimeout(() => {
        this.#highlight = undefined;
        this.requestUpdate();
      }, 3000);
    }
  }

  /** Whether there is no number to show, only an error. */
  #failed(): boolean {
    return this.#glide.value === undefined && this.failure !== undefined;
  }

  #metricName(): string {
    return this.t(this.metric === 'orders' ? 'orders' : 'sales');
  }

  /** "Sales $1,234.56": the metric and the latest reported value. */
  #label(): string {
    return `${this.#metricName()} ${this.#failed() ? this.t('error') : this.#format(this.target)}`;
  }

  #format(amount: number | undefined, compact = this.notation === 'compact'): string {
    if (amount === undefined) return '—';
    return this.#currency
      ? formatMoney({ amount, currency: this.#currency }, this.resolvedLocale, compact)
      : formatNumber(amount, this.resolvedLocale, compact);
  }
}

/** When the last of the sale's windows that opened by `instant` opened (epoch ms), if any did. */
function openedBefore(sale: Sale, instant: number): number | undefined {
  const starts = windowsOf(sale)
    .map((window) => Date.parse(window.startsAt))
    .filter((start) => start <= instant);
  return starts.at(-1);
}
