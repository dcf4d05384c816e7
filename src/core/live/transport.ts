/**
 * What a sale's feed carries, and the contract between a feed and its transports: a transport
 * (the event stream, the poller) reads the server and delivers into a {@link Sink} until stopped.
 * @module
 */
import type { SaledayError } from '../errors.js';
import type { Sale, Stats, StockUpdate } from '../types.js';

/** The data a sale's feed carries, by event name. */
export interface FeedEvents {
  stats: Stats;
  stock: StockUpdate;
  sale: Sale;
}

/** One piece of live data: its name, its value and, from the stream, its event id. */
export type FeedEvent = {
  [K in keyof FeedEvents]: { type: K; data: FeedEvents[K]; id?: string };
}[keyof FeedEvents];

/** Where a transport delivers: the feed that runs it. */
export interface Sink {
  /** The id of the last stream event seen (here, or by the leader tab over the channel). */
  id?: string;
  put(event: FeedEvent): void;
  /** A failure (`error`) or a success (`undefined`); the feed passes on only the changes. */
  health(error?: SaledayError): void;
  /** A stream opened from scratch (no event id to resume from): its snapshot has no stock. */
  fresh(): void;
  /** Whether anyone (in this tab or another) shows stock: the poller reads it only then. */
  wantsStock(): boolean;
}

/** A running transport: the stream, the poller, or the choice between them. */
export interface Transport {
  stop(): void;
}
