import { expect, waitUntil } from '@open-wc/testing';
import type { World } from '../helpers/sim.js';
import {
  HOSTILE_TITLE,
  cdnWorld,
  expectClean,
  expectWorking,
  openPage,
  shadowText,
  type Frame,
} from './frame.js';

// dist/cdn/saleday.js (built by `npm run build`, which `npm test` runs first) in pages served
// under a strict Content Security Policy with Trusted Types enforced, as a merchant would.
describe('CDN script under a strict CSP with Trusted Types', () => {
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

  it('renders every widget with live data when any policy name is allowed', async () => {
    frame = await openPage('widgets.html', { csp: 'strict', api: world.base });
    await expectWorking(frame.document);
    expect(frame.fixture.policies).to.deep.equal(['lit-html']);
    await expectClean(frame);
  });

  it('renders every widget with the allow-list "trusted-types lit-html"', async () => {
    frame = await openPage('widgets.html', { csp: 'allowlist', api: world.base });
    await expectWorking(frame.document);
    expect(frame.fixture.policies).to.deep.equal(['lit-html']);
    await expectClean(frame);
  });

  it('shows markup in API data as text, never as HTML', async () => {
    frame = await openPage('widgets.html', { csp: 'allowlist', api: world.base });
    const card = frame.document.querySelector('saleday-deal-card[deal="d-hostile"]');
    await waitUntil(
      () => shadowText(card).includes('Hostile'),
      `the hostile deal never rendered: "${shadowText(card)}"`,
      { timeout: 10000 },
    );
    const title = card!.shadowRoot!.querySelector('[part~="title"]');
    expect(title?.textContent?.replace(/\s+/g, ' ').trim()).to.equal(HOSTILE_TITLE);
    expect(card!.shadowRoot!.querySelector('[data-injected]'), 'markup was injected').to.be.null;
    await expectClean(frame);
  });

  it('loaded twice: one library, one policy, and the second copy hands over its data-*', async () => {
    frame = await openPage('twice.html', { csp: 'allowlist', api: world.base });
    // The second copy's data-locale="fr-FR" reached the first copy's configuration.
    await expectWorking(frame.document, { endsIn: 'Se termine dans' });
    expect(frame.fixture.policies, 'a second copy created a policy').to.deep.equal(['lit-html']);
    expect(frame.window.Saleday?.version).to.be.a('string');
    await expectClean(frame);
  });

  it('registers the tags under data-prefix="acme" and only those', async () => {
    frame = await openPage('prefix.html', { csp: 'allowlist', api: world.base });
    await expectWorking(frame.document, { prefix: 'acme' });
    const registry = frame.window.customElements;
    for (const name of ['countdown', 'deal-card', 'live-counter', 'buy-button']) {
      expect(registry.get(`acme-${name}`), `acme-${name}`).to.exist;
      expect(registry.get(`saleday-${name}`), `saleday-${name}`).to.be.undefined;
    }
    // The deal card's own buy button follows the prefix.
    const card = frame.document.querySelector('acme-deal-card')!;
    expect(card.shadowRoot!.querySelector('acme-buy-button')).to.exist;
    expect(frame.fixture.policies).to.deep.equal(['lit-html']);
    await expectClean(frame);
  });
});
