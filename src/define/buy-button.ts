/**
 * Registers `<saleday-buy-button>`: `import 'saleday/buy-button'`.
 * @module
 */
import { SaledayBuyButton } from '../components/buy-button/buy-button.js';
import { defineElement } from '../components/shared/define.js';

defineElement('buy-button', SaledayBuyButton);

export { SaledayBuyButton };

declare global {
  interface HTMLElementTagNameMap {
    'saleday-buy-button': SaledayBuyButton;
  }
}
