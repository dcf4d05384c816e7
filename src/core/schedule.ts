/**
 * Where a sale stands in time: before, inside, between or after its windows.
 * @module
 */
import type { SaleWindow } from './types.js';

/** `scheduled` (before the first window), `live`, `between` (two windows) or `ended`. */
export type SalePhase = 'scheduled' | 'live' | 'between' | 'ended';

/** A sale's phase at an instant. */
export interface ScheduleState {
  phase: SalePhase;
  /** The window open now (`live`) or the next one to open (`scheduled`, `between`). */
  window?: SaleWindow;
  /** Epoch ms of the next phase change (`undefined` once ended). */
  next?: number;
}

/** A sale's (or a deal's) windows: its own list, or one window from `startsAt` to `endsAt`. */
export function windowsOf(item: {
  id: string;
  name?: string;
  title?: string;
  startsAt: string;
  endsAt: string;
  windows?: SaleWindow[];
}): SaleWindow[] {
  return (
    item.windows ?? [
      {
        id: item.id,
        name: item.name ?? item.title ?? item.id,
        startsAt: item.startsAt,
        endsAt: item.endsAt,
      },
    ]
  );
}

/** The phase at `now` (epoch ms, on the server's clock) of a list of ordered windows. */
export function scheduleAt(windows: readonly SaleWindow[], now: number): ScheduleState {
  for (const [index, window] of windows.entries()) {
    const start = Date.parse(window.startsAt);
    const end = Date.parse(window.endsAt);
    if (now < start) return { phase: index ? 'between' : 'scheduled', window, next: start };
    if (now < end) return { phase: 'live', window, next: end };
  }
  return { phase: 'ended' };
}
