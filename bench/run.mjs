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
 *    `RecalcStyleDuration` and `LayoutDuration` deltas over a window) while the stats change 10
 *    times a second and a deal's stock too: 4 live counters on screen and scrolled away; a page
 *    of 200 countdowns, 100 deal cards and 4 live counters with the counters on screen (with
 *    each transport) and scrolled away; the same page without its counters. Goals: at most 3%
 *    of one core for 4 counters off screen, 25% for the big page, 12% with its counters away.
 * 3. Side by side with a peer: 4 live counters against 4 NumberFlow elements (`number-flow`,
 *    bundled from npm) fed the same event stream: main-thread share and late frames of each.
 *    The goal: ours at most a fifth of NumberFlow's main-thread time.
 *
 * Figures are CPU shares on whatever else the machine is doing: compare ratios within one run.
 * Everything runs on 127.0.0.1. Knobs: CHROME_PATH, BENCH_WINDOW_MS (default 6000), BENCH_PART
 * (`origin`, `main` or `peer`: only that part).
 * @module
 */
import puppeteer from 'puppeteer-core';
import { startSimulator } from '../demo/simulator/server.mjs';
import { findBrowser, howToInstall } from '../test/browser-path.mjs';
import { startStorefront } from './pages.mjs';

const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS) || 6000;
/** `origin`, `main` or `peer` runs only that part; unset runs all three. */
const PART = process.env.BENCH_PART;
const WARMUP_MS = 2500;
const DEALS = 100;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Whatever happens, the bench ends: a run takes about three minutes.
setTimeout(() => {
  console.error('bench: did not finish within 6 minutes, giving up.');
  process.exit(2);
}, 360_000).unref();

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

/**
 * Counts the page's rendering frames and those that came more than 16 ms late: each gap between
 * two animation frames longer than one and a half frame periods (25 ms at 60 Hz) means at least
 * one frame missed its deadline. Installed for the measurement window only, on both pages of a
 * comparison alike (its own frame loop costs them the same).
 */
const FRAME_WATCH = () => {
  const watch = { frames: 0, late: 0, running: true };
  let last;
  const tick = (now) => {
    if (last !== undefined) {
      watch.frames++;
      if (now - last > 25) watch.late++;
    }
    last = now;
    if (watch.running) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  window.frameWatch = watch;
};

/**
 * Main-thread time of a page, as shares of one core: all tasks, script, style and layout.
 * `scrollAway` scrolls just past the last live counter first (the counters at the top leave
 * the screen, the widgets after them fill it); `frames` also counts frames and late frames.
 */
async function mainThread(spec, { scrollAway = false, frames = false } = {}) {
  const { world, stop } = await liveWorld();
  const page = await browser.newPage();
  await page.goto(pageUrl({ api: world.base, live: 'stream', ...spec }), { waitUntil: 'load' });
  await page.bringToFront();
  if (scrollAway) {
    // Just past the last counter: the widgets after it (or the spacer) fill the screen.
    await page.evaluate(() => {
      const counters = document.querySelectorAll('saleday-live-counter');
      const last = counters[counters.length - 1];
      window.scrollTo(0, window.scrollY + last.getBoundingClientRect().bottom + 80);
    });
  }
  await sleep(WARMUP_MS + 1000);
  if (frames) await page.evaluate(FRAME_WATCH);
  const before = await page.metrics();
  const started = Date.now();
  await sleep(WINDOW_MS);
  const after = await page.metrics();
  const seconds = (Date.now() - started) / 1000;
  // A counter that never showed a number would make every figure meaningless.
  const blank = await page.evaluate(
    () =>
      [...document.querySelectorAll('saleday-live-counter, number-flow')].filter(
        (counter) => counter.value === undefined,
      ).length,
  );
  if (blank) throw new Error(`bench: ${blank} counter(s) never showed a number`);
  const watched = frames
    ? await page.evaluate(() => {
        window.frameWatch.running = false;
        return window.frameWatch;
      })
    : undefined;
  await page.close();
  stop();
  const share = (...keys) => keys.reduce((sum, key) => sum + after[key] - before[key], 0) / seconds;
  return {
    task: share('TaskDuration'),
    script: share('ScriptDuration'),
    layout: share('RecalcStyleDuration', 'LayoutDuration'),
    frames: watched && watched.frames,
    late: watched && watched.late,
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
  if (PART === undefined || PART === 'origin') {
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
  if (PART === undefined || PART === 'main') {
    console.log(
      '\nMain thread as a share of one core; "other" is mostly paint and compositing (event stream)',
    );
    console.log(
      'page                                             busy  script  style+layout  other   goal',
    );
    const big = { counters: 4, countdowns: 200, cards: 100 };
    for (const [name, spec, options, goal] of [
      ['4 live counters, on screen', { counters: 4, spacer: true }, {}, ''],
      ['4 live counters, scrolled away', { counters: 4, spacer: true }, { scrollAway: true }, 0.03],
      ['300 widgets, counters on screen', big, {}, 0.25],
      ['300 widgets, counters scrolled away', big, { scrollAway: true }, 0.12],
      ['300 widgets, polling, counters on screen', { ...big, live: 'poll' }, {}, ''],
      ['300 widgets without the counters', { ...big, counters: 0 }, {}, ''],
    ]) {
      const { task, script, layout } = await mainThread(spec, options);
      console.log(
        `${name.padEnd(45)} ${pad(percent(task), 7)} ${pad(percent(script), 7)} ${pad(percent(layout), 13)} ${pad(percent(task - script - layout), 6)} ${pad(goal ? `<= ${percent(goal).replace('.0', '')}` : '', 6)}`,
      );
    }
  }
  if (PART === undefined || PART === 'peer') {
    console.log(
      '\nSide by side: 4 live counters against 4 NumberFlow elements, fed the same event stream' +
        '\n(sales total, 10 updates a second); main thread as a share of one core, and frames that' +
        '\ncame more than 16 ms late (a gap of over 25 ms between two animation frames)',
    );
    console.log(
      'element                           busy  script  style+layout  frames  late frames',
    );
    const rows = [];
    for (const [name, spec] of [
      ['<saleday-live-counter> x4', { counters: 4 }],
      ['<number-flow> x4 (NumberFlow)', { counters: 4, peer: 'number-flow' }],
    ]) {
      const row = await mainThread(spec, { frames: true });
      rows.push(row);
      console.log(
        `${name.padEnd(31)} ${pad(percent(row.task), 7)} ${pad(percent(row.script), 7)} ${pad(percent(row.layout), 13)} ${pad(row.frames, 7)} ${pad(`${row.late} (${percent(row.late / Math.max(1, row.frames))})`, 12)}`,
      );
    }
    const [ours, theirs] = rows;
    console.log(
      `ours / NumberFlow, main thread: ${(ours.task / theirs.task).toFixed(2)} (goal <= 0.20)`,
    );
  }
} finally {
  await browser.close();
  await storefront.close();
  await sim.close();
}
