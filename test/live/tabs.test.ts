import { expect, waitUntil } from '@open-wc/testing';
import { ServerClock } from '../../src/core/clock.js';
import { configure } from '../../src/core/config.js';
import { HttpSaleClient } from '../../src/core/http-client.js';
import { liveCounters, watchSale } from '../../src/core/live.js';
import { createWorld, dealFixture, saleFixture, type World } from '../helpers/sim.js';
import type { TabApi } from './tab.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const until = (predicate: () => unknown, message: string, timeout = 4000) =>
  waitUntil(predicate, message, { timeout });

/**
 * Opens "another tab": a same-origin iframe (it shares Web Locks and BroadcastChannel with this
 * page) running its own copy of the live layer. Removing the frame is that tab going away.
 */
async function openTab({ locks = true } = {}) {
  const frame = document.createElement('iframe');
  const setup = [
    // nanostores' development build reads process.env, which the test page defines too.
    'globalThis.process ??= { env: { NODE_ENV: "development" } };',
    locks ? '' : 'Object.defineProperty(Navigator.prototype, "locks", { get: () => undefined });',
  ];
  frame.srcdoc = `<script>${setup.join('')}</script>
    <script type="module" src="${new URL('./tab.ts', import.meta.url).pathname}"></script>`;
  document.body.append(frame);
  const view = () => (frame.contentWindow as (Window & { tab?: TabApi }) | null)?.tab;
  await until(view, 'the tab did not load', 10_000);
  return { frame, tab: view()! };
}

async function setup() {
  const world = await createWorld({ sales: [saleFixture({ id: 's' })] });
  const client = new HttpSaleClient({ api: world.base, clock: new ServerClock() });
  return { world, client };
}

/** The stream requests (not the CORS preflights) that reached the world. */
const streams = async (world: World) =>
  (await world.log()).filter((entry) => entry.path === '/sales/s/stream' && entry.method === 'GET');

/** Listens to a sale's order counts in this page. */
function watchOrders(client: HttpSaleClient) {
  const watch = { orders: [] as number[], stop: () => {} };
  watch.stop = watchSale(client, 's', { stats: (stats) => watch.orders.push(stats.orders) });
  return watch;
}

