/**
 * Registers `<saleday-countdown>`: `import 'saleday/countdown'`.
 * @module
 */
import { SaledayCountdown } from '../components/countdown/countdown.js';
import { defineElement } from '../components/shared/define.js';

defineElement('countdown', SaledayCountdown);

export { SaledayCountdown };

declare global {
  interface HTMLElementTagNameMap {
    'saleday-countdown': SaledayCountdown;
  }
}
