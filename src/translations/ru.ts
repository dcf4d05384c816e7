/**
 * Russian: `import 'saleday/translations/ru'`, or `translations/ru.js` on the CDN.
 * @module
 */
import { registerTranslation, type Translation } from '../core/translations.js';

const translation: Translation = {
  $code: 'ru',
  startsIn: 'До начала',
  endsIn: 'До конца',
  nextWindow: 'До открытия «{name}»',
  ended: 'Распродажа завершена',
  buy: 'Купить',
  pending: 'Оформляем заказ…',
  queued: 'Очередь: №{position}',
  ordered: 'Заказ оформлен',
  checkout: 'Перейти к оплате',
  soldOut: 'Распродано',
  opensAt: 'Откроется {time}',
  limit: 'Не более {max} в заказе',
  signIn: 'Войдите, чтобы купить',
  retry: 'Повторить',
  error: 'Что-то пошло не так',
  claimed: 'Продано {percent}',
  // `few` reads as `other`, which stands for any plural form left out.
  left: { one: 'Остался {count}', other: 'Осталось {count}' },
  off: 'Скидка {percent}',
  unavailable: 'Товар недоступен',
  unavailableNow: 'Этот товар сейчас недоступен.',
  stale: 'Переподключение…',
  sales: 'Продажи',
  orders: 'Заказы',
  pause: 'Пауза',
  needsScript: 'Включите JavaScript, чтобы купить',
};

registerTranslation(translation);

export default translation;
