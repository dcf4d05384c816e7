// Server rendering (`saleday/ssr`) end to end: pages rendered in Node by the test server (see
// test/ssr/server.mjs) from a real simulator world, served under the strict CSP of the CDN
// tests, opened in an iframe: without JavaScript, with the CDN file for server-rendered pages
// (`saleday.hydrate.js`, also from the browser's cache, and followed by `saleday.js`), with
// `saleday/hydrate`, and with the plain `saleday.js` by mistake.
import { expect } from '@open-wc/testing';
import { dealFixture, type World } from '../helpers/sim.js';
import { injected, PAYLOADS, WIDGET_TAGS } from '../hostile/helpers.js';
import {
  cdnWorld,
  expectClean,
  expectWorking,
  shadowText,
  waitFor,
  widgets,
  type Frame,
  type FixtureWindow,
} from '../cdn/frame.js';

/** What test/ssr/watch.js and snapshot.js record in the page. */
type SsrWindow = FixtureWindow & {
  __pwned?: unknown;
  layoutShifts: number[];
  layoutShiftSources: string[];
  ssrSnapshot: { nodes: Node[]; removed: Node[] };
};

const HOSTILE_IDS = PAYLOADS.map((_, index) => `d-payload-${index}`);

/** The CDN tests' world (a live sale `s1`, a deal `d1`, 4,242 orders) and a deal per payload. */
const ssrWorld = () =>
  cdnWorld(
    PAYLOADS.map((title, index) => dealFixture({ id: HOSTILE_IDS[index], saleId: 's1', title })),
  );

/**
 * Opens the server-rendered page; `sandbox` without `allow-scripts` runs no script at all. With
 * another `locale` than English, the CDN page loads that language's translation file too.
 */
async function openSsrPage(
  world: World,
  js: 'cdn' | 'cdn-blocking' | 'cdn-twice' | 'cdn-plain' | 'hydrate' | 'none',
  extra: string[] = [],
  locale = 'en-US',
): Promise<Frame & { window: SsrWindow }> {
  const iframe = document.createElement('iframe');
  iframe.width = '1000';
  iframe.height = '800';
  iframe.title = `server-rendered (${js})`;
  if (js === 'none') iframe.sandbox.add('allow-same-origin');
  const query = new URLSearchParams({
    api: world.base,
    sale: 's1',
    deal: 'd1',
    extra: extra.join(','),
    js,
    locale,
    csp: 'strict',
  });
  const loaded = new Promise((resolve) => iframe.addEventListener('load', resolve, { once: true }));
  iframe.src = `/test/cdn/pages/ssr.html?${query}`;
  document.body.append(iframe);
  await loaded;
  const frameWindow = iframe.contentWindow as SsrWindow;
  const ssrErrors = iframe.contentDocument!.body.dataset.ssrErrors;
  expect(ssrErrors, 'the server could not load the data').to.equal('');
  return {
    iframe,
    window: frameWindow,
    document: iframe.contentDocument!,
    fixture: frameWindow.fixture!,
    close: () => iframe.remove(),
  };
}

/** Whether `element` is rendered (not `display: none`, nor inside something that is). */
const shown = (element: Element | null | undefined) => !!element?.checkVisibility();

/** Checks that nothing on the page moved (CLS 0), naming what moved if something did. */
function expectNoLayoutShift(win: SsrWindow): void {
  const cls = win.layoutShifts.reduce((sum, value) => sum + value, 0);
  expect(cls, `CLS (${win.layoutShiftSources.join('; ')})`).to.equal(0);
}

/** Two animation frames of `frame`'s window: layout shifts are reported by then. */
const frames = (win: Window) =>
  new Promise((resolve) => win.requestAnimationFrame(() => win.requestAnimationFrame(resolve)));

