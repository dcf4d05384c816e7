/**
 * The local sale simulator: a plain Node `http` server speaking the Saleday HTTP contract v1
 * (`docs/api-contract.md`) for any number of isolated worlds, plus a demo world at `/api`.
 *
 * - `/api/...`          the demo world (a Singles-Day sale with a simulated crowd), if `demo`
 * - `/w/<worldId>/...`  worlds created by tests through the control API
 * - `/_sim/...`         the control API (see `control.mjs`)
 * - `/img/<name>.svg`   generated product images
 * - `/_sim/metrics`     requests served so far by route, connections open, events published
 * @module
 */
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { answer } from './api.mjs';
import { control, worldOptions } from './control.mjs';
import { createCrowd } from './curve.mjs';
import { demoFixtures, productSvg } from './demo.mjs';
import { applyCors, ERRORS, errorReply, Invalid, preflight, readBody, send } from './http.mjs';
import { nchanPublisher } from './nchan.mjs';
import { World } from './world.mjs';
import { MemoryStore } from './store/memory.mjs';

const TICK_MS = 250;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The reply a fault with a `status` and/or `body` answers in place of the real one. */
function faultReply(world, fault) {
  const status = fault.status ?? 200;
  const headers = fault.retryAfter === undefined ? {} : { 'Retry-After': String(fault.retryAfter) };
  if (fault.body !== undefined) return { status, body: fault.body, headers };
  if (status < 400) return { status, headers };
  const [code, message] = ERRORS[status] ?? [status >= 500 ? 'internal' : 'invalid_request'];
  return errorReply(status, code, world.now(), message, {}, headers);
}

/** The route a request counts under in `/_sim/metrics`. */
function routeName(req, path) {
  if (path.startsWith('/_sim/')) return 'control';
  if (req.method !== 'GET' && req.method !== 'HEAD') return req.method.toLowerCase();
  if (/\/stream$/.test(path)) return req.headers['saleday-edge-check'] ? 'check' : 'stream';
  const match = /\/(sales\/[^/]+(\/deals|\/stats)?|deals\/[^/]+)$/.exec(path);
  if (!match) return 'other';
  return match[2] ? match[2].slice(1) : match[1].startsWith('deals') ? 'deal' : 'sale';
}

/** Serves a request to a world (`path` relative to its base): logs it, applies a fault, answers. */
async function serveWorld(world, req, res, path, url, corsAllowed) {
  world.record(req, res, path, Object.fromEntries(url.searchParams));
  if (req.method === 'OPTIONS' && !world.faults.some((f) => f.method === 'OPTIONS')) {
    return preflight(res, corsAllowed, 'GET, POST');
  }
  const fault =
    world.takeFault(req.method === 'HEAD' ? 'GET' : req.method, path) ??
    world.chaos?.fault(world, req, res, path);
  if (fault?.delayMs) await sleep(fault.delayMs);
  if (fault?.drop) return void req.socket.destroy();
  for (const [name, value] of Object.entries(fault?.headers ?? {})) res.setHeader(name, value);
  if (fault && (fault.status || fault.body !== undefined))
    return send(res, faultReply(world, fault));
  const reply = await answer(world, req, res, path, url, fault).catch((err) => {
    if (!(err instanceof Invalid || err instanceof URIError)) throw err;
    return errorReply(400, 'invalid_request', world.now(), err.message);
  });
  if (!reply) return; // a stream, answered already
  if (fault?.dropAfterAct) return void req.socket.destroy();
  send(res, fault?.after ? await fault.after(reply) : reply); // `after`: chaos (see chaos.mjs)
}

/**
 * Starts the simulator.
 * @param {object} [options]
 * @param {number} [options.port] 0 picks a free port
 * @param {string} [options.host]
 * @param {boolean} [options.demo] mount the demo world at `/api`
 * @param {number} [options.speed] demo: how much faster than real time the sale runs
 * @param {number} [options.countdownMs] demo: real ms from start-up until the sale opens
 * @param {'*' | string[]} [options.allowedOrigins] origins that get CORS headers
 * @param {boolean} [options.quiet] do not log requests
 * @param {{ positions: number, retryAfter?: number } | false} [options.waitingRoom] demo
 * @param {{ perSecond: number, burst: number } | false} [options.rateLimit] demo
 * @param {string} [options.publish] behind an edge: nchan's publish URL (see `nchan.mjs`); each
 *   stream event goes there once, and reads get cache headers for the edge
 * @param {string} [options.redis] `redis://host:port`: keep the order book, stock and stats in
 *   this Redis, shared with every simulator started on it (workers), instead of in memory
 * @param {string} [options.publicUrl] the URL buyers reach this simulator at (an edge in front
 *   of several workers); its own URL by default
 * @returns {Promise<{ url: string, port: number, close(): Promise<void>, world(id: string): World | undefined }>}
 */
