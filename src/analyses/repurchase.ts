/**
 * Repurchase rate within N days (DESIGN.md section 4): among customers whose first order is at least
 * N days before the last date in the data, the share whose second order (by ts, another order) comes
 * within N days of the first. Also its trend by the month of the first order.
 */
import type { Db } from '../engine/db';
import { literal } from '../sql/quote';
import { num, numOrNull, queryRows, withMaterialized, type NamedSql, type Row } from './named';
import { lastDaySql, WHOLE_DATA, type SourceTables } from './date-range';

export interface RepurchaseOptions {
  /** Windows in days (default 30, 60, 90). */
  days?: number[];
}

export interface RepurchaseRate {
  days: number;
  eligible: number;
  repurchased: number;
  /** repurchased / eligible; null when nobody is eligible. */
  rate: number | null;
}

export interface RepurchaseTrendRow extends RepurchaseRate {
  /** Month of the first order, `YYYY-MM`. */
  cohort: string;
}

export interface RepurchaseResult {
  lastDate: string | null;
  rates: RepurchaseRate[];
  byCohort: RepurchaseTrendRow[];
}

export const DEFAULT_REPURCHASE_DAYS = [30, 60, 90];

/** Checks the windows: whole numbers of days, at least 1. */
export function checkDays(days: number[]): number[] {
  for (const d of days) {
    if (!Number.isInteger(d) || d < 1) throw new RangeError(`A repurchase window must be a whole number of days (1 or more), got ${d}.`);
  }
  return [...new Set(days)].sort((a, b) => a - b);
}

/** The named result `first_orders`: each customer's first and second order time and the data's last date. */
export function firstOrdersSql(tables: SourceTables = WHOLE_DATA): NamedSql {
  const sql = `
WITH ranked AS (
  SELECT customer_id, ts, row_number() OVER (PARTITION BY customer_id ORDER BY ts, order_id) AS n
  FROM ${tables.newCustomerOrders}
)
SELECT
  customer_id,
  min(ts) FILTER (WHERE n = 1) AS first_ts,
  min(ts) FILTER (WHERE n = 2) AS second_ts,
  ${lastDaySql(tables, 'cb_orders')} AS last_date
FROM ranked
WHERE n <= 2
GROUP BY customer_id`;
  return { name: 'first_orders', sql };
}

function windowsSql(days: number[]): string {
  return `(SELECT unnest([${days.map(literal).join(', ')}]) AS days)`;
}

const ELIGIBLE = `date_diff('day', CAST(first_ts AS DATE), last_date) >= days`;
const WITHIN = `epoch(second_ts) - epoch(first_ts) <= days * 86400`;

/** The named result `repurchase_rates` (reads `first_orders`): days, eligible, repurchased, rate. */
export function repurchaseRatesSql(days: number[] = DEFAULT_REPURCHASE_DAYS): NamedSql {
  const sql = `
SELECT
  days,
  count(*) FILTER (WHERE ${ELIGIBLE}) AS eligible,
  count(*) FILTER (WHERE ${ELIGIBLE} AND ${WITHIN}) AS repurchased,
  repurchased / nullif(eligible, 0) AS rate
FROM first_orders, ${windowsSql(checkDays(days))}
GROUP BY days
ORDER BY days`;
  return { name: 'repurchase_rates', sql };
}

/** The named result `repurchase_by_cohort` (reads `first_orders`): the same by month of first order. */
export function repurchaseByCohortSql(days: number[] = DEFAULT_REPURCHASE_DAYS): NamedSql {
  const sql = `
SELECT
  CAST(date_trunc('month', first_ts) AS DATE) AS cohort,
  days,
  count(*) FILTER (WHERE ${ELIGIBLE}) AS eligible,
  count(*) FILTER (WHERE ${ELIGIBLE} AND ${WITHIN}) AS repurchased,
  repurchased / nullif(eligible, 0) AS rate
FROM first_orders, ${windowsSql(checkDays(days))}
GROUP BY cohort, days
ORDER BY cohort, days`;
  return { name: 'repurchase_by_cohort', sql };
}

/** Repurchase rates at the given windows, overall and by month of first order. */
export async function repurchaseRates(db: Db, options: RepurchaseOptions = {}): Promise<RepurchaseResult> {
  const days = checkDays(options.days ?? DEFAULT_REPURCHASE_DAYS);
  const [rates, byCohort] = await withMaterialized(db, [firstOrdersSql()], async (first) => [
    await queryRows(db, [...first, repurchaseRatesSql(days)]),
    await queryRows(db, [...first, repurchaseByCohortSql(days)]),
  ]);
  const last = await queryRows(db, [], 'SELECT CAST(max(ts) AS DATE) AS last_date FROM cb_orders');
  return {
    lastDate: (last[0]?.last_date as string | null) ?? null,
    rates: rates.map(rateOf),
    byCohort: byCohort.map((row) => ({ cohort: String(row.cohort).slice(0, 7), ...rateOf(row) })),
  };
}

function rateOf(row: Row): RepurchaseRate {
  return { days: num(row.days), eligible: num(row.eligible), repurchased: num(row.repurchased), rate: numOrNull(row.rate) };
}
