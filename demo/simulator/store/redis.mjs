/**
 * The Redis order store: the state several simulator workers share (`--redis redis://...`).
 * Same calls as the in-memory store (`memory.mjs`); whatever must be atomic across workers is a
 * Lua script, run by Redis one at a time:
 *
 * - a key's claim: `{ fp, reply? }` under the key; `running` while the first request holds a
 *   short lease, `done` with its reply for 24 h, `mismatch` for another body;
 * - an order: at most one per idempotency key (a retry after a worker died mid-request finds
 *   it), stock taken only when enough is left, stats counted in the same step;
 * - the waiting room: each poll of a queued order moves it up, from the front it is confirmed;
 * - the rate limit: a token bucket on Redis' clock.
 *
 * Every key of a world starts `saleday:{<worldId>}:`, a Cluster hash tag: one world's keys sit on
 * one shard, so its scripts may touch several of them. The world itself (its fixtures) is saved
 * under `saleday:world:<id>` so that any worker can serve a world another one created.
 * @module
 */
import { createHash } from 'node:crypto';
import { createClient } from 'redis';

/** How long a key's first request may run before a retry may run it again (ms). */
const LEASE_MS = 10_000;
/** How long an idempotency key and its reply are kept (s). */
const KEY_TTL_S = 24 * 3600;

const script = (lua) => ({ lua, sha: createHash('sha1').update(lua).digest('hex') });

