#!/usr/bin/env node
/**
 * `npm start`: the sale simulator (the API, on its own port) and a plain Node static server for
 * the demo storefront (on another port, so every API call is cross-origin and CORS is real).
 *
 *     node demo/start.mjs [--port 8080] [--api-port 8787] [--host 127.0.0.1]
 *                         [--speed 1] [--countdown 60]
 *
 * The same options can be set with PORT, API_PORT, HOST, SPEED and COUNTDOWN. A busy port is
 * skipped for the next free one, and said so. The storefront pages are served under a strict
 * Content Security Policy with Trusted Types enforced, so the demo proves the SDK needs nothing
 * more than `script-src 'self'` and the `lit-html` policy. HTML pages get `%API%` replaced with
 * the API's base URL, `%INTEGRITY%` with the SRI hash of `saleday.js` and `%INTEGRITY:<path>%`
 * with that of another CDN file (`%INTEGRITY:translations/ja.js%`).
 *
 * `/server-rendered` is rendered on each request with `saleday/ssr` (from dist/, built by `npm
 * start`): each `<!--ssr tag attr="value" ...-->` in `server-rendered.html` becomes the element
 * with its data, as a shop's server would send it; `/ssr/<tag>.css` serves the stylesheet its
 * shadow root links (the page's policy allows no inline `<style>`).
 * @module
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startSimulator } from './simulator/server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const siteDir = join(root, 'demo', 'site');
const cdnDir = join(root, 'dist', 'cdn');
/** How many ports after a busy one are tried before giving up. */
const PORT_ATTEMPTS = 20;

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Files served from outside `demo/site/`: the CDN build, exactly as a merchant would host it. */
const CDN_FILES = {
  '/saleday.js': join(cdnDir, 'saleday.js'),
  '/saleday.js.map': join(cdnDir, 'saleday.js.map'),
};
/**
 * The CDN's other files: `saleday.<lang>.js`, `translations/<lang>.js` and `saleday.hydrate.js`
 * (for server-rendered pages), with their maps.
 */
const CDN_PATH = /^\/(saleday\.[a-z]{2}|translations\/[a-z]{2}|saleday\.hydrate)\.js(\.map)?$/;

/** Pretty paths for the demo pages. */
const PAGES = {
  '/': 'index.html',
  '/international': 'international.html',
  '/theming': 'theming.html',
  '/windows': 'windows.html',
  '/server-rendered': 'server-rendered.html',
};

