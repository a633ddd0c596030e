/**
 * Kaplan–Meier survival in SQL over any named result with columns (grp, duration, event): the
 * product-limit estimate per distinct duration, Greenwood's variance and a 95% log-log band
 * (as R's survfit conf.type = "log-log"). Events at a time are counted before censoring at that time.
 */
import type { NamedSql, Row } from './named';
import { num } from './named';

/** One step of a survival curve. */
export interface KmPoint {
  days: number;
  atRisk: number;
  events: number;
  censored: number;
  survival: number;
  lower: number;
  upper: number;
}

/** The normal quantile of a two-sided 95% interval. */
const Z95 = 1.959963984540054;

/** The named result `name` (reads `source`): grp, days, at_risk, events, censored, survival, lower, upper. */
export function kaplanMeierSql(name: string, source: string): NamedSql {
  const sql = `
WITH tallies AS (
  SELECT grp, duration AS days, sum(event) AS events, count(*) - sum(event) AS censored, count(*) AS leaving
  FROM ${source}
  GROUP BY grp, duration
),
risk AS (
  SELECT *, sum(leaving) OVER (PARTITION BY grp ORDER BY days DESC) AS at_risk
  FROM tallies
),
products AS (
  SELECT
    *,
    bool_or(events = at_risk) OVER upto AS exhausted,
    sum(CASE WHEN events < at_risk THEN ln(1 - events / at_risk) ELSE 0 END) OVER upto AS log_survival,
    sum(CASE WHEN events < at_risk THEN events / (at_risk * (at_risk - events)) ELSE 0 END) OVER upto AS greenwood
  FROM risk
  WINDOW upto AS (PARTITION BY grp ORDER BY days ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
),
curve AS (
  SELECT
    *,
    CASE WHEN exhausted THEN 0 ELSE exp(log_survival) END AS survival,
    ${Z95} * sqrt(greenwood) / nullif(log_survival, 0) AS spread
  FROM products
)
SELECT
  grp,
  CAST(days AS INTEGER) AS days,
  CAST(at_risk AS INTEGER) AS at_risk,
  CAST(events AS INTEGER) AS events,
  CAST(censored AS INTEGER) AS censored,
  survival,
  CASE WHEN survival IN (0, 1) THEN survival ELSE least(pow(survival, exp(spread)), pow(survival, exp(-spread))) END AS lower,
  CASE WHEN survival IN (0, 1) THEN survival ELSE greatest(pow(survival, exp(spread)), pow(survival, exp(-spread))) END AS upper
FROM curve
ORDER BY grp, days`;
  return { name, sql };
}

/**
 * The named result `name` (reads the curve `curve`): per group the median and its 95% band — the first day
 * the curve (or band) reaches 0.5, with a tolerance because 2/3 x 3/4 is not exactly 0.5 in floating point.
 */
export function kmMedianSql(name: string, curve: string): NamedSql {
  const sql = `
SELECT
  grp,
  max(at_risk) AS subjects,
  sum(events) AS events,
  sum(censored) AS censored,
  min(days) FILTER (WHERE survival <= 0.5 + 1e-9) AS median_days,
  min(days) FILTER (WHERE lower <= 0.5 + 1e-9) AS median_lower,
  min(days) FILTER (WHERE upper <= 0.5 + 1e-9) AS median_upper
FROM ${curve}
GROUP BY grp
ORDER BY grp`;
  return { name, sql };
}

/**
 * The named result `name` (reads the curve `curve`): the curve thinned for drawing — every day up to
 * `dailyUntil`, then the last step of each week — starting at (0, 100%). A step curve drawn from these
 * rows is exact at every kept day, and stays under the notebook's chart row limit for years of data.
 */
export function kmChartSql(name: string, curve: string, dailyUntil = 90): NamedSql {
  const sql = `
WITH buckets AS (
  SELECT *, CASE WHEN days <= ${dailyUntil} THEN days ELSE days // 7 * 7 + 6 END AS bucket
  FROM ${curve}
),
kept AS (
  SELECT grp, max(days) AS days
  FROM buckets
  GROUP BY grp, bucket
)
SELECT grp, 0 AS days, max(at_risk) AS at_risk, 1.0 AS survival, 1.0 AS lower, 1.0 AS upper
FROM ${curve}
GROUP BY grp
HAVING min(days) > 0
UNION ALL
SELECT c.grp, c.days, c.at_risk, c.survival, c.lower, c.upper
FROM ${curve} AS c
JOIN kept USING (grp, days)
ORDER BY grp, days`;
  return { name, sql };
}

/** The curve of one group from the rows of kaplanMeierSql. */
export function kmPoints(rows: Row[]): KmPoint[] {
  return rows.map((row) => ({
    days: num(row.days),
    atRisk: num(row.at_risk),
    events: num(row.events),
    censored: num(row.censored),
    survival: num(row.survival),
    lower: num(row.lower),
    upper: num(row.upper),
  }));
}

/** S(t): the survival at `days` (1 before the first step). */
export function survivalAt(curve: KmPoint[], days: number): number {
  let s = 1;
  for (const point of curve) {
    if (point.days > days) break;
    s = point.survival;
  }
  return s;
}
