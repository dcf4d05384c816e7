/**
 * The widgets' words in ten languages, each replaceable with `configure({ messages })`.
 * Units (days, hours, ...) and numbers come from `Intl`, not from these tables.
 * @module
 */

/** A message, or its plural forms (chosen with `Intl.PluralRules`). */
export type Message = string | Partial<Record<Intl.LDMLPluralRule, string>>;

/** Every message a widget shows. `{name}` placeholders are filled in by the widget. */
export interface Messages {
  startsIn: Message;
  endsIn: Message;
  /** `{name}`: the next window's name. */
  nextWindow: Message;
  ended: Message;
  buy: Message;
  pending: Message;
  /** `{position}`: place in the waiting room. */
  queued: Message;
  ordered: Message;
  checkout: Message;
  soldOut: Message;
  /** `{time}`: when the sale opens. */
  opensAt: Message;
  /** `{max}`: most units per order. */
  limit: Message;
  signIn: Message;
  retry: Message;
  error: Message;
  /** `{percent}` */
  claimed: Message;
  /** `{count}`, with plural forms. */
  left: Message;
  /** `{percent}` */
  off: Message;
  unavailable: Message;
  stale: Message;
  sales: Message;
  orders: Message;
  /** The label of a pause toggle (`aria-pressed` says whether it is paused). */
  pause: Message;
}

const KEYS =
  'opensAt left claimed queued nextWindow startsIn soldOut ended endsIn orders ordered sales checkout limit buy retry error pending unavailable stale signIn pause off'.split(
    ' ',
  ) as Array<keyof Messages>;

/**
 * The tables, packed to keep the CDN file small: one string per language, messages in `KEYS`
 * order separated by `|`; plural forms as `one=…^other=…`. Any order of `KEYS` and of the
 * languages works; these were picked because gzip packs them tightest (similar messages and
 * languages that share words or a script sit together). A new message goes at the end of `KEYS`
 * and of every table.
 */
const PACKED: Record<string, string> = {
  en: 'Opens {time}|one={count} left^other={count} left|{percent} claimed|In line: #{position}|{name} opens in|Starts in|Sold out|Sale ended|Ends in|Orders|Ordered|Sales|Go to checkout|Limit {max} per order|Buy now|Try again|Something went wrong|Placing order…|Deal unavailable|Reconnecting…|Sign in to buy|Pause|{percent} off',
  de: 'Öffnet {time}|one=Nur noch {count}^other=Nur noch {count}|{percent} verkauft|Warteschlange: Nr. {position}|{name} öffnet in|Beginnt in|Ausverkauft|Aktion beendet|Endet in|Bestellungen|Bestellt|Umsatz|Zur Kasse|Höchstens {max} pro Bestellung|Jetzt kaufen|Erneut versuchen|Etwas ist schiefgelaufen|Bestellung läuft…|Angebot nicht verfügbar|Verbindung wird wiederhergestellt…|Zum Kaufen anmelden|Pause|{percent} Rabatt',
  es: 'Abre {time}|one=Queda {count}^other=Quedan {count}|{percent} vendido|En la cola: n.º {position}|{name} abre en|Empieza en|Agotado|Oferta terminada|Termina en|Pedidos|Pedido realizado|Ventas|Ir a pagar|Máximo {max} por pedido|Comprar ya|Reintentar|Algo salió mal|Realizando pedido…|Oferta no disponible|Reconectando…|Inicia sesión para comprar|Pausar|{percent} de descuento',
  pt: 'Abre {time}|one=Resta {count}^other=Restam {count}|{percent} vendido|Na fila: nº {position}|{name} abre em|Começa em|Esgotado|Promoção encerrada|Termina em|Pedidos|Pedido feito|Vendas|Finalizar compra|Máximo de {max} por pedido|Comprar agora|Tentar de novo|Algo deu errado|Fazendo pedido…|Oferta indisponível|Reconectando…|Entre para comprar|Pausar|{percent} de desconto',
  fr: 'Ouvre {time}|one=Plus que {count}^other=Plus que {count}|{percent} vendus|File d’attente : n° {position}|{name} ouvre dans|Commence dans|Épuisé|Vente terminée|Se termine dans|Commandes|Commandé|Ventes|Payer|{max} maximum par commande|Acheter|Réessayer|Une erreur est survenue|Commande en cours…|Offre indisponible|Reconnexion…|Connectez-vous pour acheter|Pause|-{percent}',
  ru: 'Откроется {time}|one=Остался {count}^few=Осталось {count}^other=Осталось {count}|Продано {percent}|Очередь: №{position}|До открытия «{name}»|До начала|Распродано|Распродажа завершена|До конца|Заказы|Заказ оформлен|Продажи|Перейти к оплате|Не более {max} в заказе|Купить|Повторить|Что-то пошло не так|Оформляем заказ…|Товар недоступен|Переподключение…|Войдите, чтобы купить|Пауза|Скидка {percent}',
  ar: 'يفتح {time}|zero=لم يتبقَّ شيء^one=تبقّت قطعة واحدة^two=تبقّت قطعتان^few=تبقّت {count} قطع^many=تبقّت {count} قطعة^other=تبقّت {count} قطعة|بيع {percent}|في الانتظار: رقم {position}|يفتح {name} خلال|يبدأ خلال|نفدت الكمية|انتهى العرض|ينتهي خلال|الطلبات|تم الطلب|المبيعات|إتمام الشراء|الحد الأقصى {max} لكل طلب|اشترِ الآن|أعد المحاولة|حدث خطأ ما|جارٍ تقديم الطلب…|العرض غير متاح|جارٍ إعادة الاتصال…|سجّل الدخول للشراء|إيقاف مؤقت|خصم {percent}',
  ko: '{time} 오픈|{count}개 남음|{percent} 판매됨|대기 순번: {position}|{name} 시작까지|시작까지|품절|세일 종료|종료까지|주문|주문 완료|매출|결제하기|주문당 최대 {max}개|지금 구매|다시 시도|문제가 발생했습니다|주문 중…|구매할 수 없는 상품|다시 연결 중…|로그인 후 구매|일시정지|{percent} 할인',
  ja: '{time}に開始|残り{count}点|{percent}販売済み|順番待ち：{position}番目|{name}開始まで|開始まで|売り切れ|セール終了|終了まで|注文数|注文完了|売上|レジに進む|1回の注文につき{max}点まで|今すぐ購入|再試行|エラーが発生しました|注文中…|この商品は利用できません|再接続中…|ログインして購入|一時停止|{percent}オフ',
  zh: '{time}开抢|仅剩{count}件|已抢{percent}|排队中：第{position}位|{name}距开始|距开始|已售罄|活动已结束|距结束|订单数|下单成功|成交额|去结算|每单限购{max}件|立即抢购|重试|出错了|正在下单…|商品不可用|正在重新连接…|登录后购买|暂停|省{percent}',
};

const unpack = (packed: string): Messages =>
  Object.fromEntries(
    packed
      .split('|')
      .map((text, index) => [
        KEYS[index],
        text.includes('^')
          ? Object.fromEntries(text.split('^').map((form) => form.split('=')))
          : text,
      ]),
  ) as unknown as Messages;

/**
 * Built-in messages by language: `en`, `zh` (Simplified Chinese), `ja`, `ko`, `es`, `fr`, `de`,
 * `pt` (Brazilian Portuguese), `ru`, `ar`.
 */
export const builtInMessages: Record<string, Messages> = Object.fromEntries(
  Object.entries(PACKED).map(([language, packed]) => [language, unpack(packed)]),
);
