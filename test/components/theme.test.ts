import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../../src/define/countdown.js';
import type { SaledayCountdown } from '../../src/define/countdown.js';

const colorOf = (el: HTMLElement) => getComputedStyle(el).color;
const countdown = (theme?: string) =>
  fixture<SaledayCountdown>(
    html`<saleday-countdown until="2099-01-01T00:00:00Z" theme=${theme ?? ''}></saleday-countdown>`,
  );

describe('theme', () => {
  afterEach(() => emulateMedia({ colorScheme: 'light' }));

  it('is light by default and dark with theme="dark", both accessible', async () => {
    const light = await countdown();
    expect(colorOf(light)).to.equal('rgb(27, 27, 31)');
    await expect(light).to.be.accessible();
    // The dark theme on the dark surface the page gives it: axe checks the contrast.
    const dark = await fixture<HTMLDivElement>(
      html`<div class="dark-page">
        <saleday-countdown until="2099-01-01T00:00:00Z" theme="dark"></saleday-countdown>
      </div>`,
    );
    dark.style.background = 'rgb(30, 30, 36)';
    const element = dark.querySelector('saleday-countdown')!;
    expect(colorOf(element)).to.equal('rgb(243, 243, 246)');
    await expect(element).to.be.accessible();
  });

  it('follows prefers-color-scheme with theme="auto", and only then', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    expect(colorOf(await countdown('auto'))).to.equal('rgb(243, 243, 246)');
    expect(colorOf(await countdown())).to.equal('rgb(27, 27, 31)');
  });

  it('lets the page override a token', async () => {
    const el = await countdown('dark');
    el.style.setProperty('--saleday-text', 'rgb(1, 2, 3)');
    expect(colorOf(el)).to.equal('rgb(1, 2, 3)');
  });
});
