/**
 * Risk and anomaly flags (issue 24; docs/risk.md): orders and customers that look unlike the rest, each with a
 * score and its reasons in plain words, so a person can look at them and decide.
 *
 * Order level (cb_orders, cb_lines, cb_returns):
 * - unusual size: robust z-scores (median and MAD) of log order value and log items, over all orders, and of log
 *   order value within the customer's own orders (customers with enough orders);
 * - cancelled soon: return-marked rows of the same customer and product within `cancelMinutes` after the order
 *   (the order is the latest earlier purchase line of that product; a C-invoice or a `cancelled` status line);
 * - bursts: at least `burstOrders` orders of one customer within `burstMinutes`.
 * Customer level: an isolation forest on per-customer features (largest order value and items, largest order over
 * the customer's usual one, return rate, most orders in a day), and unusual return/cancellation rates.
 *
 * Each reason has a strength (1 at its threshold, one more for each doubling past it); a flag's score is the sum
 * of its reasons' strengths, so an order both huge and cancelled at once outranks one that is only huge.
 */
import { withStagedTable } from '../engine/arrow-tables';
import { float64Vector, int32Vector, utf8Vector } from '../engine/arrow-vectors';
import type { Db } from '../engine/db';
import { groupedRobustZScores, isolationForestScores, median, robustCentreAndSpread, robustZScores } from '../models/anomaly';
import { ident } from '../sql/quote';
import { each, type Lang, type Localized } from '../text/language';
import { numberFormat } from '../text/number-format';

/** The knobs a user can turn (the notebook's risk cell shows them). */
export interface RiskThresholds {
  /** Robust z-score (about standard deviations) from which an order's value or size is unusual. */
  z: number;
  /** Orders a customer needs before their own usual order is a yardstick. */
  customerOrders: number;
  /** A cancellation within this many minutes of the order counts as soon. */
  cancelMinutes: number;
  /** Share of the order's items that must be cancelled. */
  cancelledShare: number;
  /** Orders of one customer within `burstMinutes` that make a burst. */
  burstOrders: number;
  burstMinutes: number;
  /** Isolation-forest score from which a customer stands apart (0.5 is ordinary, 1 the most isolated). */
  isolation: number;
  /** Lines (bought and returned) a customer needs before their return rate is judged. */
  returnLines: number;
  /** Return rate from which, if also unusual by z-score, a customer is flagged. */
  returnRate: number;
}

export const DEFAULT_RISK_THRESHOLDS: RiskThresholds = {
  z: 3.5,
  customerOrders: 5,
  cancelMinutes: 60,
  cancelledShare: 0.5,
  burstOrders: 5,
  burstMinutes: 60,
  isolation: 0.7,
  returnLines: 5,
  returnRate: 0.3,
};

export type RiskReasonCode = 'large_value' | 'large_quantity' | 'large_for_customer' | 'cancelled_soon' | 'burst' | 'unusual_customer' | 'returns';

/** Each reason in a few plain words (the notebook's chart of flags per reason). */
export const RISK_REASON_NAMES: Record<RiskReasonCode, Localized> = {
  large_value: each((l) => (l === 'en' ? 'Order value far above usual' : '订单金额远高于平常')),
  large_quantity: each((l) => (l === 'en' ? 'Far more items than usual' : '件数远多于平常')),
  large_for_customer: each((l) => (l === 'en' ? 'Far above this customer’s usual order' : '远高于该客户的平常订单')),
  cancelled_soon: each((l) => (l === 'en' ? 'Cancelled soon after ordering' : '下单后很快取消')),
  burst: each((l) => (l === 'en' ? 'Many orders within minutes' : '几分钟内连续下单')),
  unusual_customer: each((l) => (l === 'en' ? 'Customer unlike the others' : '与其他客户明显不同')),
  returns: each((l) => (l === 'en' ? 'Returns much of what they buy' : '退货比例很高')),
};

export interface RiskReason {
  code: RiskReasonCode;
  /** 1 + log2(measure / threshold): 1 at the threshold, +1 per doubling. */
  strength: number;
  text: Localized;
}

