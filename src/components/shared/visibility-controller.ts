import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Whether anyone can see an element: on (or near) the screen, in a tab that is not hidden. One
 * `IntersectionObserver` serves every element on the page. `visible` starts `true`, so an element
 * renders once before it knows (its size comes from that render).
 */
export class VisibilityController implements ReactiveController {
  /** On screen, in a visible tab. */
  visible = true;
  #onScreen = true;

  constructor(
    private readonly host: ReactiveControllerHost & Element,
    /** Called when `visible` changes. */
    private readonly changed: (visible: boolean) => void,
  ) {
    host.addController(this);
  }

  hostConnected() {
    controllers.set(this.host, this);
    observer().observe(this.host);
    document.addEventListener('visibilitychange', this.#check);
  }

  hostDisconnected() {
    observer().unobserve(this.host);
    controllers.delete(this.host);
    document.removeEventListener('visibilitychange', this.#check);
  }

  /** What the observer saw. */
  seen(onScreen: boolean) {
    this.#onScreen = onScreen;
    this.#check();
  }

  readonly #check = () => {
    const visible = this.#onScreen && !document.hidden;
    if (visible === this.visible) return;
    this.visible = visible;
    this.changed(visible);
  };
}

const controllers = new WeakMap<Element, VisibilityController>();
let shared: IntersectionObserver | undefined;

/** The page's observer; a small margin lets an element catch up just before it shows. */
const observer = () =>
  (shared ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) controllers.get(entry.target)?.seen(entry.isIntersecting);
    },
    { rootMargin: '64px' },
  ));
