/**
 * Time to the next purchase: Kaplan–Meier curves of the gap between consecutive purchase dates
 * (several orders on one day are one purchase date), each customer's last gap censored at the
 * last date in the data; overall, by RFM segment or by cohort month. Plus the histogram of the
 * observed gaps, and the time to the SECOND purchase of DESIGN.md section 4 (survival).
 */
import type { Db } from '../engine/db';
import { literal } from '../sql/quote';
import { kaplanMeierSql, kmChartSql, kmMedianSql, kmPoints, survivalAt, type KmPoint } from './kaplan-meier';
import { num, numOrNull, queryRows, withMaterialized, type NamedSql } from './named';
import { rfmSegmentsSql } from './rfm';
import { WHOLE_DATA, type SourceTables } from './date-range';

/** How to split the curves: one overall curve, one per RFM segment, or one per cohort month. */
export type GapGrouping = 'none' | 'segment' | 'cohort';

export interface TimeToNextOptions {
  groupBy?: GapGrouping;
  /** Width of a histogram bar in days (default 7). */
  binDays?: number;
  /** Gaps between the purchases of the period, censored at its end; default: the whole data. */
  tables?: SourceTables;
}

export interface KmGroup {
  group: string;
  /** Gaps observed (events) and still open at the end of the data (censored). */
  events: number;
  censored: number;
  medianDays: number | null;
  /** 95% band of the median from the log-log band of the curve; null where the band never reaches 0.5. */
  medianLower: number | null;
  medianUpper: number | null;
  curve: KmPoint[];
}

export interface HistogramBin {
  binStart: number;
  binEnd: number;
  gaps: number;
}

export interface TimeToNextResult {
  groupBy: GapGrouping;
  groups: KmGroup[];
  histogram: HistogramBin[];
}

function groupSql(groupBy: GapGrouping): { column: string; join: string } {
  switch (groupBy) {
    case 'segment':
      return { column: 's.segment', join: 'JOIN rfm_segments AS s USING (customer_id)' };
    case 'cohort':
      return { column: `strftime(min(day) OVER (PARTITION BY customer_id), '%Y-%m')`, join: '' };
    case 'none':
      return { column: `'all'`, join: '' };
  }
}

/**
 * The named result `purchase_gaps`: customer_id, grp, day, duration (days to the next purchase date,
 * or to the last date in the data), event (1 when a next purchase was seen).
 */
export function purchaseGapsSql(groupBy: GapGrouping = 'none', tables: SourceTables = WHOLE_DATA): NamedSql {
  const group = groupSql(groupBy);
  const sql = `
WITH dates AS (
  SELECT DISTINCT customer_id, CAST(ts AS DATE) AS day
  FROM ${tables.orders}
),
last_day AS (
  ${lastDateSql(tables)}
)
SELECT
  customer_id,
  ${group.column} AS grp,
  day,
  date_diff('day', day, coalesce(lead(day) OVER next, last_date)) AS duration,
  CAST(lead(day) OVER next IS NOT NULL AS INTEGER) AS event
FROM dates
CROSS JOIN last_day
${group.join}
WINDOW next AS (PARTITION BY customer_id ORDER BY day)`;
  return { name: 'purchase_gaps', sql };
}

/** The named result `inter_purchase_histogram` (reads `purchase_gaps`): observed gaps in bins of `binDays`. */
export function gapHistogramSql(binDays = 7): NamedSql {
  if (!Number.isInteger(binDays) || binDays < 1) throw new RangeError(`A histogram bin must be a whole number of days, got ${binDays}.`);
  const width = literal(binDays);
  const sql = `
SELECT
  CAST((duration // ${width}) * ${width} AS INTEGER) AS bin_start,
  CAST((duration // ${width}) * ${width} + ${width} AS INTEGER) AS bin_end,
  count(*) AS gaps
FROM purchase_gaps
WHERE event = 1
GROUP BY ALL
ORDER BY bin_start`;
  return { name: 'inter_purchase_histogram', sql };
}

/** The named SQL steps of the analysis, in order (the notebook inserts them as cells). */
export function timeToNextSteps(options: TimeToNextOptions = {}): NamedSql[] {
  const groupBy = options.groupBy ?? 'none';
  return [
    ...(groupBy === 'segment' ? [rfmSegmentsSql(options.tables)] : []),
    purchaseGapsSql(groupBy, options.tables),
    kaplanMeierSql('time_to_next_km', 'purchase_gaps'),
    kmMedianSql('time_to_next_median', 'time_to_next_km'),
    kmChartSql('time_to_next_curve', 'time_to_next_km'),
    gapHistogramSql(options.binDays ?? 7),
  ];
}