/** One flagged order (orderId set) or customer (orderId null). */
export interface RiskFlag {
  customerId: string | null;
  orderId: string | null;
  score: number;
  reasons: RiskReason[];
}

export interface RiskResult {
  /** Highest score first. */
  flags: RiskFlag[];
  ordersFlagged: number;
  customersFlagged: number;
  thresholds: RiskThresholds;
}

/**
 * Per-customer features of the isolation forest, with their plain names: each measures how far a customer's most
 * extreme behaviour goes (an ordinary big buyer is large everywhere; an odd one has a spike).
 */
const CUSTOMER_FEATURES: Array<{ column: string; name: Localized; transform: (v: number) => number; format: (v: number, lang: Lang) => string }> = [
  { column: 'max_order_value', name: each((l) => (l === 'en' ? 'largest order value' : '最大订单金额')), transform: Math.log1p, format: (v, l) => plain(v, l, 2) },
  { column: 'max_items', name: each((l) => (l === 'en' ? 'most items in one order' : '单笔订单最多件数')), transform: Math.log1p, format: (v, l) => plain(v, l, 0) },
  { column: 'spike', name: each((l) => (l === 'en' ? 'largest order over their usual order' : '最大订单与平常订单之比')), transform: Math.log, format: (v, l) => `${plain(v, l, 1)}×` },
  { column: 'return_rate', name: each((l) => (l === 'en' ? 'share of lines returned or cancelled' : '退货或取消的行占比')), transform: (v) => v, format: (v, l) => percent(v, l) },
  { column: 'max_orders_per_day', name: each((l) => (l === 'en' ? 'most orders in one day' : '单日最多订单数')), transform: Math.log, format: (v, l) => plain(v, l, 0) },
];

/** Return-marked rows that reverse an earlier line (a C-invoice, a negative line): their order is an earlier one. */
const REVERSALS = "('cancelled_invoice', 'quantity_not_positive', 'negative_revenue')";
/** Return-marked rows that are the order's own line (a status, a full refund): their order is their order id. */
const OWN_ORDER = "('cancelled_status', 'refunded')";

/**
 * Orders with their cancellations soon after. A reversal is matched to the customer's latest purchase line of the
 * product at or before it (an as-of join: C-invoices are often in the same minute); a status or refund row to its own
 * order, counted only when it is dated after the order (a status alone says nothing about when).
 */
function ordersSql(cancelMinutes: number): string {
  return `
WITH reversed AS (
  SELECT l.customer_id, l.order_id, l.ts AS ordered_ts, r.ts AS cancelled_ts, r.quantity
  FROM (SELECT * FROM cb_returns WHERE customer_id IS NOT NULL AND product_id IS NOT NULL AND ts IS NOT NULL AND reason IN ${REVERSALS}) AS r
  ASOF JOIN cb_lines AS l ON r.customer_id = l.customer_id AND r.product_id = l.product_id AND r.ts >= l.ts
),
own_order AS (
  SELECT o.customer_id, o.order_id, o.ts AS ordered_ts, r.ts AS cancelled_ts, r.quantity
  FROM cb_returns AS r JOIN cb_orders AS o ON o.customer_id = r.customer_id AND o.order_id = r.order_id
  WHERE r.reason IN ${OWN_ORDER} AND r.ts > o.ts
),
cancelled AS (
  SELECT customer_id, order_id, sum(quantity) AS cancelled_items, min(date_diff('second', ordered_ts, cancelled_ts)) AS cancelled_after_s
  FROM (SELECT * FROM reversed UNION ALL SELECT * FROM own_order)
  WHERE date_diff('second', ordered_ts, cancelled_ts) <= ${Math.round(cancelMinutes * 60)}
  GROUP BY customer_id, order_id
)
SELECT
  coalesce(o.customer_id, '') AS customer_id, o.order_id, epoch(o.ts)::DOUBLE AS seconds,
  o.revenue::DOUBLE AS revenue, o.items::DOUBLE AS items,
  coalesce(c.cancelled_items, 0)::DOUBLE AS cancelled_items, coalesce(c.cancelled_after_s, -1)::DOUBLE AS cancelled_after_s
FROM cb_orders AS o
LEFT JOIN cancelled AS c ON c.customer_id = o.customer_id AND c.order_id = o.order_id
ORDER BY o.customer_id NULLS LAST, o.ts, o.order_id`;
}

