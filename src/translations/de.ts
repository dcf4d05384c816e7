/**
 * German: `import 'saleday/translations/de'`, or `translations/de.js` on the CDN.
 * @module
 */
import { registerTranslation, type Translation } from '../core/translations.js';

const translation: Translation = {
  $code: 'de',
  startsIn: 'Beginnt in',
  endsIn: 'Endet in',
  nextWindow: '{name} öffnet in',
  ended: 'Aktion beendet',
  buy: 'Jetzt kaufen',
  pending: 'Bestellung läuft…',
  queued: 'Warteschlange: Nr. {position}',
  ordered: 'Bestellt',
  checkout: 'Zur Kasse',
  soldOut: 'Ausverkauft',
  opensAt: 'Öffnet {time}',
  limit: 'Höchstens {max} pro Bestellung',
  signIn: 'Zum Kaufen anmelden',
  retry: 'Erneut versuchen',
  error: 'Etwas ist schiefgelaufen',
  claimed: '{percent} verkauft',
  left: { one: 'Nur noch {count}', other: 'Nur noch {count}' },
  off: '{percent} Rabatt',
  unavailable: 'Angebot nicht verfügbar',
  unavailableNow: 'Dieses Angebot ist gerade nicht verfügbar.',
  stale: 'Verbindung wird wiederhergestellt…',
  sales: 'Umsatz',
  orders: 'Bestellungen',
  pause: 'Pause',
  needsScript: 'JavaScript zum Kaufen aktivieren',
};

registerTranslation(translation);

export default translation;
