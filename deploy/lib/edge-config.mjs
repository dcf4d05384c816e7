/**
 * Renders the Saleday edge's nginx configuration from the two files a partner copies
 * (`deploy/nginx/saleday-cache.conf`, http level, and `deploy/nginx/saleday-edge.conf`, the
 * server blocks) with other ports, origins, Redis and cache directory: scripts, tests and
 * partners use one template. The files' example values are what gets replaced.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const here = new URL('../nginx/', import.meta.url);
const read = (name) => readFileSync(new URL(name, here), 'utf8');

/** The example values in the two files, replaced by {@link renderEdgeConfig}. */
export const EXAMPLE = {
  listen: 'listen 8080;',
  publish: 'listen 127.0.0.1:8081;',
  origin: '    server 127.0.0.1:8787 max_fails=0;\n    # Reused',
  reads: '    server 127.0.0.1:8787;\n    keepalive',
  redis: 'redis://127.0.0.1:6379',
  cachePath: '/var/cache/nginx/saleday',
};

function replaceOnce(text, from, to) {
  if (!text.includes(from)) throw new Error(`edge template lost its example value ${from}`);
  return text.replace(from, () => to);
}

/** `http://127.0.0.1:8787` -> `127.0.0.1:8787` (an upstream `server` address). */
function hostPort(url) {
  const { protocol, host } = new URL(url);
  if (protocol !== 'http:') throw new Error(`origin must be an http:// URL: ${url}`);
  return host.includes(':') ? host : `${host}:80`;
}

/**
 * The two files with the given values.
 * @param {object} options
 * @param {number | string} options.port where browsers connect (a port, or `address:port`)
 * @param {number} options.publishPort the publisher's port on 127.0.0.1 (origin only)
 * @param {string[]} options.origins origin base URLs, `http://host:port`
 * @param {string} [options.parent] a parent edge's URL: cached reads are refreshed from it (the
 *   origins as backup), so that several edges make about the origin requests of one
 * @param {string} options.redisUrl `redis://host:port`
 * @param {string} options.cachePath directory of the proxy cache
 * @param {number} [options.backlog] pending connections the listen socket queues (a crowd
 *   arriving at once; the kernel caps it at net.core.somaxconn)
 * @returns {{ cache: string, edge: string }}
 */
export function renderEdgeParts(options) {
  const { port, publishPort, origins, parent, redisUrl, cachePath, backlog = 4096 } = options;
  if (!origins?.length) throw new Error('at least one origin is needed');
  let cache = read('saleday-cache.conf');
  let edge = read('saleday-edge.conf');
  cache = replaceOnce(cache, EXAMPLE.cachePath, cachePath).replaceAll(EXAMPLE.cachePath, cachePath);
  const servers = origins.map((o) => `    server ${hostPort(o)};\n`).join('');
  const workers = origins.map((o) => `    server ${hostPort(o)} max_fails=0;\n`).join('');
  cache = replaceOnce(cache, EXAMPLE.origin, `${workers}    # Reused`);
  const reads = parent
    ? `    server ${hostPort(parent)};\n${origins.map((o) => `    server ${hostPort(o)} backup;\n`).join('')}`
    : servers;
  cache = replaceOnce(cache, EXAMPLE.reads, `${reads}    keepalive`);
  cache = replaceOnce(cache, EXAMPLE.redis, redisUrl);
  edge = replaceOnce(edge, EXAMPLE.listen, `listen ${port} backlog=${backlog};`);
  edge = replaceOnce(edge, EXAMPLE.publish, `listen 127.0.0.1:${publishPort};`);
  return { cache, edge };
}

/**
 * A whole `nginx.conf` for one edge run from directory `dir` (`nginx -p dir -c dir/edge.conf`):
 * the two parts inside `http { }`, logs, pid and temp files under `dir`, nchan loaded.
 * @param {object} options see {@link renderEdgeParts}; plus:
 * @param {string} options.dir the instance's directory (logs/, cache/, temp dirs, pid file)
 * @param {string} options.nchanModule path of ngx_nchan_module.so
 * @param {number} [options.workerConnections] connections per worker (viewers + upstreams)
 * @param {number} [options.workers] worker processes (default 1)
 * @param {number} [options.fileLimit] worker_rlimit_nofile
 */
export function renderEdgeConfig(options) {
  const { dir, nchanModule, workerConnections = 16384, workers = 1 } = options;
  const fileLimit = options.fileLimit ?? workerConnections * 2;
  const { cache, edge } = renderEdgeParts({ ...options, cachePath: join(dir, 'cache') });
  const indent = (text) => text.replace(/^(?=.)/gm, '    ');
  return `# Rendered by deploy/lib/edge-config.mjs for one local edge instance.
load_module ${nchanModule};
worker_processes ${workers};
worker_rlimit_nofile ${fileLimit};
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'logs', 'error.log')} warn;

events {
    worker_connections ${workerConnections};
}

http {
    access_log off;
    client_body_temp_path ${join(dir, 'body')};
    proxy_temp_path ${join(dir, 'proxy')};
    fastcgi_temp_path ${join(dir, 'fastcgi')};
    uwsgi_temp_path ${join(dir, 'uwsgi')};
    scgi_temp_path ${join(dir, 'scgi')};
    default_type application/octet-stream;

${indent(cache)}
${indent(edge)}
}
`;
}
