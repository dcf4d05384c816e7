/**
 * Spanish: `import 'saleday/translations/es'`, or `translations/es.js` on the CDN.
 * @module
 */
import { registerTranslation, type Translation } from '../core/translations.js';

const translation: Translation = {
  $code: 'es',
  startsIn: 'Empieza en',
  endsIn: 'Termina en',
  nextWindow: '{name} abre en',
  ended: 'Oferta terminada',
  buy: 'Comprar ya',
  pending: 'Realizando pedido…',
  queued: 'En la cola: n.º {position}',
  ordered: 'Pedido realizado',
  checkout: 'Ir a pagar',
  soldOut: 'Agotado',
  opensAt: 'Abre {time}',
  limit: 'Máximo {max} por pedido',
  signIn: 'Inicia sesión para comprar',
  retry: 'Reintentar',
  error: 'Algo salió mal',
  claimed: '{percent} vendido',
  left: { one: 'Queda {count}', other: 'Quedan {count}' },
  off: '{percent} de descuento',
  unavailable: 'Oferta no disponible',
  unavailableNow: 'Esta oferta no está disponible en este momento.',
  stale: 'Reconectando…',
  sales: 'Ventas',
  orders: 'Pedidos',
  pause: 'Pausar',
  needsScript: 'Activa JavaScript para comprar',
};

registerTranslation(translation);

export default translation;
