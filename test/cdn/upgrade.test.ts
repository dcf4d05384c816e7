import { expect, waitUntil } from '@open-wc/testing';
import type { World } from '../helpers/sim.js';
import { cdnWorld, expectClean, expectWorking, openPage, shadowText, type Frame } from './frame.js';

// Elements parsed or created before the script runs, after it, and after the page loaded, with
// the script tag plain, `async` and `defer`: every one of them must end up upgraded and working.
describe('CDN script upgrades elements whenever they arrive', () => {
  let world: World;
  let frame: Frame | undefined;

  before(async () => {
    world = await cdnWorld();
  });

  afterEach(() => {
    frame?.close();
    frame = undefined;
  });

  after(() => world.destroy());

  for (const mode of ['sync', 'async', 'defer']) {
    it(`with a ${mode} script tag`, async () => {
      frame = await openPage(`upgrade-${mode}.html`, { csp: 'allowlist', api: world.base });
      const { document: page } = frame;

      // Elements in the markup, before and after the script tag, that need no API.
      for (const where of ['static-before', 'static-after']) {
        const countdown = page.querySelector(`saleday-countdown[data-where="${where}"]`);
        const counter = page.querySelector(`saleday-live-counter[data-where="${where}"]`);
        await waitUntil(
          () => countdown?.shadowRoot?.querySelector('[part~="segment"]'),
          `${mode}/${where}: the countdown never rendered: "${shadowText(countdown)}"`,
        );
        await waitUntil(
          () => shadowText(counter).includes('$1,234.56'),
          `${mode}/${where}: the counter never showed $1,234.56: "${shadowText(counter)}"`,
        );
      }

      // Elements created by scripts before and after the script tag, and after the load event.
      await waitUntil(
        () => page.querySelector('[data-where="late"]'),
        `${mode}: the late widgets were never added`,
      );
      for (const where of ['dynamic-before', 'dynamic-after', 'late']) {
        await expectWorking(page, { where });
      }
      expect(page.querySelectorAll(':not(:defined)')).to.have.length(0);
      expect(frame.fixture.policies).to.deep.equal(['lit-html']);
      await expectClean(frame);
    });
  }
});
