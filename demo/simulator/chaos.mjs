/**
 * Chaos mode of a world (off by default): a share of the requests to its contract routes go
 * wrong the way they do on a sale day. Each request rolls, in this order:
 *
 * - `drop`: the server acts on the request (an order is placed), then destroys the connection
 *   without answering (a stream's connection is destroyed before it opens);
 * - `delay`: the server acts at once but holds the answer `delayMs` (past the client's timeout);
 * - `errors`: answered with one of `statuses` (500, 503, 429) and `Retry-After: retryAfter`,
 *   without acting;
 * - `malformed`: the server acts, then sends a broken body (cut JSON, an HTML page, `null`...);
 *   a stream sends its first event with broken JSON;
 * - `cutStreams` (streams only): the connection breaks in the middle of an event, after 0-2
 *   whole events.
 *
 * Queued faults (`/_sim/worlds/<id>/faults`) win over chaos; preflights and the demo pages
 * (`/checkout`, `/login`) are never touched. With a `seed` the sequence of rolls is the same
 * every run (which request gets which roll still depends on the order they arrive in).
 * @module
 */
import { Invalid } from './http.mjs';
import { isObject } from './validate.mjs';

const RATES = ['drop', 'delay', 'errors', 'malformed', 'cutStreams'];
const CONTRACT = /^\/(sales\/[^/]+(\/(deals|stats|stream))?|deals\/[^/]+|orders(\/[^/]+)?)$/;
const STREAM = /^\/sales\/[^/]+\/stream$/;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function need(ok, message) {
  if (!ok) throw new Invalid(`chaos: ${message}`);
}

/** A small, fast, seedable PRNG (mulberry32): numbers in [0, 1). */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Validates a chaos spec (`POST /_sim/worlds` `chaos`, or `POST /_sim/worlds/<id>/chaos`).
 * @param {unknown} raw `{ drop?, delay?, errors?, malformed?, cutStreams? }` shares from 0 to 1,
 *   `delayMs?` (3000), `retryAfter?` seconds (1), `statuses?` ([500, 503, 429]), `seed?`,
 *   `paths?` (exact paths or prefixes ending in `*`: only those), `methods?` (GET and POST)
 */
export function chaosSpec(raw) {
  need(isObject(raw), 'the spec must be an object.');
  const spec = {};
  for (const key of RATES) {
    const rate = raw[key] ?? 0;
    need(Number.isFinite(rate) && rate >= 0 && rate <= 1, `${key} must be a share from 0 to 1.`);
    spec[key] = rate;
  }
  const int = (key, fallback, max) => {
    const value = raw[key] ?? fallback;
    need(Number.isSafeInteger(value) && value >= 0 && value <= max, `${key} is invalid.`);
    return value;
  };
  spec.delayMs = int('delayMs', 3000, 60_000);
  spec.retryAfter = int('retryAfter', 1, 3600);
  spec.seed = int('seed', Math.floor(Math.random() * 2 ** 32), 2 ** 32 - 1);
  spec.statuses = raw.statuses ?? [500, 503, 429];
  need(
    Array.isArray(spec.statuses) &&
      spec.statuses.length > 0 &&
      spec.statuses.every((s) => Number.isSafeInteger(s) && s >= 400 && s <= 599),
    'statuses must be HTTP error statuses.',
  );
  for (const key of ['paths', 'methods']) {
    const list = raw[key];
    need(
      list === undefined ||
        (Array.isArray(list) && list.every((v) => typeof v === 'string' && v.length > 0)),
      `${key} must be an array of strings.`,
    );
  }
  spec.paths = raw.paths;
  spec.methods = (raw.methods ?? ['GET', 'POST']).map((m) => m.toUpperCase());
  return spec;
}

