/**
 * Korean: `import 'saleday/translations/ko'`, or `translations/ko.js` on the CDN.
 * @module
 */
import { registerTranslation, type Translation } from '../core/translations.js';

const translation: Translation = {
  $code: 'ko',
  startsIn: '시작까지',
  endsIn: '종료까지',
  nextWindow: '{name} 시작까지',
  ended: '세일 종료',
  buy: '지금 구매',
  pending: '주문 중…',
  queued: '대기 순번: {position}',
  ordered: '주문 완료',
  checkout: '결제하기',
  soldOut: '품절',
  opensAt: '{time} 오픈',
  limit: '주문당 최대 {max}개',
  signIn: '로그인 후 구매',
  retry: '다시 시도',
  error: '문제가 발생했습니다',
  claimed: '{percent} 판매됨',
  left: '{count}개 남음',
  off: '{percent} 할인',
  unavailable: '구매할 수 없는 상품',
  unavailableNow: '이 상품은 지금 구매할 수 없습니다.',
  stale: '다시 연결 중…',
  sales: '매출',
  orders: '주문',
  pause: '일시정지',
  needsScript: '구매하려면 JavaScript를 켜세요',
};

registerTranslation(translation);

export default translation;
