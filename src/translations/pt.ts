/**
 * Portuguese (Brazil): `import 'saleday/translations/pt'`, or `translations/pt.js` on the CDN.
 * @module
 */
import { registerTranslation, type Translation } from '../core/translations.js';

const translation: Translation = {
  $code: 'pt',
  startsIn: 'Começa em',
  endsIn: 'Termina em',
  nextWindow: '{name} abre em',
  ended: 'Promoção encerrada',
  buy: 'Comprar agora',
  pending: 'Fazendo pedido…',
  queued: 'Na fila: nº {position}',
  ordered: 'Pedido feito',
  checkout: 'Finalizar compra',
  soldOut: 'Esgotado',
  opensAt: 'Abre {time}',
  limit: 'Máximo de {max} por pedido',
  signIn: 'Entre para comprar',
  retry: 'Tentar de novo',
  error: 'Algo deu errado',
  claimed: '{percent} vendido',
  left: { one: 'Resta {count}', other: 'Restam {count}' },
  off: '{percent} de desconto',
  unavailable: 'Oferta indisponível',
  unavailableNow: 'Esta oferta não está disponível no momento.',
  stale: 'Reconectando…',
  sales: 'Vendas',
  orders: 'Pedidos',
  pause: 'Pausar',
  needsScript: 'Ative o JavaScript para comprar',
};

registerTranslation(translation);

export default translation;
