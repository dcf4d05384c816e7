/**
 * Registers `<saleday-deal-card>`: `import 'saleday/deal-card'`.
 * @module
 */
import { SaledayDealCard } from '../components/deal-card/deal-card.js';
import { defineElement } from '../components/shared/define.js';

defineElement('deal-card', SaledayDealCard);

export { SaledayDealCard };

declare global {
  interface HTMLElementTagNameMap {
    'saleday-deal-card': SaledayDealCard;
  }
}
