/**
 * Lifecycle stages per period (DESIGN.md section 4). For each period p, every customer whose first
 * purchase is before the end of p is exactly one of: new (first purchase in p), returning (bought in p
 * and p-1), reactivated (bought in p, not in p-1, not new), at_risk (bought in p-1, not in p) or
 * dormant (bought in neither). Counted without a customer x period grid: returning customers by a join
 * of each purchase period to the period before, reactivated, at_risk and dormant by subtraction.
 */
import type { Db } from '../engine/db';
import { num, queryRows, type NamedSql, type Row } from './named';
import { WHOLE_DATA, type SourceTables } from './date-range';
import { periodIntervalSql, periodLabel, periodStartSql, type Period } from './period';

export interface LifecycleOptions {
  period?: Period;
  /**
   * With a period: every order up to its end (a customer's history tells new from returning), and only the
   * months (or weeks) of the period shown. Default: the whole data.
   */
  tables?: SourceTables;
}

export interface LifecycleRow {
  period: string;
  new: number;
  returning: number;
  reactivated: number;
  at_risk: number;
  dormant: number;
}

export interface LifecycleResult {
  period: Period;
  rows: LifecycleRow[];
}

/** The named result `lifecycle_stages`: period, new, returning, reactivated, at_risk, dormant. */
export function lifecycleSql(options: LifecycleOptions = {}): NamedSql {
  const period = options.period ?? 'month';
  const step = periodIntervalSql(period);
  const bounds = (options.tables ?? WHOLE_DATA).period;
  const sql = `
WITH active AS (
  SELECT DISTINCT customer_id, ${periodStartSql(period, 'ts')} AS period
  FROM cb_orders${bounds ? `
  WHERE CAST(ts AS DATE) <= (SELECT last_day FROM ${bounds})` : ''}
),
firsts AS (
  SELECT customer_id, min(period) AS first_period
  FROM active
  GROUP BY customer_id
),
periods AS (
  SELECT CAST(unnest(generate_series(min(period), max(period), ${step})) AS DATE) AS period
  FROM active
),
buyers AS (
  SELECT period, count(*) AS active
  FROM active
  GROUP BY period
),
newcomers AS (
  SELECT first_period AS period, count(*) AS new
  FROM firsts
  GROUP BY first_period
),
continued AS (
  SELECT cur.period, count(*) AS returned
  FROM active AS cur
  JOIN active AS prev ON prev.customer_id = cur.customer_id AND prev.period = CAST(cur.period - ${step} AS DATE)
  GROUP BY cur.period
),
counts AS (
  SELECT
    period,
    coalesce(b.active, 0) AS active,
    coalesce(n.new, 0) AS new,
    coalesce(c.returned, 0) AS returned,
    coalesce(lag(b.active) OVER (ORDER BY period), 0) AS active_before,
    coalesce(sum(n.new) OVER (ORDER BY period ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS known_before
  FROM periods
  LEFT JOIN buyers AS b USING (period)
  LEFT JOIN newcomers AS n USING (period)
  LEFT JOIN continued AS c USING (period)
)
SELECT
  period,
  CAST(new AS INTEGER) AS new,
  CAST(returned AS INTEGER) AS "returning",
  CAST(active - new - returned AS INTEGER) AS reactivated,
  CAST(active_before - returned AS INTEGER) AS at_risk,
  CAST(known_before - active_before - (active - new - returned) AS INTEGER) AS dormant
FROM counts${bounds ? `
WHERE period >= (SELECT ${periodStartSql(period, 'first_day')} FROM ${bounds})` : ''}
ORDER BY period`;
  return { name: 'lifecycle_stages', sql };
}

/** Lifecycle stage counts per month or ISO week, from the first to the last period of the data. */
export async function lifecycleStages(db: Db, options: LifecycleOptions = {}): Promise<LifecycleResult> {
  const period = options.period ?? 'month';
  const rows = await queryRows(db, [lifecycleSql({ period })]);
  return { period, rows: rows.map((row) => lifecycleRowOf(period, row)) };
}

function lifecycleRowOf(period: Period, row: Row): LifecycleRow {
  return {
    period: periodLabel(period, String(row.period)),
    new: num(row.new),
    returning: num(row.returning),
    reactivated: num(row.reactivated),
    at_risk: num(row.at_risk),
    dormant: num(row.dormant),
  };
}
