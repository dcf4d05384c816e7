/**
 * Japanese: `import 'saleday/translations/ja'`, or `translations/ja.js` on the CDN.
 * @module
 */
import { registerTranslation, type Translation } from '../core/translations.js';

const translation: Translation = {
  $code: 'ja',
  startsIn: '開始まで',
  endsIn: '終了まで',
  nextWindow: '{name}開始まで',
  ended: 'セール終了',
  buy: '今すぐ購入',
  pending: '注文中…',
  queued: '順番待ち：{position}番目',
  ordered: '注文完了',
  checkout: 'レジに進む',
  soldOut: '売り切れ',
  opensAt: '{time}に開始',
  limit: '1回の注文につき{max}点まで',
  signIn: 'ログインして購入',
  retry: '再試行',
  error: 'エラーが発生しました',
  claimed: '{percent}販売済み',
  left: '残り{count}点',
  off: '{percent}オフ',
  unavailable: 'この商品は利用できません',
  unavailableNow: 'この商品は現在ご利用いただけません。',
  stale: '再接続中…',
  sales: '売上',
  orders: '注文数',
  pause: '一時停止',
  needsScript: '購入するには JavaScript を有効にしてください',
};

registerTranslation(translation);

export default translation;
