/**
 * The checks of the conformance kit, in the order they run. Each one proves one promise of the
 * HTTP contract (docs/api-contract.md) against a running server and answers PASS (with what it
 * saw), FAIL (what was expected, what came back, what to fix) or SKIP (why not checked).
 * @module
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { NetworkError } from './net.mjs';

/** A check that did not pass: what the contract expects, what came back, what to fix. */
export class CheckFailure extends Error {
  constructor(expected, got, fix) {
    super(`expected ${expected}; got ${got}`);
    Object.assign(this, { expected, got, fix });
  }
}
const fail = (expected, got, fix) => {
  throw new CheckFailure(expected, got, fix);
};
/** A check that could not run: why. */
const skip = (why) => ({ skip: why });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const short = (text, max = 160) => (text.length > max ? `${text.slice(0, max)}...` : text);
/** One answer in a line: `404 {"error":"not_found",...}`. */
const show = (answer) => `${answer.status} ${short(answer.text || '(no body)')}`.trim();
const key = () => `conformance-${randomUUID()}`;
const list = (header) =>
  (header ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
/** Seconds of a `Retry-After` (delta seconds or an HTTP date), or undefined. */
const retryAfterSeconds = (value) => {
  if (value === null || value === undefined || value === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - Date.now()) / 1000);
};
/** The first place two JSON values differ, as `path: a -> b`. */
function difference(a, b, path = 'body') {
  if (isDeepStrictEqual(a, b)) return null;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const found = difference(a[k], b[k], `${path}.${k}`);
      if (found) return found;
    }
  }
  return `${path}: ${JSON.stringify(a)} -> ${JSON.stringify(b)}`;
}

/**
 * Fails unless `answer` has one of `statuses` and a body the contract allows for it.
 * @param {object} ctx
 * @param {string} operationId
 * @param {import('./net.mjs').Answer} answer
 * @param {number[]} statuses
 * @param {string} what the request, e.g. `GET /sales/sale-1`
 * @param {string} fix
 */
function conforms(ctx, operationId, answer, statuses, what, fix) {
  if (!statuses.includes(answer.status)) {
    fail(`${what} to answer ${statuses.join(' or ')}`, show(answer), fix);
  }
  if (answer.status === 204 || answer.status === 304) return;
  if (!answer.isJson) {
    fail(`${what}: a JSON body`, show(answer), 'answer JSON (application/json; charset=utf-8)');
  }
  const problem = ctx.spec.problem(operationId, answer.status, answer.json);
  if (problem) {
    fail(
      `${what}: a ${answer.status} body valid against docs/openapi.yaml (${operationId})`,
      problem,
      'make the body match the schema: the field named above',
    );
  }
}

/** Fails unless `answer` is a contract error with `status` and `code`. */
function isError(ctx, operationId, answer, status, code, what, fix) {
  conforms(ctx, operationId, answer, [status], what, fix);
  if (answer.json.error !== code) {
    fail(`${what}: error "${code}"`, `error "${answer.json.error}"`, fix);
  }
}

const path = (...parts) => `/${parts.map(encodeURIComponent).join('/')}`;

/**
 * Fails unless a sale's or deal's times keep the rules the schema cannot say (the widgets reject
 * the body otherwise, as invalid_response): each period ends after it starts, windows in time
 * order without overlap, and a sale's own times span its windows.
 */
function keepsTimeRules(what, body) {
  const fix = 'fix the times (api-contract.md, GET /sales/{saleId}): the widgets reject this body';
  const at = (time) => Date.parse(time);
  if (body.startsAt && !(at(body.endsAt) > at(body.startsAt))) {
    fail(`${what}: endsAt after startsAt`, `${body.startsAt} to ${body.endsAt}`, fix);
  }
  const windows = body.windows ?? [];
  windows.forEach((w, i) => {
    if (!(at(w.endsAt) > at(w.startsAt))) {
      fail(`${what}: windows[${i}] ending after it starts`, `${w.startsAt} to ${w.endsAt}`, fix);
    }
    if (i && at(w.startsAt) < at(windows[i - 1].endsAt)) {
      const got = `starts ${w.startsAt}, before windows[${i - 1}] ends (${windows[i - 1].endsAt})`;
      fail(`${what}: windows[${i}] after the previous window`, got, fix);
    }
  });
  if (body.startsAt && windows.length) {
    const first = at(windows[0].startsAt);
    const last = at(windows.at(-1).endsAt);
    if (first !== at(body.startsAt) || last !== at(body.endsAt)) {
      const got = `${body.startsAt} to ${body.endsAt}, windows ${windows[0].startsAt} to ${windows.at(-1).endsAt}`;
      fail(`${what}: startsAt and endsAt of the first and last window`, got, fix);
    }
  }
}
const orderHeaders = (idempotencyKey) => ({
  'Content-Type': 'application/json',
  'Idempotency-Key': idempotencyKey,
});
const NEEDS_DESTRUCTIVE = 'places orders: run with --destructive (against a test sale) to check it';

