/**
 * The test control API under `/_sim` (not part of the contract; JSON in and out, CORS too):
 *
 * - `POST /_sim/worlds` `{ sales?, deals?, stats?, clockOffsetMs?, waitingRoom?, rateLimit?,
 *   curve?, pollIntervalMs?, heartbeatMs?, allowedOrigins?, chaos? }` -> 201 `{ id, base }`;
 *   `DELETE /_sim/worlds/<id>`
 * - `GET|POST|DELETE /_sim/worlds/<id>/chaos`: chaos mode (see `chaos.mjs`): read it and what it
 *   did so far, replace it, switch it off -> `{ chaos, counts }`
 * - `GET|DELETE /_sim/worlds/<id>/log`: the requests that reached the world
 * - `GET /_sim/worlds/<id>/orders` -> `{ orders: [...], stock: { [dealId]: { total, remaining } } }`
 * - `POST|DELETE /_sim/worlds/<id>/faults`: queue one fault or an array (see `faultSpec`)
 * - `POST /_sim/worlds/<id>/stats` `{ saleId, gmv?, orders? }`, `.../stock` `{ dealId, remaining }`,
 *   `.../sales/<saleId>` (a patch), `.../streams/close`, `.../clock` `{ clockOffsetMs }`
 * @module
 */
import { createChaos } from './chaos.mjs';
import { errorReply, parseJson } from './http.mjs';
import { faultSpec, isObject, need } from './validate.mjs';

/**
 * Validates the options of `POST /_sim/worlds` (fixtures are validated by `World#load`).
 * @param {unknown} spec
 */
export function worldOptions(spec) {
  need(isObject(spec), 'The world spec must be an object.');
  const { clockOffsetMs = 0, waitingRoom = false, rateLimit = false, curve = false } = spec;
  need(Number.isFinite(clockOffsetMs), 'clockOffsetMs must be a number.');
  const ok = (v, n) => Number.isFinite(v) && v >= n;
  need(!waitingRoom || ok(waitingRoom.positions, 1), 'waitingRoom needs positions >= 1.');
  need(!rateLimit || (ok(rateLimit.perSecond, 0.001) && ok(rateLimit.burst, 1)), 'Bad rateLimit.');
  for (const key of ['pollIntervalMs', 'heartbeatMs']) {
    need(spec[key] === undefined || ok(spec[key], 10), `${key} must be a number >= 10.`);
  }
  const { pollIntervalMs, heartbeatMs, allowedOrigins } = spec;
  const origins =
    Array.isArray(allowedOrigins) && allowedOrigins.every((o) => typeof o === 'string');
  need(allowedOrigins === undefined || origins, 'allowedOrigins must be an array of origins.');
  return {
    clockOffsetMs,
    waitingRoom,
    rateLimit,
    curve,
    pollIntervalMs,
    heartbeatMs,
    allowedOrigins,
    chaos: spec.chaos === undefined || spec.chaos === null ? undefined : createChaos(spec.chaos),
  };
}

/**
 * Answers a control request.
 * @param {{ worlds: Map<string, import('./world.mjs').World>,
 *   createWorld: (spec: object) => Promise<import('./world.mjs').World>,
 *   loadWorld: (id: string) => Promise<import('./world.mjs').World | undefined> }} sim
 * @param {string} method
 * @param {string} path below `/_sim`
 * @param {string} text the request body
 * @returns {Promise<import('./http.mjs').Reply>}
 */
export async function control(sim, method, path, text) {
  const body = () => (text ? parseJson(text) : {});
  const now = Date.now();
  if (path === '/worlds') {
    if (method !== 'POST') return errorReply(405, 'method_not_allowed', now);
    const world = await sim.createWorld(body());
    return { status: 201, body: { id: world.id, base: world.base } };
  }
  const [, id, rest = ''] = /^\/worlds\/([^/]+)(\/.*)?$/.exec(path) ?? [];
  const world = sim.worlds.get(id) ?? (await sim.loadWorld(id));
  if (!world) return errorReply(404, 'not_found', now, 'No such world.');
  const route = `${method} ${rest.replace(/^\/sales\/[^/]+$/, '/sales/:id')}`;
  const json = (value, status = 200) => ({ status, body: value });
  switch (route) {
    case 'DELETE ':
      world.closeStreams();
      sim.worlds.delete(id);
      return { status: 204 };
    case 'GET /log':
      return json(world.log);
    case 'DELETE /log':
      world.log.length = 0;
      return { status: 204 };
    case 'GET /orders': {
      await world.store.sync(world);
      const stock = {};
      for (const deal of world.deals.values()) stock[deal.id] = { ...deal.stock };
      return json({ orders: await world.store.orders(world), stock });
    }
    case 'POST /faults': {
      const input = body();
      for (const raw of Array.isArray(input) ? input : [input]) world.faults.push(faultSpec(raw));
      return json({ queued: world.faults.length }, 201);
    }
    case 'DELETE /faults':
      world.faults.length = 0;
      return { status: 204 };
    case 'POST /stats': {
      const input = body();
      world.setStats(isObject(input) ? input : {}, false);
      const { saleId } = input;
      world.applyStats(saleId, await world.store.setStats(world, saleId, world.stats.get(saleId)));
      return json(world.statsBody(saleId));
    }
    case 'POST /stock': {
      const input = body();
      world.setStock(isObject(input) ? input : {}, false);
      const deal = world.deals.get(input.dealId);
      await world.store.setStock(world, deal, deal.stock);
      world.setStock(input);
      return json(world.dealBody(deal));
    }
    case 'POST /sales/:id': {
      const saleId = decodeURIComponent(rest.slice('/sales/'.length));
      return json(world.saleBody(world.patchSale(saleId, body())));
    }
    case 'POST /streams/close': {
      const closed = world.streams.size;
      world.closeStreams();
      return json({ closed });
    }
    case 'GET /chaos':
      return json(world.chaos?.report() ?? { chaos: null, counts: null });
    case 'POST /chaos':
      world.chaos = createChaos(body(), world.chaos ?? undefined);
      return json(world.chaos.report());
    case 'DELETE /chaos': {
      const report = world.chaos?.report() ?? { chaos: null, counts: null };
      world.chaos = null;
      return json({ ...report, chaos: null });
    }
    case 'POST /clock': {
      const { clockOffsetMs } = body();
      need(Number.isFinite(clockOffsetMs), 'clockOffsetMs must be a number.');
      world.clockOffsetMs = clockOffsetMs;
      return json({ serverTime: world.now() });
    }
    default:
      return errorReply(404, 'not_found', now);
  }
}
