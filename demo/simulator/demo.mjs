/**
 * The demo world's fixtures (a Singles-Day sale in USD, sales in CNY, JPY and KWD, a two-window
 * sale) and the generated SVG product images served at `/img/<name>.svg`.
 * @module
 */
import { isoAt } from './validate.mjs';

const MINUTE = 60000;

// [id, title, image, price, listPrice, stock, maxPerOrder, popularity, extra]
const USD = [
  ['d1', 'Noise-Cancelling Wireless Headphones', 'headphones', 12900, 24999, 300, 2, 5],
  ['d2', '4K Action Camera with Waterproof Case', 'camera', 8999, 16999, 150, 1, 4],
  ['d3', 'Robot Vacuum with Self-Emptying Base', 'vacuum', 19900, 44900, 120, 1, 3],
  ['d4', 'Smart Fitness Watch, 14-Day Battery', 'watch', 4999, 9999, 900, 3, 4],
  ['d5', 'Insulated Steel Water Bottle, 750 ml', 'bottle', 1499, 2999, 20000, 5, 3],
  ['d6', 'Hot-Swappable Mechanical Keyboard', 'keyboard', 5900, 11900, 600, 2, 2],
  ['d7', 'Mulberry Silk Pillowcase, 22 Momme', 'pillow', 1990, 4500, 4000, 4, 2],
  ['d8', 'Members Only: Espresso Machine with Grinder', 'espresso', 24900, 59900, 80, 1, 1, true],
];
const CNY = [
  ['cn1', 'Tieguanyin Oolong Tea Gift Set, 500 g', 'tea', 12800, 26800, 800, 3, 3],
  ['cn2', 'Ultra-Light Goose Down Jacket', 'jacket', 39900, 89900, 300, 2, 2],
  ['cn3', 'Digital Air Fryer, 5.5 L', 'fryer', 25900, 49900, 500, 2, 2],
];
const JPY = [
  ['jp1', 'Nambu Cast-Iron Teapot, 0.65 L', 'teapot', 6980, 12000, 200, 2, 2],
  ['jp2', 'Damascus Santoku Knife, 165 mm', 'knife', 14800, 24800, 90, 1, 2],
  ['jp3', 'Premium Ramen Assortment, 12 Servings', 'ramen', 2480, 3980, 1500, 6, 3],
];
const KWD = [
  ['kw1', 'Cambodian Oud Perfume Oil, 12 ml', 'perfume', 18500, 29750, 120, 2, 2],
  ['kw2', 'Medjool Dates Gift Box, 1 kg', 'dates', 6250, 9000, 600, 4, 3],
  ['kw3', 'Smart Air Fryer with Window, 6 L', 'fryer', 24900, 39900, 200, 1, 1],
];
const WINDOWS = [
  ['d-early', 'Early Bird: Smart Speaker with 8" Display', 'speaker', 4900, 12999, 250, 1, 3],
  ['dw1', 'Portable Power Station, 300 W', 'battery', 17900, 29900, 400, 2, 2],
];

/**
 * The demo world's sales and deals: they open `countdownMs` from `now` and last 30 minutes of
 * sale time (30 minutes divided by `speed` in real time).
 * @param {{ now: number, origin: string, countdownMs: number, speed: number }} options
 * @returns {{ sales: object[], deals: object[] }}
 */
export function demoFixtures({ now, origin, countdownMs, speed }) {
  const start = now + countdownMs;
  const end = start + (30 * MINUTE) / speed;
  const sale = (id, name, currency, offset, crowd, extra = {}) => ({
    id,
    name,
    currency,
    startsAt: isoAt(start, offset),
    endsAt: isoAt(end, offset),
    crowd,
    ...extra,
  });
  const deals = (saleId, currency, rows) =>
    rows.map(([id, title, image, price, list, stock, maxPerOrder, popularity, auth]) => ({
      id,
      saleId,
      title,
      imageUrl: `${origin}/img/${image}.svg`,
      url: `https://shop.example/products/${image}-${id}`,
      price: { amount: price, currency },
      listPrice: { amount: list, currency },
      stock: { total: stock, remaining: stock },
      maxPerOrder,
      popularity,
      requiresAuth: auth === true,
    }));
  const early = { id: 'early', name: 'Early Bird', startsAt: isoAt(now - 10 * MINUTE) };
  return {
    sales: [
      sale('sale-1111', 'Singles Day 11.11', 'USD', 0, 1, {
        milestones: {
          gmv: [1000000, 5000000, 10000000, 25000000],
          orders: [500, 1000, 5000, 10000],
        },
      }),
      sale('sale-cn', '双十一 Singles Day', 'CNY', 480, 0.4),
      sale('sale-jp', '独身の日 Big Sale', 'JPY', 540, 0.3),
      sale('sale-kw', 'White Friday', 'KWD', 180, 0.2),
      sale('sale-windows', 'Early Bird + Main Event', 'USD', 0, 0.3, {
        startsAt: early.startsAt,
        windows: [
          { ...early, endsAt: isoAt(start) },
          { id: 'main', name: 'Main Event', startsAt: isoAt(start), endsAt: isoAt(end) },
        ],
      }),
    ],
    deals: [
      ...deals('sale-1111', 'USD', USD),
      ...deals('sale-cn', 'CNY', CNY),
      ...deals('sale-jp', 'JPY', JPY),
      ...deals('sale-kw', 'KWD', KWD),
      ...deals('sale-windows', 'USD', WINDOWS).map((d, i) =>
        i ? d : { ...d, windows: ['early'] },
      ),
    ],
  };
}

/**
 * A generated square product image for `name` (`[a-z0-9-]{1,40}`), or `null` for other names.
 * @param {string} name
 * @returns {string | null} SVG markup
 */
export function productSvg(name) {
  if (!/^[a-z0-9-]{1,40}$/.test(name)) return null;
  const hue = [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 360, 7);
  const label = name.replace(/-/g, ' ');
  const font = 'font-family="system-ui,sans-serif" text-anchor="middle"';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400">
<defs><linearGradient id="g" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue},70%,62%)"/>
<stop offset="1" stop-color="hsl(${(hue + 40) % 360},65%,40%)"/></linearGradient></defs>
<rect width="400" height="400" fill="url(#g)"/>
<circle cx="200" cy="170" r="95" fill="#fff" fill-opacity=".88"/>
<text x="200" y="200" font-size="88" ${font} fill="hsl(${hue},55%,35%)">${label[0].toUpperCase()}</text>
<text x="200" y="335" font-size="34" ${font} fill="#fff">${label}</text>
</svg>`;
}
