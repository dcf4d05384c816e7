/**
 * Registers `<saleday-live-counter>`: `import 'saleday/live-counter'`.
 * @module
 */
import { SaledayLiveCounter } from '../components/live-counter/live-counter.js';
import { defineElement } from '../components/shared/define.js';

defineElement('live-counter', SaledayLiveCounter);

export { SaledayLiveCounter };

declare global {
  interface HTMLElementTagNameMap {
    'saleday-live-counter': SaledayLiveCounter;
  }
}