describe('Server rendering (saleday/ssr)', () => {
  let world: World;
  let frame: (Frame & { window: SsrWindow }) | undefined;

  // A world per test: each one orders.
  beforeEach(async () => {
    world = await ssrWorld();
  });

  afterEach(async () => {
    frame?.close();
    frame = undefined;
    await world.destroy();
  });

  it('paints the data with JavaScript blocked: price, countdown, stock, a link to buy', async () => {
    frame = await openSsrPage(world, 'none');
    const { countdown, counter, card, button } = widgets(frame.document);
    // No script ran: nothing defined, the shadow roots come from the HTML alone.
    expect(frame.window.fixture, 'a script ran').to.be.undefined;
    expect(frame.window.customElements.get('saleday-deal-card')).to.be.undefined;

    expect(shadowText(countdown)).to.match(/^Ends in \d+ ?hours? ?\d+ ?minutes? ?\d+ ?seconds?$/);
    expect(shadowText(counter)).to.match(/Orders 4,242/);
    const text = shadowText(card);
    for (const part of ['Cast-Iron Kettle', '$49.99', '$89.99', '44% off', 'claimed', 'left']) {
      expect(text, `card: ${part}`).to.include(part);
    }
    const image = card!.shadowRoot!.querySelector('img[part~="image"]');
    expect(image?.getAttribute('src')).to.match(/^http:\/\/127\.0\.0\.1:\d+\/img\//);

    // The buy buttons (alone and in the card) are links to the product page until defined.
    const inCard = card!.shadowRoot!.querySelector('saleday-buy-button');
    for (const buy of [button, inCard]) {
      const root = buy!.shadowRoot!;
      const link = root.querySelector<HTMLAnchorElement>('a.fallback');
      expect(shown(link), 'the fallback link is hidden').to.be.true;
      expect(link!.href).to.equal(dealFixture({ id: 'd1' }).url);
      expect(link!.textContent!.trim()).to.equal('Buy now');
      expect(shown(root.querySelector('button')), 'a dead button shows').to.be.false;
    }
    // Styles came from the linked stylesheets (the CSP allows no inline <style>).
    const price = card!.shadowRoot!.querySelector('[part~="price"]')!;
    expect(getComputedStyle(price).fontWeight).to.equal('700');
  });

  const hydrating = {
    cdn: 'saleday.hydrate.js',
    'cdn-twice': 'saleday.hydrate.js, then saleday.js handing over',
    hydrate: 'saleday/hydrate',
  } as const;
  for (const js of ['cdn', 'cdn-twice', 'hydrate'] as const) {
    it(`hydrates with ${hydrating[js]}: same nodes, no shift, no request, one order`, async () => {
      frame = await openSsrPage(world, js);
      const win = frame.window;
      const { countdown, counter, card, button } = widgets(frame.document);
      await waitFor(
        () =>
          [countdown, counter, card, button].every(
            (element) => (element as { hasUpdated?: boolean }).hasUpdated,
          ),
        () =>
          `the server-rendered elements were never taken over: ${frame!.fixture.errors.join('; ')}`,
      );
      await expectWorking(frame.document);
      await frames(win);

      // Lit took the server's DOM over: every node is still there, none was taken out.
      const { nodes, removed } = win.ssrSnapshot;
      expect(nodes.length).to.be.greaterThan(50);
      expect(nodes.filter((node) => !node.isConnected).length, 'nodes replaced').to.equal(0);
      expect(removed.length, 'nodes removed').to.equal(0);
      expectNoLayoutShift(win);
      // The button is the live one now.
      const root = button!.shadowRoot!;
      expect(shown(root.querySelector('.fallback'))).to.be.false;
      const buy = root.querySelector<HTMLButtonElement>('button:not(.fallback)')!;
      expect(shown(buy)).to.be.true;

      // The data came with the page: the browser asked the API for none of it.
      const fetched = (await world.log()).filter(
        (entry) => entry.headers.origin && /^\/(deals\/d1|sales\/s1)$/.test(entry.path),
      );
      expect(fetched.map((entry) => entry.path)).to.deep.equal([]);

      buy.click();
      await waitFor(
        () => button!.getAttribute('state') === 'ordered',
        () => `no order (state "${button!.getAttribute('state')}")`,
      );
      const book = await world.orders();
      expect(book.orders.filter((order) => order.dealId === 'd1')).to.have.length(1);

      // Live updates run: a new total reaches the counter.
      await world.setStats({ saleId: 's1', orders: 5000 });
      await waitFor(
        () => shadowText(counter).includes('5,000'),
        () => `the counter never showed 5,000 orders: "${shadowText(counter)}"`,
      );
      // One Lit (a second copy evaluates none of its own), and no advice to load another file
      // (the npm entry runs Lit in development mode here, which says so).
      expect(frame.fixture.policies, 'Trusted Types policies').to.deep.equal(['lit-html']);
      const advice = frame.fixture.warnings.filter((warning) => warning.startsWith('Saleday'));
      expect(advice, 'warnings').to.deep.equal([]);
      await expectClean(frame);
    });
  }

  it('with saleday.hydrate.js from the cache, run before the first paint: no shift', async () => {
    // A first visit puts the file in the browser's cache; on the second it runs before the
    // first paint, so no frame shows the elements undefined.
    frame = await openSsrPage(world, 'cdn-blocking');
    await expectWorking(frame.document);
    frame.close();
    frame = await openSsrPage(world, 'cdn-blocking');
    const win = frame.window;
    const { countdown, card } = widgets(frame.document);
    await expectWorking(frame.document);
    await frames(win);
    await frames(win);
    // Laid out at their real size from the first frame, not at content-visibility's guess.
    expectNoLayoutShift(win);
    // Drawn once, they drop the server's data, and off screen they are skipped again, at the
    // size the browser remembers.
    for (const element of [countdown, card]) {
      expect(element!.hasAttribute('data-saleday-seed'), element!.localName).to.be.false;
      expect(getComputedStyle(element!).contentVisibility, element!.localName).to.equal('auto');
    }
    await expectClean(frame);
  });

  it('with saleday.js instead of saleday.hydrate.js: drawn afresh, once, working, and a warning', async () => {
    frame = await openSsrPage(world, 'cdn-plain');
    const { countdown, counter, card, button } = widgets(frame.document);
    await expectWorking(frame.document);
    // The server's copy was dropped, not drawn beside: one of each part, no server stylesheet.
    for (const [element, part] of [
      [countdown, 'base'],
      [counter, 'base'],
      [card, 'title'],
      [button, 'status'],
    ] as const) {
      const root = element!.shadowRoot!;
      expect(root.querySelectorAll(`[part~="${part}"]`), `${element!.localName}`).to.have.length(1);
      expect(
        root.querySelectorAll('link'),
        `${element!.localName}: server stylesheet`,
      ).to.have.length(0);
    }
    const price = card!.shadowRoot!.querySelector('[part~="price"]')!;
    expect(getComputedStyle(price).fontWeight, 'styles').to.equal('700');
    // Without the server's data the elements asked the API, as on any page.
    const fetched = (await world.log()).filter(
      (entry) => entry.headers.origin && /^\/(deals\/d1|sales\/s1)$/.test(entry.path),
    );
    expect(fetched.length).to.be.greaterThan(0);
    // Developers are told, once, which file to load.
    expect(frame.fixture.warnings).to.deep.equal([
      'Saleday: server-rendered elements drawn again: use saleday.hydrate.js or saleday/hydrate',
    ]);
    await expectClean(frame);
  });

  it('hydrates in French with translations/fr.js before saleday.hydrate.js: same nodes, French words', async () => {
    frame = await openSsrPage(world, 'cdn', [], 'fr-FR');
    const { countdown, counter, card, button } = widgets(frame.document);
    const elements = [countdown, counter, card, button];
    const serverText = elements.map(shadowText);
    expect(serverText[0], 'rendered in French').to.match(/^Se termine dans/);
    await waitFor(
      () => elements.every((element) => (element as { hasUpdated?: boolean }).hasUpdated),
      () => `never taken over: ${frame!.fixture.errors.join('; ')}`,
    );
    await expectWorking(frame.document, { endsIn: 'Se termine dans' });
    // A second later the countdown has drawn itself again, still in French.
    const drawn = shadowText(countdown);
    await waitFor(
      () => shadowText(countdown) !== drawn,
      () => `the countdown never ticked: "${drawn}"`,
    );
    expect(shadowText(countdown)).to.match(/^Se termine dans/);
    expect(shadowText(card)).to.include('vendus');
    expect(shadowText(button!)).to.include('Acheter');
    const { nodes, removed } = frame.window.ssrSnapshot;
    expect(nodes.filter((node) => !node.isConnected).length, 'nodes replaced').to.equal(0);
    expect(removed.length, 'nodes removed').to.equal(0);
    // Without the translation file the server's French words would stay until a value changed
    // (hydration keeps the server's text), but the console says that French is missing.
    expect(frame.fixture.warnings, 'warnings').to.deep.equal([]);
    await expectClean(frame);
  });

  it('shows markup in API data as text, rendered on the server and hydrated', async () => {
    frame = await openSsrPage(world, 'cdn', HOSTILE_IDS);
    for (const [index, payload] of PAYLOADS.entries()) {
      const card = frame.document.querySelector(`saleday-deal-card[deal="${HOSTILE_IDS[index]}"]`);
      await waitFor(
        () => (card as { hasUpdated?: boolean } | null)?.hasUpdated,
        () => `card ${index} never hydrated`,
      );
      const title = card!.shadowRoot!.querySelector('[part~="title"]');
      expect(title?.textContent?.trim(), `payload ${index}`).to.equal(payload);
      // Only the stylesheet links the server put in, none from the data.
      const links = [...card!.shadowRoot!.querySelectorAll('link')].map((link) =>
        link.getAttribute('href'),
      );
      expect(links).to.deep.equal(['/test/ssr/css/saleday-deal-card.css']);
      const found = injected(card!.shadowRoot!, WIDGET_TAGS).filter(
        (what) => !what.startsWith('<link'),
      );
      expect(found, `payload ${index}`).to.deep.equal([]);
    }
    expect(frame.window.__pwned, 'a payload ran').to.be.undefined;
    await expectClean(frame);
  });
});
