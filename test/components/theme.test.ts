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

  it('is light by default and dark with theme="dark"', async () => {
    expect(colorOf(await countdown())).to.equal('rgb(27, 27, 31)');
    expect(colorOf(await countdown('dark'))).to.equal('rgb(243, 243, 246)');
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