const CUSTOMERS_SQL = `
WITH bought AS (
  SELECT customer_id, count(*) AS lines FROM cb_lines WHERE customer_id IS NOT NULL GROUP BY customer_id
),
returned AS (
  -- A status or refund row is the line itself (not in cb_lines); a reversal undoes a line that is still there.
  SELECT customer_id, count(*) AS lines, count(*) FILTER (WHERE reason IN ${OWN_ORDER}) AS own_lines
  FROM cb_returns WHERE customer_id IS NOT NULL GROUP BY customer_id
),
daily AS (
  SELECT customer_id, count(*) AS orders FROM cb_orders WHERE customer_id IS NOT NULL GROUP BY customer_id, CAST(ts AS DATE)
),
per_customer AS (
  SELECT customer_id, max(revenue) AS max_order_value, median(revenue) AS usual_value, max(items) AS max_items
  FROM cb_orders WHERE customer_id IS NOT NULL GROUP BY customer_id
)
SELECT
  c.customer_id,
  p.max_order_value::DOUBLE AS max_order_value,
  p.max_items::DOUBLE AS max_items,
  CASE WHEN p.usual_value > 0 THEN p.max_order_value / p.usual_value ELSE 1 END::DOUBLE AS spike,
  least(1, coalesce(r.lines, 0) / (b.lines + coalesce(r.own_lines, 0)))::DOUBLE AS return_rate,
  (b.lines + coalesce(r.own_lines, 0))::DOUBLE AS all_lines,
  coalesce(r.lines, 0)::DOUBLE AS returned_lines,
  (SELECT max(d.orders) FROM daily AS d WHERE d.customer_id = c.customer_id)::DOUBLE AS max_orders_per_day
FROM cb_customers AS c
JOIN bought AS b USING (customer_id)
JOIN per_customer AS p USING (customer_id)
LEFT JOIN returned AS r USING (customer_id)
ORDER BY c.customer_id`;

/** Isolation scores of `rows` × `cols` features (where: in this thread, or the training worker's). */
export type IsolationScorer = (x: Float64Array, rows: number, cols: number) => Promise<Float64Array>;

/** Every flag on the loaded data, highest score first. */
export async function riskFlags(
  db: Db,
  thresholds: RiskThresholds = DEFAULT_RISK_THRESHOLDS,
  scoreIsolation: IsolationScorer = async (x, rows, cols) => isolationForestScores(x, rows, cols),
): Promise<RiskResult> {
  const flags = [...(await orderFlags(db, thresholds)), ...(await customerFlags(db, thresholds, scoreIsolation))];
  flags.sort((a, b) => b.score - a.score || (a.customerId ?? '').localeCompare(b.customerId ?? '') || (a.orderId ?? '').localeCompare(b.orderId ?? ''));
  return {
    flags,
    ...flagCounts(flags),
    thresholds,
  };
}

