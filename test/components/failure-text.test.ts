// What a shopper sees when a widget cannot show its data: a short message in the widget's own
// language, from its translation, never the diagnosis (field names, "Invalid API response",
// English in a Japanese card); the diagnosis goes to `saleday-error`.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/define/buy-button.js';
import '../../src/define/countdown.js';
import '../../src/define/deal-card.js';
import type { SaledayBuyButton } from '../../src/components/buy-button/buy-button.js';
import type { SaledayCountdown } from '../../src/components/countdown/countdown.js';
import type { SaledayDealCard } from '../../src/components/deal-card/deal-card.js';
import type { Translation } from '../../src/core/translations.js';
import { SaledayErrorEvent } from '../../src/events/index.js';
import ar from '../../src/translations/ar.js';
import de from '../../src/translations/de.js';
import en from '../../src/translations/en.js';
import es from '../../src/translations/es.js';
import fr from '../../src/translations/fr.js';
import ja from '../../src/translations/ja.js';
import ko from '../../src/translations/ko.js';
import pt from '../../src/translations/pt.js';
import ru from '../../src/translations/ru.js';
import zh from '../../src/translations/zh.js';
import { createWorld, dealFixture, saleFixture, type World } from '../helpers/sim.js';

const LANGUAGES: Translation[] = [ar, de, en, es, fr, ja, ko, pt, ru, zh];
/** Words of a diagnosis that must never reach a shopper. */
const DIAGNOSIS = /Invalid|API|deal\.url|javascript|Saleday|response/;

const squash = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

/** A world whose deal `deal-1` has a `javascript:` URL: invalid data, from a real server. */
async function badDealWorld(): Promise<World> {
  const world = await createWorld({ sales: [saleFixture()], deals: [dealFixture()] });
  const good = (await (await fetch(`${world.base}/deals/deal-1`)).json()) as object;
  const body = { ...good, url: 'javascript:alert(1)' };
  await world.fault({ method: 'GET', path: '/deals/deal-1', status: 200, body, times: 50 });
  return world;
}

describe('failure text for shoppers', () => {
  for (const words of LANGUAGES) {
    const locale = words.$code;

    it(`${locale}: a card and a button with invalid data say so in ${locale}, the event says why`, async () => {
      const world = await badDealWorld();
      const card = document.createElement('saleday-deal-card');
      const button = document.createElement('saleday-buy-button');
      const cardError = oneEvent(card, 'saleday-error');
      const buttonError = oneEvent(button, 'saleday-error');
      for (const el of [card, button]) {
        el.setAttribute('deal', 'deal-1');
        el.setAttribute('locale', locale);
        el.setAttribute('api', world.base);
      }
      await fixture(html`<div>${card}${button}</div>`);

      for (const event of [await cardError, await buttonError]) {
        expect(event).to.be.instanceOf(SaledayErrorEvent);
        expect(event).to.be.instanceOf(CustomEvent);
        expect([event.bubbles, event.composed]).to.deep.equal([true, true]);
        expect(event.detail.code).to.equal('invalid_response');
        expect(event.detail.message).to.contain('deal.url');
      }
      await card.updateComplete;
      await button.updateComplete;

      const shown = squash(card.shadowRoot!.querySelector('.unavailable')?.textContent);
      expect(shown).to.equal(`${words.unavailable} ${words.unavailableNow}`);
      expect(shown).not.to.match(DIAGNOSIS);
      expect(button.state).to.equal('error');
      const label = squash(button.shadowRoot!.querySelector('[part="label"]')?.textContent);
      const status = squash(button.shadowRoot!.querySelector('[part="status"]')?.textContent);
      expect(label).to.equal(words.unavailable);
      expect(status).to.equal(words.unavailableNow);
      if (locale !== 'en') {
        const english = [en.unavailable, en.unavailableNow] as string[];
        for (const text of english) expect(`${shown} ${label} ${status}`).not.to.contain(text);
      }
      await expect(card).to.be.accessible();
    });
  }

  it('ja: a refused order says "something went wrong" in Japanese, the server message goes to the event', async () => {
    const world = await createWorld({ sales: [saleFixture()], deals: [dealFixture()] });
    const el = await fixture<SaledayBuyButton>(
      html`<saleday-buy-button deal="deal-1" locale="ja" api=${world.base}></saleday-buy-button>`,
    );
    await waitUntil(() => el.state === 'ready', `never ready (${el.state})`, { timeout: 8000 });
    const message = 'Refused: the warehouse is on fire';
    const body = { error: 'unavailable', message, serverTime: Date.now() };
    await world.fault({ method: 'POST', path: '/orders', status: 409, body });
    const failed = oneEvent(el, 'saleday-error');
    el.shadowRoot!.querySelector('button')!.click();
    expect((await failed).detail).to.deep.equal({ code: 'unavailable', message });
    await el.updateComplete;
    const status = squash(el.shadowRoot!.querySelector('[part="status"]')?.textContent);
    expect(status).to.equal(ja.error);
    expect(status).not.to.contain('Refused');
  });

  it('ja: a countdown without an API shows Japanese, the event names the setting', async () => {
    const el = document.createElement('saleday-countdown') as SaledayCountdown;
    const failed = oneEvent(el, 'saleday-error');
    el.setAttribute('sale', 's1');
    el.setAttribute('locale', 'ja');
    await fixture(el);
    const { detail } = await failed;
    expect(detail.code).to.equal('invalid_config');
    expect(detail.message).to.contain('no API configured');
    expect(squash(el.shadowRoot!.querySelector('[part="error"]')?.textContent)).to.equal(ja.error);
  });

  it('a card reports one failure once, however many updates find it', async () => {
    const world = await badDealWorld();
    const errors: SaledayErrorEvent[] = [];
    const el = document.createElement('saleday-deal-card') as SaledayDealCard;
    el.addEventListener('saleday-error', (event) => errors.push(event));
    el.setAttribute('deal', 'deal-1');
    el.setAttribute('api', world.base);
    await fixture(el);
    await waitUntil(() => errors.length > 0, 'no saleday-error');
    for (let i = 0; i < 5; i++) {
      el.requestUpdate();
      await el.updateComplete;
    }
    el.setAttribute('locale', 'fr');
    await el.updateComplete;
    expect(errors.map((event) => event.detail.code)).to.deep.equal(['invalid_response']);
    expect(squash(el.shadowRoot!.querySelector('.heading')?.textContent)).to.equal(fr.unavailable);
  });
});
