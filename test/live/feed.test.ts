import { expect, waitUntil } from '@open-wc/testing';
import { ServerClock } from '../../src/core/clock.js';
import { configure, type LiveMode } from '../../src/core/config.js';
import { HttpSaleClient } from '../../src/core/http-client.js';
import { liveCounters, liveTiming, watchSale } from '../../src/core/live.js';
import { $deal, $stats, type Resource } from '../../src/core/store.js';
import type { Stats } from '../../src/core/types.js';
import { createWorld, dealFixture, saleFixture, type World } from '../helpers/sim.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const until = (predicate: () => unknown, message: string, timeout = 4000) =>
  waitUntil(predicate, message, { timeout });
const idle = { feeds: 0, listeners: 0, timers: 0, streams: 0, polls: 0, leaders: 0, followers: 0 };

/** A world with sale `s` and deals `d0`..`d9`, polled every 250 ms, and a client for it. */
async function setup(live: LiveMode, sale = saleFixture({ id: 's' })) {
  configure({ live });
  const deals = Array.from({ length: 10 }, (_, i) => dealFixture({ id: `d${i}`, saleId: 's' }));
  const world = await createWorld({ sales: [sale], deals, pollIntervalMs: 250 });
  const client = new HttpSaleClient({ api: world.base, retries: 0, clock: new ServerClock() });
  return { world, client };
}

/** The GET requests to `path` (not the CORS preflights) that reached the world. */
const requests = async (world: World, path: string) =>
  (await world.log()).filter((entry) => entry.path === path && entry.method === 'GET');

/** Listens to a sale's order counts and health with `watchSale`. */
function watchOrders(client: HttpSaleClient, saleId = 's') {
  const watch = { orders: [] as number[], health: [] as string[], stop: () => {} };
  watch.stop = watchSale(client, saleId, {
    stats: (stats) => watch.orders.push(stats.orders),
    health: (error) => watch.health.push(error ? error.code : 'ok'),
  });
  return watch;
}