/** @type {{ id: string, title: string, run: (ctx: object) => Promise<string | { skip: string }> }[]} */
export const CHECKS = [
  {
    id: 'sale',
    title: 'GET /sales/{saleId}',
    async run(ctx) {
      const what = `GET /sales/${ctx.sale}`;
      const answer = await ctx.http.request('GET', path('sales', ctx.sale));
      conforms(
        ctx,
        'getSale',
        answer,
        [200],
        what,
        'serve the sale there (is --api the base URL, without /sales?)',
      );
      if (answer.json.id !== ctx.sale)
        fail(`${what}: id "${ctx.sale}"`, `id "${answer.json.id}"`, 'answer the sale asked for');
      keepsTimeRules(what, answer.json);
      ctx.saleBody = answer.json;
      return `200, a valid Sale (${answer.json.currency}, ${answer.json.startsAt} to ${answer.json.endsAt})`;
    },
  },
  {
    id: 'deals',
    title: 'GET /sales/{saleId}/deals',
    async run(ctx) {
      const what = `GET /sales/${ctx.sale}/deals`;
      const answer = await ctx.http.request('GET', `${path('sales', ctx.sale)}/deals`);
      conforms(ctx, 'getDeals', answer, [200], what, "serve the list of the sale's deals there");
      const { deals } = answer.json;
      const other = deals.find((d) => d.saleId !== ctx.sale);
      if (other)
        fail(
          `${what}: only deals with saleId "${ctx.sale}"`,
          `deal "${other.id}" of "${other.saleId}"`,
          'list only the deals of this sale',
        );
      if (!deals.some((d) => d.id === ctx.deal)) {
        fail(
          `${what}: the deal "${ctx.deal}" (--deal) in the list`,
          deals.map((d) => d.id).join(', ') || 'no deals',
          'pass a deal of this sale with --deal, or list it',
        );
      }
      ctx.deals = deals;
      return `200, ${deals.length} valid deals`;
    },
  },
  {
    id: 'deal',
    title: 'GET /deals/{dealId}',
    async run(ctx) {
      const what = `GET /deals/${ctx.deal}`;
      const answer = await ctx.http.request('GET', path('deals', ctx.deal));
      conforms(ctx, 'getDeal', answer, [200], what, 'serve the deal there, with serverTime');
      if (answer.json.saleId !== ctx.sale)
        fail(
          `${what}: saleId "${ctx.sale}"`,
          `saleId "${answer.json.saleId}"`,
          'pass a deal of the sale with --deal',
        );
      keepsTimeRules(what, answer.json);
      const { stock } = answer.json;
      if (stock.remaining > stock.total) {
        fail(
          `${what}: stock.remaining at most stock.total`,
          JSON.stringify(stock),
          'never report more left than there was',
        );
      }
      ctx.dealBody = answer.json;
      return `200, a valid Deal (stock ${answer.json.stock.remaining}/${answer.json.stock.total})`;
    },
  },
  {
    id: 'not-found',
    title: '404 not_found for an unknown sale, deal or order',
    async run(ctx) {
      const missing = `saleday-conformance-missing-${randomUUID().slice(0, 8)}`;
      const cases = [
        ['getSale', path('sales', missing)],
        ['getDeals', `${path('sales', missing)}/deals`],
        ['getStats', `${path('sales', missing)}/stats`],
        ['getDeal', path('deals', missing)],
        ['getOrder', path('orders', missing)],
      ];
      for (const [operationId, url] of cases) {
        const answer = await ctx.http.request('GET', url);
        isError(
          ctx,
          operationId,
          answer,
          404,
          'not_found',
          `GET ${url}`,
          'answer 404 with { error: "not_found", message, serverTime }',
        );
      }
      return `${cases.length} unknown resources: 404 { error: "not_found", message, serverTime }`;
    },
  },
  {
    id: 'bad-request',
    title: '400 invalid_request for a broken order request',
    async run(ctx) {
      const body = JSON.stringify({ dealId: ctx.deal, quantity: 1 });
      const noKey = await ctx.http.request('POST', '/orders', {
        headers: { 'Content-Type': 'application/json' },
        body,
      });
      isError(
        ctx,
        'placeOrder',
        noKey,
        400,
        'invalid_request',
        'POST /orders without Idempotency-Key',
        'refuse an order without a valid Idempotency-Key (400 invalid_request) before anything else',
      );
      const notJson = await ctx.http.request('POST', '/orders', {
        headers: orderHeaders(key()),
        body: '{"dealId":',
      });
      isError(
        ctx,
        'placeOrder',
        notJson,
        400,
        'invalid_request',
        'POST /orders with a body that is not JSON',
        'answer 400 invalid_request to a body that is not a JSON object',
      );
      return 'no Idempotency-Key and a body that is not JSON: 400 invalid_request (no order placed)';
    },
  },
  {
    id: 'stats',
    title: 'GET /sales/{saleId}/stats and its headers',
    async run(ctx) {
      const what = `GET /sales/${ctx.sale}/stats`;
      const answer = await ctx.http.request('GET', `${path('sales', ctx.sale)}/stats`);
      conforms(ctx, 'getStats', answer, [200], what, 'serve the stats there');
      const etag = answer.headers.get('ETag');
      if (!etag || !/^"[^"]*"$/.test(etag))
        fail(
          `${what}: a strong ETag ("...")`,
          etag ? `ETag ${etag}` : 'no ETag',
          'send a strong ETag (quoted, no W/) that changes whenever gmv or orders change',
        );
      const interval = answer.headers.get('Saleday-Poll-Interval');
      if (!/^\d+$/.test(interval ?? ''))
        fail(
          `${what}: Saleday-Poll-Interval in milliseconds`,
          interval === null ? 'none' : `"${interval}"`,
          'send Saleday-Poll-Interval: 1000 (or the interval clients should poll at)',
        );
      const currency = ctx.saleBody?.currency;
      if (currency && answer.json.gmv.currency !== currency)
        fail(
          `${what}: gmv in the sale's currency ${currency}`,
          answer.json.gmv.currency,
          "count gmv in the sale's currency",
        );
      ctx.stats = answer;
      return `200, valid Stats, ETag ${etag}, poll interval ${interval} ms`;
    },
  },
  {
    id: 'stats-etag',
    title: 'A stable ETag and 304 Not Modified on the stats',
    async run(ctx) {
      if (!ctx.stats) return skip('needs the stats check to pass');
      const url = `${path('sales', ctx.sale)}/stats`;
      const same = (a, b) =>
        a.json.gmv.amount === b.json.gmv.amount && a.json.orders === b.json.orders;
      // A live sale may sell in between: try a few times to catch two answers with the same stats.
      for (let attempt = 0; attempt < 4; attempt++) {
        const first = attempt ? await ctx.http.request('GET', url) : ctx.stats;
        const second = await ctx.http.request('GET', url);
        conforms(ctx, 'getStats', second, [200], `GET ${url}`, 'serve the stats');
        if (!same(first, second)) continue;
        const etag = first.headers.get('ETag');
        if (second.headers.get('ETag') !== etag) {
          fail(
            'the same ETag for the same stats',
            `ETag ${etag}, then ${second.headers.get('ETag')} with gmv and orders unchanged`,
            'derive the ETag from the stats (a version, or gmv and orders), never from the time or a random value: else every poll is a full answer and a CDN cannot help',
          );
        }
        const revalidated = await ctx.http.request('GET', url, {
          headers: { 'If-None-Match': etag },
        });
        if (revalidated.status === 200 && !same(second, revalidated)) continue;
        if (revalidated.status !== 304) {
          fail(
            `If-None-Match: ${etag} to answer 304 Not Modified`,
            show(revalidated),
            'compare If-None-Match with the current ETag and answer 304 with no body when it matches',
          );
        }
        if (revalidated.text)
          fail('304 with no body', short(revalidated.text), 'send no body with 304');
        if (revalidated.headers.get('ETag') !== etag)
          fail(
            `304 with ETag ${etag}`,
            `ETag ${revalidated.headers.get('ETag')}`,
            'send the ETag with 304 too',
          );
        ctx.notModified = revalidated;
        return `ETag ${etag} stable while the stats did not change; If-None-Match: 304 with no body`;
      }
      return skip(
        'the stats changed on every request (a busy live sale): run it again when it is calmer',
      );
    },
  },
  {
    id: 'cache-control',
    title: 'Cache-Control: max-age=1 on the stats',
    async run(ctx) {
      if (!ctx.stats) return skip('needs the stats check to pass');
      const answers = [['200', ctx.stats], ...(ctx.notModified ? [['304', ctx.notModified]] : [])];
      for (const [status, answer] of answers) {
        const value = answer.headers.get('Cache-Control');
        const directives = list(value);
        const bad = directives.filter((d) => ['no-store', 'no-cache', 'private'].includes(d));
        if (!directives.includes('max-age=1') || bad.length) {
          fail(
            `Cache-Control: max-age=1 on the stats (${status})`,
            value === null ? 'no Cache-Control' : `Cache-Control: ${value}`,
            'send Cache-Control: max-age=1 so a CDN serves one origin request per second to the whole audience',
          );
        }
      }
      return `Cache-Control: max-age=1 on ${answers.map(([s]) => s).join(' and ')}`;
    },
  },
  {
    id: 'cors',
    title: 'CORS headers on answers',
    async run(ctx) {
      if (!ctx.stats) return skip('needs the stats check to pass');
      const headers = ctx.stats.headers;
      const allowOrigin = headers.get('Access-Control-Allow-Origin');
      if (allowOrigin !== ctx.origin) {
        fail(
          `Access-Control-Allow-Origin: ${ctx.origin} (the request's Origin, reflected)`,
          allowOrigin === null ? 'none' : allowOrigin,
          `allow the shop's origin (--origin ${ctx.origin}) and reflect it; never "*", so credentials work`,
        );
      }
      if (!list(headers.get('Vary')).includes('origin'))
        fail(
          'Vary: Origin',
          `Vary: ${headers.get('Vary')}`,
          'add Vary: Origin so caches keep one answer per origin',
        );
      const exposed = list(headers.get('Access-Control-Expose-Headers'));
      const missing = ['etag', 'retry-after', 'saleday-poll-interval'].filter(
        (h) => !exposed.includes(h),
      );
      if (missing.length)
        fail(
          'Access-Control-Expose-Headers: ETag, Retry-After, Saleday-Poll-Interval',
          `Access-Control-Expose-Headers: ${headers.get('Access-Control-Expose-Headers') ?? '(none)'}`,
          `expose ${missing.join(', ')}: else the browser hides them from the widgets`,
        );
      return `Origin ${ctx.origin} reflected, Vary: Origin, ETag, Retry-After and Saleday-Poll-Interval exposed`;
    },
  },
  {
    id: 'cors-preflight',
    title: 'CORS preflights for the headers the SDK sends',
    async run(ctx) {
      // The SDK's POST /orders sends Content-Type and Idempotency-Key, and Authorization (on
      // every request) when the page gives one; its GETs are simple requests otherwise.
      const cases = [
        ['POST', '/orders', ['content-type', 'idempotency-key', 'authorization']],
        ['GET', `${path('sales', ctx.sale)}/stats`, ['authorization']],
      ];
      for (const [method, url, requested] of cases) {
        const answer = await ctx.http.request('OPTIONS', url, {
          headers: {
            'Access-Control-Request-Method': method,
            'Access-Control-Request-Headers': requested.join(', '),
          },
        });
        const what = `OPTIONS ${url} (Access-Control-Request-Headers: ${requested.join(', ')})`;
        if (answer.status < 200 || answer.status > 299)
          fail(
            `${what}: 204`,
            show(answer),
            'answer preflights (OPTIONS) with 204 and the CORS headers, before any authentication',
          );
        const allowOrigin = answer.headers.get('Access-Control-Allow-Origin');
        if (allowOrigin !== ctx.origin)
          fail(
            `${what}: Access-Control-Allow-Origin: ${ctx.origin}`,
            allowOrigin ?? 'none',
            'reflect the allowed origin on preflights too',
          );
        if (
          !list(answer.headers.get('Access-Control-Allow-Methods')).includes(method.toLowerCase())
        ) {
          fail(
            `${what}: Access-Control-Allow-Methods with ${method}`,
            `Access-Control-Allow-Methods: ${answer.headers.get('Access-Control-Allow-Methods') ?? '(none)'}`,
            'allow GET, POST',
          );
        }
        const allowed = list(answer.headers.get('Access-Control-Allow-Headers'));
        const missing = requested.filter((h) => !allowed.includes(h));
        if (missing.length) {
          fail(
            `${what}: Access-Control-Allow-Headers with ${requested.join(', ')}`,
            `Access-Control-Allow-Headers: ${answer.headers.get('Access-Control-Allow-Headers') ?? '(none)'}`,
            `allow ${missing.join(', ')} (the contract: Content-Type, Idempotency-Key, If-None-Match, Last-Event-ID, Authorization); without it the browser never sends the request`,
          );
        }
      }
      return `preflights of POST /orders and GET stats allow Content-Type, Idempotency-Key, Authorization for ${ctx.origin}`;
    },
  },
  {
    id: 'stream',
    title: 'The event stream: format, ids, snapshot',
    async run(ctx) {
      const url = `${path('sales', ctx.sale)}/stream`;
      const stream = await ctx.http.stream(url);
      if (stream.status === 404)
        return skip(
          'no stream (404): the widgets poll the stats instead, which the contract allows',
        );
      if (stream.status === 204)
        fail(
          `GET ${url}: 200 (the sale has not ended)`,
          '204 No Content',
          'pass a sale that has not ended with --sale (an ended one with --ended-sale)',
        );
      if (stream.status !== 200)
        fail(
          `GET ${url}: 200 text/event-stream`,
          `${stream.status}`,
          'serve the stream, or 404 when there is none',
        );
      ctx.liveStream = stream;
      const type = stream.headers.get('Content-Type') ?? '';
      if (!type.startsWith('text/event-stream'))
        fail(
          'Content-Type: text/event-stream',
          `Content-Type: ${type}`,
          'send Content-Type: text/event-stream',
        );
      if (!(await stream.waitFor(1, ctx.timeout))) {
        fail(
          'a first event (the stats snapshot) at once',
          stream.ended ? 'the stream closed without an event' : `nothing within ${ctx.timeout} ms`,
          'start every fresh stream with a stats event; disable proxy buffering (X-Accel-Buffering: no)',
        );
      }
      // Comments may come first (an nchan edge sends `: hi`); the retry field must precede events.
      if (!/^\d+$/.test(stream.retry ?? '')) {
        fail(
          'a retry: line (retry: 2000) before the first event',
          stream.retry === undefined ? 'none' : `retry: ${stream.retry}`,
          'start the stream with retry: 2000, so browsers reconnect after 2 s',
        );
      }
      const [first] = stream.events;
      if (first.event !== 'stats')
        fail(
          'the first event of a fresh stream: stats (the snapshot)',
          `event "${first.event}"`,
          'send the current stats first',
        );
      const problem = eventProblem(ctx, first);
      if (problem) fail(...problem);
      ctx.snapshotId = first.id;
      return `200 text/event-stream, retry, a valid stats snapshot with id ${first.id}`;
    },
  },
  {
    id: 'stream-ended',
    title: 'The stream of an ended sale answers 204',
    async run(ctx) {
      if (!ctx.endedSale)
        return skip(
          'pass --ended-sale ID (a sale that has ended) to check that its stream answers 204',
        );
      const url = `${path('sales', ctx.endedSale)}/stream`;
      const stream = await ctx.http.stream(url);
      stream.close();
      if (stream.status === 404) return skip('no stream (404)');
      if (stream.status !== 204)
        fail(
          `GET ${url}: 204 No Content`,
          `${stream.status}`,
          'answer 204 on the stream of an ended sale: it tells EventSource to stop reconnecting (else every open page reconnects forever)',
        );
      return '204 No Content (EventSource stops reconnecting)';
    },
  },
  {
    id: 'order',
    title: 'POST /orders places an order',
    destructive: true,
    async run(ctx) {
      const idempotencyKey = key();
      const body = JSON.stringify({ dealId: ctx.deal, quantity: 1 });
      const answer = await ctx.http.request('POST', '/orders', {
        headers: orderHeaders(idempotencyKey),
        body,
      });
      conforms(
        ctx,
        'placeOrder',
        answer,
        [201, 202],
        `POST /orders { dealId: "${ctx.deal}", quantity: 1 }`,
        'pass a deal that is on sale now with stock left (--deal; --authorization when it needs a buyer), or fix the order endpoint',
      );
      const expected = answer.status === 201 ? 'confirmed' : 'queued';
      if (answer.json.status !== expected)
        fail(
          `${answer.status} with status "${expected}"`,
          `status "${answer.json.status}"`,
          '201 is confirmed, 202 is queued',
        );
      if (
        answer.status === 202 &&
        (answer.json.position === undefined || answer.json.retryAfter === undefined)
      ) {
        fail(
          '202 queued with position and retryAfter',
          short(answer.text),
          'tell a queued buyer their place and when to poll',
        );
      }
      ctx.order = { idempotencyKey, body, answer };
      return `${answer.status} ${answer.json.status}, order ${answer.json.orderId}`;
    },
  },
  {
    id: 'idempotent-replay',
    title: 'Same Idempotency-Key, same body: the same answer',
    destructive: true,
    async run(ctx) {
      if (!ctx.order) return skip('needs the order check to pass');
      const { idempotencyKey, body, answer: first } = ctx.order;
      const replay = await ctx.http.request('POST', '/orders', {
        headers: orderHeaders(idempotencyKey),
        body,
      });
      if (replay.status !== first.status || !isDeepStrictEqual(replay.json, first.json)) {
        const diff =
          replay.status === first.status
            ? difference(first.json, replay.json)
            : `status ${first.status} -> ${replay.status}`;
        fail(
          'the same status and body as the first answer',
          `${diff} (${show(replay)})`,
          'store the first 201/202 answer under the Idempotency-Key and send it back as it was; never place a second order (the widgets retry after timeouts, so a buyer would pay twice)',
        );
      }
      return `replay: the same ${replay.status} and body (order ${replay.json.orderId})`;
    },
  },
  {
    id: 'key-reuse',
    title: 'Same Idempotency-Key, another body: 422',
    destructive: true,
    async run(ctx) {
      if (!ctx.order) return skip('needs the order check to pass');
      const other = (ctx.deals ?? []).find((d) => d.id !== ctx.deal);
      const body =
        other && (ctx.dealBody?.maxPerOrder ?? 1) < 2
          ? { dealId: other.id, quantity: 1 }
          : { dealId: ctx.deal, quantity: 2 };
      const answer = await ctx.http.request('POST', '/orders', {
        headers: orderHeaders(ctx.order.idempotencyKey),
        body: JSON.stringify(body),
      });
      isError(
        ctx,
        'placeOrder',
        answer,
        422,
        'idempotency_key_reused',
        `POST /orders with the first order's key and ${JSON.stringify(body)}`,
        'compare the body with the one stored under the key and answer 422 idempotency_key_reused when it differs, before anything else',
      );
      return '422 idempotency_key_reused';
    },
  },
  {
    id: 'waiting-room',
    title: 'Polling a queued order through the waiting room',
    destructive: true,
    async run(ctx) {
      if (!ctx.order) return skip('needs the order check to pass');
      const first = ctx.order.answer.json;
      if (ctx.order.answer.status === 201)
        return skip('the order was confirmed at once (201): no waiting room to poll');
      let order = first;
      const url = path('orders', first.orderId);
      const steps = [];
      const deadline = Date.now() + Math.max(60_000, ctx.timeout * 3);
      for (let poll = 0; order.status === 'queued'; poll++) {
        if (poll >= 30 || Date.now() > deadline) {
          fail(
            'the order confirmed or failed within 30 polls / 60 s',
            `still queued at position ${order.position} after ${poll} polls`,
            'move queued orders forward and finish them',
          );
        }
        await sleep(Math.min(order.retryAfter ?? 1, 10) * 1000);
        const answer = await ctx.http.request('GET', url);
        conforms(ctx, 'getOrder', answer, [200], `GET ${url}`, 'answer where the order stands');
        if (answer.json.orderId !== first.orderId)
          fail(`orderId ${first.orderId}`, answer.json.orderId, 'answer the order asked for');
        if (
          answer.json.status === 'queued' &&
          (answer.json.position === undefined || answer.json.retryAfter === undefined)
        ) {
          fail(
            'a queued order with position and retryAfter',
            short(answer.text),
            'tell the buyer their place and when to poll again',
          );
        }
        if (answer.json.status === 'failed' && !answer.json.error)
          fail(
            'a failed order with its error code',
            short(answer.text),
            'say why (sold_out, ended)',
          );
        order = answer.json;
        steps.push(order.status === 'queued' ? `queued #${order.position}` : order.status);
      }
      ctx.orderDone = order;
      return `queued #${first.position}, ${steps.join(', ')} (waiting retryAfter between polls)`;
    },
  },
  {
    id: 'concurrent-key',
    title: 'Concurrent requests with one Idempotency-Key: one order',
    destructive: true,
    async run(ctx) {
      const idempotencyKey = key();
      const body = JSON.stringify({ dealId: ctx.deal, quantity: 1 });
      const answers = await Promise.all(
        Array.from({ length: 5 }, () =>
          ctx.http.request(
            'POST',
            '/orders',
            { headers: orderHeaders(idempotencyKey), body },
            { retry: false },
          ),
        ),
      );
      const placed = answers.filter((a) => a.status === 201 || a.status === 202);
      for (const answer of answers) {
        if (answer.status === 409 && answer.json?.error === 'request_in_progress') {
          conforms(
            ctx,
            'placeOrder',
            answer,
            [409],
            'POST /orders (a concurrent one)',
            'a body valid as an Error',
          );
          continue;
        }
        conforms(
          ctx,
          'placeOrder',
          answer,
          [201, 202],
          '5 concurrent POST /orders with one key',
          'serialize requests with one key: the first places the order, the others wait for it and replay its answer, or get 409 request_in_progress',
        );
      }
      if (!placed.length)
        fail(
          'at least one 201 or 202',
          answers.map((a) => a.status).join(', '),
          'let one of the concurrent requests place the order',
        );
      const ids = [...new Set(placed.map((a) => a.json.orderId))];
      if (ids.length > 1 || placed.some((a) => !isDeepStrictEqual(a.json, placed[0].json))) {
        fail(
          'one order: every 201/202 the same body',
          `orders ${ids.join(', ')}${ids.length === 1 ? ' with different bodies' : ''}`,
          'take a lock on the key (or insert it atomically) before placing the order, so concurrent retries cannot place two',
        );
      }
      const waiting = answers.length - placed.length;
      return `5 at once: one order (${ids[0]}), ${placed.length} × ${placed[0].status} with one body${waiting ? `, ${waiting} × 409 request_in_progress` : ''}`;
    },
  },
  {
    id: 'stream-resume',
    title: 'Resuming the stream from Last-Event-ID and ?lastEventId=',
    async run(ctx) {
      const live = ctx.liveStream;
      if (!live || ctx.snapshotId === undefined) return skip('needs the stream check to pass');
      // Events after the snapshot: a live sale makes them; so do the orders of --destructive.
      await live.waitFor(2, ctx.destructive ? ctx.timeout : Math.min(ctx.timeout, 5000));
      const after = live.events.slice(1);
      if (!after.length) {
        const cause = ctx.destructive
          ? 'no order of the run was confirmed, so nothing changed'
          : 'nothing changed: run it during a live sale, or with --destructive to cause some';
        return skip(`no event after the snapshot during the run (${cause})`);
      }
      // Ids are opaque to clients; where they are numbers, they must increase.
      const number = (id) => (/^\d+$/.test(id) ? Number(id) : NaN);
      let previous = number(ctx.snapshotId);
      for (const event of after) {
        const problem = eventProblem(ctx, event);
        if (problem) fail(...problem);
        if (number(event.id) <= previous) {
          fail(
            `ids that increase (after ${previous})`,
            `event ${event.event} with id ${event.id}`,
            "number events in the order they happen, over the stream's whole life",
          );
        }
        previous = number(event.id);
      }
      const ids = after.map((e) => e.id);
      const last = ctx.snapshotId;
      const url = `${path('sales', ctx.sale)}/stream`;
      for (const [how, open] of [
        [`Last-Event-ID: ${last}`, () => ctx.http.stream(url, { 'Last-Event-ID': last })],
        [
          `?lastEventId=${last}`,
          () => ctx.http.stream(`${url}?lastEventId=${encodeURIComponent(last)}`),
        ],
      ]) {
        const resumed = await open();
        try {
          if (resumed.status !== 200)
            fail(`GET ${url} with ${how}: 200`, `${resumed.status}`, 'accept reconnections');
          await resumed.waitFor(ids.length, ctx.timeout);
          const got = resumed.events.slice(0, ids.length);
          const gotIds = got.map((e) => `${e.event} ${e.id}`);
          const wanted = after.map((e) => `${e.event} ${e.id}`);
          if (!isDeepStrictEqual(gotIds, wanted)) {
            fail(
              `with ${how}: the missed events first (${wanted.join(', ')})`,
              gotIds.join(', ') || 'no event',
              'keep recent events (a ring buffer) and replay those after the given id, in order, before going live; read both the Last-Event-ID header and ?lastEventId= (EventSource cannot set headers across origins)',
            );
          }
        } finally {
          resumed.close();
        }
      }
      const kinds = new Map();
      for (const { event } of after) kinds.set(event, (kinds.get(event) ?? 0) + 1);
      const tally = [...kinds].map(([name, n]) => `${n} ${name}`).join(', ');
      return `${ids.length} missed events (${tally}) replayed in order after Last-Event-ID and ?lastEventId=`;
    },
  },
  {
    id: 'money',
    title: 'Money in integer minor units with ISO 4217 codes',
    async run(ctx) {
      const codes = new Set(Intl.supportedValuesOf('currency'));
      const amounts = [];
      if (ctx.saleBody)
        amounts.push(['sale.currency', { amount: 0, currency: ctx.saleBody.currency }]);
      for (const deal of ctx.deals ?? []) {
        amounts.push(
          [`deal ${deal.id} price`, deal.price],
          [`deal ${deal.id} listPrice`, deal.listPrice],
        );
        if (deal.price.currency !== deal.listPrice.currency)
          fail(
            `deal ${deal.id}: price and listPrice in one currency`,
            `${deal.price.currency} and ${deal.listPrice.currency}`,
            "give both in the deal's currency",
          );
      }
      if (ctx.stats) amounts.push(['stats gmv', ctx.stats.json.gmv]);
      if (!amounts.length) return skip('needs the sale, deals or stats checks to pass');
      for (const [where, money] of amounts) {
        if (!Number.isSafeInteger(money.amount))
          fail(
            `${where}: an integer amount in minor units`,
            JSON.stringify(money),
            'send integer minor units (1999 for $19.99), never a float or a string',
          );
        if (!codes.has(money.currency))
          fail(
            `${where}: an ISO 4217 currency code`,
            JSON.stringify(money.currency),
            'send a currency code such as USD, JPY, KWD',
          );
      }
      return `${amounts.length} amounts: integers with ISO 4217 codes (${[...new Set(amounts.map(([, m]) => m.currency))].join(', ')})`;
    },
  },
  {
    id: 'server-time',
    title: "serverTime on every JSON body, on the server's clock",
    async run(ctx) {
      const bodies = ctx.http.seen.filter(
        (a) => a.isJson && a.json && typeof a.json === 'object' && a.status !== 204,
      );
      if (!bodies.length) return skip('no JSON answer seen');
      let worst = 0;
      for (const answer of bodies) {
        const { serverTime } = answer.json;
        if (!Number.isSafeInteger(serverTime))
          fail(
            `serverTime (epoch ms, integer) in the answer to ${answer.method} ${answer.path}`,
            show(answer),
            'add serverTime: Date.now() on the server to every JSON body, errors included',
          );
        // Against this machine's clock: a body is made between the request and the answer.
        const off =
          serverTime < answer.sentAt
            ? serverTime - answer.sentAt
            : Math.max(0, serverTime - answer.receivedAt);
        if (Math.abs(off) > Math.abs(worst)) worst = off;
      }
      if (Math.abs(worst) > 300_000) {
        fail(
          "serverTime within 5 minutes of this machine's clock",
          `${Math.round(worst / 1000)} s off`,
          "sync the server's clock (NTP), or this machine's, and send epoch milliseconds (not seconds)",
        );
      }
      return `${bodies.length} JSON answers carry serverTime (within ${Math.abs(worst)} ms of this machine's clock)`;
    },
  },
  {
    id: 'rate-limit',
    title: '429 rate_limited with Retry-After',
    async run(ctx) {
      if (!ctx.burst) return skip('--burst 0');
      // A bounded burst of orders for a deal that does not exist: no order is ever placed.
      const body = JSON.stringify({
        dealId: `saleday-conformance-no-such-deal-${randomUUID().slice(0, 8)}`,
        quantity: 1,
      });
      const answers = [];
      for (let sent = 0; sent < ctx.burst; sent += 10) {
        const batch = Array.from({ length: Math.min(10, ctx.burst - sent) }, () =>
          ctx.http.request(
            'POST',
            '/orders',
            { headers: orderHeaders(key()), body },
            { retry: false },
          ),
        );
        answers.push(...(await Promise.all(batch)));
      }
      const limited = ctx.http.seen.filter((a) => a.status === 429 || a.status === 503);
      for (const answer of limited) {
        const retryAfter = answer.headers.get('Retry-After');
        if (retryAfterSeconds(retryAfter) === undefined) {
          fail(
            `${answer.status} with Retry-After (seconds)`,
            `${answer.status} on ${answer.method} ${answer.path} with ${retryAfter === null ? 'no Retry-After' : `Retry-After: ${retryAfter}`}`,
            'send Retry-After with every 429 and 503: the widgets wait that long, else a crowd retries in step',
          );
        }
        const code = answer.status === 429 ? 'rate_limited' : 'unavailable';
        if (
          !answer.isJson ||
          answer.json?.error !== code ||
          ctx.spec.schemaProblem('Error', answer.json)
        ) {
          fail(
            `${answer.status} with an Error body { error: "${code}", message, serverTime }`,
            show(answer),
            "answer rate limits with the contract's error body",
          );
        }
      }
      const in429 = answers.filter((a) => a.status === 429).length;
      if (!in429) {
        return skip(
          `no 429 in a burst of ${ctx.burst} POST /orders (each answered ${[...new Set(answers.map((a) => a.status))].join('/')}): if you rate limit, say so with 429 and Retry-After`,
        );
      }
      return `${in429} of ${ctx.burst} burst requests got 429 rate_limited; every 429/503 of the run carried Retry-After`;
    },
  },
];

