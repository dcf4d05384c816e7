import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/define/live-counter.js';
import type { SaledayLiveCounter } from '../../src/components/live-counter/live-counter.js';
import { ServerClock } from '../../src/core/clock.js';
import { HttpSaleClient } from '../../src/core/http-client.js';
import { createWorld, dealFixture, saleFixture, SIM_URL, type World } from '../helpers/sim.js';

declare global {
  interface Window {
    /** The edges' URLs (web-test-runner.edge.config.mjs). */
    SALEDAY_EDGES?: string[];
  }
}

const EDGES = window.SALEDAY_EDGES ?? [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const until = (predicate: () => unknown, message: string, timeout = 8000) =>
  waitUntil(predicate, message, { timeout, interval: 20 });

/** A world's API base through edge `index` (the same path: the merchant only changes the host). */
const through = (world: World, index = 0) => world.base.replace(SIM_URL, EDGES[index]!);

/** The GET requests to `path` that reached the origin (the edge's stream checks left out). */
const originGets = async (world: World, path: string) =>
  (await world.log()).filter((e) => e.path === path && e.method === 'GET');

/** Collects a stream's `stats` events (orders and id) from an EventSource at `url`. */
function listen(url: string) {
  const source = new EventSource(url);
  const events: { orders: number; id: string }[] = [];
  source.addEventListener('stats', (event) => {
    const message = event as MessageEvent<string>;
    events.push({
      orders: (JSON.parse(message.data) as { orders: number }).orders,
      id: message.lastEventId,
    });
  });
  return { source, events, has: (orders: number) => events.some((e) => e.orders === orders) };
}

async function saleWorld(overrides = {}) {
  return createWorld({
    sales: [saleFixture({ id: 's', ...overrides })],
    deals: [dealFixture({ id: 'd', saleId: 's' })],
    stats: { s: { gmv: 1000, orders: 1 } },
  });
}

describe('through the edge (nginx + nchan + Redis)', () => {
  before(() => expect(EDGES, 'run with web-test-runner.edge.config.mjs').to.have.length(2));

  it('answers repeated reads from its cache, and If-None-Match with 304, without the origin', async () => {
    const world = await saleWorld();
    const url = `${through(world)}/sales/s/stats`;
    const first = await fetch(url, { cache: 'no-store' });
    const etag = first.headers.get('ETag')!;
    expect(first.status).to.equal(200);
    const again = await fetch(url, { cache: 'no-store' });
    expect(again.headers.get('Saleday-Cache')).to.equal('HIT');
    const revalidated = await fetch(url, { cache: 'no-store', headers: { 'If-None-Match': etag } });
    expect(revalidated.status).to.equal(304);
    expect(await originGets(world, '/sales/s/stats')).to.have.length(1);
  });

  it('keeps the countdown on the origin clock when the body was cached a while ago', async () => {
    const world = await saleWorld();
    const api = through(world);
    await fetch(`${api}/sales/s`, { cache: 'no-store' }); // cached at the edge now
    await sleep(700); // the cached body's serverTime is 700 ms old (its max-age is 1 s)
    const clock = new ServerClock();
    const client = new HttpSaleClient({ api, retries: 0, clock });
    const sale = await client.getSale('s');
    expect(Date.now() - sale.serverTime, 'the body came from the cache').to.be.above(500);
    // The simulator's world clock is this machine's clock (no offset): the countdown's clock
    // must be within 50 ms of it.
    expect(Math.abs(clock.now() - Date.now())).to.be.below(50);
    expect(await originGets(world, '/sales/s')).to.have.length(1);
  });

  it('streams through nchan: the same events, with the same ids, at both edges', async () => {
    const world = await saleWorld();
    const a = listen(`${through(world, 0)}/sales/s/stream`);
    const b = listen(`${through(world, 1)}/sales/s/stream`);
    try {
      await until(() => a.source.readyState === 1 && b.source.readyState === 1, 'streams open');
      await world.setStats({ saleId: 's', orders: 7 });
      await until(() => a.has(7) && b.has(7), 'both edges deliver the event');
      const idA = a.events.find((e) => e.orders === 7)!.id;
      expect(b.events.find((e) => e.orders === 7)!.id).to.equal(idA);
      // The origin held no viewer's stream: it published once.
      expect(world.base.startsWith(SIM_URL)).to.equal(true);
    } finally {
      a.source.close();
      b.source.close();
    }
  });

  it('resumes from ?lastEventId= and from Last-Event-ID, at the other edge', async () => {
    const world = await saleWorld();
    const a = listen(`${through(world, 0)}/sales/s/stream`);
    await until(() => a.source.readyState === 1, 'stream open');
    await world.setStats({ saleId: 's', orders: 2 });
    await until(() => a.has(2), 'first event');
    const lastId = a.events.find((e) => e.orders === 2)!.id;
    a.source.close();
    await world.setStats({ saleId: 's', orders: 3 }); // missed while away
    await world.setStats({ saleId: 's', orders: 4 });
    await sleep(200);
    const b = listen(
      `${through(world, 1)}/sales/s/stream?lastEventId=${encodeURIComponent(lastId)}`,
    );
    try {
      await until(() => b.has(3) && b.has(4), 'the missed events replayed');
      expect(b.events.map((e) => e.orders).slice(0, 2)).to.deep.equal([3, 4]);
    } finally {
      b.source.close();
    }
    // The header, as an EventSource sends it on its own reconnects (read from Node here: a
    // page's fetch may not set it across origins).
    const text = await executeServerCommand<string, object>('saleday-edge-stream', {
      url: `${through(world, 1)}/sales/s/stream`,
      headers: { Accept: 'text/event-stream', 'Last-Event-ID': lastId },
      until: '"orders":4',
    });
    expect(text.indexOf('"orders":3')).to.be.within(0, text.indexOf('"orders":4'));
  });

  it('tells the SDK the sale has ended (204), so it stops reconnecting', async () => {
    const world = await saleWorld({ startInMs: -60_000, durationMs: 62_000 });
    const a = listen(`${through(world)}/sales/s/stream`);
    await until(() => a.source.readyState === 1, 'stream open');
    // At the end, the channel goes: the EventSource asks again, gets 204 and stays closed.
    await until(() => a.source.readyState === 2, 'closed after the end', 10_000);
    const response = await fetch(`${through(world)}/sales/s/stream`, {
      headers: { Accept: 'text/event-stream' },
    });
    expect(response.status).to.equal(204);
  });

  it('serves a shop on another origin (CORS) with its clock header readable', async () => {
    const world = await saleWorld();
    expect(new URL(EDGES[0]!).origin).not.to.equal(location.origin);
    const response = await fetch(`${through(world)}/sales/s/deals`);
    expect(response.status).to.equal(200);
    expect(Number(response.headers.get('Saleday-Edge-Time'))).to.be.closeTo(Date.now() / 1000, 5);
  });

  it('a live counter with its data-api on the edge shows the stats nchan delivers', async () => {
    const world = await saleWorld();
    const el = await fixture<SaledayLiveCounter>(
      html`<saleday-live-counter
        sale="s"
        api=${through(world)}
        metric="orders"
      ></saleday-live-counter>`,
    );
    await until(() => el.value === 1, 'first load through the edge');
    await sleep(300);
    await world.setStats({ saleId: 's', orders: 500 });
    await until(() => el.value === 500, 'the stream update through nchan');
    // Every stream was nchan's: the origin served none itself, it only answered the checks.
    const metrics = (await (await fetch(`${SIM_URL}/_sim/metrics`)).json()) as {
      requests: Record<string, number>;
    };
    expect(metrics.requests.stream ?? 0).to.equal(0);
    expect(metrics.requests.check).to.be.above(0);
  });

  it('resumes with no event missed after the edge restarts', async () => {
    const world = await saleWorld();
    const a = listen(`${through(world, 1)}/sales/s/stream`);
    try {
      await until(() => a.source.readyState === 1, 'stream open');
      await world.setStats({ saleId: 's', orders: 10 });
      await until(() => a.has(10), 'before the restart');
      await executeServerCommand('saleday-edge-restart', { index: 1 });
      await world.setStats({ saleId: 's', orders: 11 }); // published while the viewer is away
      await until(() => a.has(11), 'the missed event after the restart', 15_000);
      await world.setStats({ saleId: 's', orders: 12 });
      await until(() => a.has(12), 'live again');
      const seen = a.events.map((e) => e.orders).filter((o) => o >= 10);
      expect([...new Set(seen)]).to.deep.equal([10, 11, 12]);
    } finally {
      a.source.close();
    }
  });
});
