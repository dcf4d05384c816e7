import { expect, waitUntil } from '@open-wc/testing';
import { ServerClock } from '../../src/core/clock.js';
import { configure } from '../../src/core/config.js';
import { HttpSaleClient } from '../../src/core/http-client.js';
import { liveCounters } from '../../src/core/live.js';
import { $deal } from '../../src/core/store.js';
import { createWorld, dealFixture, saleFixture } from '../helpers/sim.js';

describe('a fresh event stream', () => {
  afterEach(() => configure({ live: 'auto' }));

  it('does not miss stock sold between the first load and the stream opening', async () => {
    configure({ live: 'stream' });
    const world = await createWorld({
      sales: [saleFixture({ id: 's' })],
      deals: [dealFixture({ id: 'd1', saleId: 's', stock: { total: 50, remaining: 40 } })],
    });
    // The stream answers late: the deal is loaded, then sells, then the stream opens.
    await world.fault({ method: 'GET', path: '/sales/s/stream', delayMs: 1200 });
    const client = new HttpSaleClient({ api: world.base, clock: new ServerClock() });
    const deal = $deal(client, 'd1');
    const stop = deal.listen(() => {});
    try {
      await waitUntil(() => deal.get().data?.stock.remaining === 40, 'deal never loaded');
      await world.setStock({ dealId: 'd1', remaining: 12 });
      await waitUntil(() => liveCounters().streams === 1, 'no stream opened');
      // A fresh stream's snapshot holds the stats only: the feed reads the stock once itself.
      await waitUntil(() => deal.get().data?.stock.remaining === 12, 'the sale was missed', {
        timeout: 5000,
      });
      const reads = (await world.log()).filter((entry) => entry.path === '/sales/s/deals');
      expect(reads).to.have.length(1);
    } finally {
      stop();
    }
  });
});
