/**
 * Arabic: `import 'saleday/translations/ar'`, or `translations/ar.js` on the CDN.
 * @module
 */
import { registerTranslation, type Translation } from '../core/translations.js';

const translation: Translation = {
  $code: 'ar',
  startsIn: 'يبدأ خلال',
  endsIn: 'ينتهي خلال',
  nextWindow: 'يفتح {name} خلال',
  ended: 'انتهى العرض',
  buy: 'اشترِ الآن',
  pending: 'جارٍ تقديم الطلب…',
  queued: 'في الانتظار: رقم {position}',
  ordered: 'تم الطلب',
  checkout: 'إتمام الشراء',
  soldOut: 'نفدت الكمية',
  opensAt: 'يفتح {time}',
  limit: 'الحد الأقصى {max} لكل طلب',
  signIn: 'سجّل الدخول للشراء',
  retry: 'أعد المحاولة',
  error: 'حدث خطأ ما',
  claimed: 'بيع {percent}',
  left: {
    zero: 'لم يتبقَّ شيء',
    one: 'تبقّت قطعة واحدة',
    two: 'تبقّت قطعتان',
    few: 'تبقّت {count} قطع',
    // `many` reads as `other`, which stands for any plural form left out.
    other: 'تبقّت {count} قطعة',
  },
  off: 'خصم {percent}',
  unavailable: 'العرض غير متاح',
  unavailableNow: 'هذا العرض غير متاح حاليًا.',
  stale: 'جارٍ إعادة الاتصال…',
  sales: 'المبيعات',
  orders: 'الطلبات',
  pause: 'إيقاف مؤقت',
  needsScript: 'فعّل JavaScript للشراء',
};

registerTranslation(translation);

export default translation;
