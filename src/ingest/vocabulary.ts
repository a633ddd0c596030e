/**
 * Words in values that carry meaning for the purchase rules: event names of behaviour logs and
 * order statuses that mean "not a purchase". Role detection reads them in JavaScript, the canonical
 * build in SQL, so both agree.
 */

/** Canonical event type -> raw values (compared lower-cased, without blanks, `_` or `-`). */
export const EVENT_WORDS: Record<string, string[]> = {
  purchase: ['purchase', 'purchased', 'buy', 'transaction', 'order', 'checkoutcomplete', 'paid', '购买', '下单', '成交'],
  view: ['view', 'pv', 'pageview', 'productview', 'viewitem', 'detail', 'click', 'impression', '浏览', '点击'],
  cart: ['cart', 'addtocart', 'addcart', 'add', 'basket', 'addtobasket', '加购', '加入购物车'],
  fav: ['fav', 'favorite', 'favourite', 'wishlist', 'addtowishlist', 'like', '收藏'],
  remove_from_cart: ['removefromcart', 'remove'],
  search: ['search', '搜索'],
};

/** Normalises a raw event value the way EVENT_WORDS are written. */
export function normalizeWord(value: string): string {
  return value.toLowerCase().replace(/[\s_-]+/g, '');
}

/** The canonical event type of a raw event value, or null when it is not a known event word. */
export function eventTypeOf(value: string): string | null {
  const word = normalizeWord(value);
  for (const [type, words] of Object.entries(EVENT_WORDS)) if (words.includes(word)) return type;
  return null;
}

/**
 * Pieces of a status that mean the line was cancelled, refunded, returned or never paid for
 * (DuckDB regular expression over the lower-cased status).
 */
export const CANCELLED_STATUS = 'cancel|refund|return|void|fail|declin|reject|chargeback|trash|已关闭|交易关闭|关闭|退款|退货|取消|失败|作废';

/** Statuses that match CANCELLED_STATUS but still describe a purchase (a partial refund keeps the order). */
export const KEPT_STATUS = 'partial|部分';

/** Order statuses that show a column is a status column. */
export const STATUS_WORDS = [
  'paid', 'pending', 'refunded', 'partially_refunded', 'authorized', 'voided', 'completed', 'processing',
  'cancelled', 'canceled', 'on-hold', 'failed', 'shipped', 'delivered', 'returned',
  '交易成功', '交易关闭', '等待买家付款', '买家已付款，等待卖家发货', '卖家已发货，等待买家确认', '退款中',
];

/**
 * Values that mean "no value" in every role, compared after trimming (empty and blank values are
 * missing too). Listed with their usual spellings so the SQL compares as written, without lower()
 * on every value. `nan` is how pandas writes a missing number; `-` how spreadsheets show nothing.
 */
export const MISSING_VALUES: readonly string[] = [
  'NA', 'na', 'N/A', 'n/a', 'N/a', '#N/A', 'NULL', 'null', 'Null', 'None', 'none', 'NONE',
  'nan', 'NaN', 'NAN', '-', '--', 'undefined', 'nil',
];

/** Customer ids that mean "no customer": placeholders some shops write for guest checkouts. */
export const GUEST_VALUES: readonly string[] = ['guest', 'Guest', 'GUEST', 'anonymous', 'Anonymous', 'ANONYMOUS'];