async function orderFlags(db: Db, t: RiskThresholds): Promise<RiskFlag[]> {
  const table = await db.query(ordersSql(t.cancelMinutes));
  const text = (name: string) => table.getChild(name)!.toArray() as string[];
  const number = (name: string) => Float64Array.from(table.getChild(name)!.toArray() as ArrayLike<number>);
  const customers = text('customer_id');
  const orders = text('order_id');
  const seconds = number('seconds');
  const revenue = number('revenue');
  const items = number('items');
  const cancelledItems = number('cancelled_items');
  const cancelledAfter = number('cancelled_after_s');
  const n = orders.length;
  const logValue = revenue.map((v) => (v > 0 ? Math.log(v) : Number.NaN));
  const logItems = items.map((v) => (v > 0 ? Math.log(v) : Number.NaN));
  const valueZ = robustZScores(logValue);
  const itemsZ = robustZScores(logItems);
  // Per-customer yardstick: groups are the customer's consecutive rows (guests, '' at the end, are no group).
  const group = new Int32Array(n);
  for (let i = 1; i < n; i++) group[i] = customers[i] === customers[i - 1] && customers[i] !== '' ? group[i - 1]! : group[i - 1]! + 1;
  // A customer's own spread is taken as at least the shop's, so a very regular buyer's somewhat bigger order is not
  // called extreme: what is left are orders far above what this customer usually spends.
  const ownZ = groupedRobustZScores(logValue, group, t.customerOrders, robustCentreAndSpread(logValue).spread);
  const typicalValue = median(revenue.filter((v) => v > 0));
  const typicalItems = median(items.filter((v) => v > 0));
  const ownTypical = groupMedians(revenue, group);

  const byOrder = new Map<number, RiskReason[]>();
  const add = (i: number, reason: RiskReason) => {
    const list = byOrder.get(i) ?? [];
    list.push(reason);
    byOrder.set(i, list);
  };
  for (let i = 0; i < n; i++) {
    if (valueZ[i]! >= t.z) {
      add(i, {
        code: 'large_value',
        strength: strength(valueZ[i]!, t.z),
        text: each((l) =>
          l === 'en'
            ? `order value ${plain(revenue[i]!, l, 2)} is ${times(revenue[i]! / typicalValue, l)} a typical order (${plain(typicalValue, l, 2)})`
            : `订单金额 ${plain(revenue[i]!, l, 2)}，是一般订单（${plain(typicalValue, l, 2)}）的 ${times(revenue[i]! / typicalValue, l)}`,
        ),
      });
    }
    if (itemsZ[i]! >= t.z) {
      add(i, {
        code: 'large_quantity',
        strength: strength(itemsZ[i]!, t.z),
        text: each((l) =>
          l === 'en'
            ? `${plain(items[i]!, l, 0)} items in one order (a typical order has ${plain(typicalItems, l, 0)})`
            : `一单 ${plain(items[i]!, l, 0)} 件（一般订单 ${plain(typicalItems, l, 0)} 件）`,
        ),
      });
    }
    if (ownZ[i]! >= t.z) {
      const usual = ownTypical[i]!;
      add(i, {
        code: 'large_for_customer',
        strength: strength(ownZ[i]!, t.z),
        text: each((l) =>
          l === 'en'
            ? `${times(revenue[i]! / usual, l)} this customer's usual order (${plain(usual, l, 2)})`
            : `是该顾客平常订单（${plain(usual, l, 2)}）的 ${times(revenue[i]! / usual, l)}`,
        ),
      });
    }
    const share = items[i]! > 0 ? Math.min(1, cancelledItems[i]! / items[i]!) : 0;
    if (cancelledAfter[i]! >= 0 && share >= t.cancelledShare) {
      const minutes = Math.max(1, Math.round(cancelledAfter[i]! / 60));
      add(i, {
        code: 'cancelled_soon',
        strength: strength(share, t.cancelledShare),
        text: each((l) =>
          l === 'en'
            ? `${plain(Math.min(cancelledItems[i]!, items[i]!), l, 0)} of its ${plain(items[i]!, l, 0)} items cancelled ${minutes} minute${minutes === 1 ? '' : 's'} after the order`
            : `下单 ${minutes} 分钟后取消了 ${plain(items[i]!, l, 0)} 件中的 ${plain(Math.min(cancelledItems[i]!, items[i]!), l, 0)} 件`,
        ),
      });
    }
  }
  for (const burst of findBursts(customers, seconds, t.burstOrders, t.burstMinutes * 60)) {
    const minutes = Math.max(1, Math.round((seconds[burst.last]! - seconds[burst.first]!) / 60));
    const count = burst.last - burst.first + 1;
    add(burst.first, {
      code: 'burst',
      strength: strength(count, t.burstOrders),
      text: each((l) =>
        l === 'en'
          ? `${count} orders within ${minutes} minute${minutes === 1 ? '' : 's'} (${orders[burst.first]} to ${orders[burst.last]})`
          : `${minutes} 分钟内下了 ${count} 单（${orders[burst.first]} 至 ${orders[burst.last]}）`,
      ),
    });
  }
  return [...byOrder].map(([i, reasons]) => ({
    customerId: customers[i] || null,
    orderId: orders[i]!,
    score: reasons.reduce((s, r) => s + r.strength, 0),
    reasons,
  }));
}

