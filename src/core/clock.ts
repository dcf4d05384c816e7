/**
 * The server clock: what time it is on the sale's server, whatever the visitor's clock says.
 * @module
 */

/** How fast two monotonic clocks may drift apart: 100 ppm, 6 ms a minute. */
const DRIFT = 1e-4;

interface Sample {
  /** Estimated server time at `receivedAt`. */
  serverAt: number;
  /** `performance.now()` when the answer arrived. */
  receivedAt: number;
  roundTrip: number;
}

/**
 * Estimates the offset between this page and the API's server from `serverTime` stamps, NTP
 * style: the server stamped its time somewhere in the round trip, so the sample with the shortest
 * round trip (allowing for drift since it was taken) is the most exact. Time is then told with the
 * monotonic `performance.now()`, so a wrong or changing system clock never moves a countdown.
 * @example
 * ```ts
 * const sent = performance.now();
 * const body = await (await fetch(url)).json();
 * serverClock.sample(body.serverTime, sent, performance.now());
 * serverClock.now(); // epoch ms on the server's clock
 * ```
 */
export class ServerClock {
  #best?: Sample;

  /**
   * Records one `serverTime` stamp, with the `performance.now()` values from just before the
   * request was sent and just after the answer arrived.
   */
  sample(serverTime: number, sentAt: number, receivedAt: number = performance.now()): void {
    if (!Number.isFinite(serverTime) || !(receivedAt >= sentAt)) return;
    const roundTrip = receivedAt - sentAt;
    const best = this.#best;
    // An old sample's uncertainty grows with the drift since it was taken.
    if (!best || roundTrip <= best.roundTrip + (receivedAt - best.receivedAt) * DRIFT * 2) {
      this.#best = { serverAt: serverTime + roundTrip / 2, receivedAt, roundTrip };
    }
  }

  /** The server's current time in epoch milliseconds (the visitor's clock until a first sample). */
  now(): number {
    const best = this.#best;
    return best ? best.serverAt + (performance.now() - best.receivedAt) : Date.now();
  }

  /** Server time minus the visitor's clock, in milliseconds (0 until a first sample). */
  get offset(): number {
    return this.#best ? this.now() - Date.now() : 0;
  }

  /** Uncertainty of the estimate: half the best round trip, in milliseconds. */
  get accuracy(): number {
    return this.#best ? this.#best.roundTrip / 2 : Infinity;
  }

  /** Whether a server time stamp has been seen. */
  get synced(): boolean {
    return this.#best !== undefined;
  }

  /** Forgets every sample. */
  reset(): void {
    this.#best = undefined;
  }
}

/** The page's one server clock, fed by every answer the SDK's clients receive. */
export const serverClock = new ServerClock();
