/**
 * Server rendering (Node): any of the four elements, with its data, as HTML with a declarative
 * shadow root, through Lit's server renderer (`@lit-labs/ssr`). The page paints the widget before
 * any JavaScript runs; `saleday/hydrate` (npm) or the CDN file then takes it over without a
 * request and without redrawing it.
 *
 * The element carries the data it was rendered with in its `data-saleday-seed` attribute, so the
 * browser starts from exactly what the server showed (it drops the attribute once drawn). Under a
 * strict Content Security Policy (`style-src 'self'`, no inline `<style>`), pass `stylesheet` to
 * link each shadow root's styles from a URL of your own (serve {@link stylesheet}'s text there),
 * or `nonce` for a policy with a style nonce.
 * @example
 * ```ts
 * import { renderElement } from 'saleday/ssr';
 * const card = await renderElement('saleday-deal-card', { deal: '42' }, {
 *   api: 'https://shop.example/api',
 *   locale: 'fr-FR',
 *   stylesheet: (tag) => `/saleday/${tag}.css`,
 * });
 * ```
 * @module ssr
 */
import { render, LitElementRenderer, type RenderInfo } from '@lit-labs/ssr';
import { collectResultSync } from '@lit-labs/ssr/lib/render-result.js';
import { nothing } from 'lit';
import { html, unsafeStatic, type StaticValue } from 'lit/static-html.js';
import type { SaleClient } from '../core/client.js';
import { $config, resolveClient } from '../core/config.js';
import { toSaledayError, type SaledayError } from '../core/errors.js';
import { HttpSaleClient } from '../core/http-client.js';
import { getOrAdd } from '../core/memo.js';
import { SEED_ATTRIBUTE, type Seed } from '../core/seed.js';
import { seedStore } from '../core/store.js';
import type { Deal, Sale, Stats } from '../core/types.js';
import { registerElements } from '../register.js';

registerElements();

/** The tags `renderElement` renders. */
export type SaledayTag =
  'saleday-countdown' | 'saleday-deal-card' | 'saleday-live-counter' | 'saleday-buy-button';

/**
 * The element's attributes: `deal`, `sale`, `until`, `compact`, `metric`, `notation`,
 * `controls`, `milestones`, `quantity`, `checkout-redirect`, `currency`, `reported`, `theme`,
 * `id`, `class`, ... (`true` for a boolean attribute; `false` or `undefined` leaves it out).
 */
export type SaledayAttributes = Record<string, string | number | boolean | undefined>;

/** Options of {@link renderElement}. */
export interface RenderElementOptions {
  /**
   * Base URL of the API as the browser reaches it: written as the element's `api` attribute
   * (leave it out when the page calls `configure({ api })` or its CDN tag has `data-api`), and
   * used on the server too unless `client` is given.
   */
  api?: string;
  /** What loads the data on the server (default: an `HttpSaleClient` on `api`). */
  client?: SaleClient;
  /** Data you loaded already; what is missing is loaded with `client`. */
  data?: { sale?: Sale; deal?: Deal; stats?: Stats };
  /**
   * BCP 47 locale, written as the element's `locale` attribute (default: the `locale`
   * attribute, else `en`): the browser must render the same words the server did.
   */
  locale?: string;
  /**
   * The URL of each element's stylesheet (see {@link stylesheet}): each shadow root links it
   * instead of holding a `<style>`, which a `style-src 'self'` policy allows.
   */
  stylesheet?: (tag: SaledayTag) => string;
  /** A nonce for the `<style>` of each shadow root, for a policy with `style-src 'nonce-…'`. */
  nonce?: string;
  /**
   * Called when the data could not be loaded; the element is then rendered without a shadow
   * root, for the browser to load and render as usual.
   */
  onError?: (error: SaledayError) => void;
}

