/**
 * RFM (DESIGN.md section 4): recency, frequency and monetary value per customer, scored 1..5 with
 * SQL RANK() (ties share the lowest rank), and the ten (R, F) segments. The per-customer result is
 * the named table `rfm_segments` that later cells (campaigns, models) read.
 */
import type { Localized, Lang } from '../text/language';
import type { Db } from '../engine/db';
import { ident, literal } from '../sql/quote';
import { num, queryRows, withMaterialized, type NamedSql } from './named';
import { lastDaySql, WHOLE_DATA, type SourceTables } from './date-range';
import { SEGMENTS, segmentCaseSql, type SegmentName } from './rfm-segments';

export interface RfmGridCell {
  r: number;
  f: number;
  customers: number;
  revenue: number;
}

export interface RfmSegmentSummary {
  segment: SegmentName;
  customers: number;
  /** Share of all customers, 0..1. */
  share: number;
  revenue: number;
  revenueShare: number;
  avgRecency: number | null;
  avgFrequency: number | null;
  avgMonetary: number | null;
  action: Localized;
}

export interface RfmScoreCount {
  r: number;
  f: number;
  m: number;
  count: number;
}

export interface RfmResult {
  /** Last purchase date + 1 day, `YYYY-MM-DD`. */
  snapshot: string | null;
  customers: number;
  /** All ten segments in rule order (empty ones with zeros). */
  segments: RfmSegmentSummary[];
  /** The 25 cells of the R x F grid. */
  grid: RfmGridCell[];
  /** Customers per (R, F, M) combination present. */
  scores: RfmScoreCount[];
}

/**
 * SQL RANK() of every distinct value of `column`: 1 + the number of customers ordered strictly ahead
 * of it, so ties share the lowest rank. Ranking the few distinct values instead of sorting every
 * customer three times keeps RFM fast on large files; the result is the same as RANK() OVER (...).
 */
function rankSql(column: string, order: 'ASC' | 'DESC'): string {
  return `SELECT ${column}, 1 + coalesce(sum(count(*)) OVER (ORDER BY ${column} ${order} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS rank
  FROM customers
  GROUP BY ${column}`;
}

/** Score of a rank among n customers: 1 + floor(5 * (rank - 1) / n). */
function scoreSql(rank: string): string {
  return `CAST(1 + (5 * (${rank} - 1)) // n AS INTEGER)`;
}

/**
 * The named result `rfm_segments`: customer_id, recency, frequency, monetary, r, f, m, segment.
 * Monetary is rounded to 6 decimals so that float noise in sums never splits a tie.
 */
export function rfmSegmentsSql(tables: SourceTables = WHOLE_DATA): NamedSql {
  const sql = `
WITH snapshot AS (
  SELECT ${lastDaySql(tables)} + 1 AS snapshot
),
customers AS (
  SELECT
    customer_id,
    date_diff('day', CAST(max(ts) AS DATE), (SELECT snapshot FROM snapshot)) AS recency,
    count(*) AS frequency,
    round(sum(revenue), 6) AS monetary
  FROM ${tables.orders}
  GROUP BY customer_id
),
recency_rank AS (
  ${rankSql('recency', 'DESC')}
),
frequency_rank AS (
  ${rankSql('frequency', 'ASC')}
),
monetary_rank AS (
  ${rankSql('monetary', 'ASC')}
),
scored AS (
  SELECT
    c.*,
    ${scoreSql('rr.rank')} AS r,
    ${scoreSql('fr.rank')} AS f,
    ${scoreSql('mr.rank')} AS m
  FROM customers AS c
  JOIN recency_rank AS rr USING (recency)
  JOIN frequency_rank AS fr USING (frequency)
  JOIN monetary_rank AS mr USING (monetary)
  CROSS JOIN (SELECT count(*) AS n FROM customers)
)
SELECT
  customer_id, recency, frequency, monetary, r, f, m,
  ${segmentCaseSql().replaceAll('\n', '\n  ')} AS segment
FROM scored`;
  return { name: 'rfm_segments', sql };
}

