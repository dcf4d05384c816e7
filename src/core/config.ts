/**
 * One place to configure the SDK: `configure({ api, locale, ... })`; elements override per
 * instance with attributes (`api`, `locale`).
 * @module
 */
import { atom } from 'nanostores';
import type { SaleClient } from './client.js';
import { SaledayError } from './errors.js';
import { HttpSaleClient } from './http-client.js';
import { getOrAdd } from './memo.js';

/** How live data reaches the page. */
export type LiveMode = 'auto' | 'stream' | 'poll' | 'off';

/** Everything `configure()` takes; every field is optional. */
export interface SaledayConfig {
  /** Base URL of the Saleday HTTP API, such as `https://shop.example/api`. */
  api?: string;
  /** A custom backend adapter; takes precedence over `api`. */
  client?: SaleClient;
  /** BCP 47 locale for every widget (default: `navigator.language`). */
  locale?: string;
  /** Headers for every API request, such as `Authorization` (called before each attempt). */
  headers?: () => HeadersInit | undefined | Promise<HeadersInit | undefined>;
  /** Per-request timeout in milliseconds (default 10,000). */
  timeout?: number;
  /** Whether a confirmed order may navigate to its `checkoutUrl` (default `false`). */
  checkoutRedirect?: boolean;
  /** Live data transport (default `auto`: the event stream, falling back to polling). */
  live?: LiveMode;
}

/** The current configuration, as a nanostores atom (widgets re-render when it changes). */
export const $config = atom<SaledayConfig>({});

/**
 * Merges `options` into the configuration.
 * @example
 * ```ts
 * configure({ api: 'https://shop.example/api', locale: 'fr-FR' });
 * ```
 */
export function configure(options: SaledayConfig): void {
  $config.set({ ...$config.get(), ...options });
}

const clients = new Map<string, HttpSaleClient>();

/**
 * The client for an element: its own `api` attribute if set, else the configured `client`, else
 * one {@link HttpSaleClient} per base URL (shared by every element that uses it).
 * Throws a `SaledayError` with code `invalid_config` when no API is configured or the URL is bad.
 */
export function resolveClient(api?: string | null): SaleClient {
  const config = $config.get();
  if (!api && config.client) return config.client;
  const base = api || config.api;
  if (!base) {
    throw new SaledayError(
      'invalid_config',
      'Saleday: no API configured. Call configure({ api }), set the api attribute, or data-api on the script tag.',
    );
  }
  return getOrAdd(
    clients,
    base,
    () =>
      new HttpSaleClient({
        api: base,
        timeout: config.timeout,
        headers: () => $config.get().headers?.(),
      }),
  );
}
