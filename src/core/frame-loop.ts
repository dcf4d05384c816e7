/**
 * One animation loop for the whole page, shared by every animation the widgets run, on one beat:
 * at most 20 frames a second.
 * @module
 */

/** Called on each frame of the beat with the frame's timestamp; returns `false` when it is done. */
export type FrameStep = (now: number) => boolean | void;

/**
 * Time between two frames of the loop: 50 ms, 20 frames a second (every third frame at 60 Hz).
 * Digits that change faster are a blur anyway, and every frame a widget draws repaints the page
 * around it: on a page of 300 widgets with its live counters on screen, 30 draws a second cost
 * 28-37% of a core and 20 cost 22-29% in alternate runs (docs/benchmarks.md).
 */
const BEAT = 1000 / 20;
/** A frame this close to the beat is on it (frame times are not exactly 1000/60 ms apart). */
const EARLY = 2;
/** How long before the beat the loop asks for a frame, so that the frame of the beat is the next. */
const LEAD = 12;

const steps = new Set<FrameStep>();
let frame = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
/** The timestamp of the last frame the steps ran on. */
let lastBeat = -Infinity;

const run = (now: number): void => {
  frame = 0;
  // Woken a frame early (timers are not exact): the beat's frame is the next one.
  if (now - lastBeat < BEAT - EARLY) {
    frame = requestAnimationFrame(run);
    return;
  }
  lastBeat = now;
  for (const step of steps) if (step(now) === false) steps.delete(step);
  schedule();
};

/**
 * Asks for the frame of the next beat: at once when it is due, else with a timer that wakes just
 * before it. Between beats the loop asks for no frame at all, so the browser runs no rendering
 * update for it (a `requestAnimationFrame` on every frame would cost a whole update 60 times a
 * second, even on the frames where nothing is drawn).
 */
function schedule(): void {
  if (!steps.size || frame || timer !== undefined) return;
  const wait = lastBeat + BEAT - LEAD - performance.now();
  if (wait <= 0) {
    frame = requestAnimationFrame(run);
  } else {
    timer = setTimeout(() => {
      timer = undefined;
      schedule();
    }, wait);
  }
}

/**
 * Runs `step` on every frame of the page's beat (at most 20 a second) until it returns `false`
 * or the returned function is called. However many widgets animate, the page runs one loop, all
 * of them draw on the same frames, and it asks for no frame while nothing animates. Callers
 * honour reduced motion themselves (see {@link prefersReducedMotion}).
 * @example
 * ```ts
 * const stop = onFrame((now) => {
 *   draw(now);
 *   return now < end; // false: done
 * });
 * ```
 */
export function onFrame(step: FrameStep): () => void {
  steps.add(step);
  schedule();
  return () => {
    steps.delete(step);
    if (steps.size) return;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    frame = 0;
    timer = undefined;
  };
}

/** How many steps the loop runs now (0 when it is stopped), for tests and leak checks. */
export const frameSteps = (): number => steps.size;

/** Whether the visitor asked for less motion (`prefers-reduced-motion: reduce`), read live. */
export const prefersReducedMotion = (): boolean =>
  !!globalThis.matchMedia?.('(prefers-reduced-motion:reduce)').matches;
