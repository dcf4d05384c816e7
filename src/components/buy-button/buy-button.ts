import { html, nothing, type PropertyValues } from 'lit';
import { $config } from '../../core/config.js';
import { SaledayError } from '../../core/errors.js';
import { formatNumber, formatTime, numberFormat } from '../../core/i18n.js';
import type { Messages } from '../../core/messages.js';
import { windowsOf } from '../../core/schedule.js';
import { $deal, $sale } from '../../core/store.js';
import { isHttpUrl } from '../../core/validate.js';
import {
  SaledayBeforeOrderEvent,
  SaledayOrderEvent,
  type SaledayOrderDetail,
} from '../../events/order.js';
import { ClockController } from '../shared/clock-controller.js';
import { SaledayElement } from '../shared/saleday-element.js';
import { StoreController } from '../shared/store-controller.js';
import { Purchase, type PurchaseRequest } from '../../core/purchase.js';
import { styles } from './buy-button.styles.js';

export type { SaledayBeforeOrderDetail, SaledayOrderDetail } from '../../events/order.js';

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
  opens?: number;
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
 * @fires {SaledayBeforeOrderEvent} saleday-before-order - Before an order is sent (cancelable; detail `{ dealId, quantity }`):
 *   `preventDefault()` sends nothing.
 * @fires {SaledayOrderEvent} saleday-order - An order was confirmed (detail `{ orderId, dealId, quantity, status,
 *   checkoutUrl? }`); cancel it to stay on the page even with `checkout-redirect`.
 * @fires {SaledayErrorEvent} saleday-error - Something failed (detail `{ code, message }`), once per failure.
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
  /** The deal's schedule on the server's clock, to the millisecond: it opens on time. */
  protected readonly clock = new ClockController(this, {
    windows: () => {
      const deal = this.#deal.value?.data;
      const sale = this.#sale.value?.data;
      return deal?.windows ?? (sale && windowsOf(sale));
    },
    exact: true,
  });

  readonly #purchase = new Purchase((what) => this.#settled(what));
  #request?: PurchaseRequest;
  #view: View = { state: 'loading' };

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
    const intent = new SaledayBeforeOrderEvent({ ...request });
    if (!this.dispatchEvent(intent)) return;
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
    const ordered = new SaledayOrderEvent(detail);
    const stay = !this.dispatchEvent(ordered);
    if (!stay && redirect && isHttpUrl(url)) location.assign(url);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#purchase.resume();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#purchase.pause();
  }

  /** Works out the state once the controllers have followed the stores and the clock. */
  protected override derive(changed: PropertyValues<this>): void {
    // Another deal or quantity is another purchase intent.
    if (this.hasUpdated && (changed.has('deal') || changed.has('quantity'))) this.#purchase.reset();
    this.setFailure(this.#problem());
    this.#view = this.#compute();
    this.setAttribute('state', this.#view.state);
  }

  /** A load or configuration failure, or a bad `quantity`. */
  #problem(): unknown {
    if (!this.deal)
      return new SaledayError('invalid_config', 'Saleday: the deal attribute is required');
    const thrown = this.#deal.error ?? this.#sale.error;
    if (thrown) return thrown;
    const store = this.#deal.value;
    const deal = store?.data;
    if (!deal) return store?.error;
    const quantity = this.quantity;
    const max = deal.maxPerOrder;
    if (Number.isSafeInteger(quantity) && quantity >= 1 && quantity <= max) return undefined;
    const given = this.getAttribute('quantity') ?? quantity;
    return new SaledayError(
      'invalid_config',
      `Saleday: quantity must be a whole number from 1 to ${max}, got "${given}"`,
    );
  }

  #compute(): View {
    const deal = this.#deal.value?.data;
    if (!deal) return { state: this.failure ? 'error' : 'loading' };

    const { status, error } = this.#purchase;
    if (status !== 'idle' && status !== 'failed') return { state: status };

    // Without the sale's schedule (it failed to load) the server decides.
    const schedule = this.clock.state;
    if (!schedule && this.#sale.value?.status === 'loading') return { state: 'loading' };
    const phase = schedule?.phase ?? 'live';
    const opens = phase === 'live' ? undefined : schedule?.next;
    const max = deal.maxPerOrder;

    let state: BuyButtonState = 'ready';
    if (status === 'failed' && error) state = REFUSALS[error.code] ?? 'error';
    else if (phase === 'ended') state = 'ended';
    else if (deal.stock.remaining === 0) state = 'sold-out';
    else if (opens) state = 'not-started';
    else if (this.failure) state = 'limit';
    return { state, opens, max };
  }

  protected override render() {
    const { state } = this.#view;
    const label = this.#label();
    const busy = state === 'pending' || state === 'queued';
    const retryable = state === 'error' && !!this.#purchase.error;
    const actionable =
      (state === 'ready' || state === 'auth' || retryable) && !this.#purchase.waiting;
    return html`<button
        part="button"
        type="button"
        ?disabled=${!actionable}
        aria-busy=${busy || nothing}
        @click=${this.#onClick}
      >
        <span part="label">${label}</span>
      </button>
      ${this.#fallback(label, actionable)}
      <div part="status" role="status">${this.#status()}</div>`;
  }

  /**
   * Shown instead of the button until JavaScript has defined the element (server-rendered, or
   * never): a link to the product page, else a disabled button that says what is missing. It
   * comes after the real button, so that the first `button` or `[part~=button]` is the real one.
   */
  #fallback(label: string, actionable: boolean) {
    const url = this.#deal.value?.data?.url;
    if (isHttpUrl(url)) {
      return html`<a part="button" class="fallback" href=${url} rel="noopener"
        ><span part="label">${label}</span></a
      >`;
    }
    return html`<button part="button" class="fallback" type="button" disabled>
      <span part="label">${actionable ? this.t('needsScript') : label}</span>
    </button>`;
  }

  /** The button's text. */
  #label(): string {
    const { state, opens, max = 1 } = this.#view;
    const { order, error, retryAt } = this.#purchase;
    const locale = this.resolvedLocale;
    const key = LABELS[state];
    if (key) {
      // Each message uses the values it names: `limit` the max, `queued` the position.
      return this.t(key, { max, position: formatNumber(order?.position ?? 0, locale) });
    }
    if (state === 'error') {
      if (!error) return this.t('unavailable');
      const wait = Math.ceil((retryAt - performance.now()) / 1000);
      if (wait <= 0) return this.t('retry');
      const seconds = numberFormat(locale, {
        style: 'unit',
        unit: 'second',
        unitDisplay: 'narrow',
      });
      return `${this.t('retry')} (${seconds.format(wait)})`;
    }
    if (opens && state !== 'auth') return this.t('opensAt', { time: formatTime(opens, locale) });
    return this.t('buy');
  }

  /**
   * The polite status line: the sign-in link, what went wrong (in the shopper's words; the
   * diagnosis goes to `saleday-error`), or the label of a final state again with the checkout
   * link once ordered.
   */
  #status() {
    const { state } = this.#view;
    const { order, error } = this.#purchase;
    if (state === 'auth') return this.#link(error?.loginUrl, this.t('signIn'));
    if (state === 'error') return this.#note(this.t(error ? 'error' : 'unavailableNow'));
    if (!LABELS[state] || state === 'pending' || state === 'queued') return nothing;
    const checkout = order?.checkoutUrl;
    return html`<span class="visually-hidden">${this.#label()}</span>${
        state === 'ordered' && isHttpUrl(checkout)
          ? this.#link(checkout, this.t('checkout'))
          : nothing
      }`;
  }

  #note(content: unknown) {
    return html`<span class="note">${content}</span>`;
  }

  /** A link, if `url` is an http(s) URL; else its text alone. */
  #link(url: unknown, text: string) {
    const link = isHttpUrl(url)
      ? html`<a part="link" href=${url} rel="noopener">${text}</a>`
      : text;
    return this.#note(link);
  }
}
