// Loads the SDK into a fixture page (its own realm: its own elements, stores and clients) and
// hands the parent test what it needs to drive it.
import { configure, liveCounters, storeCounters } from '../../../src/core/index.js';
import '../../../src/define/all.js';

declare global {
  interface Window {
    saleday?: {
      configure: typeof configure;
      liveCounters: typeof liveCounters;
      storeCounters: typeof storeCounters;
    };
  }
}

window.saleday = { configure, liveCounters, storeCounters };
