import { html, nothing } from 'lit';
import { html as staticHtml, unsafeStatic, type StaticValue } from 'lit/static-html.js';
import { formatMoney, formatPercent } from '../../core/i18n.js';
import { $deal } from '../../core/store.js';
import { isHttpUrl } from '../../core/validate.js';
import { SaledayBuyButton } from '../buy-button/buy-button.js';
import { defineElement, tagOf } from '../shared/define.js';
import { SaledayElement } from '../shared/saleday-element.js';
import { StoreController } from '../shared/store-controller.js';
import { styles } from './deal-card.styles.js';

/** The tag of each buy button element class, as a static part of a template. */
const statics = new Map<string, StaticValue>();

/** A ratio as a whole percentage, rounded down: never claim more than is true. */
const floorPercent = (ratio: number) => Math.floor(ratio * 100) / 100;

/**
 * A product card for one deal: image, title, price against list price, discount, how much of the
 * stock is claimed (live), and a buy button. Everything from the API is shown as text, and only
 * `http(s)` links and images are used.
 *
 * @summary Shows a deal with its live stock and a buy button.
 * @tagname saleday-deal-card
 *
 * @attr deal - The deal's id.
 * @attr locale - BCP 47 locale (default: the configured one, else the browser's).
 * @attr api - Base URL of the Saleday API (default: the configured `api`).
 * @attr theme - `dark`, or `auto` to follow `prefers-color-scheme` (passed on to the buy button).
 *
 * @slot action - What buys the deal; by default a `<saleday-buy-button>` for it.
 *
 * @fires {SaledayErrorEvent} saleday-error - The deal could not be loaded (detail `{ code, message }`): the card says
 *   "Deal unavailable" in the shopper's language, the event says why. The buy button inside
 *   fires its own events (`saleday-before-order`, `saleday-order`, ...).
 *
 * @csspart base - The card.
 * @csspart image - The product image (or its placeholder, when it is missing or fails to load).
 * @csspart title - The product title.
 * @csspart price - The sale price.
 * @csspart list-price - The list price, struck through (only when higher than the price).
 * @csspart discount - The discount badge (only when the list price is higher).
 * @csspart badge - The badges over the image (discount, sold out).
 * @csspart stock - The stock line: share claimed and units left.
 * @csspart bar - The claimed-stock progress bar.
 *
 * @cssprop --saleday-accent - Discount badge and the claimed part of the bar.
 * @cssprop --saleday-on-accent - Discount badge text.
 * @cssprop --saleday-surface - Card background.
 * @cssprop --saleday-subtle - Skeleton, placeholder and empty bar.
 * @cssprop --saleday-border - Card border.
 * @cssprop --saleday-text - Title and price.
 * @cssprop --saleday-muted - List price and stock text.
 * @cssprop --saleday-radius - Corner radius.
 * @cssprop --saleday-focus-ring - Focus ring of the title link.
 */
export class SaledayDealCard extends SaledayElement {
  /** The element's styles; a subclass extends them: `[SaledayDealCard.styles, more]`. */
  static override styles = styles;

  static override properties = { deal: {} };

  readonly #deal = new StoreController(this, () =>
    this.deal ? $deal(this.client, this.deal) : undefined,
  );

  /** The image URL that failed to load, if any: its placeholder is shown instead. */
  #brokenImage?: string;

  /** The deal's id. */
  declare deal?: string;

  #onImageError(event: Event) {
    this.#brokenImage = (event.target as HTMLImageElement).getAttribute('src') ?? undefined;
    this.requestUpdate();
  }

  /** Says why there is no deal to show, once the store controller has followed `deal`. */
  protected override derive(): void {
    const store = this.#deal.value;
    this.setFailure(this.#deal.error ?? (store?.data ? undefined : store?.error));
  }

  /**
   * The default action: a buy button under whatever tag it was registered with, part of the
   * template (rather than a node made here) so that a server can render it too.
   */
  #buyButton() {
    const tag = tagOf(SaledayBuyButton) ?? defineElement('buy-button', SaledayBuyButton);
    let name = statics.get(tag);
    if (!name) {
      name = unsafeStatic(tag);
      statics.set(tag, name);
    }
    const { deal, api, locale, theme } = this;
    return staticHtml`<${name} .deal=${deal} .api=${api} .locale=${locale} .theme=${theme}></${name}>`;
  }

  protected override render() {
    const deal = this.#deal.value?.data;
    const action = html`<div class="action"><slot name="action">${this.#buyButton()}</slot></div>`;
    if (!deal && this.failure) {
      // The shopper's words; the diagnosis went to `saleday-error`.
      return html`<div part="base" class="card unavailable">
        <p class="heading">${this.t('unavailable')}</p>
        <p class="detail">${this.t('unavailableNow')}</p>
      </div>`;
    }
    if (!deal) {
      return html`<div part="base" class="card loading" aria-busy="true">
        <div class="media"><div part="image" class="image bone"></div></div>
        <div class="title"><span class="bone"></span></div>
        <p class="prices"><span class="bone"></span></p>
        <div class="stock"><span class="bone"></span></div>
        <div class="bar bone"></div>
        ${action}
      </div>`;
    }

    const locale = this.resolvedLocale;
    const { price, listPrice, stock, title, url, imageUrl } = deal;
    const soldOut = stock.remaining === 0;
    const claimed = floorPercent(stock.total ? (stock.total - stock.remaining) / stock.total : 1);
    const claimedText = this.t('claimed', { percent: formatPercent(claimed, locale) });
    const off =
      listPrice.amount > price.amount ? floorPercent(1 - price.amount / listPrice.amount) : 0;
    const discount = off > 0 ? formatPercent(off, locale) : undefined;
    const image =
      isHttpUrl(imageUrl) && imageUrl !== this.#brokenImage
        ? html`<img
            part="image"
            class="image"
            src=${imageUrl}
            alt=${title}
            width="480"
            height="480"
            loading="lazy"
            decoding="async"
            @error=${this.#onImageError}
          />`
        : html`<div part="image" class="image placeholder" role="img" aria-label=${title}></div>`;
    return html`<div part="base" class=${soldOut ? 'card sold' : 'card'}>
      <div class="media">
        ${image}
        ${
          discount
            ? html`<span part="badge discount" class="badge"
                >${this.t('off', { percent: discount })}</span
              >`
            : nothing
        }
        ${
          soldOut
            ? html`<span part="badge" class="badge sold-out">${this.t('soldOut')}</span>`
            : nothing
        }
      </div>
      <div part="title" class="title">
        ${isHttpUrl(url) ? html`<a href=${url} rel="noopener">${title}</a>` : title}
      </div>
      <p class="prices">
        <span part="price" class="price">${formatMoney(price, locale)}</span>
        ${
          discount
            ? html`<s part="list-price" class="list-price">${formatMoney(listPrice, locale)}</s>`
            : nothing
        }
      </p>
      <div part="stock" class="stock">
        <span>${claimedText}</span>
        <span>${this.t('left', { count: stock.remaining })}</span>
      </div>
      <progress
        part="bar"
        class="bar"
        max="100"
        value=${Math.round(claimed * 100)}
        aria-label=${claimedText}
      ></progress>
      ${action}
    </div>`;
  }
}
