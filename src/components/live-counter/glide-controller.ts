import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { onFrame, prefersReducedMotion } from '../../core/frame-loop.js';
import { VisibilityController } from '../shared/visibility-controller.js';

/**
 * The motion of a live counter: the number shown (`value`) glides toward the latest report
 * (`target`) over about the time between reports, on the page's one animation loop (at most 20
 * frames a second, the same frames for every counter). It never goes backwards and never passes
 * the target; with `prefers-reduced-motion: reduce` it jumps. Nothing moves while `paused`,
 * while the element is disconnected, or while nobody can see it (`visible`: off screen or in a
 * hidden tab); seen again, it shows the target at once.
 */
export class GlideController implements ReactiveController {
  /** The number shown now; `undefined` before the first report. */
  value?: number;
  /** The latest (highest) report, which `value` moves toward. */
  target = 0;
  readonly #visibility: VisibilityController;
  #paused = false;
  /** The current move: from `#from` at `#start` to `target` over `#duration` ms. */
  #from = 0;
  #start = 0;
  #duration = 1000;
  /** When the last report came (`performance.now()`). */
  #reportedAt = 0;
  #stop?: () => void;

  constructor(private readonly host: ReactiveControllerHost & Element) {
    this.#visibility = new VisibilityController(host, (visible) => this.#seen(visible));
    host.addController(this);
  }

  /** Whether anyone can see the element (on screen, in a visible tab). */
  get visible(): boolean {
    return this.#visibility.visible;
  }

  /** Whether the number holds still (it catches up when resumed). */
  get paused(): boolean {
    return this.#paused;
  }

  set paused(paused: boolean) {
    if (paused === this.#paused) return;
    this.#paused = paused;
    if (paused) this.#halt();
    else this.#move();
  }

  /**
   * Takes a report: the first one, or any with `jump` (a new currency), is shown at once; a
   * higher one is glided to over the time since the previous report (0.2 to 2 s); a lower one
   * is ignored.
   */
  report(amount: number, jump = false): void {
    const now = performance.now();
    if (this.value === undefined || jump) {
      this.#halt();
      this.value = amount;
      this.target = amount;
    } else if (amount > this.target) {
      this.#duration = Math.min(Math.max(now - this.#reportedAt, 200), 2000);
      this.target = amount;
      this.#move();
    }
    this.#reportedAt = now;
  }

  /** Forgets the number (another sale or metric): the next report is shown at once. */
  clear(): void {
    this.#halt();
    this.value = undefined;
  }

  hostConnected() {
    this.#move();
  }

  hostDisconnected() {
    this.#halt();
  }

  /** Moves toward the target from what is shown now, if anything may move (or jumps). */
  #move(): void {
    const behind = this.value !== undefined && this.value < this.target;
    if (!behind || this.#paused || !this.visible) return;
    if (prefersReducedMotion()) {
      this.#halt();
      this.value = this.target;
      this.host.requestUpdate();
    } else if (this.host.isConnected) {
      this.#from = this.value!;
      this.#start = performance.now();
      this.#stop ??= onFrame(this.#step);
    }
  }

  readonly #step = (now: number): boolean => {
    const progress = Math.min(Math.max((now - this.#start) / this.#duration, 0), 1);
    // Ease out; floored, so never above the target, and only ever up.
    const eased = 1 - (1 - progress) ** 2;
    const next = Math.floor(this.#from + (this.target - this.#from) * eased);
    if (next > this.value!) {
      this.value = next;
      this.host.requestUpdate();
    }
    if (progress < 1) return true;
    this.#stop = undefined;
    return false;
  };

  #halt(): void {
    this.#stop?.();
    this.#stop = undefined;
  }

  /** Nothing is drawn while nobody can see it; seen again, it shows the target at once. */
  #seen(visible: boolean): void {
    if (!visible) return this.#halt();
    if (this.value !== undefined && !this.#paused) this.value = this.target;
    this.host.requestUpdate();
  }
}
