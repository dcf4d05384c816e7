/**
 * The CDN build for pages with server-rendered elements, `dist/cdn/saleday.hydrate.js`: the
 * same classic script as `saleday.js` (src/cdn.ts: the same `data-*` attributes, the same
 * hand-over when a second copy loads), which also takes over the elements rendered on the server
 * with `saleday/ssr`: each keeps the server's DOM and starts from the data it carries, with no
 * request and nothing drawn again. Lit's hydration support costs about 1.8 KB gzip, which pages
 * without server-rendered elements do not pay (they use `saleday.js`).
 *
 * ```html
 * <script src="saleday.hydrate.js" data-api="https://shop.example/api" defer></script>
 * ```
 * @module
 */
// Before anything imports Lit: its element class is made with hydration support in place.
import '@lit-labs/ssr-client/lit-element-hydrate-support.js';
import './components/shared/server-data.js';
import './cdn.js';
