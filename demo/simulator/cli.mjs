#!/usr/bin/env node
/**
 * Runs the sale simulator standalone and prints its URL:
 *
 *     node demo/simulator/cli.mjs --port 8787 --speed 1 --countdown 60 [--host 127.0.0.1]
 *                                [--origins https://shop.example,http://localhost:8000]
 *                                [--no-demo] [--verbose] [--publish http://127.0.0.1:8081]
 *                                [--redis redis://127.0.0.1:6379] [--public-url http://127.0.0.1:8080]
 *
 * `--countdown` is in seconds (until the demo sale opens); `--speed` scales sale time.
 * `--publish`: behind a Saleday edge (deploy/nginx), events go once to nchan's publish URL.
 * `--redis`: keep orders, stock and stats in that Redis, shared by every simulator started on
 * it (several workers behind one edge); `--public-url`: the URL buyers reach it at (the edge).
 * @module
 */
import { parseArgs } from 'node:util';
import { startSimulator } from './server.mjs';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    speed: { type: 'string', default: '1' },
    countdown: { type: 'string', default: '60' },
    origins: { type: 'string', default: '*' },
    'no-demo': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    publish: { type: 'string' },
    redis: { type: 'string' },
    'public-url': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
const port = Number(values.port);
const speed = Number(values.speed);
const countdown = Number(values.countdown);
if (values.help || !Number.isInteger(port) || !(speed > 0) || !(countdown >= 0)) {
  console.log('Usage: node demo/simulator/cli.mjs [--port 8787] [--speed 1] [--countdown 60]');
  console.log('       [--host 127.0.0.1] [--origins a,b | *] [--no-demo] [--verbose]');
  console.log('       [--publish http://127.0.0.1:8081]');
  console.log('       [--redis redis://127.0.0.1:6379] [--public-url http://127.0.0.1:8080]');
  process.exit(values.help ? 0 : 2);
}

const sim = await startSimulator({
  port,
  host: values.host,
  speed,
  countdownMs: countdown * 1000,
  demo: !values['no-demo'],
  allowedOrigins: values.origins === '*' ? '*' : values.origins.split(','),
  quiet: !values.verbose,
  publish: values.publish,
  redis: values.redis,
  publicUrl: values['public-url'],
});
console.log(`Saleday simulator listening on ${sim.url}`);
if (!values['no-demo']) {
  console.log(`Demo API: ${sim.url}/api (sale-1111 opens in ${countdown}s, speed x${speed})`);
}
const stop = () => sim.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
