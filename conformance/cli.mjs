#!/usr/bin/env node
/**
 * The Saleday conformance kit: checks a running server against the HTTP contract
 * (docs/api-contract.md, docs/openapi.yaml) and says, one line per check, what passed, what
 * failed (expected, got, what to fix) and what was skipped.
 *
 *     npx saleday-conformance --api https://api.shop.example/saleday --sale SALE --deal DEAL
 *         [--destructive] [--ended-sale SALE] [--json results.json] [--timeout 10000]
 *         [--origin https://shop.example] [--authorization 'Bearer ...'] [--burst 50]
 *
 * Exit code 0 only when no check failed (2: bad arguments).
 * @module
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runConformance } from './index.mjs';

const USAGE = `Usage: saleday-conformance --api URL --sale ID --deal ID [options]

  --api URL          the API base URL (the one given to the widgets as data-api)
  --sale ID          a sale that has not ended (live is best: the stream has events to resume)
  --deal ID          a deal of that sale; with --destructive it must be on sale with stock
  --destructive      also run the checks that place orders (a few, quantity 1): test sales only
  --ended-sale ID    a sale that has ended (its stream must answer 204)
  --origin URL       the shop's origin for the CORS checks (default https://shop.example)
  --authorization V  sent as the Authorization header on every request (a test buyer's
                     token), as the SDK does when the page gives one
  --timeout MS       per request and per stream wait (default 10000)
  --burst N          requests in the rate-limit burst, orders of a deal that does not exist
                     (default 50; 0 skips it)
  --json FILE        also write every result to FILE
  --no-color         plain output
`;

let values;
try {
  ({ values } = parseArgs({
    options: {
      api: { type: 'string' },
      sale: { type: 'string' },
      deal: { type: 'string' },
      destructive: { type: 'boolean', default: false },
      'ended-sale': { type: 'string' },
      origin: { type: 'string', default: 'https://shop.example' },
      authorization: { type: 'string' },
      timeout: { type: 'string', default: '10000' },
      burst: { type: 'string', default: '50' },
      json: { type: 'string' },
      'no-color': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (error) {
  console.error(`${error.message}\n\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const timeout = Number(values.timeout);
const burst = Number(values.burst);
const problems = [
  !/^https?:\/\/\S+$/.test(values.api ?? '') && '--api must be an http(s) URL',
  !values.sale && '--sale is required',
  !values.deal && '--deal is required',
  !(Number.isInteger(timeout) && timeout > 0) && '--timeout must be a positive number of ms',
  !(Number.isInteger(burst) && burst >= 0 && burst <= 500) && '--burst must be from 0 to 500',
  !/^https?:\/\/[^/\s]+$/.test(values.origin) && '--origin must be an origin (https://host)',
].filter(Boolean);
if (problems.length) {
  console.error(`${problems.join('\n')}\n\n${USAGE}`);
  process.exit(2);
}

const color = !values['no-color'] && process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, text) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const LABEL = { pass: paint(32, 'PASS'), fail: paint(31, 'FAIL'), skip: paint(33, 'SKIP') };

console.log(
  `Saleday conformance kit: ${values.api} (sale ${values.sale}, deal ${values.deal}${values.destructive ? ', destructive' : ''})`,
);
const report = await runConformance({
  api: values.api,
  sale: values.sale,
  deal: values.deal,
  endedSale: values['ended-sale'],
  destructive: values.destructive,
  origin: values.origin,
  authorization: values.authorization,
  timeout,
  burst,
  onResult(r) {
    const text =
      r.status === 'fail' ? `expected ${r.expected}; got ${r.got}. Fix: ${r.fix}.` : r.detail;
    console.log(`${LABEL[r.status]} ${r.id}: ${text}`);
  },
});
const { pass, fail, skip } = report.summary;
console.log(
  `${fail ? paint(31, 'FAILED') : paint(32, 'PASSED')}: ${pass} passed, ${fail} failed, ${skip} skipped${values.destructive ? '' : ' (checks that place orders need --destructive)'}`,
);
if (values.json) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
process.exitCode = fail ? 1 : 0;
