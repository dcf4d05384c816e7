/**
 * Takes over elements rendered on the server with `saleday/ssr`, and registers all four
 * elements: `import 'saleday/hydrate'` instead of `saleday/all`, before anything else that
 * imports Lit (Lit's hydration support must be in place before Lit's element class is made).
 * Each element keeps the server's DOM, starts from the data it carries (no request), attaches
 * its listeners and starts its live updates. Pages without server-rendered elements do not
 * need it.
 * @module
 */
import '@lit-labs/ssr-client/lit-element-hydrate-support.js';
import './components/shared/server-data.js';
import './define/all.js';
