/**
 * The transport of a feed by `$config.get().live`: `auto` reads the event stream and falls back
 * to polling while the stream is unavailable (trying it again every couple of minutes), `stream`
 * and `poll` use only that one (`stream` polls where the client has no stream).
 * @module
 */
import type { SaleClient } from '../client.js';
import type { LiveMode } from '../config.js';
import { poll } from './poll.js';
import { stream } from './stream.js';
import { later, liveTiming } from './timers.js';
import type { Sink, Transport } from './transport.js';

/** Opens a feed's transport, as often as the feed pauses and resumes. */
export interface Connection {
  /** The sale has ended (its stream said so): there is nothing more to open. */
  ended: boolean;
  /** Starts the stream, or polling while the stream is unavailable. */
  open(): Transport;
}

/**
 * The connection of `sink` to the sale `saleId`; it remembers across pauses when to try the
 * stream again.
 */
export function connection(
  client: SaleClient,
  saleId: string,
  sink: Sink,
  mode: Exclude<LiveMode, 'off'>,
): Connection {
  const url = client.streamUrl?.(saleId);
  /** Until when the stream is given up for polling (`auto` only). */
  let pollUntil = 0;

  const open = (): Transport => {
    let current: Transport;
    const usePoll = () => {
      const polling = poll(client, saleId, sink);
      let retry: (() => void) | undefined;
      if (mode === 'auto' && url) {
        retry = later(() => {
          polling.stop();
          useStream(url);
        }, pollUntil - Date.now());
      }
      current = {
        stop() {
          polling.stop();
          retry?.();
        },
      };
    };
    const useStream = (url: string) => {
      current = stream(
        url,
        sink,
        (why) => {
          current = { stop() {} };
          if (why === 'ended') result.ended = true;
          else {
            pollUntil = Date.now() + liveTiming.streamRetry * (0.5 + Math.random() / 2);
            usePoll();
          }
        },
        mode === 'auto',
      );
    };
    if (mode === 'poll' || !url || Date.now() < pollUntil) usePoll();
    else useStream(url);
    return { stop: () => current.stop() };
  };

  const result: Connection = { ended: false, open };
  return result;
}