/**
 * Runs of at least `minOrders` orders of one customer within `windowSeconds` (rows sorted by customer, then time):
 * each run is as long as the window allows, and the next search starts after it.
 */
export function findBursts(customers: ArrayLike<string>, seconds: ArrayLike<number>, minOrders: number, windowSeconds: number): Array<{ first: number; last: number }> {
  const bursts: Array<{ first: number; last: number }> = [];
  for (let i = 0; i < customers.length; ) {
    if (customers[i] === '') {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < customers.length && customers[j + 1] === customers[i] && seconds[j + 1]! - seconds[i]! <= windowSeconds) j++;
    if (j - i + 1 >= minOrders) {
      bursts.push({ first: i, last: j });
      i = j + 1;
    } else i++;
  }
  return bursts;
}

async function customerFlags(db: Db, t: RiskThresholds, scoreIsolation: IsolationScorer): Promise<RiskFlag[]> {
  const table = await db.query(CUSTOMERS_SQL);
  const rows = table.numRows;
  if (rows === 0) return [];
  const customers = table.getChild('customer_id')!.toArray() as string[];
  const column = (name: string) => Float64Array.from(table.getChild(name)!.toArray() as ArrayLike<number>);
  const raw = CUSTOMER_FEATURES.map((f) => column(f.column));
  const cols = CUSTOMER_FEATURES.length;
  const x = new Float64Array(rows * cols);
  raw.forEach((values, f) => values.forEach((v, r) => (x[r * cols + f] = Number.isFinite(v) ? CUSTOMER_FEATURES[f]!.transform(v) : 0)));
  // What makes a customer stand apart: the feature furthest from the typical customer, in robust z-scores.
  const featureZ = CUSTOMER_FEATURES.map((_, f) => robustZScores(Float64Array.from({ length: rows }, (_, r) => x[r * cols + f]!)));
  const typical = raw.map((values) => median(values.filter(Number.isFinite)));
  const scores = await scoreIsolation(x, rows, cols);

  const allLines = column('all_lines');
  const returnedLines = column('returned_lines');
  const rates = column('return_rate');
  const eligible = Float64Array.from(rates, (v, r) => (allLines[r]! >= t.returnLines ? v : Number.NaN));
  const rateZ = robustZScores(eligible);
  const typicalRate = median(Array.from(eligible).filter(Number.isFinite));

  const flags: RiskFlag[] = [];
  for (let r = 0; r < rows; r++) {
    const reasons: RiskReason[] = [];
    const unusualReturns = rateZ[r]! >= t.z && rates[r]! >= t.returnRate;
    if (scores[r]! >= t.isolation) {
      let top = 0;
      for (let f = 1; f < cols; f++) if (Math.abs(featureZ[f]![r]!) > Math.abs(featureZ[top]![r]!)) top = f;
      const feature = CUSTOMER_FEATURES[top]!;
      // When the return rate is what stands out, the returns reason below says it with the counts.
      const saidBelow = unusualReturns && feature.column === 'return_rate';
      reasons.push({
        code: 'unusual_customer',
        strength: strength(scores[r]!, t.isolation),
        text: each((l) =>
          saidBelow
            ? l === 'en'
              ? `unlike other customers (isolation score ${scores[r]!.toFixed(2)})`
              : `与其他顾客明显不同（孤立分数 ${scores[r]!.toFixed(2)}）`
            : l === 'en'
            ? `unlike other customers (isolation score ${scores[r]!.toFixed(2)}), most of all in ${feature.name[l]}: ${feature.format(raw[top]![r]!, l)} against a typical ${feature.format(typical[top]!, l)}`
            : `与其他顾客明显不同（孤立分数 ${scores[r]!.toFixed(2)}），最突出的是${feature.name[l]}：${feature.format(raw[top]![r]!, l)}，一般为 ${feature.format(typical[top]!, l)}`,
        ),
      });
    }
    if (unusualReturns) {
      reasons.push({
        code: 'returns',
        strength: strength(rates[r]!, t.returnRate),
        text: each((l) =>
          l === 'en'
            ? `returned or cancelled ${plain(returnedLines[r]!, l, 0)} of ${plain(allLines[r]!, l, 0)} lines (${percent(rates[r]!, l)}; typical ${percent(typicalRate, l)})`
            : `退货或取消了 ${plain(allLines[r]!, l, 0)} 行中的 ${plain(returnedLines[r]!, l, 0)} 行（${percent(rates[r]!, l)}；一般为 ${percent(typicalRate, l)}）`,
        ),
      });
    }
    if (reasons.length > 0) flags.push({ customerId: customers[r]!, orderId: null, score: reasons.reduce((s, x) => s + x.strength, 0), reasons });
  }
  return flags;
}