const TAGS: readonly SaledayTag[] = [
  'saleday-countdown',
  'saleday-deal-card',
  'saleday-live-counter',
  'saleday-buy-button',
];
const BOOLEAN = ['compact', 'controls', 'paused', 'checkout-redirect'];
const STRING = [
  'sale',
  'until',
  'deal',
  'quantity',
  'metric',
  'notation',
  'reported',
  'currency',
  'milestones',
  'theme',
  'api',
  'locale',
  'id',
  'class',
];

/** A client that is never asked for anything: the elements render from the data given. */
const unused = new HttpSaleClient({ api: 'https://saleday.invalid/' });
const loaders = new Map<string, SaleClient>();
const statics = new Map<string, StaticValue>();

/** `text` as the value of a double-quoted attribute or as HTML text. */
const escape = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * The CSS of `tag`'s shadow root, for the URL given as `stylesheet` to {@link renderElement}
 * (serve it as `text/css`, cacheable: it changes only with Saleday's version).
 */
export function stylesheet(tag: SaledayTag): string {
  const element = customElements.get(tag) as unknown as { elementStyles?: { cssText: string }[] };
  if (!TAGS.includes(tag) || !element) throw new TypeError(`Saleday: no element ${tag}`);
  return (element.elementStyles ?? []).map((style) => style.cssText).join('\n');
}

/** What each element needs from the API for its attributes. */
async function load(
  tag: SaledayTag,
  attributes: SaledayAttributes,
  client: () => SaleClient,
  given: RenderElementOptions['data'] = {},
): Promise<Seed> {
  const seed: Seed = {};
  const sale = async (id: string) => {
    seed.sale = { [id]: given.sale?.id === id ? given.sale : await client().getSale(id) };
  };
  const id = (name: string) => {
    const value = attributes[name];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  };
  const saleId = id('sale');
  const dealId = id('deal');
  if ((tag === 'saleday-deal-card' || tag === 'saleday-buy-button') && dealId) {
    const deal = given.deal?.id === dealId ? given.deal : await client().getDeal(dealId);
    seed.deal = { [dealId]: deal };
    // The buy button follows the sale's schedule when the deal has none of its own.
    if (!deal.windows) await sale(deal.saleId);
  } else if (tag === 'saleday-countdown' && saleId) {
    await sale(saleId);
  } else if (tag === 'saleday-live-counter' && saleId) {
    const stats = given.stats ?? (await client().getStats(saleId));
    seed.stats = { [saleId]: stats };
    await sale(saleId);
  }
  return seed;
}

/** Lit's element renderer, with each shadow root's `<style>` linked or given a nonce. */
function renderers({
  stylesheet: href,
  nonce,
}: RenderElementOptions): RenderInfo['elementRenderers'] {
  if (!href && nonce === undefined) return [LitElementRenderer];
  class SaledayRenderer extends LitElementRenderer {
    override renderShadow(info: RenderInfo) {
      const parts = super.renderShadow(info) as unknown[] | undefined;
      const end = parts?.indexOf('</style>') ?? -1;
      if (!parts || parts[0] !== '<style>' || end < 0) return parts as never;
      const head = href
        ? [`<link rel="stylesheet" href="${escape(href(this.tagName as SaledayTag))}">`]
        : [`<style nonce="${escape(nonce!)}">`, ...parts.slice(1, end + 1)];
      return [...head, ...parts.slice(end + 1)] as never;
    }
  }
  return [SaledayRenderer];
}

/** The element as HTML without a shadow root: the browser renders it as usual. */
function plain(tag: SaledayTag, attributes: SaledayAttributes): string {
  const text = Object.entries(attributes)
    .filter(([, value]) => value !== undefined && value !== false)
    .map(([name, value]) => (value === true ? ` ${name}` : ` ${name}="${escape(String(value))}"`))
    .join('');
  return `<${tag}${text}></${tag}>`;
}

/**
 * Renders `tag` with `attributes` to HTML: the element with a declarative shadow root showing
 * its data (loaded with `options.client`, or given as `options.data`), the data itself in its
 * `data-saleday-seed` attribute, and a countdown's time as of now. Rejects with a `TypeError`
 * for an unknown tag or attribute; a failure to load calls `onError` and resolves with the
 * element without a shadow root.
 * @example
 * ```ts
 * const html = await renderElement('saleday-countdown', { sale: '1111' }, { api });
 * ```
 */
export async function renderElement(
  tag: SaledayTag,
  attributes: SaledayAttributes,
  options: RenderElementOptions = {},
): Promise<string> {
  if (!TAGS.includes(tag)) throw new TypeError(`Saleday: cannot render "${tag}"`);
  const unknown = Object.keys(attributes).filter(
    (name) => !STRING.includes(name) && !BOOLEAN.includes(name),
  );
  if (unknown.length) {
    throw new TypeError(`Saleday: unknown attribute "${unknown.join('", "')}" for <${tag}>`);
  }
  const api = options.api ?? (attributes.api as string | undefined);
  const all: SaledayAttributes = {
    ...attributes,
    api,
    locale: options.locale ?? attributes.locale ?? 'en',
  };
  let seed: Seed;
  try {
    const client = () =>
      options.client ??
      getOrAdd(loaders, api ?? '', () => {
        if (!api) throw new TypeError('Saleday: renderElement needs options.api or options.client');
        return new HttpSaleClient({ api });
      });
    seed = await load(tag, all, client, options.data);
  } catch (error) {
    if (error instanceof TypeError) throw error;
    options.onError?.(toSaledayError(error));
    return plain(tag, all);
  }
  return renderSeeded(tag, all, seed, options);
}

/**
 * Renders synchronously, with nothing in between that could change the shared stores: the
 * elements find this render's data in them.
 */
function renderSeeded(
  tag: SaledayTag,
  attributes: SaledayAttributes,
  seed: Seed,
  options: RenderElementOptions,
): string {
  const api = attributes.api as string | undefined;
  const config = $config.get();
  // Elements without an `api` attribute ask the configuration for their client.
  if (!api) $config.set({ ...config, client: unused });
  try {
    const client = resolveClient(api);
    for (const kind of ['sale', 'deal', 'stats'] as const) {
      for (const [id, data] of Object.entries(seed[kind] ?? {})) {
        seedStore(client, kind, id, data, true);
      }
    }
    const name = getOrAdd(statics, tag, () => unsafeStatic(tag));
    const value = (key: string) => {
      const given = attributes[key];
      return given === undefined || given === false ? nothing : String(given);
    };
    const flag = (key: string) => attributes[key] === true || attributes[key] === '';
    const json = Object.keys(seed).length ? JSON.stringify(seed) : nothing;
    const template = html`<${name}
      id=${value('id')}
      class=${value('class')}
      sale=${value('sale')}
      until=${value('until')}
      deal=${value('deal')}
      quantity=${value('quantity')}
      metric=${value('metric')}
      notation=${value('notation')}
      reported=${value('reported')}
      currency=${value('currency')}
      milestones=${value('milestones')}
      theme=${value('theme')}
      api=${value('api')}
      locale=${value('locale')}
      ?compact=${flag('compact')}
      ?controls=${flag('controls')}
      ?paused=${flag('paused')}
      ?checkout-redirect=${flag('checkout-redirect')}
      data-saleday-seed=${json}
    ></${name}>`;
    // Without the markers of this outer template (nothing hydrates it) and the line breaks
    // between its attributes (every `>` in a value is escaped: the first one ends the tag).
    return collectResultSync(render(template, { elementRenderers: renderers(options) }))
      .replace(/^<!--lit-part [^>]*--><!--lit-node 0-->|<!--\/lit-part-->$/g, '')
      .replace(/^[^>]*/, (open) => open.replace(/\s+/g, ' '));
  } finally {
    if (!api) $config.set(config);
  }
}

export { SEED_ATTRIBUTE };
