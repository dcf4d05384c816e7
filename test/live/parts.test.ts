/**
 * The parts of the live feed on their own: the feed (what reaches listeners, what a joining tab
 * is told) and the leader (when it runs and stops a transport), with a fake client and a fake
 * transport. The real-server tests of the whole are in feed, snapshot and tabs.test.ts.
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { SaleClient } from '../../src/core/client.js';
import { SaledayError } from '../../src/core/errors.js';
import type { Connection } from '../../src/core/live/connection.js';
import { createFeed } from '../../src/core/live/feed.js';
import { shareFeed } from '../../src/core/live/share.js';
import type { TabMessage } from '../../src/core/live/tabs.js';
import type { DealList, Stats } from '../../src/core/types.js';

const stats = (orders: number): Stats => ({
  gmv: { amount: orders * 100, currency: 'USD' },
  orders,
  serverTime: 1000 + orders,
});

/** A client that answers `getDeals` with `list` (the feed reads nothing else). */
const clientWithDeals = (list: () => DealList) =>
  ({ getDeals: async () => list() }) as unknown as SaleClient;

const noClient = clientWithDeals(() => {
  throw new Error('not asked');
});

describe('live feed parts: the feed', () => {
  it('passes on only what changed, and relays each change', () => {
    const feed = createFeed(noClient, 's');
    const heard: string[] = [];
    const relayed: TabMessage[] = [];
    feed.listeners.add({
      stats: (value) => heard.push(`stats ${value.orders}`),
      stock: (update) => heard.push(`stock ${update.dealId} ${update.remaining}`),
      health: (error) => heard.push(`health ${error ? error.code : 'ok'}`),
    });
    feed.relay = (message) => relayed.push(message);
    const first = stats(1);
    feed.put({ type: 'stats', data: first, id: '1' });
    feed.put({ type: 'stats', data: first }); // not modified (the same object): dropped
    feed.put({ type: 'stats', data: stats(2), id: '1' }); // an event id heard before: dropped
    feed.put({ type: 'stats', data: stats(3), id: '2' });
    feed.put({ type: 'stock', data: { dealId: 'd', remaining: 5, serverTime: 1 } });
    feed.put({ type: 'stock', data: { dealId: 'd', remaining: 5, serverTime: 2 } }); // same stock
    feed.health(new SaledayError('network', 'down'));
    feed.health(new SaledayError('network', 'still down')); // no change: dropped
    feed.health();
    feed.health();
    expect(heard).to.deep.equal(['stats 1', 'stats 3', 'stock d 5', 'health network', 'health ok']);
    expect(relayed.map((message) => message.type)).to.deep.equal([
      'stats',
      'stats',
      'stock',
      'health',
      'health',
    ]);
    expect(relayed[3]).to.deep.equal({
      type: 'health',
      error: { code: 'network', message: 'down' },
    });
    expect(feed.id).to.equal('2');
  });

  it('tells a joining tab the sale, each stock and the stats with the last event id', () => {
    const feed = createFeed(noClient, 's');
    expect(feed.known()).to.deep.equal([]);
    feed.put({ type: 'stats', data: stats(4), id: '9' });
    feed.put({ type: 'stock', data: { dealId: 'a', remaining: 1, serverTime: 1 } });
    feed.put({ type: 'stock', data: { dealId: 'b', remaining: 2, serverTime: 1 } });
    expect(feed.known().map((event) => [event.type, event.id])).to.deep.equal([
      ['stock', undefined],
      ['stock', undefined],
      ['stats', '9'],
    ]);
  });

  it('reads the stock of a fresh stream only when someone shows it, and keeps newer updates', async () => {
    let reads = 0;
    const list: DealList = {
      serverTime: 50,
      deals: [
        { id: 'a', stock: { remaining: 7 } },
        { id: 'b', stock: { remaining: 8 } },
      ],
    } as DealList;
    const feed = createFeed(
      clientWithDeals(() => {
        reads++;
        return list;
      }),
      's',
    );
    const stock: Record<string, number> = {};
    feed.listeners.add({ stats: () => {} });
    feed.fresh();
    expect(feed.wantsStock()).to.equal(false);
    expect(reads).to.equal(0);
    feed.listeners.add({ stock: (update) => (stock[update.dealId] = update.remaining) });
    // An update newer than the answer: the answer must not undo it.
    feed.put({ type: 'stock', data: { dealId: 'a', remaining: 3, serverTime: 60 } });
    feed.fresh();
    await waitUntil(() => stock.b === 8, 'the stock was not read');
    expect(reads).to.equal(1);
    expect(stock).to.deep.equal({ a: 3, b: 8 });
  });

  it('wants stock when another tab does', () => {
    const feed = createFeed(noClient, 's');
    expect(feed.wantsStock()).to.equal(false);
    feed.othersWantStock = true;
    expect(feed.wantsStock()).to.equal(true);
  });
});

describe('live feed parts: the leader with a fake transport', () => {
  let hidden = false;
  beforeEach(() => {
    hidden = false;
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  });
  afterEach(() => {
    delete (document as { hidden?: boolean }).hidden;
  });
  const setHidden = (value: boolean) => {
    hidden = value;
    document.dispatchEvent(new Event('visibilitychange'));
  };

  /** A connection whose transports only count: how many run, how many were ever opened. */
  function fakeConnection() {
    const log = { running: 0, opened: 0 };
    const connection: Connection = {
      ended: false,
      open() {
        log.running++;
        log.opened++;
        let stopped = false;
        return {
          stop() {
            expect(stopped, 'stopped twice').to.equal(false);
            stopped = true;
            log.running--;
          },
        };
      },
    };
    return { connection, log };
  }

  it('alone, runs the transport while the page is visible and stops it when stopped', async () => {
    const { connection, log } = fakeConnection();
    const sharing = shareFeed(createFeed(noClient, 's'), undefined, connection);
    expect(log).to.deep.equal({ running: 1, opened: 1 });
    setHidden(true);
    await waitUntil(() => log.running === 0, 'a hidden page keeps its connection');
    setHidden(false);
    await waitUntil(() => log.running === 1, 'a page shown again does not reconnect');
    expect(log.opened).to.equal(2);
    sharing.stop();
    expect(log.running).to.equal(0);
    setHidden(true);
    setHidden(false);
    await Promise.resolve();
    expect(log).to.deep.equal({ running: 0, opened: 2 });
  });

  it('opens nothing more once the sale has ended', async () => {
    const { connection, log } = fakeConnection();
    const sharing = shareFeed(createFeed(noClient, 's'), undefined, connection);
    setHidden(true);
    await waitUntil(() => log.running === 0, 'a hidden page keeps its connection');
    connection.ended = true;
    setHidden(false);
    await Promise.resolve();
    expect(log).to.deep.equal({ running: 0, opened: 1 });
    sharing.stop();
  });
});