/** `<!--ssr saleday-deal-card deal="d1"-->` in a page: an element to render on the server. */
const SSR_PLACEHOLDER = /<!--ssr (saleday-[a-z-]+)((?:\s+[a-z-]+(?:="[^"<>]*")?)*)\s*-->/g;
const SSR_STYLESHEET = /^\/ssr\/(saleday-[a-z-]+)\.css$/;

/** `dist/ssr/index.js`, loaded the first time a server-rendered page is asked for. */
let ssr;
const loadSsr = () => (ssr ??= import(join(root, 'dist', 'ssr', 'index.js')));

/**
 * Renders the page's `<!--ssr ...-->` placeholders with `saleday/ssr`, from the API at `api`
 * (a failure leaves the element for the browser to render, and is logged).
 */
async function serverRender(html, api) {
  const { renderElement } = await loadSsr();
  const options = {
    api,
    locale: 'en-US',
    stylesheet: (tag) => `/ssr/${tag}.css`,
    onError: (error) => console.error(`server rendering: ${error.code} ${error.message}`),
  };
  const found = [...html.matchAll(SSR_PLACEHOLDER)];
  const rendered = await Promise.all(
    found.map(([, tag, text]) => {
      const attributes = {};
      for (const [, name, value] of text.matchAll(/([a-z-]+)(?:="([^"]*)")?/g)) {
        attributes[name] = value ?? true;
      }
      return renderElement(tag, attributes, options);
    }),
  );
  return found.reduce(
    (page, [placeholder], index) => page.replace(placeholder, () => rendered[index]),
    html,
  );
}

function usage() {
  return `Usage: npm start -- [options]     (or: node demo/start.mjs [options])

Options (environment variable in brackets):
  --port <n>        storefront port, default 8080 [PORT]
  --api-port <n>    sale simulator (API) port, default 8787 [API_PORT]
  --host <name>     interface for both servers, default 127.0.0.1 [HOST]
  --speed <x>       how much faster than real time the sale runs, default 1 [SPEED]
  --countdown <s>   seconds until the sale opens, default 60 [COUNTDOWN]
  -h, --help        show this help`;
}

function options() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        'api-port': { type: 'string' },
        host: { type: 'string' },
        speed: { type: 'string' },
        countdown: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    console.error(`${error.message}\n\n${usage()}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(usage());
    process.exit(0);
  }
  const env = process.env;
  const raw = {
    port: values.port ?? env.PORT ?? '8080',
    apiPort: values['api-port'] ?? env.API_PORT ?? '8787',
    speed: values.speed ?? env.SPEED ?? '1',
    countdown: values.countdown ?? env.COUNTDOWN ?? '60',
  };
  const number = (text) => (/^\s*$/.test(text) ? NaN : Number(text));
  const [port, apiPort, speed, countdown] = [raw.port, raw.apiPort, raw.speed, raw.countdown].map(
    number,
  );
  const host = values.host ?? env.HOST ?? '127.0.0.1';
  const problems = [];
  const isPort = (n) => Number.isInteger(n) && n >= 0 && n <= 65535;
  if (!isPort(port)) problems.push(`--port must be a port number (0-65535), got "${raw.port}"`);
  if (!isPort(apiPort)) {
    problems.push(`--api-port must be a port number (0-65535), got "${raw.apiPort}"`);
  }
  if (!(speed > 0 && speed <= 10000)) {
    problems.push(`--speed must be a number above 0, got "${raw.speed}"`);
  }
  if (!(countdown >= 0)) {
    problems.push(`--countdown must be seconds (>= 0), got "${raw.countdown}"`);
  }
  if (problems.length) {
    console.error(`${problems.join('\n')}\n\n${usage()}`);
    process.exit(2);
  }
  return { port, apiPort, speed, countdown, host };
}

/** `http://host:port`, with brackets around an IPv6 address. */
const originOf = (host, port) => `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

/**
 * Runs `start(port)` on `port`, or on the next free one when it is busy (`0` picks any).
 * @template T
 * @param {string} what what the port is for, to say which one moved
 * @param {number} port
 * @param {(port: number) => Promise<T>} start
 * @returns {Promise<T>}
 */
async function onFreePort(what, port, start) {
  for (let attempt = 0; ; attempt++) {
    const candidate = port === 0 ? 0 : port + attempt;
    try {
      const started = await start(candidate);
      if (candidate !== port) console.log(`! Port ${port} is busy: the ${what} uses ${candidate}.`);
      return started;
    } catch (error) {
      if (error.code === 'EADDRINUSE' && port !== 0 && attempt + 1 < PORT_ATTEMPTS) continue;
      if (error.code === 'EADDRINUSE') {
        throw new Error(
          `Ports ${port}-${candidate} are all busy; pick another ${what} port with ` +
            `--${what === 'API' ? 'api-port' : 'port'}.`,
          { cause: error },
        );
      }
      if (error.code === 'EACCES') {
        throw new Error(`Not allowed to listen on port ${candidate}; use a port above 1023.`, {
          cause: error,
        });
      }
      if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
        throw new Error(`Cannot listen on host "${error.address ?? error.hostname}".`, {
          cause: error,
        });
      }
      throw error;
    }
  }
}

/**
 * The demo pages' Content Security Policy: only this origin's scripts and styles (no inline
 * ones), images and API calls to the simulator too, and Trusted Types with the one policy Lit
 * creates. Nothing else is needed by the SDK.
 */
function contentSecurityPolicy(apiOrigin) {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' ${apiOrigin}`,
    `connect-src 'self' ${apiOrigin}`,
    "require-trusted-types-for 'script'",
    'trusted-types lit-html',
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** `sha384-…` of a file, as a Subresource Integrity value. */
const integrityOf = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

/**
 * Maps a URL path to a file: the CDN build, a pretty page path, or a file under `demo/site/`.
 * Returns `null` for anything outside those (`..`, encoded separators, NUL bytes).
 */
function fileFor(pathname) {
  let path;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  if (CDN_FILES[path]) return CDN_FILES[path];
  if (CDN_PATH.test(path)) return join(cdnDir, path);
  if (PAGES[path]) return join(siteDir, PAGES[path]);
  const file = resolve(siteDir, `.${normalize(`/${path}`)}`);
  return file.startsWith(siteDir + sep) ? file : null;
}

/**
 * The static server of the storefront.
 * @param {{ origin: string, base: string }} api the simulator's origin and API base URL (filled
 *   in once it listens, before any page can be asked for)
 */
function createSiteServer(api) {
  const security = {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
  const fail = (res, status, text, headers = {}) => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...security, ...headers });
    res.end(`${text}\n`);
  };

  return createServer(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return fail(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
    }
    const { pathname } = new URL(req.url ?? '/', 'http://demo');
    const stylesheet = SSR_STYLESHEET.exec(pathname);
    if (stylesheet) {
      try {
        const body = Buffer.from((await loadSsr()).stylesheet(stylesheet[1]));
        const type = TYPES['.css'];
        res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length, ...security });
        return res.end(req.method === 'HEAD' ? undefined : body);
      } catch {
        return fail(res, 404, 'Not found');
      }
    }
    const file = fileFor(pathname);
    if (!file) return fail(res, 400, 'Bad path');
    const type = TYPES[extname(file)];
    let body;
    try {
      body = await readFile(file);
    } catch (error) {
      if (error.code === 'ENOENT' || error.code === 'EISDIR' || error.code === 'ENOTDIR') {
        if (file.startsWith(cdnDir)) {
          return fail(res, 404, 'dist/cdn/saleday.js is missing: run `npm run build` first.');
        }
        return fail(res, 404, 'Not found');
      }
      console.error('demo server:', error);
      return fail(res, 500, 'Could not read the file');
    }
    if (!type) return fail(res, 404, 'Not found');
    const headers = { 'Content-Type': type, 'Cache-Control': 'no-cache', ...security };
    if (type.startsWith('text/html')) {
      let html = body.toString('utf8').replaceAll('%API%', api.base);
      for (const [placeholder, path = 'saleday.js'] of html.matchAll(
        /%INTEGRITY(?::([\w./-]+))?%/g,
      )) {
        let integrity = '';
        try {
          if (CDN_PATH.test(`/${path}`) || path === 'saleday.js') {
            integrity = integrityOf(await readFile(join(cdnDir, path)));
          }
        } catch {
          // No build yet: the script tag then fails to load, and /saleday.js says why.
        }
        html = html.replaceAll(placeholder, integrity);
      }
      if (html.includes('<!--ssr ')) {
        try {
          html = await serverRender(html, api.base);
        } catch (error) {
          console.error('demo server:', error);
          return fail(res, 500, 'Could not render the page: run `npm run build` first.');
        }
      }
      body = Buffer.from(html);
      headers['Content-Security-Policy'] = contentSecurityPolicy(api.origin);
    }
    headers['Content-Length'] = body.length;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
}

