#!/usr/bin/env node
/**
 * `npm run bench`: how much the origin and the main thread pay for live data, measured in real
 * Chromium (puppeteer-core) against the local sale simulator, in one run that stops by itself.
 *
 * 1. Origin requests per minute (from the simulator's request log, over short windows,
 *    extrapolated) and open event streams, for 1 widget vs 50 widgets in one tab, and for 1 tab
 *    vs 5 tabs of the 50-widget page, with each transport (`data-live="stream"` and `"poll"`).
 *    The goal is both ratios at 1.0: the origin sees one connection per browser.
 * 2. Main-thread busy time (CDP `Performance.getMetrics`: `TaskDuration`, `ScriptDuration`,
 *    `RecalcStyleDuration` and `LayoutDuration` deltas over a window) of a page with 200
 *    countdowns, 100 deal cards and 4 live counters while the stats change 10 times a second and
 *    a deal's stock too, with each transport, and of the same page without its live counters.
 *    The goal is under 5% of one core.
 *
 * Everything runs on 127.0.0.1. Knobs: CHROME_PATH, BENCH_WINDOW_MS (default 6000), BENCH_PART
 * (`origin` or `main`: only that part).
 * @module
 */
import puppeteer from 'puppeteer-core';
import { startSimulator } from '../demo/simulator/server.mjs';
import { findBrowser, howToInstall } from '../test/browser-path.mjs';
import { startStorefront } from './pages.mjs';

const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS) || 6000;
/** `origin` or `main` runs only that part; anything else runs both. */
const PART = process.env.BENCH_PART;
const WARMUP_MS = 2500;
const DEALS = 100;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Whatever happens, the bench ends: a run takes about a minute and a half.
setTimeout(() => {
  console.error('bench: did not finish within 4 minutes, giving up.');
  process.exit(2);
}, 240_000).unref();

const executablePath = findBrowser();
if (!executablePath) {
  console.error(howToInstall());
  process.exit(1);
}

const sim = await startSimulator({ port: 0, host: '127.0.0.1', demo: false });
const storefront = await startStorefront();
const browser = await puppeteer.launch({
  executablePath,
  headless: true,
  args: [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
  defaultViewport: { width: 1280, height: 900 },
});

/**
 * A fresh world with sale `s` (live for two hours) and deals `d0`..`d99`, whose stats change
 * 10 times a second and one deal's stock too. Returns the world (the simulator's own object,
 * whose `log` and `streams` the bench reads) and a function that stops the changes.
 */
async function liveWorld() {
  const deals = Array.from({ length: DEALS }, (_, i) => ({
    id: `d${i}`,
    saleId: 's',
    stock: { total: 1_000_000 },
  }));
  const spec = { sales: [{ id: 's', startInMs: -60_000, durationMs: 7_200_000 }], deals };
  const response = await fetch(`${sim.url}/_sim/worlds`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(spec),
  });
  const world = sim.world((await response.json()).id);
  let orders = 0;
  const timer = setInterval(() => {
    orders += 1;
    world.setStats({ saleId: 's', orders, gmv: orders * 1999 });
    const deal = `d${orders % DEALS}`;
    world.setStock({ dealId: deal, remaining: 1_000_000 - orders });
  }, 100);
  return { world, stop: () => clearInterval(timer) };
}

const pageUrl = (spec) => `${storefront.url}/page?spec=${encodeURIComponent(JSON.stringify(spec))}`;

/** Opens `tabs` tabs of a page and measures what reaches the origin over a window. */
async function originLoad(live, widgets, tabs) {
  const { world, stop } = await liveWorld();
  const spec =
    widgets === 1
      ? { api: world.base, live, cards: 1 }
      : { api: world.base, live, cards: 20, countdowns: 20, counters: 10 };
  const pages = [];
  for (let i = 0; i < tabs; i++) {
    const page = await browser.newPage();
    await page.goto(pageUrl(spec), { waitUntil: 'load' });
    pages.push(page);
  }
  await sleep(WARMUP_MS); // first loads (sale, deals, stats) are not the live feed's
  world.log.length = 0;
  const started = Date.now();
  await sleep(WINDOW_MS);
  const seconds = (Date.now() - started) / 1000;
  const log = world.log.slice();
  const streams = [...world.streams].filter((stream) => stream.saleId === 's').length;
  await Promise.all(pages.map((page) => page.close()));
  stop();
  const perMinute = (entries) => Math.round((entries.length / seconds) * 60);
  return {
    requests: perMinute(log.filter((entry) => entry.method !== 'OPTIONS')),
    preflights: perMinute(log.filter((entry) => entry.method === 'OPTIONS')),
    streams,
  };
}

