/**
 * French: `import 'saleday/translations/fr'`, or `translations/fr.js` on the CDN.
 * @module
 */
import { registerTranslation, type Translation } from '../core/translations.js';

const translation: Translation = {
  $code: 'fr',
  startsIn: 'Commence dans',
  endsIn: 'Se termine dans',
  nextWindow: '{name} ouvre dans',
  ended: 'Vente terminée',
  buy: 'Acheter',
  pending: 'Commande en cours…',
  queued: 'File d’attente : n° {position}',
  ordered: 'Commandé',
  checkout: 'Payer',
  soldOut: 'Épuisé',
  opensAt: 'Ouvre {time}',
  limit: '{max} maximum par commande',
  signIn: 'Connectez-vous pour acheter',
  retry: 'Réessayer',
  error: 'Une erreur est survenue',
  claimed: '{percent} vendus',
  left: { one: 'Plus que {count}', other: 'Plus que {count}' },
  off: '-{percent}',
  unavailable: 'Offre indisponible',
  unavailableNow: 'Cette offre n’est pas disponible pour le moment.',
  stale: 'Reconnexion…',
  sales: 'Ventes',
  orders: 'Commandes',
  pause: 'Pause',
  needsScript: 'Activez JavaScript pour acheter',
};

registerTranslation(translation);

export default translation;