const SCRIPTS = {
  // KEYS: bucket; ARGV: perSecond, burst -> 0 or the seconds to wait
  token: script(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = math.min(burst, (tonumber(b[1]) or burst) + (now - (tonumber(b[2]) or now)) / 1000 * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.max(1, math.ceil((1 - tokens) / rate)) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], 60000)
return wait`),
  // KEYS: idempotency key; ARGV: fingerprint, lease ms -> { state, reply? }
  claim: script(`
local fp = redis.call('HGET', KEYS[1], 'fp')
if not fp then
  redis.call('HSET', KEYS[1], 'fp', ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return { 'new' }
end
if fp ~= ARGV[1] then return { 'mismatch' } end
local reply = redis.call('HGET', KEYS[1], 'reply')
if reply then return { 'done', reply } end
return { 'running' }`),
  // KEYS: idempotency key; ARGV: fingerprint, reply, ttl s
  remember: script(`
if redis.call('HGET', KEYS[1], 'fp') ~= ARGV[1] then redis.call('HSET', KEYS[1], 'fp', ARGV[1]) end
redis.call('HSET', KEYS[1], 'reply', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1`),
  // KEYS: idempotency key
  release: script(`
if not redis.call('HGET', KEYS[1], 'reply') then redis.call('DEL', KEYS[1]) end
return 1`),
  // KEYS: stock, stats (the deal's sale), orders, order ids by key, sequence
  // ARGV: dealId, key, quantity, price, position, worldId
  // -> { 'existing', order } | { 'sold_out' } | { 'new', order, remaining?, gmv?, orders?, version? }
  commit: script(`
local existing = redis.call('HGET', KEYS[4], ARGV[2])
if existing then return { 'existing', redis.call('HGET', KEYS[3], existing) } end
local q = tonumber(ARGV[3])
local remaining = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if remaining < q then return { 'sold_out' } end
local id = 'ord_' .. ARGV[6] .. '_' .. redis.call('INCR', KEYS[5])
local order = { orderId = id, idempotencyKey = ARGV[2], dealId = ARGV[1], quantity = q }
local result = { 'new' }
if tonumber(ARGV[5]) > 0 then
  order.status = 'queued'
  order.position = tonumber(ARGV[5])
else
  order.status = 'confirmed'
  remaining = redis.call('HINCRBY', KEYS[1], ARGV[1], -q)
  local gmv = redis.call('HINCRBY', KEYS[2], 'gmv', q * tonumber(ARGV[4]))
  local orders = redis.call('HINCRBY', KEYS[2], 'orders', 1)
  local version = redis.call('HINCRBY', KEYS[2], 'version', 1)
  result = { 'new', '', tostring(remaining), tostring(gmv), tostring(orders), tostring(version) }
end
local json = cjson.encode(order)
redis.call('HSET', KEYS[3], id, json)
redis.call('HSET', KEYS[4], ARGV[2], id)
result[2] = json
return result`),
  // KEYS: orders, stock, stats (the order's sale); ARGV: orderId, ended (0/1), price
  // -> { order, remaining?, gmv?, orders?, version? }
  poll: script(`
local json = redis.call('HGET', KEYS[1], ARGV[1])
if not json then return {} end
local o = cjson.decode(json)
if o.status ~= 'queued' then return { json } end
o.position = o.position - 1
local result = { '' }
if o.position <= 0 then
  o.position = nil
  local remaining = tonumber(redis.call('HGET', KEYS[2], o.dealId) or '0')
  if ARGV[2] == '1' then
    o.status = 'failed'
    o.error = 'ended'
  elseif remaining < o.quantity then
    o.status = 'failed'
    o.error = 'sold_out'
  else
    o.status = 'confirmed'
    remaining = redis.call('HINCRBY', KEYS[2], o.dealId, -o.quantity)
    local gmv = redis.call('HINCRBY', KEYS[3], 'gmv', o.quantity * tonumber(ARGV[3]))
    local orders = redis.call('HINCRBY', KEYS[3], 'orders', 1)
    local version = redis.call('HINCRBY', KEYS[3], 'version', 1)
    result = { '', tostring(remaining), tostring(gmv), tostring(orders), tostring(version) }
  end
end
json = cjson.encode(o)
redis.call('HSET', KEYS[1], ARGV[1], json)
result[1] = json
return result`),
};

/** The `Sold` report of a script's `remaining, gmv, orders, version` strings. */
const sold = ([remaining, gmv, orders, version]) =>
  remaining === undefined
    ? undefined
    : {
        remaining: Number(remaining),
        stats: { gmv: Number(gmv), orders: Number(orders), version: Number(version) },
      };

/**
 * Connects to Redis and returns a store on it.
 * @param {string} url `redis://host:port`
 */
export async function createRedisStore(url) {
  const client = createClient({
    url,
    // Redis restarting: try again every 100 ms; commands wait (up to 5 s) meanwhile.
    socket: { reconnectStrategy: () => 100, connectTimeout: 5000 },
    commandOptions: { timeout: 5000 },
  });
  client.on('error', () => {}); // reconnecting; a command that fails says why
  await client.connect();
  return new RedisStore(client);
}

export class RedisStore {
  /** Whether other processes see this state (they do). */
  shared = true;

  /** @param {import('redis').RedisClientType} client */
  constructor(client) {
    this.client = client;
  }

  /** A key of `world` (all of them on one Cluster slot). */
  key(world, name) {
    return `saleday:{${world.id}}:${name}`;
  }

  /**
   * Saves a new world for the other workers and sets up its stock and stats; `spec` `null`
   * (a world every worker builds itself, like the demo) keeps what Redis holds already.
   */
  async init(world, spec, at) {
    const fresh = spec !== null;
    const set = fresh ? 'HSET' : 'HSETNX';
    const commands = [];
    if (fresh) {
      const saved = JSON.stringify({ spec, at });
      commands.push(['SET', `saleday:world:${world.id}`, saved, 'EX', String(KEY_TTL_S)]);
    }
    for (const deal of world.deals.values()) {
      commands.push([set, this.key(world, 'stock'), deal.id, String(deal.stock.remaining)]);
      commands.push([set, this.key(world, 'total'), deal.id, String(deal.stock.total)]);
    }
    for (const [saleId, stats] of world.stats) {
      for (const field of ['gmv', 'orders', 'version']) {
        commands.push([set, this.key(world, `stats:${saleId}`), field, String(stats[field])]);
      }
    }
    await Promise.all(commands.map((c) => this.client.sendCommand(c)));
    await this.sync(world);
  }

  /** A world another worker saved: `{ spec, at }`, or `null`. */
  async loadWorld(id) {
    const saved = await this.client.get(`saleday:world:${id}`);
    return saved ? JSON.parse(saved) : null;
  }

  async takeToken(world) {
    const limit = world.rateLimit;
    if (!limit) return 0;
    return Number(
      await this.#run('token', [this.key(world, 'bucket')], [limit.perSecond, limit.burst]),
    );
  }

  async claim(world, key, fingerprint) {
    const [state, reply] = await this.#run(
      'claim',
      [this.key(world, `key:${key}`)],
      [fingerprint, LEASE_MS],
    );
    return state === 'done' ? { state, reply: JSON.parse(reply) } : { state };
  }

  async release(world, key) {
    await this.#run('release', [this.key(world, `key:${key}`)], []);
  }

  async remember(world, key, fingerprint, reply) {
    const args = [fingerprint, JSON.stringify(reply), KEY_TTL_S];
    await this.#run('remember', [this.key(world, `key:${key}`)], args);
  }

  async commit(world, deal, { key, quantity, position }) {
    const keys = ['stock', `stats:${deal.saleId}`, 'orders', 'order-keys', 'sequence'];
    const args = [deal.id, key, quantity, deal.price.amount, position, world.id];
    const [state, order, ...rest] = await this.#run(
      'commit',
      keys.map((name) => this.key(world, name)),
      args,
    );
    if (state === 'sold_out') return { soldOut: true };
    return { order: JSON.parse(order), sold: sold(rest) };
  }

  async poll(world, orderId, { ended }) {
    const json = await this.client.hGet(this.key(world, 'orders'), orderId);
    if (!json) return null;
    const found = JSON.parse(json);
    if (found.status !== 'queued') return { order: found };
    const deal = world.deals.get(found.dealId);
    const keys = ['orders', 'stock', `stats:${deal.saleId}`].map((name) => this.key(world, name));
    const args = [orderId, ended(found) ? 1 : 0, deal.price.amount];
    const [order, ...rest] = await this.#run('poll', keys, args);
    return { order: JSON.parse(order), sold: sold(rest) };
  }

  /** Reads the world's stock and stats from Redis into its deals and sales. */
  async sync(world) {
    const sales = [...world.stats.keys()];
    const [stock, total, ...stats] = await Promise.all([
      this.client.hGetAll(this.key(world, 'stock')),
      this.client.hGetAll(this.key(world, 'total')),
      ...sales.map((saleId) => this.client.hGetAll(this.key(world, `stats:${saleId}`))),
    ]);
    for (const deal of world.deals.values()) {
      if (stock[deal.id] !== undefined) deal.stock.remaining = Number(stock[deal.id]);
      if (total[deal.id] !== undefined) deal.stock.total = Number(total[deal.id]);
    }
    sales.forEach((saleId, i) => {
      const { gmv, orders, version } = stats[i];
      if (version === undefined) return;
      const local = world.stats.get(saleId);
      Object.assign(local, { gmv: Number(gmv), orders: Number(orders) });
      local.version = Math.max(local.version, Number(version));
    });
  }

  async setStock(world, deal, { total, remaining }) {
    await Promise.all([
      this.client.hSet(this.key(world, 'stock'), deal.id, String(remaining)),
      this.client.hSet(this.key(world, 'total'), deal.id, String(total)),
    ]);
  }

  async setStats(world, saleId, { gmv, orders }) {
    const key = this.key(world, `stats:${saleId}`);
    await this.client.hSet(key, { gmv: String(gmv), orders: String(orders) });
    const version = await this.client.hIncrBy(key, 'version', 1);
    return { gmv, orders, version };
  }

  async orders(world) {
    const all = await this.client.hVals(this.key(world, 'orders'));
    return all.map((json) => JSON.parse(json));
  }

  async close() {
    await this.client.close().catch(() => this.client.destroy());
  }

  /** Runs a script by its hash, loading it first when Redis does not have it (yet, or again). */
  async #run(name, keys, args) {
    const { lua, sha } = SCRIPTS[name];
    const rest = [String(keys.length), ...keys, ...args.map(String)];
    try {
      return await this.client.sendCommand(['EVALSHA', sha, ...rest]);
    } catch (err) {
      if (!String(err?.message).startsWith('NOSCRIPT')) throw err;
      return this.client.sendCommand(['EVAL', lua, ...rest]);
    }
  }
}