describe('live feed across tabs', () => {
  const frames: HTMLIFrameElement[] = [];
  afterEach(async () => {
    configure({ live: 'auto' });
    frames.splice(0).forEach((frame) => frame.remove());
    const idle = { feeds: 0, timers: 0, streams: 0, polls: 0, leaders: 0, followers: 0 };
    await until(
      () => Object.entries(idle).every(([k, v]) => liveCounters()[k as 'feeds'] === v),
      'leak',
    );
  });

  it('lets a second tab follow the first: no connection, the latest state at once, live updates', async () => {
    const { world, client } = await setup();
    const watch = watchOrders(client);
    await until(() => watch.orders.length === 1, 'no snapshot');
    await world.setStats({ saleId: 's', orders: 3 });
    await until(() => watch.orders.at(-1) === 3, 'no event');

    const { frame, tab } = await openTab();
    frames.push(frame);
    const other = tab.watch(world.base, 's');
    await until(() => other.orders.length === 1, 'no state from the leader');
    expect(other.orders).to.deep.equal([3]);
    expect(tab.counters()).to.include({ followers: 1, leaders: 0, streams: 0, polls: 0 });
    await world.setStats({ saleId: 's', orders: 4 });
    await until(() => other.orders.at(-1) === 4, 'the follower does not update');
    expect(other.orders).to.deep.equal([3, 4]);
    expect(watch.orders).to.deep.equal([0, 3, 4]);
    expect(liveCounters()).to.include({ leaders: 1, streams: 1 });
    expect(await streams(world)).to.have.length(1);
    other.stop();
    watch.stop();
  });

  it('hands over when the leader tab goes away, resuming where it was', async () => {
    const { world, client } = await setup();
    const { frame, tab } = await openTab();
    const first = tab.watch(world.base, 's');
    await until(() => first.orders.length === 1 && tab.counters().streams === 1, 'no leader');
    const watch = watchOrders(client);
    await until(() => watch.orders.length === 1, 'no state from the leader');
    expect(liveCounters()).to.include({ followers: 1, streams: 0 });
    await world.setStats({ saleId: 's', orders: 1 });
    await world.setStats({ saleId: 's', orders: 2 });
    await until(() => watch.orders.at(-1) === 2, 'no relayed events');

    frame.remove(); // the leader's tab closes (or crashes)
    await world.setStats({ saleId: 's', orders: 3 }); // while nobody leads
    await until(() => liveCounters().leaders === 1, 'nobody took over', 2000);

    await until(async () => (await streams(world)).length === 2, 'no new connection');
    await world.setStats({ saleId: 's', orders: 4 });
    await until(() => watch.orders.at(-1) === 4, 'no events after the handover');
    expect(watch.orders).to.deep.equal([0, 1, 2, 3, 4]);
    const [, resumed] = await streams(world);
    expect(resumed!.query.lastEventId).to.match(/^\d+$/);
    watch.stop();
  });

  it('hands over when the leader tab stops watching', async () => {
    const { world, client } = await setup();
    const { frame, tab } = await openTab();
    frames.push(frame);
    const first = tab.watch(world.base, 's');
    await until(() => tab.counters().streams === 1, 'no leader');
    const watch = watchOrders(client);
    await until(() => watch.orders.length === 1, 'no state from the leader');
    first.stop();
    expect(tab.counters()).to.include({ feeds: 0, streams: 0 });
    await until(() => liveCounters().streams === 1, 'nobody took over', 2000);
    await world.setStats({ saleId: 's', orders: 5 });
    await until(() => watch.orders.at(-1) === 5, 'no events after the handover');
    watch.stop();
  });

  it('connects each tab on its own where Web Locks are missing', async () => {
    const { world, client } = await setup();
    const { frame, tab } = await openTab({ locks: false });
    frames.push(frame);
    const other = tab.watch(world.base, 's');
    const watch = watchOrders(client);
    await until(() => tab.counters().streams === 1 && liveCounters().streams === 1, 'no streams');
    expect(tab.counters()).to.include({ leaders: 1, followers: 0 });
    await world.setStats({ saleId: 's', orders: 2 });
    await until(() => other.orders.at(-1) === 2 && watch.orders.at(-1) === 2, 'no events');
    expect(await streams(world)).to.have.length(2);
    other.stop();
    watch.stop();
  });

  it('lets a visible tab lead, and pauses while every tab is hidden', async () => {
    const { world, client } = await setup();
    const { frame, tab } = await openTab();
    frames.push(frame);
    const first = tab.watch(world.base, 's');
    await until(() => tab.counters().streams === 1, 'no leader');
    const watch = watchOrders(client); // this page is visible
    await until(() => watch.orders.length === 1, 'no state from the leader');

    tab.setHidden(true); // the leader's tab goes to the background: this page takes over
    await until(() => liveCounters().streams === 1, 'the visible tab did not take over');
    expect(tab.counters()).to.include({ leaders: 0, followers: 1, streams: 0 });
    await world.setStats({ saleId: 's', orders: 5 });
    await until(() => first.orders.at(-1) === 5 && watch.orders.at(-1) === 5, 'lost events');

    watch.stop(); // the last visible tab leaves: the hidden one leads, and pauses
    await until(() => tab.counters().leaders === 1, 'nobody took over');
    await sleep(200);
    expect(tab.counters()).to.include({ streams: 0, polls: 0 });
    await world.setStats({ saleId: 's', orders: 6 });
    tab.setHidden(false);
    await until(() => first.orders.at(-1) === 6, 'missed an event while hidden');
    expect(first.orders).to.deep.equal([0, 5, 6]);
    expect(tab.counters().streams).to.equal(1);
    const resumed = (await streams(world)).at(-1);
    expect(resumed!.query.lastEventId).to.match(/^\d+$/);
    first.stop();
  });

  it('polls the stock a follower needs, and relays failures and recoveries', async () => {
    configure({ live: 'poll' });
    const world = await createWorld({
      sales: [saleFixture({ id: 's' })],
      deals: [dealFixture({ id: 'd1', saleId: 's' })],
      pollIntervalMs: 250,
    });
    const client = new HttpSaleClient({ api: world.base, retries: 0, clock: new ServerClock() });
    const watch = watchOrders(client); // the leader shows no stock
    await until(() => watch.orders.length === 1, 'never polled');
    const { frame, tab } = await openTab();
    frames.push(frame);
    const other = tab.watch(world.base, 's', 'poll'); // this one does
    await world.setStock({ dealId: 'd1', remaining: 42 });
    await until(() => other.stock.d1 === 42, 'the stock was not polled for the follower');
    expect(tab.counters()).to.include({ followers: 1, polls: 0 });

    await world.fault({ path: '/sales/s/stats', status: 503, times: 2 });
    await until(() => other.health.length === 2, 'the failure and recovery were not relayed', 6000);
    expect(other.health).to.deep.equal(['unavailable', 'ok']);
    other.stop();
    watch.stop();
  });

  it('stops polling while hidden and polls again as soon as it is shown', async () => {
    const { world } = await setup();
    const { frame, tab } = await openTab();
    frames.push(frame);
    tab.setHidden(true);
    const watch = tab.watch(world.base, 's', 'poll');
    await sleep(300);
    expect(tab.counters()).to.include({ leaders: 1, polls: 0 });
    expect(await world.log()).to.deep.equal([]);
    tab.setHidden(false);
    await until(() => tab.counters().polls === 1 && watch.orders.length === 1, 'no poll');
    tab.setHidden(true);
    expect(tab.counters().polls).to.equal(1); // until the tab's own lock is gone
    await until(() => tab.counters().polls === 0, 'still polling');
    watch.stop();
  });
});
