/**
 * Helpers for the CDN tests: a world for the fixture pages, an iframe per page (served under the
 * CSP chosen with `?csp=`, see `web-test-runner.config.mjs`), and what a working widget looks
 * like from outside.
 * @module
 */
import { expect, waitUntil } from '@open-wc/testing';
import {
  createWorld,
  dealFixture,
  saleFixture,
  type DealFixture,
  type World,
} from '../helpers/sim.js';

/** What `test/cdn/pages/fixture.js` records in the page. */
export interface Fixture {
  api: string;
  errors: string[];
  /** `console.warn` calls: advice to developers, not errors. */
  warnings: string[];
  violations: string[];
  policies: string[];
  events: { type: string; detail: unknown }[];
}

/** The iframe's window, with what the fixture and the CDN script add to it. */
export type FixtureWindow = Window &
  typeof globalThis & {
    fixture?: Fixture;
    Saleday?: { version: string };
  };

/** A deal title with markup in it: the widgets must show it as text. */
export const HOSTILE_TITLE = 'Hostile <b data-injected>markup</b> & <i>text</i>';

/**
 * A live sale `s1` with a deal `d1`, known stats, a deal whose title holds markup, and `deals`
 * (more deals of `s1`).
 */
export function cdnWorld(deals: DealFixture[] = []): Promise<World> {
  return createWorld({
    sales: [saleFixture({ id: 's1', name: 'CDN Sale' })],
    deals: [
      dealFixture({
        id: 'd1',
        saleId: 's1',
        title: 'Cast-Iron Kettle',
        price: { amount: 4999, currency: 'USD' },
        listPrice: { amount: 8999, currency: 'USD' },
      }),
      dealFixture({ id: 'd-hostile', saleId: 's1', title: HOSTILE_TITLE }),
      ...deals,
    ],
    stats: { s1: { orders: 4242, gmv: 987654 } },
  });
}

/** An open fixture page. */
export interface Frame {
  iframe: HTMLIFrameElement;
  window: FixtureWindow;
  document: Document;
  fixture: Fixture;
  close(): void;
}

/** Opens `test/cdn/pages/<page>` in an iframe with `query` and waits for its `load` event. */
export async function openPage(page: string, query: Record<string, string>): Promise<Frame> {
  const iframe = document.createElement('iframe');
  iframe.width = '1000';
  iframe.height = '800';
  iframe.title = page;
  const loaded = new Promise((resolve) => iframe.addEventListener('load', resolve, { once: true }));
  iframe.src = `/test/cdn/pages/${page}?${new URLSearchParams(query)}`;
  document.body.append(iframe);
  await loaded;
  const frameWindow = iframe.contentWindow as FixtureWindow;
  const fixture = frameWindow.fixture;
  if (!fixture) throw new Error(`${page}: fixture.js did not run`);
  return {
    iframe,
    window: frameWindow,
    document: iframe.contentDocument!,
    fixture,
    close: () => iframe.remove(),
  };
}

/** Like `waitUntil`, with a failure message made when it times out (it shows the state then). */
export async function waitFor(
  predicate: () => unknown,
  message: () => string,
  timeout = 10000,
): Promise<void> {
  try {
    await waitUntil(predicate, undefined, { timeout });
  } catch {
    throw new Error(message());
  }
}

/** The text an element's shadow root shows, whitespace collapsed. */
export const shadowText = (element: Element | null | undefined): string =>
  (element?.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** The four widgets of a page or group, by tag suffix. */
export function widgets(root: ParentNode, prefix = 'saleday', where?: string) {
  const scope = where ? `[data-where="${where}"]` : '';
  const one = (name: string) => root.querySelector(`${prefix}-${name}${scope}`);
  return {
    countdown: one('countdown'),
    counter: one('live-counter'),
    card: one('deal-card'),
    button: one('buy-button'),
  };
}

/**
 * Waits until the four widgets show the world's data: the countdown counts to the end of the
 * live sale, the counter shows the orders, the card the deal (its image loaded from the
 * simulator's origin) and the button is ready to buy.
 */
export async function expectWorking(
  root: ParentNode,
  {
    prefix = 'saleday',
    where,
    endsIn = 'Ends in',
  }: { prefix?: string; where?: string; endsIn?: string } = {},
): Promise<void> {
  const { countdown, counter, card, button } = widgets(root, prefix, where);
  const label = `${prefix}${where ? ` (${where})` : ''}`;
  for (const [name, element] of Object.entries({ countdown, counter, card, button })) {
    expect(element, `${label}: no ${name}`).to.exist;
    expect(element!.constructor, `${label}: ${name} not upgraded`).not.to.equal(HTMLElement);
  }
  await waitFor(
    () =>
      shadowText(countdown).includes(endsIn) &&
      countdown!.shadowRoot!.querySelector('[part~="segment"]'),
    () => `${label}: the countdown never showed "${endsIn}": "${shadowText(countdown)}"`,
  );
  await waitFor(
    () => /4[,.\s\u202f]?242/.test(shadowText(counter)),
    () => `${label}: the counter never showed 4,242 orders: "${shadowText(counter)}"`,
  );
  await waitFor(
    () => shadowText(card).includes('Cast-Iron Kettle') && shadowText(card).includes('49'),
    () => `${label}: the deal card never showed the deal: "${shadowText(card)}"`,
  );
  // The card's image comes from the API's origin: the page's CSP (`img-src`) must let it load.
  // The card loads it lazily, which a background tab never does, so load the same URL eagerly
  // in the page (under the same policy).
  const image = card!.shadowRoot!.querySelector<HTMLImageElement>('img[part~="image"]');
  expect(image, `${label}: the deal card shows no image`).to.exist;
  const frameWindow = card!.ownerDocument.defaultView as FixtureWindow;
  const probe = new frameWindow.Image();
  const loaded = new Promise<boolean>((resolve) => {
    probe.onload = () => resolve(true);
    probe.onerror = () => resolve(false);
  });
  probe.src = image!.src;
  expect(await loaded, `${label}: the deal's image (${image!.src}) did not load`).to.be.true;
  await waitFor(
    () => button!.getAttribute('state') === 'ready',
    () => `${label}: the buy button never got ready (state "${button!.getAttribute('state')}")`,
  );
}

/** After a breath (violation reports are queued), asserts the page stayed clean. */
export async function expectClean(frame: Frame): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(frame.fixture.violations, 'CSP violations').to.deep.equal([]);
  expect(frame.fixture.errors, 'errors').to.deep.equal([]);
}