/** Main-thread time of a page, as shares of one core: all tasks, script, style and layout. */
async function mainThread(live, spec) {
  const { world, stop } = await liveWorld();
  const page = await browser.newPage();
  await page.goto(pageUrl({ api: world.base, live, ...spec }), { waitUntil: 'load' });
  await page.bringToFront();
  await sleep(WARMUP_MS + 1000);
  const before = await page.metrics();
  const started = Date.now();
  await sleep(WINDOW_MS);
  const after = await page.metrics();
  const seconds = (Date.now() - started) / 1000;
  await page.close();
  stop();
  const share = (...keys) => keys.reduce((sum, key) => sum + after[key] - before[key], 0) / seconds;
  return {
    task: share('TaskDuration'),
    script: share('ScriptDuration'),
    layout: share('RecalcStyleDuration', 'LayoutDuration'),
  };
}

const pad = (value, width) => String(value).padStart(width);
const ratio = (a, b) => ((b.requests + b.streams) / Math.max(1, a.requests + a.streams)).toFixed(2);
const percent = (share) => `${(share * 100).toFixed(1)}%`;

try {
  console.log(
    `saleday bench: Chromium ${await browser.version()}, stats and stock changing 10×/s,` +
      ` ${WINDOW_MS / 1000} s windows extrapolated to a minute\n`,
  );
  if (PART !== 'main') {
    console.log('Origin load per browser (requests/min exclude CORS preflights, listed apart)');
    console.log(
      'transport  scenario                    requests/min  preflights/min  open streams',
    );
    const rows = {};
    for (const live of ['stream', 'poll']) {
      const one = await originLoad(live, 1, 1);
      const fifty = await originLoad(live, 50, 1);
      const tabs = await originLoad(live, 50, 5);
      rows[live] = { one, fifty, tabs };
      for (const [name, row] of [
        ['1 tab, 1 widget', one],
        ['1 tab, 50 widgets', fifty],
        ['5 tabs, 50 widgets each', tabs],
      ]) {
        console.log(
          `${live.padEnd(10)} ${name.padEnd(26)} ${pad(row.requests, 13)} ${pad(row.preflights, 15)} ${pad(row.streams, 13)}`,
        );
      }
    }
    console.log('\nRatios of (requests/min + open streams), goal 1.00:');
    for (const [live, { one, fifty, tabs }] of Object.entries(rows)) {
      console.log(
        `${live.padEnd(10)} 50 widgets / 1 widget = ${ratio(one, fifty)}    5 tabs / 1 tab = ${ratio(fifty, tabs)}`,
      );
    }
  }
  if (PART !== 'origin') {
    console.log(
      '\nMain thread as a share of one core (goal < 5%); "other" is mostly paint and compositing',
    );
    console.log(
      'page                                    transport   busy  script  style+layout  other',
    );
    const big = { counters: 4, countdowns: 200, cards: 100 };
    for (const [name, live, spec] of [
      ['200 countdowns, 100 cards, 4 counters', 'stream', big],
      ['200 countdowns, 100 cards, 4 counters', 'poll', big],
      ['the same without the 4 counters', 'stream', { ...big, counters: 0 }],
    ]) {
      const { task, script, layout } = await mainThread(live, spec);
      console.log(
        `${name.padEnd(39)} ${live.padEnd(9)} ${pad(percent(task), 6)} ${pad(percent(script), 7)} ${pad(percent(layout), 13)} ${pad(percent(task - script - layout), 6)}`,
      );
    }
  }
} finally {
  await browser.close();
  await storefront.close();
  await sim.close();
}
