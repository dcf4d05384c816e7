#!/usr/bin/env node
/**
 * Writes the Saleday edge's nginx files with your values, for a partner's nginx:
 *
 *     node deploy/render-edge-config.mjs --origin http://10.0.0.5:8787 [--origin ...]
 *          --redis redis://10.0.0.9:6379 [--port 443] [--publish-port 8081]
 *          [--cache-path /var/cache/nginx/saleday] [--out /etc/nginx/conf.d]
 *          [--parent http://edge-1.internal:8080]   (cached reads refreshed from a parent edge)
 *
 * Without `--out`, prints both files. See deploy/nginx/*.conf for what each line does.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EXAMPLE, renderEdgeParts } from './lib/edge-config.mjs';

const { values } = parseArgs({
  options: {
    origin: { type: 'string', multiple: true, default: ['http://127.0.0.1:8787'] },
    redis: { type: 'string', default: EXAMPLE.redis },
    port: { type: 'string', default: '8080' },
    'publish-port': { type: 'string', default: '8081' },
    'cache-path': { type: 'string', default: EXAMPLE.cachePath },
    out: { type: 'string' },
    parent: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log('Usage: node deploy/render-edge-config.mjs --origin URL [--origin URL] --redis URL');
  console.log('       [--port 8080] [--publish-port 8081] [--cache-path DIR] [--out DIR]');
  process.exit(0);
}
const { cache, edge } = renderEdgeParts({
  port: values.port,
  publishPort: Number(values['publish-port']),
  origins: values.origin,
  parent: values.parent,
  redisUrl: values.redis,
  cachePath: values['cache-path'],
});
if (values.out) {
  writeFileSync(join(values.out, 'saleday-cache.conf'), cache);
  writeFileSync(join(values.out, 'saleday-edge.conf'), edge);
  console.log(`wrote saleday-cache.conf and saleday-edge.conf in ${values.out}`);
} else {
  process.stdout.write(`# --- saleday-cache.conf (http level)\n${cache}\n`);
  process.stdout.write(`# --- saleday-edge.conf (server blocks)\n${edge}`);
}
