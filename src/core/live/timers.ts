/**
 * Timers and counters shared by the live transports: every pending timer and open connection is
 * counted, so that tests and benchmarks can tell a leak from a shared feed (`liveCounters()`).
 * @module
 */
import type { DealList, StockUpdate } from '../types.js';

/** The stock of every deal of a list, as stock updates. */
export const stockOf = ({ deals, serverTime }: DealList): StockUpdate[] =>
  deals.map(({ id, stock }) => ({ dealId: id, remaining: stock.remaining, serverTime }));

/** Open connections, pending timers and tab roles of this page. */
export const counts = { timers: 0, streams: 0, polls: 0, leaders: 0, followers: 0 };

/**
 * Delays that tests may shorten: `stall` (no first event: a buffering proxy), `silence` (no event
 * on a stream that had some: it has stalled; the server sends one at least every 2 s),
 * `streamRetry` (back from polling to the stream).
 */
export const liveTiming = { stall: 5000, silence: 6000, streamRetry: 120_000 };

/** Full jitter: a random delay between 0 and `base * 2^attempt`, capped. */
export const backoff = (attempt: number, base = 1000, cap = 30_000) =>
  Math.random() * Math.min(cap, base * 2 ** attempt);

/** A counted `setTimeout`; returns its cancel function. */
export function later(run: () => void, delay: number): () => void {
  counts.timers++;
  const timer = setTimeout(() => {
    counts.timers--;
    cancel = () => {};
    run();
  }, delay);
  let cancel = () => {
    counts.timers--;
    clearTimeout(timer);
    cancel = () => {};
  };
  return () => cancel();
}