/** Breaks a JSON text in one of a few ways a proxy or a failing backend does. */
function mangle(text, roll) {
  const variants = [
    () => text.slice(0, Math.max(1, Math.floor(text.length * roll()))),
    () => '<!doctype html><title>502 Bad Gateway</title><h1>Bad Gateway</h1>',
    () => `${text}}{"serverTime":`,
    () => 'null',
    () => '',
    () => text.replace(/"/g, "'"),
  ];
  return variants[Math.floor(roll() * variants.length)]();
}

/**
 * Makes the chaos of one world.
 * @param {unknown} raw see {@link chaosSpec}
 * @param {{ counts: object }} [previous] the chaos it replaces (its counts carry over)
 */
export function createChaos(raw, previous) {
  const spec = chaosSpec(raw);
  const roll = random(spec.seed);
  const counts = previous?.counts ?? {
    seen: 0,
    dropped: 0,
    delayed: 0,
    errors: 0,
    malformed: 0,
    cut: 0,
  };
  const applies = (method, path) =>
    spec.methods.includes(method) &&
    CONTRACT.test(path) &&
    (!spec.paths ||
      spec.paths.some((p) => (p.endsWith('*') ? path.startsWith(p.slice(0, -1)) : path === p)));

  /** Rewrites the stream on `res`: `cut` after `after` whole events, or break the first event. */
  const tamper = (res, kind, after) => {
    const write = res.write.bind(res);
    let events = 0;
    res.write = (chunk, ...rest) => {
      if (typeof chunk !== 'string' || !chunk.startsWith('id:')) return write(chunk, ...rest);
      if (kind === 'malformed' && events++ === 0) {
        return write(chunk.replace(/^data: (.*)$/m, (_, data) => `data: ${mangle(data, roll)}`));
      }
      if (kind === 'cut' && events++ === after) {
        write(chunk.slice(0, Math.max(1, Math.floor(chunk.length * (0.2 + roll() * 0.6)))), () =>
          res.destroy(),
        );
        return false;
      }
      return write(chunk, ...rest);
    };
    return {};
  };

  return {
    spec,
    counts,
    /**
     * What chaos does to a request (`null`: nothing): a fault as the server applies queued ones,
     * plus `after(reply)`, which may hold or break the reply the server made.
     * @param {import('./world.mjs').World} world
     * @param {import('node:http').IncomingMessage} req
     * @param {import('node:http').ServerResponse} res
     * @param {string} path relative to the world's base
     */
    fault(world, req, res, path) {
      const method = req.method === 'HEAD' ? 'GET' : req.method;
      if (!applies(method, path)) return null;
      counts.seen++;
      const stream = STREAM.test(path);
      const hit = (rate) => rate > 0 && roll() < rate;
      const note = (kind, fault) => {
        counts[kind]++;
        const entry = world.log.at(-1);
        if (entry) entry.chaos = kind;
        return fault;
      };
      if (hit(spec.drop)) return note('dropped', stream ? { drop: true } : { dropAfterAct: true });
      if (hit(spec.delay)) {
        if (stream) return note('delayed', { delayMs: spec.delayMs });
        return note('delayed', {
          after: async (reply) => (await sleep(spec.delayMs), reply),
        });
      }
      if (hit(spec.errors)) {
        const status = spec.statuses[Math.floor(roll() * spec.statuses.length)];
        return note('errors', { status, retryAfter: spec.retryAfter });
      }
      if (hit(spec.malformed)) {
        if (stream) return note('malformed', tamper(res, 'malformed'));
        return note('malformed', {
          after: async (reply) => {
            if (reply.body === undefined || reply.status === 204 || reply.status === 304) {
              return reply;
            }
            const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
            return { ...reply, body: mangle(text, roll) };
          },
        });
      }
      if (stream && hit(spec.cutStreams)) {
        return note('cut', tamper(res, 'cut', Math.floor(roll() * 3)));
      }
      return null;
    },
    /** What the control API shows. */
    report() {
      return { chaos: spec, counts: { ...counts } };
    },
  };
}