/** Orders flagged, and customers flagged themselves (a customer-level flag; owning a flagged order is not one). */
export function flagCounts(flags: readonly RiskFlag[]): { ordersFlagged: number; customersFlagged: number } {
  return { ordersFlagged: flags.filter((f) => f.orderId !== null).length, customersFlagged: flags.filter((f) => f.orderId === null).length };
}

/** The reasons of a flag as one sentence. */
export function reasonText(flag: RiskFlag, lang: Lang): string {
  const text = flag.reasons.map((r) => r.text[lang]).join(lang === 'en' ? '; ' : '；');
  return lang === 'en' ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

/** Writes `name` (customer_id, order_id, score, reasons, reason) from the flags, in their order. */
export async function writeRiskFlags(db: Db, name: string, result: RiskResult, lang: Lang): Promise<void> {
  const staging = `${name}__staging`;
  const { flags } = result;
  await withStagedTable(
    db,
    staging,
    {
      position: int32Vector(flags.map((_, i) => i + 1)),
      customer_id: utf8Vector(flags.map((f) => f.customerId ?? '')),
      order_id: utf8Vector(flags.map((f) => f.orderId ?? '')),
      score: float64Vector(flags.map((f) => f.score)),
      reasons: utf8Vector(flags.map((f) => f.reasons.map((r) => r.code).join(','))),
      reason: utf8Vector(flags.map((f) => reasonText(f, lang))),
    },
    () =>
      db.exec(`CREATE OR REPLACE TABLE ${ident(name)} AS
SELECT position AS rank, nullif(customer_id, '') AS customer_id, nullif(order_id, '') AS order_id, round(score, 3) AS score, reasons, reason
FROM ${ident(staging)}
ORDER BY position`),
  );
}

/** Each row's group median (rows of a group consecutive). */
function groupMedians(values: Float64Array, group: Int32Array): Float64Array {
  const out = new Float64Array(values.length);
  for (let start = 0; start < values.length; ) {
    let end = start + 1;
    while (end < values.length && group[end] === group[start]) end++;
    out.fill(median(values.subarray(start, end)), start, end);
    start = end;
  }
  return out;
}

/** 1 at the threshold, one more for each doubling past it: no single measure drowns the others. */
function strength(measure: number, threshold: number): number {
  return 1 + Math.log2(measure / threshold);
}

function plain(value: number, lang: Lang, digits: number): string {
  return numberFormat(lang, { maximumFractionDigits: digits, minimumFractionDigits: digits === 2 ? 2 : 0 }).format(value);
}

function percent(value: number, lang: Lang): string {
  return numberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(value);
}

/** "532 times" / "532 倍": how many times, rounded to what a person reads. */
function times(ratio: number, lang: Lang): string {
  const digits = ratio < 10 ? 1 : 0;
  return lang === 'en' ? `${plain(ratio, lang, digits)} times` : `${plain(ratio, lang, digits)} 倍`;
}
