import { expect } from '@open-wc/testing';
import type { World } from '../helpers/sim.js';
import {
  cdnWorld,
  expectClean,
  expectWorking,
  openPage,
  shadowText,
  waitFor,
  widgets,
  type Frame,
} from './frame.js';

// The languages of the CDN build, under the strict CSP with Trusted Types enforced: one file with
// one language (saleday.<lang>.js), and the main file with translation files for a page that
// shows several languages, loaded before and after it.
describe('CDN languages under a strict CSP', () => {
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

  /** Waits until `element`'s shadow root shows `words`. */
  const shows = (element: Element | null, words: string) =>
    waitFor(
      () => shadowText(element).includes(words),
      () => `${element?.localName} never showed "${words}": "${shadowText(element)}"`,
    );

  it('saleday.ja.js: one tag, every widget in Japanese without data-locale', async () => {
    frame = await openPage('ja.html', { csp: 'allowlist', api: world.base });
    await expectWorking(frame.document, { endsIn: '終了まで' });
    const { counter, button, card } = widgets(frame.document);
    await shows(counter, '注文数');
    await shows(button, '今すぐ購入');
    expect(card!.getAttribute('lang')).to.equal('ja');
    expect(frame.fixture.policies).to.deep.equal(['lit-html']);
    await expectClean(frame);
  });

  it('saleday.js with translations/ja.js before it and translations/ar.js after it', async () => {
    frame = await openPage('languages.html', { csp: 'allowlist', api: world.base });
    await expectWorking(frame.document, { where: 'ja', endsIn: '終了まで' });
    await shows(widgets(frame.document, 'saleday', 'ja').button, '今すぐ購入');
    // Arabic: its words, right to left (digits may be Arabic-Indic, so no expectWorking here).
    const arabic = widgets(frame.document, 'saleday', 'ar');
    await shows(arabic.countdown, 'ينتهي خلال');
    // A live counter off screen draws nothing new until it is seen (by design); whether it was
    // still on screen when translations/ar.js arrived is a matter of timing: look at it.
    arabic.counter!.scrollIntoView();
    await shows(arabic.counter, 'الطلبات');
    await shows(arabic.button, 'اشترِ الآن');
    expect(arabic.card!.getAttribute('dir')).to.equal('rtl');
    // And English where no locale is asked for (data-locale="en-US").
    await expectWorking(frame.document, { where: 'en' });
    await shows(widgets(frame.document, 'saleday', 'en').button, 'Buy now');
    expect(frame.fixture.policies).to.deep.equal(['lit-html']);
    await expectClean(frame);
  });
});
