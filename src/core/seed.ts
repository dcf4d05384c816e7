/**
 * The data a server-rendered element carries (see `saleday/ssr`), so that the browser starts
 * from what the server showed: no request before the first paint, no different text.
 * @module
 */
import type { SaleClient } from './client.js';
import { SaledayError } from './errors.js';
import { seedStore, type Kind } from './store.js';
import type { Deal, Sale, Stats } from './types.js';
import { parseDeal, parseSale, parseStats } from './validate.js';

/** The attribute of a server-rendered element that holds its {@link Seed} as JSON. */
export const SEED_ATTRIBUTE = 'data-saleday-seed';

/** What a server-rendered element was rendered with, by kind and id. */
export interface Seed {
  sale?: Record<string, Sale>;
  deal?: Record<string, Deal>;
  stats?: Record<string, Stats>;
}

/** The same checks as an API answer: an attribute of the page is no more trusted than one. */
const parsers: Record<Kind, (value: unknown, path: string) => Sale | Deal | Stats> = {
  sale: parseSale,
  deal: parseDeal,
  stats: parseStats,
};

/**
 * Fills `client`'s stores from a {@link Seed} in JSON (stores that have data keep it). Throws a
 * `SaledayError` (`invalid_response`) when it is not JSON or the data is not valid.
 */
export function seedFromJson(client: SaleClient, json: string): void {
  let seed: Record<string, unknown> | null;
  try {
    seed = JSON.parse(json) as Record<string, unknown> | null;
  } catch (error) {
    throw new SaledayError('invalid_response', `Saleday: ${SEED_ATTRIBUTE} is not JSON`, {
      cause: error,
    });
  }
  for (const kind of ['sale', 'deal', 'stats'] as const) {
    const items = seed?.[kind];
    if (typeof items !== 'object' || !items) continue;
    for (const [id, body] of Object.entries(items)) {
      seedStore(client, kind, id, parsers[kind](body, `${SEED_ATTRIBUTE}.${kind}.${id}`));
    }
  }
}
