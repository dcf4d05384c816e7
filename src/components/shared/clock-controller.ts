import { isServer, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { serverClock } from '../../core/clock.js';
import { scheduleAt, type ScheduleState } from '../../core/schedule.js';
import { $serverSecond } from '../../core/ticker.js';
import type { SaleWindow } from '../../core/types.js';

/** What a {@link ClockController} follows. */
export interface ClockOptions {
  /** The sale's windows, once known (read in `hostUpdate`, after the stores' controllers). */
  windows: () => readonly SaleWindow[] | undefined;
  /**
   * Tell the time to the millisecond and re-render exactly at a phase change that falls between
   * two seconds (a buy button must open at 10:00:00.250, not at 10:00:01). Default: the second.
   */
  exact?: boolean;
}

/**
 * The server clock for an element: before each update it says what time it is on the sale's
 * server (`now`), where the sale's schedule stands (`state`) and which window opened or closed
 * since the last update (`started`, `ended`, each once per window); it re-renders the element on
 * every server second (the page's one ticker) until the sale has ended, then lets go. Before the
 * element is connected it does nothing; on the server (`saleday/ssr`) it tells the time and
 * listens to nothing.
 */
export class ClockController implements ReactiveController {
  /** The server time this update shows: the current second (epoch ms), or the instant (`exact`). */
  now = 0;
  /** Where the schedule stands at `now` (`undefined` while the windows are unknown). */
  state?: ScheduleState;
  /** The window that opened since the last update, the first time it does. */
  started?: SaleWindow;
  /** The window that closed since the last update, the first time it does. */
  ended?: SaleWindow;
  /** `started|id` and `ended|id` of every change seen, so each is seen once. */
  #seen = new Set<string>();
  #unlisten?: () => void;
  #edge?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly host: ReactiveControllerHost & Element,
    private readonly options: ClockOptions,
  ) {
    host.addController(this);
  }

  /** Forgets the schedule and the changes seen (another sale): its first state is no change. */
  reset(): void {
    this.state = undefined;
    this.#seen.clear();
  }

  hostUpdate() {
    if (!this.host.isConnected && !isServer) return;
    // The current server second, as the ticker counts it (a few ms early is the next one): also
    // right just after the first answer synced the clock, before the ticker's next beat.
    const instant = serverClock.now();
    this.now = this.options.exact ? instant : Math.floor((instant + 5) / 1000) * 1000;
    const windows = this.options.windows();
    const previous = this.state;
    this.state = windows && scheduleAt(windows, this.now);
    this.started = undefined;
    this.ended = undefined;
    if (!previous || !this.state) return;
    const was = liveWindow(previous);
    const is = liveWindow(this.state);
    if (was?.id === is?.id) return;
    if (was && this.#first('ended', was)) this.ended = was;
    if (is && this.#first('started', is)) this.started = is;
  }

  hostConnected() {
    this.#followTicker();
  }

  hostUpdated() {
    if (!this.host.isConnected) return;
    this.#followTicker();
    // The ticker flips on whole seconds: land on a phase change inside one exactly.
    clearTimeout(this.#edge);
    const next = this.state?.next;
    if (this.options.exact && next !== undefined) {
      const wait = next - serverClock.now();
      if (wait < 1000)
        this.#edge = setTimeout(() => this.host.requestUpdate(), Math.max(wait, 0) + 1);
    }
  }

  hostDisconnected() {
    this.#letGo();
    clearTimeout(this.#edge);
  }

  /** Ticks until the sale has ended; follows again when an ended sale comes back (moved dates). */
  #followTicker() {
    const ticking = this.state?.phase !== 'ended';
    if (ticking && !this.#unlisten) {
      this.#unlisten = $serverSecond.listen(() => this.host.requestUpdate());
    } else if (!ticking) {
      this.#letGo();
    }
  }

  #letGo() {
    this.#unlisten?.();
    this.#unlisten = undefined;
  }

  /** Whether this is the first time `change` happens to `window`. */
  #first(change: 'started' | 'ended', window: SaleWindow): boolean {
    const key = `${change}|${window.id}`;
    if (this.#seen.has(key)) return false;
    this.#seen.add(key);
    return true;
  }
}

/** The window open in `state`, if it is live. */
const liveWindow = (state: ScheduleState) => (state.phase === 'live' ? state.window : undefined);
