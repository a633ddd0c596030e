/**
 * Market basket (DESIGN.md section 4, association rules): which products are bought in the same order.
 * A basket is one order's distinct products (purchase lines of cb_lines, so returns and cancellations are
 * out). For products A and B, with N orders:
 *   support(A → B) = orders with both / N,  confidence = orders with both / orders with A,
 *   lift = confidence / (orders with B / N)   (1: bought together as often as chance says; 10: ten times more).
 * Rules are pairs (one product each side), both directions; only products and pairs in at least
 * `minSupport` of the orders are counted (the Apriori cut: a pair is never more frequent than its products).
 */
import type { Db } from '../engine/db';
import { literal } from '../sql/quote';
import { num, queryRows, type NamedSql } from './named';
import { WHOLE_DATA, type SourceTables } from './date-range';

/** Pairs in fewer orders than this are left out whatever the support says (a rule from 2 orders is chance). */
export const MIN_RULE_ORDERS = 5;

export interface BasketOptions {
  /** Smallest share of orders a rule's pair is in (default 0.01). */
  minSupport?: number;
  /** Smallest confidence (default 0). */
  minConfidence?: number;
  /** At most this many rules, strongest lift first (default: all). */
  limit?: number;
  /** Fewest orders a product and a pair must be in, whatever the support says (default MIN_RULE_ORDERS). */
  minOrders?: number;
  /** The lines to read (default the whole data; a notebook with a date range: `lines_in_period`). */
  tables?: SourceTables;
}

export interface BasketRule {
  antecedent: string;
  consequent: string;
  /** Orders holding both products. */
  orders: number;
  support: number;
  confidence: number;
  lift: number;
}

export interface BasketResult {
  /** Orders with at least one product. */
  orders: number;
  minSupport: number;
  rules: BasketRule[];
}

/** Checks a support or confidence given by the user. */
export function checkShare(value: number, what: string): number {
  if (!Number.isFinite(value) || value < 0 || value > 1) throw new RangeError(`${what} must be a share between 0 and 1, got ${value}.`);
  return value;
}

/** The named result `basket_rules`: antecedent, consequent, orders, support, confidence, lift (strongest first). */
export function basketRulesSql(options: BasketOptions = {}): NamedSql {
  const minSupport = checkShare(options.minSupport ?? 0.01, 'The minimum support');
  const minConfidence = checkShare(options.minConfidence ?? 0, 'The minimum confidence');
  const minOrders = Math.max(1, Math.floor(options.minOrders ?? MIN_RULE_ORDERS));
  const limit = options.limit === undefined ? '' : `\nLIMIT ${Math.max(0, Math.floor(options.limit))}`;
  const sql = `
WITH baskets AS (
  -- one row per order and product: an order is a customer's order id (files without customers: the order id)
  SELECT DISTINCT dense_rank() OVER (ORDER BY customer_id NULLS FIRST, order_id) AS basket, product_id AS item
  FROM ${(options.tables ?? WHOLE_DATA).lines}
  WHERE product_id IS NOT NULL
),
total AS (
  SELECT count(DISTINCT basket) AS orders, greatest(${minOrders}, ceil(${literal(minSupport)} * count(DISTINCT basket))) AS min_orders
  FROM baskets
),
items AS (
  SELECT item, count(*) AS n
  FROM baskets
  GROUP BY item
  HAVING count(*) >= (SELECT min_orders FROM total)
),
frequent AS (
  SELECT b.basket, b.item FROM baskets AS b JOIN items USING (item)
),
pairs AS (
  SELECT a.item AS antecedent, c.item AS consequent, count(*) AS together
  FROM frequent AS a
  JOIN frequent AS c ON a.basket = c.basket AND a.item <> c.item
  GROUP BY 1, 2
  HAVING count(*) >= (SELECT min_orders FROM total)
)
SELECT
  p.antecedent,
  p.consequent,
  p.together AS orders,
  p.together / t.orders AS support,
  p.together / ia.n AS confidence,
  (p.together / ia.n) / (ic.n / t.orders) AS lift
FROM pairs AS p
JOIN items AS ia ON ia.item = p.antecedent
JOIN items AS ic ON ic.item = p.consequent
CROSS JOIN total AS t
WHERE p.together / ia.n >= ${literal(minConfidence)}
ORDER BY lift DESC, support DESC, antecedent, consequent${limit}`;
  return { name: 'basket_rules', sql };
}

/** The association rules of the loaded orders. */
export async function basketRules(db: Db, options: BasketOptions = {}): Promise<BasketResult> {
  const minSupport = options.minSupport ?? 0.01;
  const [rows, totals] = await Promise.all([
    queryRows(db, [basketRulesSql(options)]),
    queryRows(db, [], 'SELECT count(*) AS orders FROM (SELECT DISTINCT customer_id, order_id FROM cb_lines WHERE product_id IS NOT NULL)'),
  ]);
  return {
    orders: num(totals[0]?.orders),
    minSupport,
    rules: rows.map((row) => ({
      antecedent: String(row.antecedent),
      consequent: String(row.consequent),
      orders: num(row.orders),
      support: num(row.support),
      confidence: num(row.confidence),
      lift: num(row.lift),
    })),
  };
}
