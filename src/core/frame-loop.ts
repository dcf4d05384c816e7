/**
 * One `requestAnimationFrame` loop for the whole page, shared by every animation the widgets run.
 * @module
 */

/** Called once per frame with the frame's timestamp; returns `false` when it is done. */
export type FrameStep = (now: number) => boolean | void;

const steps = new Set<FrameStep>();
let frame = 0;

const run = (now: number): void => {
  frame = 0;
  for (const step of steps) if (step(now) === false) steps.delete(step);
  if (steps.size) frame = requestAnimationFrame(run);
};

/**
 * Runs `step` on every animation frame until it returns `false` or the returned function is
 * called. However many widgets animate, the page runs one loop, and none while nothing animates.
 * Callers honour reduced motion themselves (see {@link prefersReducedMotion}).
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
  frame ||= requestAnimationFrame(run);
  return () => {
    steps.delete(step);
    if (!steps.size) {
      cancelAnimationFrame(frame);
      frame = 0;
    }
  };
}

/** How many steps the loop runs now (0 when it is stopped), for tests and leak checks. */
export const frameSteps = (): number => steps.size;

/** Whether the visitor asked for less motion (`prefers-reduced-motion: reduce`), read live. */
export const prefersReducedMotion = (): boolean =>
  !!globalThis.matchMedia?.('(prefers-reduced-motion:reduce)').matches;
