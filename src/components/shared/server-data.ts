/**
 * Lets elements read the data they were server-rendered with (`saleday/ssr`) into the stores:
 * imported by `saleday/hydrate` and `saleday.hydrate.js` (the CDN file for server-rendered
 * pages) before any element is defined.
 * @module
 */
import { seedFromJson } from '../../core/seed.js';
import { serverData } from './saleday-element.js';

serverData.seed = seedFromJson;