export async function startSimulator(options = {}) {
  const { port = 0, host = '127.0.0.1', demo = true, speed = 1, countdownMs = 60000 } = options;
  const { allowedOrigins = '*', quiet = true } = options;
  /** @type {Map<string, World>} */
  const worlds = new Map();
  let origin = '';
  const publisher = options.publish ? nchanPublisher(options.publish) : null;
  /** Requests served by route (`sale`, `deals`, `stats`, `stream`, `check`, ...), for benches. */
  const requests = {};
  const store = options.redis
    ? await import('./store/redis.mjs').then((m) => m.createRedisStore(options.redis))
    : new MemoryStore();

  /** Builds a world from a `POST /_sim/worlds` spec; relative times count from `at`. */
  function buildWorld(id, spec, at) {
    const opts = worldOptions(spec);
    const world = new World({ id, base: `${origin}/w/${id}`, origin, store, publisher, ...opts });
    world.load(spec, at);
    if (opts.curve) world.crowd = createCrowd(world, { speed: opts.curve.speed ?? 1 });
    return world;
  }

  const loading = new Map();
  const sim = {
    worlds,
    /** Creates a test world from a `POST /_sim/worlds` spec (saved in the store for others). */
    async createWorld(spec = {}) {
      const id = randomBytes(5).toString('hex');
      const at = Date.now() + (Number(spec?.clockOffsetMs) || 0);
      const world = buildWorld(id, spec, at);
      await store.init(world, spec, at);
      worlds.set(id, world);
      return world;
    },
    /** A world another worker created on the shared store, built here as it was there. */
    async loadWorld(id) {
      if (!store.shared || !id || id === 'demo') return undefined;
      if (!loading.has(id)) {
        const load = store.loadWorld(id).then(async (saved) => {
          if (!saved || worlds.has(id)) return worlds.get(id);
          const world = buildWorld(id, saved.spec, saved.at);
          await store.sync(world);
          worlds.set(id, world);
          return world;
        });
        loading.set(id, load);
        load.finally(() => loading.delete(id)).catch(() => {});
      }
      return loading.get(id);
    },
  };

  async function handle(req, res) {
    const started = Date.now();
    const took = () => `${Date.now() - started}ms`;
    if (!quiet) res.on('finish', () => console.log(req.method, req.url, res.statusCode, took()));
    const url = new URL(`http://sim${req.url?.startsWith('/') ? req.url : '/'}`);
    const path = url.pathname;
    const route = routeName(req, path);
    requests[route] = (requests[route] ?? 0) + 1;
    if (path === '/_sim/metrics' && req.method === 'GET') {
      applyCors(req, res, allowedOrigins);
      const connections = await new Promise((resolve) =>
        server.getConnections((_, n) => resolve(n)),
      );
      const published = publisher?.counts ?? null;
      return send(res, { status: 200, body: { requests, connections, published } });
    }
    const mount = demo && /^\/api(\/.*)?$/.exec(path);
    const [id, rest] = mount
      ? ['demo', mount[1]]
      : (/^\/w\/([^/]+)(\/.*)?$/.exec(path) ?? []).slice(1);
    const world = worlds.get(id) ?? (await sim.loadWorld(id));
    const corsAllowed = applyCors(req, res, world?.allowedOrigins ?? allowedOrigins);
    if (path.startsWith('/_sim/')) {
      if (req.method === 'OPTIONS') return preflight(res, corsAllowed, 'GET, POST, DELETE');
      const body = req.method === 'POST' ? await readBody(req) : { text: '' };
      if (body.tooLarge) return send(res, errorReply(413, 'payload_too_large', Date.now()));
      return send(res, await control(sim, req.method, path.slice(5), body.text));
    }
    const image = /^\/img\/([^/]+)\.svg$/.exec(path);
    if (image && req.method === 'GET') {
      const svg = productSvg(image[1]);
      const headers = { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'max-age=3600' };
      if (svg) return send(res, { status: 200, body: svg, headers });
    }
    if (world) return serveWorld(world, req, res, rest ?? '/', url, corsAllowed);
    if (req.method === 'OPTIONS') return preflight(res, corsAllowed, 'GET, POST');
    send(res, errorReply(404, 'not_found', Date.now()));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      const bad = err instanceof Invalid || err instanceof URIError;
      if (bad) return send(res, errorReply(400, 'invalid_request', Date.now(), err.message));
      // The shared store out of reach (Redis restarting): busy, try again, nothing was promised.
      if (store.shared && !(err instanceof TypeError || err instanceof RangeError)) {
        const retry = { 'Retry-After': '1' };
        return send(res, errorReply(503, 'unavailable', Date.now(), undefined, {}, retry));
      }
      console.error('saleday simulator:', err);
      send(res, errorReply(500, 'internal', Date.now()));
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const actualPort = server.address().port;
  origin =
    options.publicUrl?.replace(/\/$/, '') ??
    `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;

  if (demo) {
    const world = new World({
      id: 'demo',
      base: `${origin}/api`,
      origin,
      publisher,
      waitingRoom: options.waitingRoom ?? { positions: 3, retryAfter: 1 },
      rateLimit: options.rateLimit ?? { perSecond: 40, burst: 20 },
      store,
    });
    world.load(demoFixtures({ now: world.now(), origin, countdownMs, speed }));
    await store.init(world, null);
    world.crowd = createCrowd(world, { speed });
    worlds.set('demo', world);
  }
  const ticker = setInterval(() => {
    for (const world of worlds.values()) {
      try {
        world.tick();
      } catch (err) {
        console.error(`saleday simulator: world ${world.id}:`, err);
      }
    }
  }, TICK_MS);
  ticker.unref();

  return {
    url: origin,
    port: actualPort,
    world: (id) => worlds.get(id),
    async close() {
      clearInterval(ticker);
      worlds.forEach((world) => world.closeStreams());
      publisher?.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