/** Kaplan–Meier curves of the time to the next purchase, their medians and the gap histogram. */
export async function timeToNextPurchase(db: Db, options: TimeToNextOptions = {}): Promise<TimeToNextResult> {
  const groupBy = options.groupBy ?? 'none';
  const steps = timeToNextSteps(options);
  const stepNamed = (name: string) => steps.find((s) => s.name === name) as NamedSql;
  const base = steps.filter((s) => s.name === 'rfm_segments' || s.name === 'purchase_gaps' || s.name === 'time_to_next_km');
  const [curveRows, medianRows, histogramRows] = await withMaterialized(db, base, async (done) => [
    await queryRows(db, done, 'SELECT * FROM time_to_next_km ORDER BY grp, days'),
    await queryRows(db, [...done, stepNamed('time_to_next_median')]),
    await queryRows(db, [...done, stepNamed('inter_purchase_histogram')]),
  ]);
  const groups = medianRows.map((row): KmGroup => {
    const group = String(row.grp);
    return {
      group,
      events: num(row.events),
      censored: num(row.censored),
      medianDays: numOrNull(row.median_days),
      medianLower: numOrNull(row.median_lower),
      medianUpper: numOrNull(row.median_upper),
      curve: kmPoints(curveRows.filter((r) => String(r.grp) === group)),
    };
  });
  const histogram = histogramRows.map((row) => ({ binStart: num(row.bin_start), binEnd: num(row.bin_end), gaps: num(row.gaps) }));
  return { groupBy, groups, histogram };
}

/**
 * The named result `second_purchase` (DESIGN.md section 4, survival): per customer, duration = days from the
 * first purchase date to the second, or to the last date in the data when there is none (event 0).
 */
export function secondPurchaseSql(tables: SourceTables = WHOLE_DATA): NamedSql {
  const sql = `
WITH dates AS (
  SELECT DISTINCT customer_id, CAST(ts AS DATE) AS day
  FROM ${tables.newCustomerOrders}
),
ranked AS (
  SELECT customer_id, day, row_number() OVER (PARTITION BY customer_id ORDER BY day) AS n
  FROM dates
),
last_day AS (
  ${lastDateSql(tables)}
)
SELECT
  customer_id,
  'all' AS grp,
  date_diff('day', min(day) FILTER (WHERE n = 1), coalesce(min(day) FILTER (WHERE n = 2), any_value(last_date))) AS duration,
  CAST(count(*) FILTER (WHERE n = 2) AS INTEGER) AS event
FROM ranked
CROSS JOIN last_day
WHERE n <= 2
GROUP BY customer_id`;
  return { name: 'second_purchase', sql };
}

export interface SecondPurchaseResult {
  customers: number;
  events: number;
  censored: number;
  kaplan_meier: { s30: number; s90: number; s180: number; s365: number; median_days: number | null };
  curve: KmPoint[];
}

/** Kaplan–Meier of the time from the first to the second purchase date (the `survival` command's KM part). */
export async function timeToSecondPurchase(db: Db): Promise<SecondPurchaseResult> {
  const steps = [secondPurchaseSql(), kaplanMeierSql('second_purchase_km', 'second_purchase')];
  const curve = kmPoints(await queryRows(db, steps));
  const median = (await queryRows(db, [...steps, kmMedianSql('second_purchase_median', 'second_purchase_km')]))[0];
  const events = num(median?.events);
  const censored = num(median?.censored);
  return {
    customers: events + censored,
    events,
    censored,
    kaplan_meier: {
      s30: survivalAt(curve, 30),
      s90: survivalAt(curve, 90),
      s180: survivalAt(curve, 180),
      s365: survivalAt(curve, 365),
      median_days: numOrNull(median?.median_days),
    },
    curve,
  };
}

/** The CTE body giving `last_date`: the period's end, or the last purchase date in `dates`. */
function lastDateSql(tables: SourceTables): string {
  return tables.period ? `SELECT last_day AS last_date FROM ${tables.period}` : 'SELECT max(day) AS last_date FROM dates';
}
