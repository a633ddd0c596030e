/**
 * The SQL of reading one relation: row windows, the row count, the column types and per-column
 * summaries (for the grid's header). Identifiers and literals only pass through src/sql/quote.ts.
 */
import { ident, literal } from '../sql/quote';

/** A sort order (the grid's: chosen by clicking a column header). */
export interface SortOrder {
  column: string;
  descending: boolean;
}

/** Rows whose text, in any of `columns`, contains `text` (case-insensitive): the grid's search box. */
export interface RowFilter {
  text: string;
  columns: string[];
}

/** ` WHERE …` for a filter, or nothing when there is none (or nothing to search in). */
function whereSql(filter: RowFilter | null): string {
  if (!filter || filter.text === '' || filter.columns.length === 0) return '';
  const needle = literal(filter.text.toLowerCase());
  return ` WHERE ${filter.columns.map((c) => `contains(lower(CAST(${ident(c)} AS VARCHAR)), ${needle})`).join(' OR ')}`;
}

/** Bins of the summary histogram. */
export const HISTOGRAM_BINS = 16;

/** `size` rows of `relation` from row `start` (0-based), in the sort order when there is one. */
export function windowSql(relation: string, start: number, size: number, sort: SortOrder | null, filter: RowFilter | null = null): string {
  start = Math.max(0, Math.floor(start));
  size = Math.max(0, Math.floor(size));
  const order = sort ? ` ORDER BY ${ident(sort.column)} ${sort.descending ? 'DESC' : 'ASC'} NULLS LAST` : '';
  return `SELECT * FROM ${ident(relation)}${whereSql(filter)}${order} LIMIT ${literal(size)} OFFSET ${literal(start)}`;
}

/** The number of rows of `relation`, as a DOUBLE (never a BigInt). */
export function countSql(relation: string, filter: RowFilter | null = null): string {
  return `SELECT count(*)::DOUBLE AS n FROM ${ident(relation)}${whereSql(filter)}`;
}

/** Column names and DuckDB type names of `relation`. */
export function describeSql(relation: string): string {
  return `DESCRIBE SELECT * FROM ${ident(relation)}`;
}

/** Null count, distinct count and the smallest and largest value of one column, as text. */
export function summarySql(relation: string, column: string): string {
  const c = ident(column);
  return `SELECT (count(*) - count(${c}))::DOUBLE AS nulls, approx_count_distinct(${c})::DOUBLE AS distinct_values,
    min(${c})::VARCHAR AS min_value, max(${c})::VARCHAR AS max_value FROM ${ident(relation)}`;
}

/** How a column's histogram is made: equal-width bins of numbers or times, or the most frequent values. */
export type HistogramKind = 'numeric' | 'temporal' | 'categorical';

/** The kind of histogram for a DuckDB type name. */
export function histogramKind(sqlType: string): HistogramKind {
  const t = sqlType.toUpperCase();
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL)/.test(t)) return 'numeric';
  if (/^(DATE|TIMESTAMP)/.test(t)) return 'temporal';
  return 'categorical';
}

/** Counts per bin (`bin`, `n`), ordered by bin; categorical columns give their most frequent values. */
export function histogramSql(relation: string, column: string, kind: HistogramKind): string {
  const c = ident(column);
  const from = ident(relation);
  if (kind === 'categorical') {
    return `SELECT row_number() OVER (ORDER BY n DESC)::INTEGER - 1 AS bin, n FROM (
      SELECT count(*)::DOUBLE AS n FROM ${from} WHERE ${c} IS NOT NULL GROUP BY ${c} ORDER BY n DESC LIMIT ${HISTOGRAM_BINS}) ORDER BY bin`;
  }
  const value = kind === 'temporal' ? `epoch(${c}::TIMESTAMP)` : `${c}::DOUBLE`;
  const last = HISTOGRAM_BINS - 1;
  return `WITH v AS (SELECT ${value} AS x FROM ${from} WHERE ${c} IS NOT NULL),
    r AS (SELECT min(x) AS lo, max(x) AS hi FROM v)
    SELECT coalesce(least(floor((x - lo) / nullif(hi - lo, 0) * ${HISTOGRAM_BINS}), ${last}), 0)::INTEGER AS bin, count(*)::DOUBLE AS n
    FROM v, r GROUP BY bin ORDER BY bin`;
}

/** Every row of `relation` (in the grid's sort order), for export. */
export function allRowsSql(relation: string, sort: SortOrder | null): string {
  const order = sort ? ` ORDER BY ${ident(sort.column)} ${sort.descending ? 'DESC' : 'ASC'} NULLS LAST` : '';
  return `SELECT * FROM ${ident(relation)}${order}`;
}
