/**
 * Polling of a sale's stats (and, every third round, its deals' stock) at the interval the server
 * suggests, aligned to the server's clock so that a CDN with `max-age=1` answers a whole audience
 * from one origin request. Stats revalidate with `If-None-Match`: a `304` hands back the very same
 * object, which the feed drops without a render.
 * @module
 */
import type { SaleClient } from '../client.js';
import { serverClock } from '../clock.js';
import { toSaledayError } from '../errors.js';
import { backoff, counts, later, stockOf } from './timers.js';
import type { Sink, Transport } from './transport.js';

/** Polls until stopped; the sink is asked before each round whether anyone wants the stock. */
export function poll(client: SaleClient, saleId: string, sink: Sink): Transport {
  const controller = new AbortController();
  const { signal } = controller;
  let cancel: (() => void) | undefined;
  let failures = 0;
  let round = 0;
  const run = async () => {
    const interval = client.pollInterval?.(saleId) ?? 1000;
    try {
      sink.put({ type: 'stats', data: await client.getStats(saleId, { signal }) });
      if (sink.wantsStock() && round++ % 3 === 0) {
        for (const update of stockOf(await client.getDeals(saleId, { signal }))) {
          sink.put({ type: 'stock', data: update });
        }
      }
      failures = 0;
      sink.health();
      // Aim just after the next multiple of the interval on the server's clock.
      const now = serverClock.now();
      cancel = later(run, Math.ceil((now + 1) / interval) * interval - now + 20);
    } catch (error) {
      if (signal.aborted) return;
      const failure = toSaledayError(error);
      sink.health(failure);
      cancel = later(run, Math.max(failure.retryAfter ?? 0, backoff(failures++, interval)));
    }
  };
  counts.polls++;
  void run();
  return {
    stop() {
      counts.polls--;
      controller.abort();
      cancel?.();
    },
  };
}
