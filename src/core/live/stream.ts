/**
 * The sale's event stream (`text/event-stream`) over `EventSource`, reconnected by hand so that a
 * crowd does not come back in step: backoff with full jitter, `Retry-After` honoured, and the
 * last event id passed as `?lastEventId=` (a cross-origin `EventSource` cannot set the header),
 * so the server replays what was missed. A stream that goes silent (an edge holding it open with
 * keep-alive comments but no events) is reconnected the same way.
 * @module
 */
import { SaledayError, type SaledayErrorCode } from '../errors.js';
import { parseRetryAfter } from '../http-client.js';
import { parseSale, parseStats, parseStockUpdate } from '../validate.js';
import { backoff, counts, later, liveTiming } from './timers.js';
import type { FeedEvent, FeedEvents, Sink, Transport } from './transport.js';

const parsers: { [K in keyof FeedEvents]: (body: unknown) => FeedEvents[K] } = {
  stats: parseStats,
  stock: parseStockUpdate,
  sale: parseSale,
};

/** Why a stream gave up: the sale has `ended` (HTTP 204), or polling should take over. */
export type StreamEnd = 'ended' | 'fallback';

/**
 * Reads the stream at `url` into `sink` until stopped or until it gives
 * up and calls `end`. With `fallback`, it gives up when the stream is missing or refused (a 4xx),
 * when a fresh stream stays silent (a proxy buffers it) or after three failures in a row;
 * without, it retries those too.
 */
export function stream(
  url: string,
  sink: Sink,
  end: (why: StreamEnd) => void,
  fallback: boolean,
): Transport {
  const controller = new AbortController();
  const { signal } = controller;
  let source: EventSource | undefined;
  let cancel: (() => void) | undefined;
  let failures = 0;
  let openedAt = 0;

  const close = () => {
    cancel?.();
    if (source) {
      counts.streams--;
      source.close();
      source = undefined;
    }
  };

  /** After a failure: finds out why if it was refused, then gives up or tries again. */
  const fail = async (refused?: boolean, silent?: boolean) => {
    close();
    let status = 0;
    let retryAfter: number | undefined;
    if (refused) {
      // EventSource hides why: ask once more with fetch, and read the status and Retry-After.
      try {
        const response = await fetch(url, { signal });
        void response.body?.cancel().catch(() => {});
        status = response.status;
        retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
      } catch {
        // Unreachable: a failure like any other.
      }
      if (signal.aborted) return;
      if (status === 204) return end('ended');
    }
    failures++;
    const missing = status >= 400 && status < 500 && status !== 429;
    if (fallback && (silent || missing || failures > 2)) return end('fallback');
    if (refused || failures > 1) {
      let code: SaledayErrorCode = 'network';
      if (status === 429) code = 'rate_limited';
      else if (status) code = 'unavailable';
      sink.health(new SaledayError(code, 'The live stream failed', { status, retryAfter }));
    }
    cancel = later(open, Math.max(retryAfter ?? 0, backoff(failures - 1)));
  };

  /**
   * Restarts the silence watchdog: the server sends an event at least every 2 s, so none for
   * `liveTiming.silence` means the stream stalled. It is reopened from the last event id, after
   * a random delay so that the viewers of a stalled edge do not all come back at once.
   */
  const watch = () => {
    cancel?.();
    cancel = later(() => {
      close();
      cancel = later(open, backoff(0));
    }, liveTiming.silence);
  };

  const open = () => {
    const id = sink.id;
    let query = '';
    if (id) query = `${url.includes('?') ? '&' : '?'}lastEventId=${encodeURIComponent(id)}`;
    const es = (source = new EventSource(url + query));
    counts.streams++;
    openedAt = 0;
    // A fresh stream starts with a snapshot: silence means something on the way buffers it.
    if (id) watch();
    else cancel = later(() => void fail(false, true), liveTiming.stall);
    es.onopen = () => {
      openedAt = performance.now();
      sink.health();
      if (!id) sink.fresh();
    };
    es.onerror = () => {
      // A refusal (an HTTP error, a 204) closes an EventSource before it opens; a close after
      // that is this page going away, not worth a question. A long-lived connection did well.
      const refused = !openedAt && es.readyState === EventSource.CLOSED;
      if (openedAt && performance.now() - openedAt > 10_000) failures = 0;
      close();
      cancel = later(() => void fail(refused), 0);
    };
    for (const type of Object.keys(parsers) as (keyof FeedEvents)[]) {
      es.addEventListener(type, (message) => {
        const { data, lastEventId } = message as MessageEvent<string>;
        watch();
        failures = 0;
        let event: FeedEvent;
        try {
          event = { type, data: parsers[type](JSON.parse(data)), id: lastEventId } as FeedEvent;
        } catch (cause) {
          // Skipped (and not asked for again), but said.
          sink.id = lastEventId || sink.id;
          return sink.health(
            new SaledayError('invalid_response', `Invalid ${type} event`, { cause }),
          );
        }
        sink.put(event);
        sink.health();
      });
    }
  };

  open();
  return {
    stop() {
      controller.abort();
      close();
    },
  };
}
