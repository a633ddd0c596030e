/**
 * The corpus of small bad files (issue 19): one per way a real export has given a wrong answer.
 * Shared by the loader's tests (exact counts) and the command line's (exit 2 with one line).
 */

/** "Now" for the loads of this corpus, so "more than a year from now" does not move. */
export const CORPUS_NOW = Date.parse('2026-12-06T12:00:00Z');

/** CRLF and LF in one file (an export edited on two systems). */
export const MIXED_LINE_ENDINGS =
  'customer,date,amount\r\na,2024-01-01,10\nb,2024-01-02,20\r\na,2024-02-01,30\nc,2024-02-03,5\r\n';

/** A carriage return alone inside a value: DuckDB would split the record and read `2` for `2\r0`. */
export const LONE_CR = 'customer,date,amount\na,2024-01-01,10\nb,2024-01-02,2\r0\na,2024-02-01,30\n';

/** Amounts that are missing (`NaN` as pandas writes it), infinite, or beyond any real order. */
export const IMPLAUSIBLE_AMOUNTS = `customer,date,amount
a,2024-01-01,10.00
a,2024-01-05,NaN
b,2024-01-02,inf
b,2024-01-03,1e13
c,2024-01-04,-Infinity
c,2024-01-06,12.50
`;

/** Dates before 1990, far in the future, and the edges (now = CORPUS_NOW: 2026-12-06). */
export const FAR_DATES = `customer,date,amount
a,2024-01-01,10
a,0001-01-01,10
b,1989-12-31,10
b,1990-01-01,10
c,2099-01-01,10
c,2027-12-05,10
d,2027-12-08,10
`;

/** A quantity column that is all zeros, and a second money column that is not a quantity. */
export const ZERO_QUANTITY = `customer,date,amount,qty,total_usd
a,2024-01-01,10.50,0,11
b,2024-01-02,20.00,0,20
a,2024-01-09,7.25,0,7
c,2024-01-10,3.10,0,3
`;

/** A marketplace order report (Chinese headers) with no buyer column: order level only. */
export const NO_BUYER_MARKETPLACE = [
  '订单编号,下单时间,商品名称,商品编码,数量,实付金额,订单状态,收货省份',
  '100001,2024-03-01 10:00:00,连衣裙,SKU-1,1,199.00,交易成功,浙江',
  '100002,2024-03-01 11:30:00,T恤,SKU-2,2,118.00,交易成功,上海',
  '100002,2024-03-01 11:30:00,袜子,SKU-3,1,19.90,交易成功,上海',
  '100003,2024-03-02 09:15:00,运动鞋,SKU-4,1,399.00,交易关闭,北京',
  '100004,2024-03-05 20:45:00,连衣裙,SKU-1,1,199.00,交易成功,广东',
  '100005,2024-04-02 08:00:00,T恤,SKU-2,1,59.00,交易成功,浙江',
  '100006,2024-04-03 12:00:00,袜子,SKU-3,3,59.70,交易成功,江苏',
].join('\n') + '\n';

/** Customer ids written as missing-value words: guests, never a customer called "NA". */
export const NA_CUSTOMERS = `customer,date,amount
a,2024-01-01,10
NA,2024-01-02,11
N/A,2024-01-03,12
a,2024-02-01,13
null,2024-02-02,14
-,2024-02-03,15
b,2024-02-04,16
,2024-02-05,17
b,2024-03-01,18
None,2024-03-02,19
c,2024-03-03,20
nan,2024-03-04,21
`;

/** One date column with 2- and 4-digit years, padded and not, with and without seconds, and ISO values. */
export const MIXED_DATE_FORMS = `customer,date,amount
a,12/06/2010 10:08,10
b,2/20/11 11:39,20
a,1/3/2011 8:05:30,5
c,2011-02-21 09:00:00,7
b,12/25/10 23:59,3
`;

/** Month-first dates with a few that only read day-first (31/01/2011) and words: a problem, not a warning. */
export const MIXED_DATE_ORDERS = `customer,date,amount
a,01/05/2011,10
b,02/20/2011,20
a,03/04/2011,5
b,04/15/2011,6
a,05/30/2011,8
c,31/01/2011,7
b,25/12/2010,3
c,soon,4
`;

/** A headerless event log laid out like Taobao's UserBehavior: user, item, category, behaviour, epoch seconds. */
export function headerlessEventLog(): string {
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const categories = Array.from({ length: 12 }, (_, i) => 2_520_377 + i * 9_311);
  const items = Array.from({ length: 300 }, (_, i) => ({ id: 1_000_000 + i * 7_919, category: categories[i % categories.length]! }));
  const start = Date.parse('2017-11-25T00:00:00Z') / 1000;
  const lines: string[] = [];
  for (let u = 0; u < 40; u++) {
    const user = 100_000 + u * 137;
    const events = 30 + Math.floor(random() * 40);
    for (let e = 0; e < events; e++) {
      // Popular items come up for many users (a Zipf-like draw), as in real logs.
      const item = items[Math.floor(items.length * random() ** 3)]!;
      const r = random();
      const behaviour = r < 0.85 ? 'pv' : r < 0.92 ? 'cart' : r < 0.96 ? 'fav' : 'buy';
      lines.push(`${user},${item.id},${item.category},${behaviour},${start + Math.floor(random() * 9 * 86_400)}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** A JSON document nested 10,000 levels deep (60 KB): a clear refusal, never "out of memory". */
export const NESTED_JSON = '['.repeat(10_000) + '1' + ']'.repeat(10_000);

/** A refunded-amount column: revenue net of refunds, a full refund is a return. */
export const REFUNDS = `order,customer,date,amount,refunded_amount
1,a,2024-01-01,100.00,0.00
2,a,2024-02-01,50.00,20.00
3,b,2024-01-15,40.00,40.00
4,b,2024-03-01,25.00,
5,c,2024-03-02,60.00,NA
`;

/** E-mail customer ids differ only in case: one customer each. */
export const EMAIL_CASE = `customer,date,amount
Ann@Shop.com,2024-01-01,10
ann@shop.com,2024-02-01,10
bob@shop.com,2024-02-02,10
`;

/** Ids with an @ that are not e-mail addresses: their case is kept. */
export const AT_IDS = `customer,date,amount
AB@12,2024-01-01,10
ab@12,2024-02-01,10
X@1,2024-02-02,10
`;

/** Stripe charges: amounts in cents (JPY has no cents). */
export const STRIPE_SUCCEEDED = `id,amount,amount_refunded,created,currency,customer_id,status
ch_1AbCdEfGhIjKlMnO,2000,0,2024-01-01 10:00:00,usd,cus_A1,succeeded
ch_1AbCdEfGhIjKlMnP,1550,550,2024-01-05 10:00:00,usd,cus_A1,succeeded
ch_1AbCdEfGhIjKlMnQ,500,0,2024-01-06 10:00:00,jpy,cus_B2,succeeded
ch_1AbCdEfGhIjKlMnR,9900,0,2024-01-07 10:00:00,usd,cus_B2,failed
`;
