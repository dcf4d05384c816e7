/**
 * Registers all four elements: `import 'saleday/all'`.
 * @module
 */
import './countdown.js';
import './deal-card.js';
import './live-counter.js';
import './buy-button.js';