/** Starts `server` on `port` and `host`; rejects with the listen error (EADDRINUSE, ...). */
function listen(server, port, host) {
  return new Promise((resolvePort, reject) => {
    const onError = (error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolvePort(server.address().port);
    });
  });
}

async function main() {
  const { port, apiPort, speed, countdown, host } = options();
  if (!existsSync(CDN_FILES['/saleday.js'])) {
    console.warn(
      '! dist/cdn/saleday.js is missing: run `npm run build` (npm start does it for you).',
    );
  }

  // The storefront's port first: the simulator only answers CORS for the storefront's origin.
  const api = { origin: '', base: '' };
  const site = createSiteServer(api);
  const sitePort = await onFreePort('storefront', port, (p) => listen(site, p, host));
  const siteOrigin = originOf(host, sitePort);
  const allowedOrigins = [siteOrigin];
  if (host === '127.0.0.1') allowedOrigins.push(`http://localhost:${sitePort}`);

  let sim;
  try {
    sim = await onFreePort('API', apiPort, (p) =>
      startSimulator({
        port: p,
        host,
        demo: true,
        speed,
        countdownMs: countdown * 1000,
        allowedOrigins,
      }),
    );
  } catch (error) {
    site.close();
    throw error;
  }
  Object.assign(api, { origin: sim.url, base: `${sim.url}/api` });

  const opens = countdown ? `opens in ${countdown}s` : 'is open';
  const lines = [
    '',
    'Saleday demo',
    `  Storefront     ${siteOrigin}/`,
    `  International  ${siteOrigin}/international.html`,
    `  Theming        ${siteOrigin}/theming.html`,
    `  Two windows    ${siteOrigin}/windows.html`,
    `  Server-side    ${siteOrigin}/server-rendered`,
    `  API            ${api.base}   (sale-1111 ${opens}, speed x${speed})`,
    '',
    'Press Ctrl+C to stop.',
  ];
  if (host === '0.0.0.0' || host === '::') {
    lines.push(
      `! Listening on every interface: open the pages through ${host}, as the API URL does.`,
    );
  }
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) {
      console.log('Forced exit.');
      process.exit(1);
    }
    stopping = true;
    console.log(`\n${signal}: stopping the storefront and the simulator…`);
    site.closeAllConnections();
    await Promise.all([new Promise((done) => site.close(() => done())), sim.close()]);
    console.log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  console.error(`saleday demo: ${error.message}`);
  process.exit(1);
});
