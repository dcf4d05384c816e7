/**
 * The order book of a world: `POST /orders` (idempotent, rate limited, waiting room) and
 * `GET /orders/{orderId}`.
 * @module
 */
import { errorReply, parseJson } from './http.mjs';
import { isIdempotencyKey, orderRequest } from './validate.mjs';

let sequence = 0;

/**
 * Places an order. Only 201/202 answers are stored under the idempotency key: replaying them
 * returns the very same status and body; errors are not stored, so a retry is evaluated again.
 * @param {import('./world.mjs').World} world
 * @param {import('node:http').IncomingMessage} req
 * @param {string} text the request body
 * @returns {import('./http.mjs').Reply}
 */
export function placeOrder(world, req, text) {
  const now = world.now();
  const fail = (status, code, message, extra, headers) =>
    errorReply(status, code, now, message, extra, headers);
  const wait = world.takeToken();
  if (wait) return fail(429, 'rate_limited', undefined, {}, { 'Retry-After': String(wait) });
  const key = req.headers['idempotency-key'];
  if (!isIdempotencyKey(key)) {
    return fail(400, 'invalid_request', 'Idempotency-Key must be 8-255 of [A-Za-z0-9_-].');
  }
  const request = orderRequest(parseJson(text));
  const fingerprint = `${request.dealId}\n${request.quantity}`;
  const stored = world.keys.get(key);
  if (stored) {
    if (stored.fingerprint === fingerprint) return stored.reply;
    return fail(422, 'idempotency_key_reused', 'This key was used with another body.');
  }
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
  if (deal.stock.remaining < request.quantity) return fail(409, 'sold_out', soldOut(deal));

  const order = {
    orderId: `ord_${world.id}_${++sequence}`,
    idempotencyKey: key,
    dealId: deal.id,
    quantity: request.quantity,
    status: 'queued',
  };
  world.orders.set(order.orderId, order);
  if (world.queues(world.sales.get(deal.saleId))) {
    order.position = world.waitingRoom.positions;
  } else {
    confirm(world, order, deal);
  }
  const reply = { status: order.status === 'queued' ? 202 : 201, body: orderBody(world, order) };
  world.keys.set(key, { fingerprint, reply });
  return reply;
}

/**
 * Where an order stands; each poll of a queued order moves it one place up the waiting room,
 * and from the front it is confirmed (or fails when the stock ran out or the sale ended).
 * @param {import('./world.mjs').World} world
 * @param {string} orderId
 * @returns {import('./http.mjs').Reply}
 */
export function pollOrder(world, orderId) {
  const order = world.orders.get(orderId);
  if (!order) return errorReply(404, 'not_found', world.now(), 'No such order.');
  if (order.status === 'queued' && --order.position <= 0) {
    const deal = world.deals.get(order.dealId);
    const closed = world.closedReason(deal);
    if (closed === 'ended') Object.assign(order, { status: 'failed', error: 'ended' });
    else if (deal.stock.remaining < order.quantity) {
      Object.assign(order, { status: 'failed', error: 'sold_out' });
    } else confirm(world, order, deal);
    delete order.position;
  }
  return { status: 200, body: orderBody(world, order) };
}

function confirm(world, order, deal) {
  order.status = 'confirmed';
  world.sell(deal, order.quantity);
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
