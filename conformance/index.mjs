/**
 * The conformance kit as a function (the `saleday-conformance` command calls it).
 * @module
 */
import { runChecks } from './checks.mjs';
import { createHttp } from './net.mjs';
import { loadSpec } from './spec.mjs';

/**
 * Checks the server at `api` against the HTTP contract.
 * @param {{ api: string, sale: string, deal: string, endedSale?: string, destructive?: boolean,
 *   origin?: string, authorization?: string, timeout?: number, burst?: number, onResult?: (result: object) => void }} options
 * @returns {Promise<{ api: string, sale: string, deal: string, destructive: boolean,
 *   startedAt: string, results: object[], summary: { pass: number, fail: number, skip: number } }>}
 * @example
 * const report = await runConformance({ api: 'http://127.0.0.1:8787/api', sale: 'sale-1111', deal: 'd1' });
 * if (report.summary.fail) process.exitCode = 1;
 */
export async function runConformance(options) {
  const { origin = 'https://shop.example', timeout = 10_000, destructive = false } = options;
  const startedAt = new Date().toISOString();
  const http = createHttp({
    api: options.api,
    origin,
    timeout,
    authorization: options.authorization,
  });
  const results = await runChecks({
    ...options,
    origin,
    timeout,
    destructive,
    http,
    spec: loadSpec(),
  });
  const count = (status) => results.filter((r) => r.status === status).length;
  return {
    api: options.api,
    sale: options.sale,
    deal: options.deal,
    destructive,
    startedAt,
    results,
    summary: { pass: count('pass'), fail: count('fail'), skip: count('skip') },
  };
}
