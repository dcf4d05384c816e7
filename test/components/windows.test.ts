import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/define/buy-button.js';
import '../../src/define/countdown.js';
import type { SaledayBuyButton } from '../../src/components/buy-button/buy-button.js';
import type {
  SaledayCountdown,
  SaledayWindowDetail,
} from '../../src/components/countdown/countdown.js';
import { serverClock } from '../../src/core/clock.js';
import { resolveClient } from '../../src/core/config.js';
import { isSaledayError } from '../../src/core/errors.js';
import { formatTime } from '../../src/core/i18n.js';
import type { SalePhase } from '../../src/core/schedule.js';
import {
  createWorld,
  dealFixture,
  idempotencyKey,
  saleFixture,
  type WindowFixture,
  type World,
} from '../helpers/sim.js';
import '../helpers/translations.js';

/** Uncaught errors and rejections in the page: a widget must never throw into the host page. */
const uncaught: unknown[] = [];
const onError = (event: ErrorEvent) => uncaught.push(event.error ?? event.message);
const onRejection = (event: PromiseRejectionEvent) => uncaught.push(event.reason);

const part = (el: Element, name: string) =>
  el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const button = (el: SaledayBuyButton) => el.shadowRoot!.querySelector('button')!;
const iso = (ms: number) => new Date(ms).toISOString();

/** Records the window events that reach the document, in order. */
function recordWindows() {
  const seen: [string, SaledayWindowDetail, string][] = [];
  const listener = (event: Event) => {
    const { type, detail, bubbles, composed } = event as CustomEvent<SaledayWindowDetail>;
    seen.push([type, detail, `${bubbles}/${composed}`]);
  };
  document.addEventListener('saleday-started', listener);
  document.addEventListener('saleday-ended', listener);
  return {
    seen,
    stop() {
      document.removeEventListener('saleday-started', listener);
      document.removeEventListener('saleday-ended', listener);
    },
  };
}

async function countdown(w: World, sale = 's1') {
  return fixture<SaledayCountdown>(
    html`<saleday-countdown sale=${sale} api=${w.base} locale="en"></saleday-countdown>`,
  );
}

async function buyButton(w: World, deal: string) {
  return fixture<SaledayBuyButton>(
    html`<saleday-buy-button deal=${deal} api=${w.base} locale="en"></saleday-buy-button>`,
  );
}

/** Waits until the countdown and every button agree on where the sale stands. */
async function phase(
  clock: SaledayCountdown,
  expected: SalePhase,
  buttons: [SaledayBuyButton, string][],
) {
  await waitUntil(
    () => clock.phase === expected && buttons.every(([el, state]) => el.state === state),
    `never ${expected} with ${buttons.map(([, state]) => state).join(', ')} (countdown: ${
      clock.phase
    }, buttons: ${buttons.map(([el]) => el.state).join(', ')})`,
    { timeout: 6000, interval: 20 },
  );
  await Promise.all([clock, ...buttons.map(([el]) => el)].map((el) => el.updateComplete));
}