/** What is wrong with one stream event, as `[expected, got, fix]`, or null. */
function eventProblem(ctx, event) {
  const schemas = ctx.spec.streamEvents();
  if (!event.id) {
    return [
      `event "${event.event}" with an id: line`,
      event.hasId ? 'an empty id:' : 'no id: line',
      'give every event an increasing id: (clients resume from it with Last-Event-ID)',
    ];
  }
  const validate = schemas[event.event];
  if (!validate)
    return [
      `an event named ${Object.keys(schemas).join(', ')}`,
      `event "${event.event}"`,
      "use the contract's event names",
    ];
  let data;
  try {
    data = JSON.parse(event.data);
  } catch {
    return [
      `event ${event.event} ${event.id}: JSON data`,
      short(event.data),
      'send data: <JSON> on one line',
    ];
  }
  if (!validate(data)) {
    return [
      `event ${event.event} ${event.id}: data valid against its schema`,
      ctx.spec.errorsOf(validate),
      'make the data match the schema (the field named above)',
    ];
  }
  return null;
}

/**
 * Runs every check against a server.
 * @param {object} options
 * @param {ReturnType<import('./net.mjs').createHttp>} options.http
 * @param {ReturnType<import('./spec.mjs').loadSpec>} options.spec
 * @param {string} options.sale
 * @param {string} options.deal
 * @param {string} [options.endedSale]
 * @param {boolean} [options.destructive]
 * @param {number} options.timeout
 * @param {string} options.origin
 * @param {number} [options.burst]
 * @param {(result: object) => void} [options.onResult]
 * @returns {Promise<{ id: string, title: string, status: 'pass' | 'fail' | 'skip', detail?: string, expected?: string, got?: string, fix?: string }[]>}
 */
export async function runChecks(options) {
  const ctx = { burst: 50, ...options };
  const results = [];
  try {
    for (const check of CHECKS) {
      let result;
      if (check.destructive && !ctx.destructive) {
        result = { status: 'skip', detail: NEEDS_DESTRUCTIVE };
      } else {
        try {
          const outcome = await check.run(ctx);
          result = outcome?.skip
            ? { status: 'skip', detail: outcome.skip }
            : { status: 'pass', detail: outcome };
        } catch (error) {
          if (error instanceof CheckFailure) {
            const { expected, got, fix } = error;
            result = { status: 'fail', expected, got, fix };
          } else if (error instanceof NetworkError) {
            result = {
              status: 'fail',
              expected: 'an answer',
              got: error.message,
              fix: 'check --api and that the server is up; a slow server: raise --timeout',
            };
          } else {
            result = {
              status: 'fail',
              expected: 'the check to run',
              got: `${error.name}: ${error.message}`,
              fix: 'report this to Saleday if the server looks right',
            };
          }
        }
      }
      const full = { id: check.id, title: check.title, ...result };
      results.push(full);
      options.onResult?.(full);
    }
  } finally {
    ctx.liveStream?.close();
  }
  return results;
}
