import { expect, waitUntil } from '@open-wc/testing';
import { ServerClock } from '../../src/core/clock.js';
import { HttpSaleClient } from '../../src/core/http-client.js';
import { configure } from '../../src/core/config.js';
import { $deal, $stats, type Resource } from '../../src/core/store.js';
import { liveCounters } from '../../src/core/live.js';
import type { Deal, Stats } from '../../src/core/types.js';
import { createWorld, dealFixture, saleFixture } from '../helpers/sim.js';

describe('store', () => {
  it('loads a deal once however many subscribers ask for it', async () => {
    const world = await createWorld({
      sales: [saleFixture({ id: 's1' })],
      deals: [dealFixture({ id: 'd1', saleId: 's1' })],
    });
    const client = new HttpSaleClient({ api: world.base, clock: new ServerClock() });
    const seen: Array<Resource<Deal>>[] = [];
    const unsubscribes = Array.from({ length: 10 }, (_, index) => {
      seen[index] = [];
      return $deal(client, 'd1').subscribe((value) => seen[index]!.push(value));
    });
    await waitUntil(() => $deal(client, 'd1').get().status === 'ready', 'deal never loaded');
    const gets = (await world.log()).filter((entry) => entry.path === '/deals/d1');
    expect(gets).to.have.length(1);
    for (const values of seen) expect(values.at(-1)!.data!.id).to.equal('d1');
    unsubscribes.forEach((unsubscribe) => unsubscribe());
  });

  it('keeps the last good stats, marks them stale on failure and recovers', async () => {
    configure({ live: 'poll' });
    after(() => configure({ live: 'auto' }));
    const world = await createWorld({ sales: [saleFixture({ id: 's2' })] });
    const client = new HttpSaleClient({ api: world.base, retries: 0, clock: new ServerClock() });
    const store = $stats(client, 's2');
    const states: Array<Resource<Stats>> = [];
    const unsubscribe = store.subscribe((value) => states.push(value));
    await waitUntil(() => store.get().status === 'ready', 'stats never loaded');
    await world.fault({ method: 'GET', path: '/sales/s2/stats', status: 500, times: 3 });
    await waitUntil(() => store.get().status === 'stale', 'never marked stale', { timeout: 8000 });
    expect(store.get().data).to.exist;
    await waitUntil(() => store.get().status === 'ready', 'never recovered', { timeout: 15000 });
    expect(states.some((state) => state.status === 'stale' && state.data)).to.be.true;
    unsubscribe();
  });

  it('shares one poll series between subscribers and stops it after the last one leaves', async () => {
    const world = await createWorld({ sales: [saleFixture({ id: 's3' })] });
    const client = new HttpSaleClient({ api: world.base, clock: new ServerClock() });
    const before = liveCounters().feeds;
    const stops = Array.from({ length: 20 }, () => $stats(client, 's3').listen(() => {}));
    await waitUntil(() => liveCounters().feeds === before + 1, 'no feed opened');
    stops.forEach((stop) => stop());
    // nanostores unmounts a store a second after its last listener leaves.
    await waitUntil(() => liveCounters().feeds === before, 'feed leaked', { timeout: 4000 });
  });
});
