// Shared helpers of the hostile-conditions tests (test/hostile/*.test.ts).
import { waitUntil } from '@open-wc/testing';
import { render, type TemplateResult } from 'lit';

const mounted: Element[] = [];

/**
 * Renders `template` into the page and returns its first element; `unmountAll()` removes it.
 * Unlike `fixture()`, it never waits for an animation frame, which a page in the background
 * does not get.
 */
export function mount<T extends Element>(template: TemplateResult): T {
  const host = document.createElement('div');
  document.body.append(host);
  render(template, host);
  mounted.push(host);
  return host.firstElementChild as T;
}

/** Removes everything `mount()` added. */
export const unmountAll = () => mounted.splice(0).forEach((host) => host.remove());

/**
 * Waits for `predicate`, polling every 50 ms; fails with `message` (worked out when it fails, if
 * a function) after `timeout` ms.
 */
export async function until(
  predicate: () => unknown,
  message: string | (() => string),
  timeout = 8000,
): Promise<void> {
  try {
    await waitUntil(predicate, typeof message === 'string' ? message : '', {
      timeout,
      interval: 50,
    });
  } catch (error) {
    if (typeof message === 'string') throw error;
    throw new Error(`Timeout: ${message()}`, { cause: error });
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Records every exception and unhandled rejection that reaches `win` (the page's last line). */
export function watchPage(win: Window = window) {
  const errors: string[] = [];
  const onError = (event: ErrorEvent) => errors.push(`error: ${event.message}`);
  const onRejection = (event: PromiseRejectionEvent) =>
    errors.push(`unhandledrejection: ${String((event.reason as Error)?.stack ?? event.reason)}`);
  win.addEventListener('error', onError);
  win.addEventListener('unhandledrejection', onRejection);
  return {
    errors,
    stop() {
      win.removeEventListener('error', onError);
      win.removeEventListener('unhandledrejection', onRejection);
    },
  };
}

/** Records the events of `type` that reach `target` (the document by default). */
export function record<T>(type: string, target: EventTarget = document) {
  const seen: CustomEvent<T>[] = [];
  const listener = (event: Event) => seen.push(event as CustomEvent<T>);
  target.addEventListener(type, listener);
  return { seen, stop: () => target.removeEventListener(type, listener) };
}

/** One `POST /orders` the page sent, as the SDK's `fetch` saw it. */
export interface SentOrder {
  key: string;
  dealId: string;
  quantity: number;
}

/**
 * Records the `POST /orders` that go through `win.fetch` from now on (the SDK's clients take the
 * page's `fetch` when they are made, so install it before the first element of a world).
 */
export function spyOrders(win: Window & typeof globalThis = window) {
  const sent: SentOrder[] = [];
  const original = win.fetch;
  win.fetch = async function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
    if (input instanceof win.Request && input.method === 'POST' && /\/orders$/.test(input.url)) {
      const body = JSON.parse(await input.clone().text()) as { dealId: string; quantity: number };
      const key = input.headers.get('Idempotency-Key') ?? '';
      sent.push({ key, dealId: body.dealId, quantity: body.quantity });
    }
    return original.call(win, input, init);
  };
  return { sent, restore: () => void (win.fetch = original) };
}

/** Every element under `root`, through open shadow roots (and into same-origin frames' bodies). */
export function* deepElements(root: ParentNode): Generator<Element> {
  for (const el of Array.from(root.querySelectorAll('*'))) {
    yield el;
    if (el.shadowRoot) yield* deepElements(el.shadowRoot);
  }
}

const URL_ATTRIBUTES = ['href', 'src', 'srcset', 'action', 'formaction', 'xlink:href', 'poster'];

/**
 * What is wrong with the markup under `root` (an element's shadow root): elements not in
 * `allowed`, event-handler attributes, and links or sources that are not `http(s)`.
 */
export function injected(root: ParentNode, allowed: ReadonlySet<string>): string[] {
  const found: string[] = [];
  for (const el of deepElements(root)) {
    const tag = el.localName;
    if (!allowed.has(tag)) found.push(`<${tag}>`);
    for (const { name, value } of Array.from(el.attributes)) {
      if (name.startsWith('on')) found.push(`<${tag} ${name}>`);
      if (URL_ATTRIBUTES.includes(name) && !/^https?:\/\//i.test(value.trim())) {
        found.push(`<${tag} ${name}="${value.slice(0, 40)}">`);
      }
    }
  }
  return found;
}

/** The elements a widget's shadow root may hold (the deal card nests a buy button). */
export const WIDGET_TAGS = new Set([
  'div',
  'span',
  'p',
  'button',
  'a',
  'img',
  's',
  'progress',
  'slot',
  'saleday-buy-button',
]);

/** Scripts and markup in text: valid strings, to be shown as text and never run. */
export const PAYLOADS = [
  `<img src=x onerror="window.__pwned='img'">`,
  `<script>window.__pwned='script'</script>`,
  `"><svg onload="window.__pwned='svg'"></svg>`,
  `<a href="javascript:window.__pwned='a'">win</a>`,
  `{{constructor.constructor('window.__pwned=1')()}}`,
  '\u202Egnp.exe\u202C <b>bold</b> &amp; &lt;',
];
