// Loaded first, as a classic parser-blocking script, by every page in test/cdn/pages (no inline
// scripts: the pages run under `script-src 'self'`). It records what a page must never produce
// (CSP violations, errors, `saleday-error` events) and every Trusted Types policy created, points
// the page's Saleday script tags that come before it at the test world (`?api=` in the page URL),
// and adds widgets on demand (`mount.js`, and once more after the window's `load`).
(() => {
  if (window.fixture) return;
  const params = new URLSearchParams(location.search);
  const api = params.get('api') ?? '';
  const fixture = {
    api,
    errors: [],
    warnings: [],
    violations: [],
    policies: [],
    events: [],
    mount,
  };
  window.fixture = fixture;

  document.addEventListener('securitypolicyviolation', (event) => {
    fixture.violations.push(
      `${event.violatedDirective} ${event.blockedURI} ${event.sample}`.trim(),
    );
  });
  window.addEventListener(
    'error',
    (event) => {
      fixture.errors.push(`error: ${event.message || event.target?.src || event.type}`);
    },
    true,
  );
  window.addEventListener('unhandledrejection', (event) => {
    fixture.errors.push(`unhandledrejection: ${event.reason?.message ?? event.reason}`);
  });
  const consoleError = console.error.bind(console);
  console.error = (...args) => {
    fixture.errors.push(
      `console.error: ${args.map((arg) => arg?.message ?? String(arg)).join(' ')}`,
    );
    consoleError(...args);
  };
  const consoleWarn = console.warn.bind(console);
  console.warn = (...args) => {
    fixture.warnings.push(args.map(String).join(' '));
    consoleWarn(...args);
  };
  for (const type of ['saleday-error', 'saleday-started', 'saleday-ended', 'saleday-order']) {
    document.addEventListener(type, (event) => {
      fixture.events.push({ type, detail: event.detail });
      if (type === 'saleday-error') {
        fixture.errors.push(`saleday-error: ${event.detail?.code} ${event.detail?.message}`);
      }
    });
  }

  // Count the Trusted Types policies the page creates (Lit creates `lit-html`, once).
  if (window.trustedTypes) {
    const createPolicy = window.trustedTypes.createPolicy.bind(window.trustedTypes);
    window.trustedTypes.createPolicy = (name, rules) => {
      fixture.policies.push(name);
      return createPolicy(name, rules);
    };
  }

  // A merchant's script tag (saleday.js or saleday.<lang>.js), pointed at this test's world: only
  // those parsed already (`defer`).
  for (const script of document.querySelectorAll('script[src*="/cdn/saleday."]')) {
    if (!script.dataset.api) script.dataset.api = api;
  }

  /** Adds the four widgets, each with its own `api` attribute, before `anchor` or in the body. */
  function mount(where, anchor, prefix = params.get('prefix') || 'saleday') {
    const make = (name, attributes) => {
      const element = document.createElement(`${prefix}-${name}`);
      for (const [key, value] of Object.entries({ ...attributes, api })) {
        element.setAttribute(key, value);
      }
      element.dataset.where = where;
      return element;
    };
    const widgets = [
      make('countdown', { sale: 's1' }),
      make('live-counter', { sale: 's1', metric: 'orders' }),
      make('deal-card', { deal: 'd1' }),
      make('buy-button', { deal: 'd1' }),
    ];
    if (anchor?.parentNode) anchor.before(...widgets);
    else document.body.append(...widgets);
  }

  if (document.documentElement.dataset.late !== undefined) {
    window.addEventListener('load', () => mount('late'));
  }
})();
