/**
 * One connection per browser: the tabs (and frames) of one origin that watch the same feed elect
 * a leader with the Web Locks API. The leader holds the lock `name`, and with it the only
 * connection, until it stops or its tab goes away (the browser then grants the lock to the next
 * tab in the queue at once, crash included). Everyone talks over a `BroadcastChannel` of the same
 * name. Each tab also holds the shared lock `name|on` while it is visible, so that a hidden
 * leader can tell whether another tab watches (it then hands over: queues again behind the
 * others) or nobody does (it then pauses).
 * @module
 */
import type { FeedEvent } from './transport.js';

/** What the tabs sharing a feed tell each other. */
export type TabMessage =
  /** A tab joined, or gained a listener of stock: the leader answers with what it knows. */
  | { type: 'hello'; wantsStock: boolean }
  /** A tab showed or hid (sent by this module, to the other tabs and to this one). */
  | { type: 'visibility' }
  /** The leader relays a failure of its connection (code and message), or its recovery. */
  | { type: 'health'; error?: { code: string; message: string } }
  /** The leader relays a piece of live data. */
  | FeedEvent;

/** This tab's membership of a feed shared between tabs. */
export interface Tabs {
  /** Sends a message to the other tabs. */
  post(message: TabMessage): void;
  /** Whether any tab of this feed is visible (this one included). */
  seen(): Promise<boolean>;
  /** Stops leading and queues again behind the others (one of them is visible, this one not). */
  handOver(): void;
  /** Leaves: stops leading (or stops waiting to lead) and closes the channel. */
  stop(): void;
}

/**
 * Joins the tabs sharing `name`, or returns `undefined` where Web Locks or BroadcastChannel are
 * missing (each tab then connects on its own). `lead` runs when this tab becomes the leader and
 * returns the function that stops leading; `hear` receives the other tabs' messages, and
 * `visibility` whenever a tab (this one too) shows or hides.
 */
export function joinTabs(
  name: string,
  lead: () => () => void,
  hear: (message: TabMessage) => void,
): Tabs | undefined {
  const locks = navigator.locks as LockManager | undefined;
  if (!locks || typeof BroadcastChannel !== 'function') return undefined;
  const visibilityMessage: TabMessage = { type: 'visibility' };
  const on = `${name}|on`;
  const channel = new BroadcastChannel(name);
  const controller = new AbortController();
  const { signal } = controller;
  let unlead: (() => void) | undefined;
  let unsee: (() => void) | undefined;
  let seeing: Promise<void> | undefined;
  /** Holds `lock` from when it is granted until `release` is called (or this tab leaves). */
  const hold = (lock: string, mode: LockMode, granted: (release: () => void) => void) =>
    locks
      .request(lock, { mode, signal }, () =>
        signal.aborted ? undefined : new Promise<void>(granted),
      )
      .catch(() => {});
  const changed = () => {
    if (signal.aborted) return;
    channel.postMessage(visibilityMessage);
    hear(visibilityMessage);
  };
  const visibility = () => {
    unsee?.();
    unsee = undefined;
    if (document.hidden) return;
    let wanted = true;
    let release: (() => void) | undefined;
    unsee = () => {
      wanted = false;
      release?.();
    };
    seeing = hold(on, 'shared', (granted) => {
      release = granted;
      if (wanted) changed();
      else granted();
    }).then(changed);
  };
  const queue = () =>
    void hold(name, 'exclusive', (release) => {
      const stop = lead();
      unlead = () => {
        unlead = undefined;
        stop();
        release();
      };
    });
  channel.onmessage = (event: MessageEvent<TabMessage>) => hear(event.data);
  document.addEventListener('visibilitychange', visibility);
  visibility();
  queue();
  return {
    post: (message) => channel.postMessage(message),
    seen: async () =>
      !document.hidden || !!(await locks.query()).held?.some((lock) => lock.name === on),
    handOver() {
      unlead?.();
      queue();
    },
    stop() {
      unsee?.();
      controller.abort();
      document.removeEventListener('visibilitychange', visibility);
      unlead?.();
      // Once this tab's `on` lock is gone, tell the leader: this may have been the last viewer.
      void Promise.resolve(seeing).then(() => {
        channel.postMessage(visibilityMessage);
        channel.close();
      });
    },
  };
}
