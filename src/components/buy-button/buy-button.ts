import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { serverClock } from '../../core/clock.js';
import { SaledayError, toSaledayError } from '../../core/errors.js';
import { formatNumber, formatTime, numberFormat } from '../../core/i18n.js';
import { scheduleAt, windowsOf } from '../../core/schedule.js';
import { $deal, $sale } from '../../core/store.js';
import { $serverSecond } from '../../core/ticker.js';
import { isHttpUrl } from '../../core/validate.js';
import { $config } from '../../core/config.js';
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

/** The state an order refusal leads to (anything else is `error`). */
const REFUSALS = new Map<string, BuyButtonState>([
  ['sold_out', 'sold-out'],
  ['ended', 'ended'],
  ['not_started', 'not-started'],
  ['limit_exceeded', 'limit'],
  ['auth_required', 'auth'],
]);

interface View {
  state: BuyButtonState;
  /** When the deal opens (`not-started`). */
  opens?: number;
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
  /** Configuration problems by message, so each one is reported once. */
  #problems = new Map<string, SaledayError>();
  #edge?: ReturnType<typeof setTimeout>;

  /** The deal's id. */
  @property() deal?: string;

  /** Units to order: a whole number from 1 to the deal's `maxPerOrder`. */
  @property({ type: Number }) quantity = 1;

  /** Whether a confirmed order goes to its `checkoutUrl` (http(s) only). */
  @property({ type: Boolean, attribute: 'checkout-redirect' }) checkoutRedirect = false;

  /** What the button shows now (read-only; reflected as the `state` attribute). */
  get state(): BuyButtonState {
    return this.#view.state;
  }

  #onClick() {
    const deal = this.#deal.value?.data;
    if (!deal || !['ready', 'error', 'auth'].includes(this.state)) return;
    if (this.#purchase.busy || this.#purchase.waiting) return;
    const request = { dealId: deal.id, quantity: this.quantity };
    if (!this.emit('saleday-before-order', { ...request }, true)) return;
    this.#request = request;
    void this.#purchase.buy(this.client, request);
  }

