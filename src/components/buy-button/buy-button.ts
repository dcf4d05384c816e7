import { html, isServer, nothing, type PropertyValues } from 'lit';
import { serverClock } from '../../core/clock.js';
import { SaledayError, toSaledayError } from '../../core/errors.js';
import { formatNumber, formatTime, numberFormat } from '../../core/i18n.js';
import { scheduleAt, windowsOf } from '../../core/schedule.js';
import { $deal, $sale } from '../../core/store.js';
import { $serverSecond } from '../../core/ticker.js';
import { isHttpUrl } from '../../core/validate.js';
import { $config } from '../../core/config.js';
import type { Messages } from '../../core/messages.js';
import { SaledayElement } from '../shared/saleday-element.js';
import { StoreController } from '../shared/store-controller.js';
import { Purchase, type PurchaseRequest } from './purchase.js';
import { styles } from './buy-button.styles.js';

/** What a buy button shows; also reflected as its `state` attribute. */
export type BuyButtonState =
  | 'loading'
  | 'not-started'
  | 'ready'
  | 'pending'
  | 'queued'
  | 'ordered'
  | 'sold-out'
  | 'ended'
  | 'limit'
  | 'auth'
  | 'error';

/** Detail of `saleday-before-order`. */
export interface SaledayBeforeOrderDetail {
  dealId: string;
  quantity: number;
}

/** Detail of `saleday-order`. */
export interface SaledayOrderDetail extends SaledayBeforeOrderDetail {
  orderId: string;
  status: 'confirmed';
  checkoutUrl?: string;
}

/** The state an order refusal leads to (anything else is `error`; no prototype to look into). */
const REFUSALS: Record<string, BuyButtonState> = {
  __proto__: null as never,
  sold_out: 'sold-out',
  ended: 'ended',
  not_started: 'not-started',
  limit_exceeded: 'limit',
  auth_required: 'auth',
};

/** The message of each state's label, where it has its own. */
const LABELS: Partial<Record<BuyButtonState, keyof Messages>> = {
  pending: 'pending',
  queued: 'queued',
  ordered: 'ordered',
  'sold-out': 'soldOut',
  ended: 'ended',
  limit: 'limit',
};

interface View {
  state: BuyButtonState;
  /** When the deal opens (`not-started`). */
  opens?: number | false;
  /** The next instant the state may change by itself (server clock, epoch ms). */
  next?: number;
  /** A load or configuration failure, or a bad `quantity`. */
  problem?: SaledayError;
  max?: number;
}

/**
 * A buy button for one deal: ready exactly when the deal opens on the server's clock, sends one
 * order per purchase intent (one `Idempotency-Key`, kept across retries and repeated clicks),
 * waits in the waiting room, and says what happened.
 *
 * @summary Places an order for a deal, safely, once.
 * @tagname saleday-buy-button
 *
 * @attr deal - The deal's id.
 * @attr quantity - Units to order: a whole number from 1 to the deal's `maxPerOrder` (default 1).
 * @attr checkout-redirect - Go to the order's `checkoutUrl` once confirmed (also
 *   `configure({ checkoutRedirect: true })`); otherwise a "Go to checkout" link is shown.
 * @attr locale - BCP 47 locale (default: the configured one, else the browser's).
 * @attr api - Base URL of the Saleday API (default: the configured `api`).
 * @attr theme - `dark`, or `auto` to follow `prefers-color-scheme`.
 * @attr state - Reflects `state`, for styling (read-only).
 * @prop {BuyButtonState} state - `loading`, `not-started`, `ready`, `pending`, `queued`,
 *   `ordered`, `sold-out`, `ended`, `limit`, `auth` or `error` (read-only).
 *
 * @fires saleday-before-order - Before an order is sent (cancelable; detail `{ dealId, quantity }`):
 *   `preventDefault()` sends nothing.
 * @fires saleday-order - An order was confirmed (detail `{ orderId, dealId, quantity, status,
 *   checkoutUrl? }`); cancel it to stay on the page even with `checkout-redirect`.
 * @fires saleday-error - Something failed (detail `{ code, message }`), once per failure.
 *
 * @csspart button - The native `<button>`.
 * @csspart label - The button's text.
 * @csspart status - The polite status line under the button.
 * @csspart link - The checkout or sign-in link in the status line.
 *
 * @cssprop --saleday-accent - Button background.
 * @cssprop --saleday-on-accent - Button text.
 * @cssprop --saleday-subtle - Disabled button background.
 * @cssprop --saleday-muted - Disabled button text and status text.
 * @cssprop --saleday-success - Button background once ordered.
 * @cssprop --saleday-radius - Corner radius.
 * @cssprop --saleday-focus-ring - Focus ring (a `box-shadow`).
 */