describe('sales in several windows', () => {
  before(() => {
    expect(document.visibilityState, 'the test page is hidden').to.equal('visible');
  });

  beforeEach(() => {
    serverClock.reset();
    uncaught.length = 0;
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
  });

  afterEach(() => {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
    expect(uncaught, 'uncaught errors').to.deep.equal([]);
  });

  it('walks a two-window sale through every phase, the button open only inside a window', async () => {
    const windows: WindowFixture[] = [
      { id: 'w1', name: 'First', startInMs: 2000, durationMs: 2000 },
      { id: 'w2', name: 'Second', startInMs: 6000, durationMs: 2000 },
    ];
    const w = await createWorld({
      sales: [saleFixture({ id: 's1', name: 'Double Eleven', windows })],
      deals: [dealFixture({ id: 'd1', saleId: 's1' })],
    });
    const events = recordWindows();
    const clock = await countdown(w);
    const buy = await buyButton(w, 'd1');
    const sale = await (await fetch(`${w.base}/sales/s1`)).json();
    const [first, second] = (sale.windows as { startsAt: string }[]).map((window) =>
      Date.parse(window.startsAt),
    );

    await phase(clock, 'scheduled', [[buy, 'not-started']]);
    expect(text(part(clock, 'label'))).to.equal('Starts in');
    expect(button(buy).disabled).to.be.true;
    expect(text(part(buy, 'label'))).to.equal(`Opens ${formatTime(first!, 'en')}`);

    await phase(clock, 'live', [[buy, 'ready']]);
    expect(text(part(clock, 'label'))).to.equal('Ends in');
    expect(button(buy).disabled).to.be.false;

    await phase(clock, 'between', [[buy, 'not-started']]);
    expect(text(part(clock, 'label'))).to.equal('Second opens in');
    expect(button(buy).disabled, 'closed between windows').to.be.true;
    expect(text(part(buy, 'label'))).to.equal(`Opens ${formatTime(second!, 'en')}`);
    await expect(clock).to.be.accessible();
    await expect(buy).to.be.accessible();

    await phase(clock, 'live', [[buy, 'ready']]);
    expect(text(part(clock, 'label'))).to.equal('Ends in');
    expect(button(buy).disabled).to.be.false;

    await phase(clock, 'ended', [[buy, 'ended']]);
    expect(text(part(clock, 'ended'))).to.equal('Sale ended');
    expect(button(buy).disabled).to.be.true;

    // One event per window opening and closing, in order, whatever else re-rendered.
    await aTimeout(1200);
    events.stop();
    expect(events.seen).to.deep.equal([
      ['saleday-started', { windowId: 'w1', windowName: 'First' }, 'true/true'],
      ['saleday-ended', { windowId: 'w1', windowName: 'First' }, 'true/true'],
      ['saleday-started', { windowId: 'w2', windowName: 'Second' }, 'true/true'],
      ['saleday-ended', { windowId: 'w2', windowName: 'Second' }, 'true/true'],
    ]);
  });

  it('sells an early-bird deal only in the first window', async () => {
    const w = await createWorld({
      sales: [
        saleFixture({
          id: 's1',
          windows: [
            { id: 'early', name: 'Early Bird', startInMs: -60_000, durationMs: 62_000 },
            { id: 'main', name: 'Main Event', startInMs: 4000, durationMs: 60_000 },
          ],
        }),
      ],
      deals: [
        dealFixture({ id: 'early-deal', saleId: 's1', windows: ['early'] }),
        dealFixture({ id: 'main-deal', saleId: 's1' }),
      ],
    });
    const clock = await countdown(w);
    const early = await buyButton(w, 'early-deal');
    const main = await buyButton(w, 'main-deal');

    await phase(clock, 'live', [
      [early, 'ready'],
      [main, 'ready'],
    ]);
    await phase(clock, 'between', [
      [early, 'ended'],
      [main, 'not-started'],
    ]);
    await phase(clock, 'live', [
      [early, 'ended'],
      [main, 'ready'],
    ]);
    expect(clock.phase).to.equal('live');
    expect(button(early).disabled, 'not orderable in the main window').to.be.true;
    expect(text(part(early, 'label'))).to.equal('Sale ended');
    expect(button(main).disabled).to.be.false;
    await expect(early).to.be.accessible();

    // The server agrees: the early-bird deal is over, the main deal sells.
    const client = resolveClient(w.base);
    const refused = await client
      .placeOrder({ dealId: 'early-deal', quantity: 1, idempotencyKey: idempotencyKey() })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(isSaledayError(refused) && refused.code).to.equal('ended');
    const order = await client.placeOrder({
      dealId: 'main-deal',
      quantity: 1,
      idempotencyKey: idempotencyKey(),
    });
    expect(order.status).to.equal('confirmed');
  });

  describe('rejects invalid windows with an error naming them', () => {
    const now = Date.now();
    const hours = (h: number) => iso(now + h * 3_600_000);
    const window = (id: string, start: number, end: number) => ({
      id,
      name: id,
      startsAt: hours(start),
      endsAt: hours(end),
    });
    const cases: [string, unknown, string][] = [
      [
        'overlapping',
        [window('a', 0, 2), window('b', 1, 3)],
        'sale.windows[1] overlaps or comes before the previous window',
      ],
      [
        'out of order',
        [window('a', 2, 3), window('b', 0, 1)],
        'sale.windows[1] overlaps or comes before the previous window',
      ],
      ['ending before it starts', [window('a', 2, 1)], 'sale.windows[0].endsAt must be after'],
      ['empty', [], 'sale.windows must not be empty'],
      ['not a list', { a: window('a', 0, 1) }, 'sale.windows must be an array'],
      ['without a name', [{ ...window('a', 0, 1), name: '' }], 'sale.windows[0].name'],
    ];

    for (const [what, windows, problem] of cases) {
      it(what, async () => {
        const w = await createWorld();
        await w.fault({
          method: 'GET',
          path: '/sales/bad',
          status: 200,
          times: 100,
          body: {
            id: 'bad',
            name: 'Bad Sale',
            startsAt: hours(0),
            endsAt: hours(3),
            currency: 'USD',
            windows,
            serverTime: Date.now(),
          } as Record<string, unknown>,
        });
        const el = document.createElement('saleday-countdown');
        const error = oneEvent(el, 'saleday-error');
        el.setAttribute('sale', 'bad');
        el.setAttribute('api', w.base);
        el.setAttribute('locale', 'en');
        await fixture(el);
        const { detail } = await error;
        expect(detail.code).to.equal('invalid_response');
        expect(detail.message).to.contain('windows').and.contain(problem);
        await el.updateComplete;
        expect(el.phase).to.equal(undefined);
        expect(text(part(el, 'error'))).to.equal('Something went wrong');
        await expect(el).to.be.accessible();
      });
    }

    it("in a deal's own windows", async () => {
      const w = await createWorld({ sales: [saleFixture({ id: 's1' })] });
      const deal = dealFixture({ id: 'bad-deal', saleId: 's1' });
      await w.fault({
        method: 'GET',
        path: '/deals/bad-deal',
        status: 200,
        times: 100,
        body: {
          ...deal,
          windows: [window('a', 0, 2), window('b', 1, 3)],
          serverTime: Date.now(),
        } as unknown as Record<string, unknown>,
      });
      const el = document.createElement('saleday-buy-button');
      const error = oneEvent(el, 'saleday-error');
      el.setAttribute('deal', 'bad-deal');
      el.setAttribute('api', w.base);
      el.setAttribute('locale', 'en');
      await fixture(el);
      const { detail } = await error;
      expect(detail.code).to.equal('invalid_response');
      expect(detail.message).to.contain('deal.windows[1] overlaps');
      await el.updateComplete;
      expect(el.state).to.equal('error');
      expect(button(el).disabled).to.be.true;
    });
  });
});