  /** Hears the purchase: re-renders, and reports the outcome once. */
  #settled(what: 'change' | 'ordered' | 'failed') {
    this.requestUpdate();
    const { order, error } = this.#purchase;
    const request = this.#request;
    if (what === 'failed' && error) this.reportError(error);
    if (what !== 'ordered' || !order || !request) return;
    const detail: SaledayOrderDetail = { orderId: order.orderId, ...request, status: 'confirmed' };
    if (isHttpUrl(order.checkoutUrl)) detail.checkoutUrl = order.checkoutUrl;
    const redirect = this.checkoutRedirect || $config.get().checkoutRedirect === true;
    if (this.emit('saleday-order', detail, true) && redirect && isHttpUrl(order.checkoutUrl)) {
      location.assign(order.checkoutUrl);
    }
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
    // Another deal or quantity is another purchase intent.
    if (this.hasUpdated && (changed.has('deal') || changed.has('quantity'))) this.#purchase.reset();
  }

  /** Works out the state after the controllers have followed the stores, before rendering. */
  protected override update(changed: PropertyValues<this>): void {
    this.#view = this.#compute();
    this.setAttribute('state', this.#view.state);
    super.update(changed);
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const { problem, next } = this.#view;
    if (problem) this.reportError(problem);
    // The ticker flips on whole seconds: land on an instant inside one exactly.
    clearTimeout(this.#edge);
    const wait = next === undefined ? Infinity : next - serverClock.now();
    if (wait < 1000) this.#edge = setTimeout(() => this.requestUpdate(), Math.max(wait, 0) + 1);
  }

  #compute(): View {
    const store = this.#deal.value;
    const deal = store?.data;
    // A configuration error is thrown anew by every lookup: keep one per message.
    const thrown = this.#deal.error ?? this.#sale.error;
    if (thrown) return { state: 'error', problem: this.#problem(toSaledayError(thrown).message) };
    if (!deal && store?.error) return { state: 'error', problem: store.error };
    if (!this.deal) {
      return { state: 'error', problem: this.#problem('Saleday: the deal attribute is required') };
    }
    if (!deal) return { state: 'loading' };

    const max = deal.maxPerOrder;
    const { status, error } = this.#purchase;
    if (status === 'pending' || status === 'queued') return { state: status, max };
    if (status === 'ordered') return { state: 'ordered', max };

    const sale = this.#sale.value;
    const windows = deal.windows ?? (sale?.data ? windowsOf(sale.data) : undefined);
    // Without the sale's schedule (it failed to load) the server decides.
    if (!windows && sale?.status === 'loading') return { state: 'loading' };
    const { phase, next } = windows
      ? scheduleAt(windows, serverClock.now())
      : { phase: 'live', next: undefined };
    const opens = phase === 'scheduled' || phase === 'between' ? next : undefined;

    const quantity = this.quantity;
    const problem =
      Number.isSafeInteger(quantity) && quantity >= 1 && quantity <= max
        ? undefined
        : this.#problem(
            `Saleday: quantity must be a whole number from 1 to ${max}, got "${this.getAttribute('quantity') ?? quantity}"`,
          );
    const view = { opens, next, problem, max };
    if (status === 'failed' && error) {
      return { ...view, state: REFUSALS.get(error.code) ?? 'error' };
    }
    if (phase === 'ended') return { ...view, state: 'ended' };
    if (deal.stock.remaining === 0) return { ...view, state: 'sold-out' };
    if (opens !== undefined) return { ...view, state: 'not-started' };
    return { ...view, state: problem ? 'limit' : 'ready' };
  }

  #problem(text: string): SaledayError {
    let problem = this.#problems.get(text);
    if (!problem) this.#problems.set(text, (problem = new SaledayError('invalid_config', text)));
    return problem;
  }

  /** The button's text and the status line's content for the current state. */
  #content(): [label: string, status: TemplateResult | string | typeof nothing] {
    const { state, opens, max = 1, problem } = this.#view;
    const { order, error } = this.#purchase;
    const hidden = (text: string) => html`<span class="visually-hidden">${text}</span>`;
    const note = (content: unknown) => html`<span class="note">${content}</span>`;
    const link = (url: unknown, text: string) =>
      note(isHttpUrl(url) ? html`<a part="link" href=${url} rel="noopener">${text}</a>` : text);
    switch (state) {
      case 'not-started':
        return [
          opens === undefined
            ? this.t('buy')
            : this.t('opensAt', { time: formatTime(opens, this.resolvedLocale) }),
          nothing,
        ];
      case 'pending':
        return [this.t('pending'), nothing];
      case 'queued':
        return [
          this.t('queued', { position: formatNumber(order?.position ?? 0, this.resolvedLocale) }),
          nothing,
        ];
      case 'ordered':
        return [
          this.t('ordered'),
          html`${hidden(this.t('ordered'))}${
            isHttpUrl(order?.checkoutUrl) ? link(order.checkoutUrl, this.t('checkout')) : nothing
          }`,
        ];
      case 'sold-out':
        return [this.t('soldOut'), hidden(this.t('soldOut'))];
      case 'ended':
        return [this.t('ended'), hidden(this.t('ended'))];
      case 'limit':
        return [this.t('limit', { max }), hidden(this.t('limit', { max }))];
      case 'auth':
        return [this.t('buy'), link(error?.loginUrl, this.t('signIn'))];
      case 'error': {
        if (!error) return [this.t('unavailable'), note(problem?.message)];
        const wait = Math.ceil((this.#purchase.retryAt - performance.now()) / 1000);
        const seconds = numberFormat(this.resolvedLocale, {
          style: 'unit',
          unit: 'second',
          unitDisplay: 'narrow',
        });
        return [
          wait > 0 ? `${this.t('retry')} (${seconds.format(wait)})` : this.t('retry'),
          note(`${this.t('error')}: ${error.message}`),
        ];
      }
      default:
        return [this.t('buy'), nothing];
    }
  }

  protected override render() {
    const { state } = this.#view;
    const busy = state === 'pending' || state === 'queued';
    const actionable =
      (state === 'ready' || state === 'auth' || (state === 'error' && !!this.#purchase.error)) &&
      !this.#purchase.waiting;
    const [label, status] = this.#content();
    return html`<button
        part="button"
        type="button"
        ?disabled=${!actionable}
        aria-busy=${busy ? 'true' : nothing}
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