export class SaledayBuyButton extends SaledayElement {
  /** The element's styles; a subclass extends them: `[SaledayBuyButton.styles, more]`. */
  static override styles = styles;

  static override properties = {
    deal: {},
    quantity: { type: Number },
    checkoutRedirect: { type: Boolean, attribute: 'checkout-redirect' },
  };

  readonly #deal = new StoreController(this, () =>
    this.deal ? $deal(this.client, this.deal) : undefined,
  );
  readonly #sale = new StoreController(this, () => {
    const deal = this.#deal.value?.data;
    return deal && !deal.windows ? $sale(this.client, deal.saleId) : undefined;
  });
  protected readonly clock = new StoreController(this, () => $serverSecond);

  readonly #purchase = new Purchase((what) => this.#settled(what));
  #request?: PurchaseRequest;
  #view: View = { state: 'loading' };
  /** The last configuration problem: the same message keeps the same error, reported once. */
  #problem?: SaledayError;
  #edge?: ReturnType<typeof setTimeout>;

  /** The deal's id. */
  declare deal?: string;

  /** Units to order: a whole number from 1 to the deal's `maxPerOrder`. */
  quantity = 1;

  /** Whether a confirmed order goes to its `checkoutUrl` (http(s) only). */
  checkoutRedirect = false;

  /** What the button shows now (read-only; reflected as the `state` attribute). */
  get state(): BuyButtonState {
    return this.#view.state;
  }

  #onClick() {
    const deal = this.#deal.value?.data;
    const purchase = this.#purchase;
    if (!deal || !['ready', 'error', 'auth'].includes(this.state)) return;
    if (purchase.busy || purchase.waiting) return;
    const request = { dealId: deal.id, quantity: this.quantity };
    if (!this.emit('saleday-before-order', { ...request }, true)) return;
    this.#request = request;
    void purchase.buy(this.client, request);
  }

  /** Hears the purchase: re-renders, and reports the outcome once. */
  #settled(what: 'change' | 'ordered' | 'failed') {
    this.requestUpdate();
    const { order, error } = this.#purchase;
    const request = this.#request;
    if (what === 'failed' && error) this.reportError(error);
    if (what !== 'ordered' || !order || !request) return;
    const url = order.checkoutUrl;
    const detail: SaledayOrderDetail = { orderId: order.orderId, ...request, status: 'confirmed' };
    if (isHttpUrl(url)) detail.checkoutUrl = url;
    const redirect = this.checkoutRedirect || $config.get().checkoutRedirect === true;
    if (this.emit('saleday-order', detail, true) && redirect && isHttpUrl(url))
      location.assign(url);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#purchase.resume();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#purchase.pause();
    clearTimeout(this.#edge);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // On the server (`saleday/ssr`) Lit calls `willUpdate` and `render`, no `update`.
    if (isServer) this.setAttribute('state', (this.#view = this.#compute()).state);
  }

  /** Works out the state after the controllers have followed the stores, before rendering. */
  protected override update(changed: PropertyValues<this>): void {
    // Another deal or quantity is another purchase intent.
    if (this.hasUpdated && (changed.has('deal') || changed.has('quantity'))) this.#purchase.reset();
    this.setAttribute('state', (this.#view = this.#compute()).state);
    super.update(changed);
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const { problem, next } = this.#view;
    if (problem) this.reportError(problem);
    // The ticker flips on whole seconds: land on an instant inside one exactly.
    clearTimeout(this.#edge);
    const wait = (next ?? Infinity) - serverClock.now();
    if (wait < 1000) this.#edge = setTimeout(() => this.requestUpdate(), Math.max(wait, 0) + 1);
  }

  #compute(): View {
    const store = this.#deal.value;
    const deal = store?.data;
    // A configuration error is thrown anew by every lookup: keep one per message.
    const thrown = this.#deal.error ?? this.#sale.error;
    const failure = thrown
      ? this.#invalid(toSaledayError(thrown).message)
      : (!deal && store?.error) ||
        (!this.deal && this.#invalid('Saleday: the deal attribute is required'));
    if (failure) return { state: 'error', problem: failure };
    if (!deal) return { state: 'loading' };

    const { status, error } = this.#purchase;
    if (status !== 'idle' && status !== 'failed') return { state: status };

    const sale = this.#sale.value;
    const windows = deal.windows ?? (sale?.data && windowsOf(sale.data));
    // Without the sale's schedule (it failed to load) the server decides.
    if (!windows && sale?.status === 'loading') return { state: 'loading' };
    const { phase, next } = windows ? scheduleAt(windows, serverClock.now()) : { phase: 'live' };
    const opens = phase !== 'live' && next;

    const max = deal.maxPerOrder;
    const quantity = this.quantity;
    const problem =
      Number.isSafeInteger(quantity) && quantity >= 1 && quantity <= max
        ? undefined
        : this.#invalid(
            `Saleday: quantity must be a whole number from 1 to ${max}, got "${this.getAttribute('quantity') ?? quantity}"`,
          );
    const state: BuyButtonState =
      status === 'failed' && error
        ? (REFUSALS[error.code] ?? 'error')
        : phase === 'ended'
          ? 'ended'
          : deal.stock.remaining === 0
            ? 'sold-out'
            : opens
              ? 'not-started'
              : problem
                ? 'limit'
                : 'ready';
    return { state, opens, next, problem, max };
  }

  #invalid(text: string): SaledayError {
    const last = this.#problem;
    return last?.message === text
      ? last
      : (this.#problem = new SaledayError('invalid_config', text));
  }

  protected override render() {
    const { state, opens, max = 1, problem } = this.#view;
    const { order, error, retryAt, waiting } = this.#purchase;
    const locale = this.resolvedLocale;
    const key = LABELS[state];
    const busy = state === 'pending' || state === 'queued';
    const failed = state === 'error';
    const wait = Math.ceil((retryAt - performance.now()) / 1000);
    const retry = this.t('retry');
    const checkout = order?.checkoutUrl;
    const note = (content: unknown) => html`<span class="note">${content}</span>`;
    const link = (url: unknown, text: string) =>
      note(isHttpUrl(url) ? html`<a part="link" href=${url} rel="noopener">${text}</a>` : text);
    // The button's text, then the status line's content (which repeats the label of a final
    // state: ordered, sold out, ended, limit).
    const label = key
      ? // Each message uses the values it names: `limit` the max, `queued` the position.
        this.t(key, { max, position: formatNumber(order?.position ?? 0, locale) })
      : failed
        ? error
          ? wait > 0
            ? `${retry} (${numberFormat(locale, { style: 'unit', unit: 'second', unitDisplay: 'narrow' }).format(wait)})`
            : retry
          : this.t('unavailable')
        : opens && state !== 'auth'
          ? this.t('opensAt', { time: formatTime(opens, locale) })
          : this.t('buy');
    const status =
      state === 'auth'
        ? link(error?.loginUrl, this.t('signIn'))
        : failed
          ? note(error ? `${this.t('error')}: ${error.message}` : problem?.message)
          : key && !busy
            ? html`<span class="visually-hidden">${label}</span>${
                  state === 'ordered' && isHttpUrl(checkout)
                    ? link(checkout, this.t('checkout'))
                    : nothing
                }`
            : nothing;
    const actionable = (state === 'ready' || state === 'auth' || (failed && !!error)) && !waiting;
    // Shown instead of the button until JavaScript has defined the element (server-rendered,
    // or never): a link to the product page, else a disabled button that says what is missing.
    const url = this.#deal.value?.data?.url;
    const fallback = isHttpUrl(url)
      ? html`<a part="button" class="fallback" href=${url} rel="noopener"
          ><span part="label">${label}</span></a
        >`
      : html`<button part="button" class="fallback" type="button" disabled>
          <span part="label">${actionable ? this.t('needsScript') : label}</span>
        </button>`;
    return html`${fallback}<button
        part="button"
        type="button"
        ?disabled=${!actionable}
        aria-busy=${busy || nothing}
        @click=${this.#onClick}
      >
        <span part="label">${label}</span>
      </button>
      <div part="status" role="status">${status}</div>`;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'saleday-before-order': CustomEvent<SaledayBeforeOrderDetail>;
    'saleday-order': CustomEvent<SaledayOrderDetail>;
  }
}
