/**
 * The in-memory order store (the default): one process, state in the world's own maps. It keeps
 * the same promises as the Redis store (`redis.mjs`) because it answers the same calls; the
 * rules that choose between answers live once, in `orders.mjs`.
 *
 * A store is the part of a world that must be shared when several workers serve it: the rate
 * limit's bucket, idempotency keys, stock, stats and the order book. Every call is async.
 * @module
 */

/**
 * What {@link MemoryStore#commit} and {@link MemoryStore#poll} report when stock was taken:
 * the deal's remaining stock and its sale's stats after the order (for the `stock`/`stats` events).
 * @typedef {{ remaining: number, stats: { gmv: number, orders: number, version: number } }} Sold
 */

/**
 * An order as the store keeps it.
 * @typedef {{ orderId: string, idempotencyKey: string, dealId: string, quantity: number,
 *   status: 'queued' | 'confirmed' | 'failed', position?: number, error?: string }} Order
 */

/**
 * A key's claim: `new` (this request runs it), `running` (another request with the same body
 * is still running), `mismatch` (another body), or `done` with the stored reply.
 * @typedef {{ state: 'new' | 'running' | 'mismatch' } | { state: 'done', reply: import('../http.mjs').Reply }} Claim
 */

let sequence = 0;

export class MemoryStore {
  /** Whether other processes see this state (they do not). */
  shared = false;

  /** Sets up a new world's shared state. */
  async init() {}

  /** The world as another worker saved it (never: nothing is shared). */
  async loadWorld() {
    return null;
  }

  /** Takes a token from the `POST /orders` bucket: 0, or the seconds to wait. */
  async takeToken(world) {
    return world.takeToken();
  }

  /**
   * Claims an idempotency key for a request with `fingerprint`.
   * @returns {Promise<Claim>}
   */
  async claim(world, key, fingerprint) {
    const stored = world.keys.get(key);
    if (!stored) {
      world.keys.set(key, { fingerprint });
      return { state: 'new' };
    }
    if (stored.fingerprint !== fingerprint) return { state: 'mismatch' };
    return stored.reply ? { state: 'done', reply: stored.reply } : { state: 'running' };
  }

  /** Forgets a claim whose request ended in an error (errors are not stored). */
  async release(world, key) {
    if (!world.keys.get(key)?.reply) world.keys.delete(key);
  }

  /** Stores the reply of a claimed key (replayed for 24 h). */
  async remember(world, key, fingerprint, reply) {
    world.keys.set(key, { fingerprint, reply });
  }

  /**
   * Records an order for `deal` unless its key has one already; takes the stock at once unless
   * the order waits in the room (`position` > 0). Stock never goes below zero.
   * @returns {Promise<{ order: Order, sold?: Sold } | { soldOut: true }>}
   */
  async commit(world, deal, { key, quantity, position }) {
    const existing = world.orderKeys.get(key);
    if (existing) return { order: { ...world.orders.get(existing) } };
    if (deal.stock.remaining < quantity) return { soldOut: true };
    const order = {
      orderId: `ord_${world.id}_${++sequence}`,
      idempotencyKey: key,
      dealId: deal.id,
      quantity,
      status: 'queued',
    };
    world.orders.set(order.orderId, order);
    world.orderKeys.set(key, order.orderId);
    if (position > 0) {
      order.position = position;
      return { order: { ...order } };
    }
    order.status = 'confirmed';
    return { order: { ...order }, sold: this.#take(world, deal, quantity) };
  }

  /**
   * Reads an order; a queued one moves one place up, and from the front it is confirmed (or
   * fails: `ended` when `ended(order)` says so, else `sold_out` when the stock ran out).
   * @param {import('../world.mjs').World} world
   * @param {string} orderId
   * @param {{ ended: (order: Order) => boolean }} sale
   * @returns {Promise<{ order: Order, sold?: Sold } | null>}
   */
  async poll(world, orderId, { ended }) {
    const order = world.orders.get(orderId);
    if (!order) return null;
    let sold;
    if (order.status === 'queued' && --order.position <= 0) {
      const deal = world.deals.get(order.dealId);
      if (ended(order)) Object.assign(order, { status: 'failed', error: 'ended' });
      else if (deal.stock.remaining < order.quantity) {
        Object.assign(order, { status: 'failed', error: 'sold_out' });
      } else {
        order.status = 'confirmed';
        sold = this.#take(world, deal, order.quantity);
      }
      delete order.position;
    }
    return { order: { ...order }, sold };
  }

  /** Brings the world's stock and stats up to date (they are here already). */
  async sync() {}

  /** Stores a deal's stock `{ total, remaining }` as the control API set it on the world. */
  async setStock() {}

  /** Stores a sale's stats as the control API set them: the stats to show. */
  async setStats(world, saleId, stats) {
    return { ...stats };
  }

  /** Every order of the world. */
  async orders(world) {
    return [...world.orders.values()].map((o) => ({ ...o }));
  }

  async close() {}

  #take(world, deal, quantity) {
    deal.stock.remaining -= quantity;
    const stats = world.stats.get(deal.saleId);
    stats.gmv += deal.price.amount * quantity;
    stats.orders += 1;
    stats.version += 1;
    return { remaining: deal.stock.remaining, stats: { ...stats } };
  }
}
