// Server-rendered fixture pages for test/ssr (a web-test-runner middleware, in Node): each page
// is rendered on request with `saleday/ssr` from the built package (dist/, made by
// `npm run build`), its data loaded from the test's simulator world over HTTP as a shop's
// server would. The page path matches the CDN fixtures' (`/test/cdn/pages/*.html`), so it is
// served under the same strict Content Security Policy (see `cdnFixtureCsp`).
//
// GET /test/cdn/pages/ssr.html?api=<world base>&sale=&deal=&extra=<deal ids>&js=<a key of scripts>
//     &locale=<BCP 47, default en-US; another language than English is rendered with its
//     translation, and the CDN page loads translations/<lang>.js before saleday.hydrate.js>
// GET /test/ssr/css/<tag>.css: the stylesheet each shadow root links
const TAGS = [
  'saleday-countdown',
  'saleday-deal-card',
  'saleday-live-counter',
  'saleday-buy-button',
];

/** `dist/ssr/index.js`, loaded on first use (other tests run without a build). */
let ssr;
const load = () => (ssr ??= import('../../dist/ssr/index.js'));

/**
 * The CDN tag for another language than English on a server-rendered page: its translation file,
 * deferred before the main one, so that its words are there when the elements are taken over.
 */
const translationScript = (language) =>
  language === 'en' ? '' : `<script src="/dist/cdn/translations/${language}.js" defer></script>`;

const scripts = {
  none: '',
  // A merchant's CDN tag for server-rendered pages, deferred: it runs once the server-rendered
  // elements are parsed.
  cdn: '<script src="/dist/cdn/saleday.hydrate.js" defer></script>',
  // Both CDN files (a theme and a tag manager each add one): the first hydrates, the second only
  // hands over its data-* (rollup.config.mjs, cdnFile's banner).
  'cdn-twice':
    '<script src="/dist/cdn/saleday.hydrate.js" defer></script><script src="/dist/cdn/saleday.js" defer></script>',
  // The CDN file without hydration support, on a page rendered on the server (a slip).
  'cdn-plain': '<script src="/dist/cdn/saleday.js" defer></script>',
  // None in the head: the CDN file as a classic script at the end of the body (`bodyEnd`). From
  // the browser's cache it runs before the first paint, as a cached deferred one may.
  'cdn-blocking': '',
  // The npm entry as an app would load it (the built one: its templates are those the server rendered).
  hydrate:
    '<script src="/test/ssr/env.js"></script><script type="module" src="/dist/hydrate.js"></script>',
};

/** Scripts at the end of the body, after the server-rendered elements, by `js` mode. */
const bodyEnd = {
  'cdn-blocking': '<script src="/dist/cdn/saleday.hydrate.js"></script>',
};

export function ssrPages() {
  return async (context, next) => {
    const css = /^\/test\/ssr\/css\/([\w-]+)\.css$/.exec(context.path);
    if (css && TAGS.includes(css[1])) {
      const { stylesheet } = await load();
      context.type = 'text/css';
      context.body = stylesheet(css[1]);
      return;
    }
    if (context.path !== '/test/cdn/pages/ssr.html') return next();
    const { renderElement } = await load();
    const {
      api = '',
      sale = '',
      deal = '',
      extra = '',
      js = 'cdn',
      locale = 'en-US',
    } = context.query;
    const language = locale.split('-')[0];
    if (!/^[a-z]{2}$/.test(language)) return next();
    if (language !== 'en') await import(`../../dist/translations/${language}.js`);
    const errors = [];
    const options = {
      api,
      locale,
      stylesheet: (tag) => `/test/ssr/css/${tag}.css`,
      onError: (error) => errors.push(`${error.code}: ${error.message}`),
    };
    // One widget a line, as a shop lays them out (a countdown's width follows its words, which
    // change with the seconds, as it does without server rendering).
    const parts = await Promise.all([
      renderElement('saleday-countdown', { sale }, options),
      renderElement('saleday-live-counter', { sale, metric: 'orders' }, options),
      renderElement('saleday-deal-card', { deal }, options),
      renderElement('saleday-buy-button', { deal }, options),
      ...extra
        .split(',')
        .filter(Boolean)
        .map((id) => renderElement('saleday-deal-card', { deal: id }, options)),
    ]);
    context.type = 'text/html';
    context.body = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Saleday: server-rendered</title>
    <script src="fixture.js"></script>
    <script src="/test/ssr/watch.js"></script>
    ${js === 'cdn' ? translationScript(language) : ''}${scripts[js] ?? ''}
  </head>
  <body data-ssr-errors="${errors.join(' | ').replace(/[&"<]/g, '')}">
    ${parts.map((part) => `<div>${part}</div>`).join('\n    ')}
    <script src="/test/ssr/snapshot.js"></script>${bodyEnd[js] ?? ''}
  </body>
</html>`;
  };
}
