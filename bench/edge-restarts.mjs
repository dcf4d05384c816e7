#!/usr/bin/env node
/**
 * `npm run scale -- --restarts`: why deploy/ runs one nginx worker per edge. Starts Redis, the
 * origin (stats 10 times a second), a publishing edge and one viewers' edge, then puts stream
 * viewers on that edge and restarts it again and again. After each restart the viewers come
 * back as the SDK does (after 0-1 s of jitter, resuming with `?lastEventId=`); two seconds after
 * they are all back, it counts those that received no event. With one nginx worker, none; with
 * two, nchan 1.3.6 (Debian) now and then leaves the restarted edge's channel frozen: its viewers
 * are connected, answered 200, sent nchan's pings, and get no event, however often they
 * reconnect, until the edge is restarted again.
 *
 *     npm run scale -- --restarts [--edge-workers 1,2] [--viewers 500] [--times 10]
 *
 * Prints per worker count the restarts after which viewers got nothing; the last line is
 * `restarts: 1 worker froze X of N, 2 workers froze Y of N`. Bounded (at most 10 s a restart);
 * everything it started is stopped at the end, on failure and on Ctrl+C.
 * @module
 */
import { connect } from 'node:net';
import { parseArgs } from 'node:util';
import { Engines, freePort, requireEngines } from '../deploy/lib/engines.mjs';
import { startOrigin } from './lib/start-origin.mjs';

const { values } = parseArgs({
  options: {
    restarts: { type: 'boolean', default: true },
    'edge-workers': { type: 'string', default: '1,2' },
    viewers: { type: 'string', default: '500' },
    times: { type: 'string', default: '10' },
  },
});
const workerCounts = values['edge-workers'].split(',').map(Number);
const viewerCount = Number(values.viewers);
const times = Number(values.times);
if (
  !workerCounts.every((w) => Number.isInteger(w) && w >= 1 && w <= 8) ||
  !(Number.isInteger(viewerCount) && viewerCount >= 1 && viewerCount <= 5000) ||
  !(Number.isInteger(times) && times >= 1 && times <= 100)
) {
  console.log(
    'Usage: npm run scale -- --restarts [--edge-workers 1,2] [--viewers 500] [--times 10]',
  );
  process.exit(2);
}
requireEngines();

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const JITTER_MS = 1000; // the SDK's first reconnection delay: 0-1 s

/**
 * A viewer's stream over a raw socket, reopened after each close (from its last event id, after
 * 0-1 s), counting the events it gets.
 */
function viewer(port, api) {
  const v = { events: 0, lastId: '', socket: null, stopped: false };
  const open = () => {
    const query = v.lastId ? `?lastEventId=${encodeURIComponent(v.lastId)}` : '';
    const socket = connect(port, '127.0.0.1');
    v.socket = socket;
    socket.setEncoding('latin1');
    socket.write(
      `GET ${api}/sales/s/stream${query} HTTP/1.0\r\nHost: 127.0.0.1\r\n` +
        'Accept: text/event-stream\r\n\r\n',
    );
    socket.on('data', (text) => {
      for (const [, id] of text.matchAll(/^id: (\S+)$/gm)) {
        v.lastId = id;
        v.events++;
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => v.stopped || setTimeout(open, Math.random() * JITTER_MS));
  };
  open();
  return v;
}

/** One worker count: a fresh set of engines, `times` restarts; resolves with the frozen count. */
async function run(workers) {
  const engines = new Engines();
  try {
    // As under `--faults`: an append-only file, written at each command.
    const redis = await engines.redis({ args: ['--appendonly', 'yes', '--appendfsync', 'always'] });
    const originPort = await freePort();
    const [publisher, edge] = await engines.edges({
      origins: [`http://127.0.0.1:${originPort}`],
      redisUrl: redis.url,
      count: 2,
      tiered: false,
      workers,
    });
    const api = await startOrigin(engines, originPort, publisher.publishUrl);
    const port = Number(new URL(edge.url).port);
    const viewers = Array.from({ length: viewerCount }, () => viewer(port, api));
    await sleep(3000);
    let frozen = 0;
    const line = [];
    for (let i = 0; i < times; i++) {
      await edge.restart();
      await sleep(JITTER_MS + 2000); // every viewer back, and its first events
      viewers.forEach((v) => (v.events = 0));
      await sleep(2000);
      const silent = viewers.filter((v) => v.events === 0).length;
      line.push(silent);
      if (silent) frozen++;
    }
    viewers.forEach((v) => {
      v.stopped = true;
      v.socket?.destroy();
    });
    console.log(
      `${workers} worker${workers > 1 ? 's' : ' '} | viewers with no event after each restart: ` +
        `${line.join(' ')} | froze ${frozen} of ${times}`,
    );
    return frozen;
  } finally {
    await engines.stopAll();
  }
}

let status = 0;
try {
  console.log(
    `Edge restarts: ${viewerCount} stream viewers on one edge (nchan on Redis), restarted ${times} times per nginx worker count`,
  );
  const results = [];
  for (const workers of workerCounts) results.push([workers, await run(workers)]);
  console.log(
    `restarts: ${results
      .map(([w, f]) => `${w} worker${w > 1 ? 's' : ''} froze ${f} of ${times}`)
      .join(', ')}`,
  );
  if (results.some(([w, f]) => w === 1 && f > 0)) status = 1;
} catch (err) {
  console.error('restarts:', err);
  status = 1;
}
process.exit(status);