describe('live feed', () => {
  const timing = { ...liveTiming };
  afterEach(async function () {
    configure({ live: 'auto' });
    Object.assign(liveTiming, timing);
    // Nothing stays open (stores unmount a second after their last listener leaves).
    await until(() => JSON.stringify(liveCounters()) === JSON.stringify(idle), 'leak').catch(() =>
      expect(liveCounters(), `left open by "${this.currentTest?.title}"`).to.deep.equal(idle),
    );
  });

  it('serves 20 store subscriptions from one stream, closed when the last one leaves', async () => {
    const { world, client } = await setup('auto');
    const stops = [
      ...Array.from({ length: 10 }, () => $stats(client, 's').listen(() => {})),
      ...Array.from({ length: 10 }, (_, i) => $deal(client, `d${i}`).listen(() => {})),
    ];
    await until(() => liveCounters().streams === 1, 'no stream opened');
    await world.setStats({ saleId: 's', orders: 7 });
    await world.setStock({ dealId: 'd3', remaining: 42 });
    await until(() => $stats(client, 's').get().data?.orders === 7, 'no stats event');
    await until(() => $deal(client, 'd3').get().data?.stock.remaining === 42, 'no stock event');
    expect(await requests(world, '/sales/s/stream')).to.have.length(1);
    expect(await requests(world, '/sales/s/stats')).to.have.length(1); // the store's first load
    expect(liveCounters()).to.include({ feeds: 1, listeners: 11, streams: 1, polls: 0 });

    stops.forEach((stop) => stop());
    await until(() => liveCounters().feeds === 0, 'feed leaked');
    expect(liveCounters()).to.deep.equal(idle);
    const logged = (await world.log()).length;
    await world.setStats({ saleId: 's', orders: 8 });
    await sleep(500);
    expect(await world.closeStreams()).to.equal(0);
    expect((await world.log()).length).to.equal(logged);
  });

  it('serves 20 listeners from one poll series, stopped when the last one leaves', async () => {
    const { world, client } = await setup('poll');
    const start = performance.now();
    const watches = Array.from({ length: 20 }, () => watchOrders(client));
    await until(() => watches.every((watch) => watch.orders.length), 'never polled');
    await world.setStats({ saleId: 's', orders: 3 });
    await until(() => watches.every((watch) => watch.orders.at(-1) === 3), 'no new stats');
    await sleep(600);
    const polls = await requests(world, '/sales/s/stats');
    // One series at 250 ms: a handful of requests, not 20 a round.
    expect(polls.length).to.be.within(2, Math.ceil((performance.now() - start) / 250) + 2);
    expect(await requests(world, '/sales/s/stream')).to.have.length(0);
    expect(liveCounters()).to.include({ polls: 1, streams: 0 });

    watches.forEach((watch) => watch.stop());
    expect(liveCounters()).to.deep.equal(idle);
    await sleep(100); // a request under way when the feed stopped
    const logged = (await world.log()).length;
    await sleep(600);
    expect((await world.log()).length).to.equal(logged);
  });

  it('drops 304 answers without notifying the store', async () => {
    const { world, client } = await setup('poll');
    const store = $stats(client, 's');
    const seen: Resource<Stats>[] = [];
    const stop = store.listen((value) => seen.push(value));
    await until(() => store.get().status === 'ready', 'stats never loaded');
    const calls = seen.length;
    const notModified = async () =>
      (await requests(world, '/sales/s/stats')).filter((entry) => entry.status === 304).length;
    await until(async () => (await notModified()) >= 3, 'no 304 answers');
    expect(seen).to.have.length(calls);
    await world.setStats({ saleId: 's', orders: 5 });
    await until(() => store.get().data?.orders === 5, 'no new stats');
    expect(seen).to.have.length(calls + 1);
    stop();
  });

  it('resumes a dropped stream from the last event id, missing and repeating nothing', async () => {
    const { world, client } = await setup('stream');
    const watch = watchOrders(client);
    await until(() => watch.orders.length === 1, 'no snapshot');
    for (const orders of [1, 2, 3]) await world.setStats({ saleId: 's', orders });
    await until(() => watch.orders.at(-1) === 3, 'no live events');
    expect(await world.closeStreams()).to.equal(1);
    // Sent while the client is away: it gets them when it comes back.
    await world.setStats({ saleId: 's', orders: 4 });
    await world.setStats({ saleId: 's', orders: 5 });
    await until(async () => (await requests(world, '/sales/s/stream')).length === 2, 'no resume');
    await world.setStats({ saleId: 's', orders: 6 });
    await until(() => watch.orders.at(-1) === 6, 'not resumed');
    expect(watch.orders).to.deep.equal([0, 1, 2, 3, 4, 5, 6]);
    const [first, second] = await requests(world, '/sales/s/stream');
    expect(first!.query.lastEventId).to.equal(undefined);
    expect(Number(second!.query.lastEventId)).to.be.greaterThan(0);
    expect(watch.health).to.deep.equal([]); // one drop, resumed at once: not worth a "stale"
    watch.stop();
  });

  it('waits as long as Retry-After says before it reconnects the stream', async () => {
    const { world, client } = await setup('auto');
    await world.fault({ path: '/sales/s/stream', status: 503, retryAfter: 2, times: 2 });
    const watch = watchOrders(client);
    await until(() => watch.orders.length === 1, 'never connected');
    // The refusal, the request that reads its status (EventSource cannot), the reconnection.
    const [refused, probe, next] = await requests(world, '/sales/s/stream');
    expect([refused!.status, probe!.status, next!.status]).to.deep.equal([503, 503, 200]);
    expect(next!.at - probe!.at).to.be.at.least(2000);
    expect(watch.health).to.deep.equal(['unavailable', 'ok']);
    watch.stop();
  });

  it('waits as long as Retry-After says before it polls again', async () => {
    const { world, client } = await setup('poll');
    const watch = watchOrders(client);
    await until(() => watch.orders.length === 1, 'never polled');
    await world.fault({ path: '/sales/s/stats', status: 503, retryAfter: 2 });
    await until(() => watch.health.length === 2, 'no failure and recovery', 5000);
    expect(watch.health).to.deep.equal(['unavailable', 'ok']);
    const polls = await requests(world, '/sales/s/stats');
    const failed = polls.findIndex((entry) => entry.status === 503);
    expect(polls[failed + 1]!.at - polls[failed]!.at).to.be.at.least(2000);
    watch.stop();
  });

  it('reconnects a stream that stays open but brings no event, from the last event id', async () => {
    // An edge that lost its subscription: the connection open and pinged, no event. The world
    // sends a heartbeat every 300 ms, so 1.5 s without an event is a stalled stream.
    Object.assign(liveTiming, { silence: 1500 });
    configure({ live: 'stream' });
    const world = await createWorld({ sales: [saleFixture({ id: 's' })], heartbeatMs: 300 });
    const client = new HttpSaleClient({ api: world.base, retries: 0, clock: new ServerClock() });
    await world.fault({ path: '/sales/s/stream', freezeAfterEvents: 2 });
    const watch = watchOrders(client);
    await until(() => watch.orders.length === 1, 'no snapshot');
    for (const orders of [1, 2, 3]) await world.setStats({ saleId: 's', orders });
    // Event 2 (orders 1) was the frozen stream's last: the reconnection resumes after it.
    await until(
      async () => (await requests(world, '/sales/s/stream')).length === 2,
      'no reconnect',
      8000,
    );
    await world.setStats({ saleId: 's', orders: 4 });
    await until(() => watch.orders.at(-1) === 4, 'not resumed');
    expect(watch.orders).to.deep.equal([0, 1, 2, 3, 4]);
    const [first, second] = await requests(world, '/sales/s/stream');
    expect(first!.query.lastEventId).to.equal(undefined);
    expect(Number(second!.query.lastEventId)).to.be.greaterThan(0);
    expect(watch.health).to.deep.equal([]); // nothing the shopper needs to hear about
    // The frozen stream was closed by the client: only the new one is open.
    await until(async () => (await world.closeStreams()) === 1, 'the frozen stream left open');
    watch.stop();
  });

  it('marks the stores stale while the stream is down, and ready once it is back', async () => {
    const { world, client } = await setup('auto');
    const store = $stats(client, 's');
    const seen: Resource<Stats>[] = [];
    const stop = store.listen((value) => seen.push(value));
    await until(async () => (await requests(world, '/sales/s/stream'))[0]?.status === 200, 'no');
    // The stream is unavailable for a moment: the reconnection (and the probe after it) fail.
    // (Not a dropped connection: Chrome retries those by itself on another socket.)
    await world.fault({ path: '/sales/s/stream', status: 503, times: 2 });
    await world.closeStreams();
    // Stale may last a few milliseconds only (the next attempt is jittered): read the history.
    await until(() => seen.some((value) => value.status === 'stale'), 'never stale');
    await until(() => seen.at(-1)!.status === 'ready', 'never recovered');
    const stale = seen.filter((value) => value.status === 'stale');
    expect(stale.every((value) => value.data && value.error?.code === 'unavailable')).to.be.true;
    expect(seen.slice(-2).map((value) => value.status)).to.deep.equal(['stale', 'ready']);
    stop();
  });

  it('reports an invalid event, skips it and does not ask for it again', async () => {
    const { world, client } = await setup('stream');
    const valid = { gmv: { amount: 100, currency: 'USD' }, orders: 41, serverTime: Date.now() };
    const events = [
      `id: 6\nevent: stats\ndata: {"orders":"many"}\n\n`,
      `id: 7\nevent: stats\ndata: ${JSON.stringify(valid)}\n\n`,
    ];
    const headers = { 'Content-Type': 'text/event-stream' };
    await world.fault({ path: '/sales/s/stream', status: 200, headers, body: events.join('') });
    const watch = watchOrders(client);
    await until(async () => (await requests(world, '/sales/s/stream')).length === 2, 'no resume');
    await until(() => watch.orders.length === 2, 'no events');
    expect(watch.orders).to.deep.equal([41, 0]);
    expect(watch.health).to.deep.equal(['invalid_response', 'ok']);
    const [, resumed] = await requests(world, '/sales/s/stream');
    expect(resumed!.query.lastEventId).to.equal('7');
    watch.stop();
  });

  it('falls back to polling when there is no stream', async () => {
    const { world, client } = await setup('auto');
    await world.fault({ path: '/sales/s/stream', status: 404, times: 2 });
    const watch = watchOrders(client);
    await until(() => liveCounters().polls === 1, 'no fallback');
    await world.setStats({ saleId: 's', orders: 9 });
    await until(() => watch.orders.at(-1) === 9, 'polling does not deliver');
    expect(liveCounters().streams).to.equal(0);
    expect(watch.health).to.deep.equal([]);
    watch.stop();
  });

  it('falls back to polling when the stream stays silent, and tries it again later', async () => {
    Object.assign(liveTiming, { stall: 300, streamRetry: 1000 });
    const { world, client } = await setup('auto');
    await world.fault({ path: '/sales/s/stream', delayMs: 2000 }); // a proxy that buffers
    const watch = watchOrders(client);
    await until(() => liveCounters().polls === 1, 'no fallback');
    await until(() => liveCounters().streams === 1, 'no retry');
    await world.setStats({ saleId: 's', orders: 5 });
    await until(() => watch.orders.at(-1) === 5, 'the stream tried again does not deliver');
    expect(liveCounters().polls).to.equal(0);
    expect((await requests(world, '/sales/s/stream')).length).to.equal(2);
    expect((await requests(world, '/sales/s/stats')).length).to.be.greaterThan(0);
    watch.stop();
  });

  it('stops for good when the sale has ended (204), and does not poll', async () => {
    const ended = saleFixture({ id: 's', startInMs: -7_200_000, durationMs: 3_600_000 });
    const { world, client } = await setup('auto', ended);
    const watch = watchOrders(client);
    await until(async () => (await requests(world, '/sales/s/stream')).length === 2, 'no stream');
    await sleep(1000);
    const log = (await world.log()).map((entry) => [entry.path, entry.status]);
    expect(log).to.deep.equal([
      ['/sales/s/stream', 204],
      ['/sales/s/stream', 204],
    ]);
    expect(liveCounters()).to.include({ streams: 0, polls: 0, timers: 0 });
    watch.stop();
  });

  it('connects nothing when live data is off', async () => {
    const { world, client } = await setup('off');
    const watch = watchOrders(client);
    await sleep(300);
    expect(await world.log()).to.deep.equal([]);
    expect(liveCounters()).to.include({ feeds: 1, streams: 0, polls: 0, leaders: 0 });
    watch.stop();
  });
});
