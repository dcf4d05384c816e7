/**
 * Who runs a feed's connection: the leader tab among the tabs sharing it (see `tabs.ts`), or
 * this page alone where the feed is not shared. The leader relays what its feed passes on to
 * the others and tells a tab that joins what it knows; the others feed on what it relays. A
 * visible tab leads whenever there is one, and the connection pauses while every tab sharing it
 * is hidden.
 * @module
 */
import { SaledayError, type SaledayErrorCode } from '../errors.js';
import type { Connection } from './connection.js';
import type { Feed, SaleFeedListener } from './feed.js';
import { joinTabs, type TabMessage, type Tabs } from './tabs.js';
import { counts } from './timers.js';
import type { Transport } from './transport.js';

/** A running feed's share of the browser's one connection. */
export interface Sharing {
  /** A listener joined the feed in this page (the leader learns if it wants stock). */
  joined(listener: SaleFeedListener): void;
  /** Stops leading or following, and any connection this page holds. */
  stop(): void;
}

/**
 * Runs `feed` from `connection`, shared with the other tabs on the channel `name` (or alone,
 * without a name or where the browser cannot share).
 */
export function shareFeed(feed: Feed, name: string | undefined, connection: Connection): Sharing {
  let leading = false;
  let transport: Transport | undefined;
  let tabs: Tabs | undefined;
  let unlead: (() => void) | undefined;

  /**
   * Runs the transport while this tab leads and is visible. A hidden leader lets a visible tab
   * lead instead (a hidden tab's timers are throttled, and it may be frozen), and pauses when
   * every tab is hidden.
   */
  const check = async () => {
    if (!leading) return;
    const visible = !document.hidden || (await tabs?.seen());
    if (!leading || connection.ended) return;
    if (visible && document.hidden) return tabs!.handOver();
    if (visible && !transport) transport = connection.open();
    if (!visible && transport) {
      transport.stop();
      transport = undefined;
    }
  };

  /** Becomes the leader; returns how to stop. */
  const lead = () => {
    leading = true;
    counts.leaders++;
    if (tabs) counts.followers--;
    void check();
    return () => {
      leading = false;
      counts.leaders--;
      if (tabs) counts.followers++;
      transport?.stop();
      transport = undefined;
    };
  };

  const hear = (message: TabMessage) => {
    switch (message.type) {
      case 'hello':
        if (message.wantsStock) feed.othersWantStock = true;
        if (leading) for (const event of feed.known()) tabs!.post(event);
        void check();
        break;
      case 'visibility':
        void check();
        break;
      case 'health': {
        if (leading) break;
        const { error } = message;
        feed.health(error && new SaledayError(error.code as SaledayErrorCode, error.message));
        break;
      }
      default:
        if (!leading) feed.put(message);
    }
  };

  feed.relay = (message) => {
    if (leading) tabs?.post(message);
  };
  document.addEventListener('visibilitychange', check);
  if (name) tabs = joinTabs(name, lead, hear);
  if (tabs) {
    counts.followers++;
    tabs.post({ type: 'hello', wantsStock: feed.wantsStock() });
  } else unlead = lead();

  return {
    joined(listener) {
      if (listener.stock && !leading) tabs?.post({ type: 'hello', wantsStock: true });
    },
    stop() {
      document.removeEventListener('visibilitychange', check);
      if (tabs) {
        tabs.stop();
        counts.followers--;
      } else unlead?.();
    },
  };
}
