import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define/countdown.js';
import '../../src/define/deal-card.js';
import '../../src/define/live-counter.js';
import type { SaledayLiveCounter } from '../../src/components/live-counter/live-counter.js';
import { frameSteps } from '../../src/core/frame-loop.js';
import { createWorld, dealFixture, saleFixture, type World } from '../helpers/sim.js';

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

const frames = (count = 2) =>
  new Promise<void>((resolve) => {
    const next = (left: number) => (left ? requestAnimationFrame(() => next(left - 1)) : resolve());
    next(count);
  });

/** Records every change to `el`'s shadow DOM (text, attributes, nodes) until `stop()`. */
function watchDom(el: Element) {
  const changes: MutationRecord[] = [];
  const observer = new MutationObserver((records) => changes.push(...records));
  observer.observe(el.shadowRoot!, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
  });
  return {
    changes,
    stop: () => {
      changes.push(...observer.takeRecords());
      observer.disconnect();
    },
  };
}

/** Raises `reported` a few times, a frame apart, as a stream of stats would. */
async function report(el: SaledayLiveCounter, from: number, times = 5) {
  for (let i = 1; i <= times; i++) {
    el.reported = from + i * 1000;
    await el.updateComplete;
    await frames(3);
  }
}

// A live counter nobody sees draws nothing: no frame loop, no DOM change, nothing for the browser
// to restyle or paint, while its `target` keeps following the reports; seen again, it shows the
// latest total at once.
describe('live counter nobody sees', () => {
  afterEach(() => window.scrollTo(0, 0));

  it('off screen: draws no frames, follows its target, catches up when scrolled into view', async () => {
    window.scrollTo(0, 0);
    const page = await fixture(
      html`<div>
        <div style="height: 300vh"></div>
        <saleday-live-counter reported="1000" locale="en"></saleday-live-counter>
      </div>`,
    );
    const el = page.querySelector<SaledayLiveCounter>('saleday-live-counter')!;
    await waitUntil(() => el.value === 1000, 'never showed its first report');
    await frames(3); // the observer has told it that it is off screen

    const dom = watchDom(el);
    await report(el, 1000);
    dom.stop();
    expect(el.target, 'target follows the reports').to.equal(6000);
    expect(el.value, 'the number shown did not move').to.equal(1000);
    expect(frameSteps(), 'an animation runs').to.equal(0);
    expect(dom.changes, 'the shadow DOM changed').to.have.length(0);

    el.scrollIntoView();
    await waitUntil(() => el.value === 6000, `did not catch up: ${el.value}`);
    // At once, not by gliding from where it was.
    expect(frameSteps()).to.equal(0);
    expect(el.shadowRoot!.querySelector('[part="value"]')!.textContent).to.equal('6,000');
  });

  it('in a hidden tab: draws nothing, and shows the latest total when the tab shows', async () => {
    const el = await fixture<SaledayLiveCounter>(
      html`<saleday-live-counter reported="1000" locale="en"></saleday-live-counter>`,
    );
    await waitUntil(() => el.value === 1000, 'never showed its first report');
    const hidden = Object.getOwnPropertyDescriptor(Document.prototype, 'hidden')!;
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    try {
      document.dispatchEvent(new Event('visibilitychange'));
      const dom = watchDom(el);
      await report(el, 1000);
      dom.stop();
      expect(el.target).to.equal(6000);
      expect(el.value).to.equal(1000);
      expect(frameSteps()).to.equal(0);
      expect(dom.changes).to.have.length(0);
    } finally {
      Object.defineProperty(document, 'hidden', hidden);
      delete (document as { hidden?: boolean }).hidden;
      document.dispatchEvent(new Event('visibilitychange'));
    }
    await waitUntil(() => el.value === 6000, `did not catch up: ${el.value}`);
    expect(frameSteps()).to.equal(0);
  });

  it('on screen it still glides', async () => {
    const el = await fixture<SaledayLiveCounter>(
      html`<saleday-live-counter reported="1000" locale="en"></saleday-live-counter>`,
    );
    await waitUntil(() => el.value === 1000, 'never showed its first report');
    el.reported = 100_000;
    await el.updateComplete;
    expect(frameSteps(), 'no glide started').to.equal(1);
    await waitUntil(() => el.value! > 1000 && el.value! < 100_000, 'never between the two');
    await waitUntil(() => el.value === 100_000, 'never arrived');
  });
});

// Countdowns and deal cards off screen skip their rendering (`content-visibility: auto`); the
// size they take until drawn must be close to their drawn size, or the page jumps as they come
// into view.
describe('countdowns and deal cards off screen', () => {
  let world: World;

  before(async () => {
    world = await createWorld({ sales: [saleFixture()], deals: [dealFixture()] });
  });

  after(() => world.destroy());

  afterEach(() => window.scrollTo(0, 0));

  for (const [name, widget] of [
    ['countdown', html`<saleday-countdown until=${inAnHour()} locale="en"></saleday-countdown>`],
    [
      'compact countdown',
      html`<saleday-countdown until=${inAnHour()} locale="en" compact></saleday-countdown>`,
    ],
    [
      'deal card',
      () =>
        html`<saleday-deal-card deal="deal-1" locale="en" api=${world.base}></saleday-deal-card>`,
    ],
  ] as const) {
    it(`${name}: the same size off screen as drawn (within 5%)`, async () => {
      window.scrollTo(0, 0);
      const page = await fixture(
        html`<div style="font: 16px system-ui">
          <div style="height: 300vh"></div>
          <div style=${name === 'deal card' ? 'width: 220px' : ''}>
            ${typeof widget === 'function' ? widget() : widget}
          </div>
        </div>`,
      );
      const el = page.querySelector<HTMLElement>('saleday-countdown, saleday-deal-card')!;
      await waitUntil(
        () => /Ends in|Cast|Deal/.test(el.shadowRoot?.textContent ?? ''),
        `never rendered: ${el.shadowRoot?.textContent}`,
        { timeout: 8000 },
      );
      await frames(3);
      const skipped = el.getBoundingClientRect();
      el.scrollIntoView();
      await frames(3);
      const drawn = el.getBoundingClientRect();
      expect(Math.abs(skipped.height - drawn.height) / drawn.height, 'height').to.be.below(0.05);
      expect(Math.abs(skipped.width - drawn.width) / drawn.width, 'width').to.be.below(0.05);
    });
  }
});
