/**
 * Lets elements read the data they were server-rendered with (`saleday/ssr`) into the stores:
 * imported by `saleday/hydrate` and the CDN file before any element is defined.
 * @module
 */
import { seedFromJson } from '../../core/seed.js';
import { serverData } from './saleday-element.js';

serverData.seed = seedFromJson;
