import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define/buy-button.js';
import '../../src/define/countdown.js';
import '../../src/define/live-counter.js';
import type { SaledayBuyButton } from '../../src/components/buy-button/buy-button.js';
import type { SaledayCountdown } from '../../src/components/countdown/countdown.js';
import type { SaledayLiveCounter } from '../../src/components/live-counter/live-counter.js';
import { message } from '../../src/core/i18n.js';
import { registerTranslation } from '../../src/core/translations.js';
// Japanese only: no other language is loaded in this file.
import '../../src/translations/ja.js';
import { createWorld, dealFixture, saleFixture } from '../helpers/sim.js';

const text = (el: Element) => (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim();
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

/** Calls to `console.warn` while `run` runs, and until `settle` resolves. */
async function warnings(run: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => seen.push(args.map(String).join(' '));
  try {
    await run();
  } finally {
    console.warn = warn;
  }
  return seen;
}

describe('translations', () => {
  it('shows a loaded language for its regional locales (ja-JP falls back to ja)', async () => {
    const el = await fixture<SaledayCountdown>(
      html`<saleday-countdown until=${inAnHour()} locale="ja-JP"></saleday-countdown>`,
    );
    await waitUntil(() => text(el).includes('終了まで'), `not in Japanese: "${text(el)}"`);
    expect(el.getAttribute('lang')).to.equal('ja-JP');
  });

  it('falls back to English words and Intl formats for a language not loaded, and says so once', async () => {
    let first: SaledayLiveCounter | undefined;
    const seen = await warnings(async () => {
      first = await fixture<SaledayLiveCounter>(
        html`<saleday-live-counter
          reported="12345678"
          currency="EUR"
          locale="it-IT"
        ></saleday-live-counter>`,
      );
      await fixture<SaledayCountdown>(
        html`<saleday-countdown until=${inAnHour()} locale="it"></saleday-countdown>`,
      );
    });
    // English words, Italian money (from Intl: the translation has no say in it).
    expect(text(first!)).to.include('Sales');
    expect(text(first!)).to.match(/123\.456,78\s€/);
    const italian = seen.filter((message) => message.includes('"it"'));
    expect(italian, seen.join('\n')).to.have.length(1);
    expect(italian[0]).to.include('translations/it.js');
    // A loaded language, and English, are never reported.
    expect(seen.filter((message) => /"(ja|en)"/.test(message))).to.deep.equal([]);
  });

  it('re-renders elements when a language arrives after them', async () => {
    let el!: SaledayCountdown;
    await warnings(async () => {
      el = await fixture<SaledayCountdown>(
        html`<saleday-countdown until=${inAnHour()} locale="nl"></saleday-countdown>`,
      );
      await waitUntil(() => text(el).includes('Ends in'), `not in English first: "${text(el)}"`);
      registerTranslation({ $code: 'nl', endsIn: 'Eindigt over' });
      await waitUntil(() => text(el).includes('Eindigt over'), `no Dutch: "${text(el)}"`);
    });
    // A message the partial translation leaves out comes from English.
    expect(text(el)).not.to.include('undefined');
  });

  it('lets a merchant change one label: "Buy now" becomes "Add to cart"', async () => {
    const world = await createWorld({ sales: [saleFixture()], deals: [dealFixture()] });
    try {
      const el = await fixture<SaledayBuyButton>(
        html`<saleday-buy-button
          deal="deal-1"
          locale="en-GB"
          api=${world.base}
        ></saleday-buy-button>`,
      );
      const label = () => el.shadowRoot!.querySelector('[part="label"]')?.textContent?.trim();
      await waitUntil(() => label() === 'Buy now', `never "Buy now": "${label()}"`, {
        timeout: 8000,
      });
      registerTranslation({ $code: 'en', buy: 'Add to cart' });
      await waitUntil(() => label() === 'Add to cart', `label is "${label()}"`);
      // A regional override wins over its language for that region only.
      registerTranslation({ $code: 'en-GB', buy: 'Add to basket' });
      await waitUntil(() => label() === 'Add to basket', `label is "${label()}"`);
    } finally {
      registerTranslation({ $code: 'en', buy: 'Buy now' }, { $code: 'en-GB', buy: 'Buy now' });
      await world.destroy();
    }
  });

  it('reports something that is not a translation, and keeps working', async () => {
    const el = await fixture<SaledayCountdown>(
      html`<saleday-countdown until=${inAnHour()} locale="en"></saleday-countdown>`,
    );
    await waitUntil(() => text(el).includes('Ends in'), `never rendered: "${text(el)}"`);
    const errors: string[] = [];
    const error = console.error;
    console.error = (...args: unknown[]) => errors.push(args.map(String).join(' '));
    try {
      registerTranslation(
        {} as never,
        null as never,
        { $code: 'en', endsIn: 42 } as never,
        { $code: 'en', ended: null } as never,
      );
      el.until = new Date(Date.now() + 7_200_000).toISOString();
      await el.updateComplete;
    } finally {
      console.error = error;
    }
    expect(errors).to.have.length(1);
    expect(errors[0]).to.include('registerTranslation');
    expect(text(el)).to.include('Ends in');
  });

  it('picks plural forms with Intl.PluralRules; a form left out reads as "other"', async () => {
    await import('../../src/translations/ar.js');
    await import('../../src/translations/ru.js');
    expect(message('ru', 'left', { count: 1 })).to.equal('Остался 1');
    expect(message('ru', 'left', { count: 3 })).to.equal('Осталось 3');
    expect(message('ru', 'left', { count: 25 })).to.equal('Осталось 25');
    expect(message('ar', 'left', { count: 2 })).to.equal('تبقّت قطعتان');
    // 11 is `many` in Arabic, which the translation leaves to `other` (digits from Intl).
    expect(message('ar', 'left', { count: 11 })).to.equal(
      `تبقّت ${new Intl.NumberFormat('ar').format(11)} قطعة`,
    );
  });
});
