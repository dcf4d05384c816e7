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
  'startsIn endsIn nextWindow ended buy pending queued ordered checkout soldOut opensAt limit signIn retry error claimed left off unavailable stale sales orders pause'.split(
    ' ',
  ) as Array<keyof Messages>;

/**
 * The tables, packed to keep the CDN file small: one string per language, messages in `KEYS`
 * order separated by `|`; plural forms as `one=…^other=…`. Languages that share words or a script
 * sit next to each other, which gzip packs a little tighter.
 */
const PACKED: Record<string, string> = {
  en: 'Starts in|Ends in|{name} opens in|Sale ended|Buy now|Placing order…|In line: #{position}|Ordered|Go to checkout|Sold out|Opens {time}|Limit {max} per order|Sign in to buy|Try again|Something went wrong|{percent} claimed|one={count} left^other={count} left|{percent} off|Deal unavailable|Reconnecting…|Sales|Orders|Pause',
  de: 'Beginnt in|Endet in|{name} öffnet in|Aktion beendet|Jetzt kaufen|Bestellung läuft…|Warteschlange: Nr. {position}|Bestellt|Zur Kasse|Ausverkauft|Öffnet {time}|Höchstens {max} pro Bestellung|Zum Kaufen anmelden|Erneut versuchen|Etwas ist schiefgelaufen|{percent} verkauft|one=Nur noch {count}^other=Nur noch {count}|{percent} Rabatt|Angebot nicht verfügbar|Verbindung wird wiederhergestellt…|Umsatz|Bestellungen|Pause',
  es: 'Empieza en|Termina en|{name} abre en|Oferta terminada|Comprar ya|Realizando pedido…|En la cola: n.º {position}|Pedido realizado|Ir a pagar|Agotado|Abre {time}|Máximo {max} por pedido|Inicia sesión para comprar|Reintentar|Algo salió mal|{percent} vendido|one=Queda {count}^other=Quedan {count}|{percent} de descuento|Oferta no disponible|Reconectando…|Ventas|Pedidos|Pausar',
  pt: 'Começa em|Termina em|{name} abre em|Promoção encerrada|Comprar agora|Fazendo pedido…|Na fila: nº {position}|Pedido feito|Finalizar compra|Esgotado|Abre {time}|Máximo de {max} por pedido|Entre para comprar|Tentar de novo|Algo deu errado|{percent} vendido|one=Resta {count}^other=Restam {count}|{percent} de desconto|Oferta indisponível|Reconectando…|Vendas|Pedidos|Pausar',
  fr: 'Commence dans|Se termine dans|{name} ouvre dans|Vente terminée|Acheter|Commande en cours…|File d’attente : n° {position}|Commandé|Payer|Épuisé|Ouvre {time}|{max} maximum par commande|Connectez-vous pour acheter|Réessayer|Une erreur est survenue|{percent} vendus|one=Plus que {count}^other=Plus que {count}|-{percent}|Offre indisponible|Reconnexion…|Ventes|Commandes|Pause',
  ru: 'До начала|До конца|До открытия «{name}»|Распродажа завершена|Купить|Оформляем заказ…|Очередь: №{position}|Заказ оформлен|Перейти к оплате|Распродано|Откроется {time}|Не более {max} в заказе|Войдите, чтобы купить|Повторить|Что-то пошло не так|Продано {percent}|one=Остался {count}^few=Осталось {count}^other=Осталось {count}|Скидка {percent}|Товар недоступен|Переподключение…|Продажи|Заказы|Пауза',
  ar: 'يبدأ خلال|ينتهي خلال|يفتح {name} خلال|انتهى العرض|اشترِ الآن|جارٍ تقديم الطلب…|في الانتظار: رقم {position}|تم الطلب|إتمام الشراء|نفدت الكمية|يفتح {time}|الحد الأقصى {max} لكل طلب|سجّل الدخول للشراء|أعد المحاولة|حدث خطأ ما|بيع {percent}|zero=لم يتبقَّ شيء^one=تبقّت قطعة واحدة^two=تبقّت قطعتان^few=تبقّت {count} قطع^many=تبقّت {count} قطعة^other=تبقّت {count} قطعة|خصم {percent}|العرض غير متاح|جارٍ إعادة الاتصال…|المبيعات|الطلبات|إيقاف مؤقت',
  ko: '시작까지|종료까지|{name} 시작까지|세일 종료|지금 구매|주문 중…|대기 순번: {position}|주문 완료|결제하기|품절|{time} 오픈|주문당 최대 {max}개|로그인 후 구매|다시 시도|문제가 발생했습니다|{percent} 판매됨|{count}개 남음|{percent} 할인|구매할 수 없는 상품|다시 연결 중…|매출|주문|일시정지',
  ja: '開始まで|終了まで|{name}開始まで|セール終了|今すぐ購入|注文中…|順番待ち：{position}番目|注文完了|レジに進む|売り切れ|{time}に開始|1回の注文につき{max}点まで|ログインして購入|再試行|エラーが発生しました|{percent}販売済み|残り{count}点|{percent}オフ|この商品は利用できません|再接続中…|売上|注文数|一時停止',
  zh: '距开始|距结束|{name}距开始|活动已结束|立即抢购|正在下单…|排队中：第{position}位|下单成功|去结算|已售罄|{time}开抢|每单限购{max}件|登录后购买|重试|出错了|已抢{percent}|仅剩{count}件|省{percent}|商品不可用|正在重新连接…|成交额|订单数|暂停',
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