/** The named result `rfm_grid` (reads `rfm_segments`): all 25 (r, f) cells with customers and revenue. */
export function rfmGridSql(): NamedSql {
  const sql = `
WITH scores AS (SELECT unnest(range(1, 6)) AS score)
SELECT
  CAST(rs.score AS INTEGER) AS r,
  CAST(fs.score AS INTEGER) AS f,
  count(s.customer_id) AS customers,
  coalesce(sum(s.monetary), 0) AS revenue
FROM scores AS rs
CROSS JOIN scores AS fs
LEFT JOIN rfm_segments AS s ON s.r = rs.score AND s.f = fs.score
GROUP BY ALL
ORDER BY r DESC, f`;
  return { name: 'rfm_grid', sql };
}

/** The named result `rfm_segment_summary` (reads `rfm_segments`): every segment's size, value and action. */
export function rfmSegmentSummarySql(language: Lang = 'en'): NamedSql {
  const values = SEGMENTS.map((s, i) => `(${i + 1}, ${literal(s.name)}, ${literal(s.action[language])})`).join(',\n    ');
  const sql = `
WITH segments(rule, segment, action) AS (
  VALUES
    ${values}
),
totals AS (
  SELECT count(*) AS customers, sum(monetary) AS revenue FROM rfm_segments
)
SELECT
  g.segment,
  count(s.customer_id) AS customers,
  count(s.customer_id) / nullif(any_value(t.customers), 0) AS share,
  coalesce(sum(s.monetary), 0) AS revenue,
  coalesce(sum(s.monetary), 0) / nullif(any_value(t.revenue), 0) AS revenue_share,
  avg(s.recency) AS avg_recency,
  avg(s.frequency) AS avg_frequency,
  avg(s.monetary) AS avg_monetary,
  g.action
FROM segments AS g
CROSS JOIN totals AS t
LEFT JOIN rfm_segments AS s USING (segment)
GROUP BY g.rule, g.segment, g.action
ORDER BY g.rule`;
  return { name: 'rfm_segment_summary', sql };
}

/** The named result `rfm_score_counts` (reads `rfm_segments`): customers per (r, f, m). */
export function rfmScoreCountsSql(): NamedSql {
  const sql = `
SELECT r, f, m, count(*) AS count
FROM rfm_segments
GROUP BY r, f, m
ORDER BY r, f, m`;
  return { name: 'rfm_score_counts', sql };
}

/** Creates (or replaces) the table `rfm_segments` (or `name`) for later cells and campaigns. */
export async function createRfmSegmentsTable(db: Db, name = 'rfm_segments'): Promise<void> {
  await db.exec(`CREATE OR REPLACE TABLE ${ident(name)} AS\n${rfmSegmentsSql().sql.trim()}`);
}

/** The RFM analysis: snapshot, segment sizes and value, the R x F grid and score counts. */
export async function rfmAnalysis(db: Db): Promise<RfmResult> {
  const snapshotRows = await queryRows(db, [], 'SELECT CAST(max(ts) AS DATE) + 1 AS snapshot FROM cb_orders');
  const [segmentRows, gridRows, scoreRows] = await withMaterialized(db, [rfmSegmentsSql()], async (base) => [
    await queryRows(db, [...base, rfmSegmentSummarySql('en')]),
    await queryRows(db, [...base, rfmGridSql()]),
    await queryRows(db, [...base, rfmScoreCountsSql()]),
  ]);
  const segments = segmentRows.map((row, i): RfmSegmentSummary => {
    const rule = SEGMENTS[i];
    if (!rule || rule.name !== row.segment) throw new Error(`Unexpected segment order: ${String(row.segment)}`);
    return {
      segment: rule.name,
      customers: num(row.customers),
      share: num(row.share),
      revenue: num(row.revenue),
      revenueShare: num(row.revenue_share),
      avgRecency: row.avg_recency === null ? null : num(row.avg_recency),
      avgFrequency: row.avg_frequency === null ? null : num(row.avg_frequency),
      avgMonetary: row.avg_monetary === null ? null : num(row.avg_monetary),
      action: rule.action,
    };
  });
  return {
    snapshot: (snapshotRows[0]?.snapshot as string | null) ?? null,
    customers: segments.reduce((sum, s) => sum + s.customers, 0),
    segments,
    grid: gridRows.map((row) => ({ r: num(row.r), f: num(row.f), customers: num(row.customers), revenue: num(row.revenue) })),
    scores: scoreRows.map((row) => ({ r: num(row.r), f: num(row.f), m: num(row.m), count: num(row.count) })),
  };
}
