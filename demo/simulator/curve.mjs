/**
 * The Singles-Day traffic curve and the simulated crowd of buyers that follows it in the demo
 * world: a steep rush right after the start, then a calmer tail until the end.
 * @module
 */
import { phaseAt } from './world.mjs';

/** Crowd orders per second at the peak of the rush (for a sale with `crowd: 1`). */
export const PEAK_RATE = 40;
/** Crowd orders per second late in the tail. */
export const TAIL_RATE = 1.5;
/** The rush: the first seconds of sale time, when real buyers go through the waiting room. */
export const RUSH_SECONDS = 180;
/**
 * Rate-limit tokens one crowd order uses up at speed 1: the crowd keeps `POST /orders` busy, so
 * at the peak real buyers sometimes get 429 (the demo bucket refills 40 tokens a second, shared by all its sales).
 */
const TOKENS_PER_ORDER = 0.6;

/**
 * Crowd orders per second `t` seconds (sale time) after the start: up in seconds, then down.
 * @param {number} t
 */
export function orderRate(t) {
  if (t < 0) return 0;
  return PEAK_RATE * (1 - Math.exp(-t / 5)) * Math.exp(-t / 240) + TAIL_RATE;
}

/** A whole number of orders around `expected`, with some jitter. */
function sample(expected, random) {
  const x = expected * (0.6 + 0.8 * random());
  return Math.floor(x) + (random() < x % 1 ? 1 : 0);
}

/**
 * Creates the crowd of a world: on each `tick` it buys from every sale that has a `crowd`
 * weight, following {@link orderRate}, picking deals by `popularity`, emitting one `stock`
 * event per changed deal and one `stats` event per sale.
 * @param {import('./world.mjs').World} world
 * @param {{ speed?: number, random?: () => number }} [options] `speed` scales sale time
 * @returns {{ tick(): void, isRush(sale: object): boolean }}
 */
export function createCrowd(world, { speed = 1, random = Math.random } = {}) {
  let last = world.now();
  // Sale time since the start of the sale's current (or next) window.
  const saleSeconds = (sale) => {
    const { window } = phaseAt(world.saleWindows(sale), world.now());
    return ((world.now() - (window ?? sale).startMs) / 1000) * speed;
  };

  function buy(sale, count) {
    const open = [...world.deals.values()].filter(
      (d) => d.saleId === sale.id && d.stock.remaining > 0 && !world.closedReason(d),
    );
    const changed = new Set();
    let gmv = 0;
    let orders = 0;
    while (orders < count && open.length) {
      let pick = random() * open.reduce((sum, d) => sum + d.popularity, 0);
      const deal = open.find((d) => (pick -= d.popularity) < 0) ?? open[0];
      const wanted = 1 + (random() < 0.25 ? 1 : 0) + (random() < 0.05 ? 1 : 0);
      const quantity = Math.min(wanted, deal.maxPerOrder, deal.stock.remaining);
      deal.stock.remaining -= quantity;
      gmv += deal.price.amount * quantity;
      orders += 1;
      changed.add(deal);
      if (!deal.stock.remaining) open.splice(open.indexOf(deal), 1);
    }
    if (!orders) return;
    world.takeToken(0); // refill, then let the crowd use up its share
    world.tokens = Math.max(0, world.tokens - (orders * TOKENS_PER_ORDER) / speed);
    const stats = world.stats.get(sale.id);
    world.setStats({ saleId: sale.id, gmv: stats.gmv + gmv, orders: stats.orders + orders });
    for (const d of changed) world.setStock({ dealId: d.id, remaining: d.stock.remaining });
  }

  return {
    tick() {
      const now = world.now();
      const dt = ((now - last) / 1000) * speed;
      last = now;
      for (const sale of world.sales.values()) {
        const t = saleSeconds(sale);
        if (!sale.crowd || t < 0 || world.hasEnded(sale)) continue;
        buy(sale, Math.min(500, sample(orderRate(t) * sale.crowd * dt, random)));
      }
    },
    isRush(sale) {
      const t = saleSeconds(sale);
      return t >= 0 && t < RUSH_SECONDS;
    },
  };
}
