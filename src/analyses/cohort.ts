/**
 * Cohort retention (DESIGN.md section 4): customers grouped by the period of their first purchase,
 * followed period by period. One long-form result (`cohort_retention`: one row per cohort and period
 * index) feeds the heatmap, the curves and the per-cohort arrays of the command line.
 */
import type { Db } from '../engine/db';
import { literal } from '../sql/quote';
import { WHOLE_DATA, type SourceTables } from './date-range';
import { queryRows, num, type NamedSql, type Row } from './named';
import { periodIndexSql, periodIntervalSql, periodLabel, periodStartSql, type Period } from './period';

/** What starts a customer's cohort: the first purchase, or the first purchase of a category or product. */
export type CohortEntry = { kind: 'first_purchase' } | { kind: 'category'; value: string } | { kind: 'product'; value: string };

export interface CohortOptions {
  period?: Period;
  entry?: CohortEntry;
  /** Only orders shipped to this country (when a country column is mapped). */
  country?: string;
  /** Cohorts are the customers won in the period (their orders up to its end); default: the whole data. */
  tables?: SourceTables;
}

/** One cohort's row: arrays indexed by period index k = 0 .. last period in the data. */
export interface CohortRow {
  /** `YYYY-MM` for months, the Monday `YYYY-MM-DD` for weeks. */
  cohort: string;
  size: number;
  active: number[];
  retention: number[];
  revenue: number[];
}

export interface CohortResult {
  period: Period;
  cohorts: CohortRow[];
  /** Size-weighted retention by period index: sum of active / sum of sizes over the cohorts that reach k. */
  averageRetention: number[];
  /** The long-form rows of `cohort_retention`. */
  rows: Row[];
}

/** The named SQL result `cohort_retention`: cohort, period, period_index, cohort_size, active, retention, revenue. */
export function cohortRetentionSql(options: CohortOptions = {}): NamedSql {
  const period = options.period ?? 'month';
  const entry = options.entry ?? { kind: 'first_purchase' };
  const start = periodStartSql(period, 'ts');
  const entryOrders =
    entry.kind === 'first_purchase'
      ? 'purchases'
      : `purchases
    WHERE (customer_id, order_id) IN (
      SELECT customer_id, order_id FROM cb_lines WHERE ${entry.kind === 'category' ? 'category' : 'product_id'} = ${literal(entry.value)}
    )`;
  const sql = `
WITH purchases AS (
  SELECT customer_id, order_id, ${start} AS period, revenue
  FROM ${(options.tables ?? WHOLE_DATA).newCustomerOrders}${
    options.country === undefined
      ? ''
      : `
  WHERE (customer_id, order_id) IN (SELECT customer_id, order_id FROM cb_lines WHERE country = ${literal(options.country)})`
  }
),
cohorts AS (
  SELECT customer_id, min(period) AS cohort
  FROM ${entryOrders}
  GROUP BY customer_id
),
activity AS (
  SELECT c.cohort, p.period, count(DISTINCT p.customer_id) AS active, sum(p.revenue) AS revenue
  FROM purchases AS p
  JOIN cohorts AS c USING (customer_id)
  WHERE p.period >= c.cohort
  GROUP BY c.cohort, p.period
),
cells AS (
  SELECT cohort, CAST(unnest(generate_series(cohort, (SELECT max(period) FROM purchases), ${periodIntervalSql(period)})) AS DATE) AS period
  FROM (SELECT DISTINCT cohort FROM cohorts)
),
matrix AS (
  SELECT
    cohort,
    period,
    ${periodIndexSql(period, 'cohort', 'period')} AS period_index,
    CAST(coalesce(a.active, 0) AS INTEGER) AS active,
    coalesce(a.revenue, 0) AS revenue
  FROM cells
  LEFT JOIN activity AS a USING (cohort, period)
)
SELECT
  cohort,
  period,
  period_index,
  max(active) FILTER (WHERE period_index = 0) OVER (PARTITION BY cohort) AS cohort_size,
  active,
  active / max(active) FILTER (WHERE period_index = 0) OVER (PARTITION BY cohort) AS retention,
  revenue,
  revenue / max(active) FILTER (WHERE period_index = 0) OVER (PARTITION BY cohort) AS revenue_per_customer
FROM matrix
ORDER BY cohort, period_index`;
  return { name: 'cohort_retention', sql };
}

/**
 * The named result `cohort_retention_recent` (reads `cohort_retention`): the rows of the `count` most
 * recent cohorts, so that a weekly heatmap stays readable and under the chart row limit.
 */
export function recentCohortsSql(count = 52): NamedSql {
  const sql = `
SELECT *
FROM cohort_retention
WHERE cohort IN (SELECT DISTINCT cohort FROM cohort_retention ORDER BY cohort DESC LIMIT ${Math.max(1, Math.floor(count))})
ORDER BY cohort, period_index`;
  return { name: 'cohort_retention_recent', sql };
}

/** Cohort retention by month or ISO week, customers and revenue. */
export async function cohortRetention(db: Db, options: CohortOptions = {}): Promise<CohortResult> {
  const period = options.period ?? 'month';
  const rows = await queryRows(db, [cohortRetentionSql({ ...options, period })]);
  const cohorts: CohortRow[] = [];
  const activeByK: number[] = [];
  const sizeByK: number[] = [];
  for (const row of rows) {
    const label = periodLabel(period, String(row.cohort));
    let cohort = cohorts.at(-1);
    if (cohort?.cohort !== label) {
      cohort = { cohort: label, size: num(row.cohort_size), active: [], retention: [], revenue: [] };
      cohorts.push(cohort);
    }
    const k = num(row.period_index);
    cohort.active[k] = num(row.active);
    cohort.retention[k] = num(row.retention);
    cohort.revenue[k] = num(row.revenue);
    activeByK[k] = (activeByK[k] ?? 0) + num(row.active);
    sizeByK[k] = (sizeByK[k] ?? 0) + cohort.size;
  }
  const averageRetention = activeByK.map((active, k) => active / (sizeByK[k] ?? 1));
  return { period, cohorts, averageRetention, rows };
}
