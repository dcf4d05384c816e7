#!/usr/bin/env node
/**
 * The origin of `npm run scale`: the sale simulator behind the edges (`--publish`), with one sale
 * `s` and four deals whose stats change 10 times a second (each change a `stats` event published
 * once to nchan, `orders` counting up by one, so a viewer can tell which it missed).
 *
 *     node bench/lib/origin.mjs --port 8787 --publish http://127.0.0.1:8081 [--rate 10]
 *
 * Prints `origin ready <url> <api path>` once serving.
 * @module
 */
import { parseArgs } from 'node:util';
import { startSimulator } from '../../demo/simulator/server.mjs';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    publish: { type: 'string' },
    rate: { type: 'string', default: '10' },
  },
});
const sim = await startSimulator({
  port: Number(values.port),
  demo: false,
  publish: values.publish,
  allowedOrigins: '*',
});
const hour = 3_600_000;
const money = (amount) => ({ amount, currency: 'USD' });
const deals = [1, 2, 3, 4].map((i) => ({
  id: `d${i}`,
  saleId: 's',
  title: `Deal ${i}`,
  imageUrl: `${sim.url}/img/d${i}.svg`,
  url: `https://shop.example/deals/d${i}`,
  price: money(1999),
  listPrice: money(2999),
  stock: { total: 100000, remaining: 100000 },
  maxPerOrder: 5,
}));
const spec = {
  sales: [{ id: 's', name: 'Scale', currency: 'USD', startInMs: -60_000, durationMs: hour }],
  deals,
};
const created = await fetch(`${sim.url}/_sim/worlds`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(spec),
});
const { id, base } = await created.json();
const world = sim.world(id);
let orders = 0;
const timer = setInterval(
  () => world.setStats({ saleId: 's', orders: ++orders, gmv: orders * 1999 }),
  1000 / Number(values.rate),
);
console.log(`origin ready ${sim.url} ${new URL(base).pathname}`);

const stop = async () => {
  clearInterval(timer);
  await sim.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
