/**
 * Chinese (Simplified): `import 'saleday/translations/zh'`, or `translations/zh.js` on the CDN.
 * @module
 */
import { registerTranslation, type Translation } from '../core/translations.js';

const translation: Translation = {
  $code: 'zh',
  startsIn: '距开始',
  endsIn: '距结束',
  nextWindow: '{name}距开始',
  ended: '活动已结束',
  buy: '立即抢购',
  pending: '正在下单…',
  queued: '排队中：第{position}位',
  ordered: '下单成功',
  checkout: '去结算',
  soldOut: '已售罄',
  opensAt: '{time}开抢',
  limit: '每单限购{max}件',
  signIn: '登录后购买',
  retry: '重试',
  error: '出错了',
  claimed: '已抢{percent}',
  left: '仅剩{count}件',
  off: '省{percent}',
  unavailable: '商品不可用',
  unavailableNow: '该商品暂时无法购买。',
  stale: '正在重新连接…',
  sales: '成交额',
  orders: '订单数',
  pause: '暂停',
  needsScript: '请启用 JavaScript 以购买',
};

registerTranslation(translation);

export default translation;
