/**
 * The order book of a world: `POST /orders` (idempotent, rate limited, waiting room) and
 * `GET /orders/{orderId}`. The rules live here once; the state they act on lives in the world's
 * store (`store/memory.mjs` in one process, `store/redis.mjs` shared by several workers), which
 * does the parts that must be atomic: claiming a key, taking stock, moving the waiting room.
 * @module
 */
import { errorReply, parseJson } from './http.mjs';
import { isIdempotencyKey, orderRequest } from './validate.mjs';

/**
 * Places an order. Only 201/202 answers are stored under the idempotency key: replaying them
 * returns the very same status and body; errors are not stored, so a retry is evaluated again.
 * While the key's first request is still running, the same key gets `409 request_in_progress`
 * (retry it); another body under a used key gets `422 idempotency_key_reused`.
 * @param {import('./world.mjs').World} world
 * @param {import('node:http').IncomingMessage} req
 * @param {string} text the request body
 * @param {{ holdMs?: number }} [fault] `holdMs`: the order is held that long once its key is
 *   claimed (a slow database), so that a retry finds the first request still running
 * @returns {Promise<import('./http.mjs').Reply>}
 */
export async function placeOrder(world, req, text, fault) {
  const store = world.store;
  const fail = (status, code, message, extra, headers) =>
    errorReply(status, code, world.now(), message, extra, headers);
  const wait = await store.takeToken(world);
  if (wait) return fail(429, 'rate_limited', undefined, {}, { 'Retry-After': String(wait) });
  const key = req.headers['idempotency-key'];
  if (!isIdempotencyKey(key)) {
    return fail(400, 'invalid_request', 'Idempotency-Key must be 8-255 of [A-Za-z0-9_-].');
  }
  const request = orderRequest(parseJson(text));
  const fingerprint = `${request.dealId}\n${request.quantity}`;
  const claim = await store.claim(world, key, fingerprint);
  if (claim.state === 'done') return claim.reply;
  if (claim.state === 'mismatch') {
    return fail(422, 'idempotency_key_reused', 'This key was used with another body.');
  }
  if (claim.state === 'running') {
    const message = 'A request with this key is still running; retry it shortly.';
    return fail(409, 'request_in_progress', message, {}, { 'Retry-After': '1' });
  }
  let reply;
  try {
    if (fault?.holdMs) await new Promise((resolve) => setTimeout(resolve, fault.holdMs));
    reply = await takeOrder(world, req, key, request, fail);
  } finally {
    // An error (or a store that failed) leaves the key free for a retry.
    if (!reply || reply.status >= 400) await store.release(world, key).catch(() => {});
  }
  if (reply.status < 400) await store.remember(world, key, fingerprint, reply);
  return reply;
}

async function takeOrder(world, req, key, request, fail) {
  const deal = world.deals.get(request.dealId);
  if (!deal) return fail(404, 'not_found', 'No such deal.');
  if (deal.requiresAuth && !req.headers.authorization) {
    return fail(401, 'auth_required', 'Log in to buy this deal.', { loginUrl: loginUrl(world) });
  }
  const closed = world.closedReason(deal);
  if (closed === 'not_started') return fail(409, 'not_started', 'This deal is not on sale yet.');
  if (closed === 'ended') return fail(409, 'ended', 'This deal is no longer on sale.');
  if (request.quantity > deal.maxPerOrder) {
    return fail(422, 'limit_exceeded', `At most ${deal.maxPerOrder} per order.`);
  }
  const queued = world.queues(world.sales.get(deal.saleId));
  const position = queued ? world.waitingRoom.positions : 0;
  const result = await world.store.commit(world, deal, {
    key,
    quantity: request.quantity,
    position,
  });
  if ('soldOut' in result) {
    await world.store.sync(world);
    return fail(409, 'sold_out', soldOut(deal));
  }
  if (result.sold) world.sold(deal, result.sold);
  const { order } = result;
  return { status: order.status === 'queued' ? 202 : 201, body: orderBody(world, order) };
}

/**
 * Where an order stands; each poll of a queued order moves it one place up the waiting room,
 * and from the front it is confirmed (or fails when the stock ran out or the sale ended).
 * @param {import('./world.mjs').World} world
 * @param {string} orderId
 * @returns {Promise<import('./http.mjs').Reply>}
 */
export async function pollOrder(world, orderId) {
  const dealOf = (order) => world.deals.get(order.dealId);
  const result = await world.store.poll(world, orderId, {
    ended: (order) => world.closedReason(dealOf(order)) === 'ended',
  });
  if (!result) return errorReply(404, 'not_found', world.now(), 'No such order.');
  if (result.sold) world.sold(dealOf(result.order), result.sold);
  return { status: 200, body: orderBody(world, result.order) };
}

function orderBody(world, { orderId, status, position, error }) {
  const body = { orderId, status };
  if (status === 'queued') {
    Object.assign(body, { position, retryAfter: world.waitingRoom.retryAfter ?? 1 });
  }
  if (status === 'confirmed') body.checkoutUrl = `${world.base}/checkout/${orderId}`;
  if (error) body.error = error;
  return { ...body, serverTime: world.now() };
}

const soldOut = (deal) =>
  deal.stock.remaining ? `Only ${deal.stock.remaining} left.` : 'This deal is sold out.';

/** Where a buyer logs in (a page the simulator serves). */
export const loginUrl = (world) => `${world.base}/login`;
