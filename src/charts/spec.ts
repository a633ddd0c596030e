/**
 * Shared shape of the chart builders: a Vega-Lite spec without data (the notebook inlines the rows of
 * the named result it draws at run time), and the one function that inlines rows as `values`.
 * Specs never name a URL: no `data.url`, no `$schema`, no images.
 */
import type { TopLevelSpec } from 'vega-lite';

/** A Vega-Lite spec as the chart builders return it. */
export type ChartSpec = TopLevelSpec;

/** A row of inline chart data. */
export type ChartRow = Record<string, string | number | boolean | null>;

/** The spec with `rows` inlined as its data. */
export function withValues(spec: ChartSpec, rows: readonly ChartRow[]): ChartSpec {
  return { ...spec, data: { values: rows.map((row) => ({ ...row })) } } as ChartSpec;
}

/** The spec as the JSON text a chart cell keeps in its `source`. */
export function specSource(spec: ChartSpec): string {
  return JSON.stringify(spec, null, 2);
}

/** The time unit of a period start in a chart (UTC, so no time zone shifts a month). */
export function periodTimeUnit(period: 'month' | 'week'): 'utcyearmonth' | 'utcyearmonthdate' {
  return period === 'month' ? 'utcyearmonth' : 'utcyearmonthdate';
}

/** The text format of a period start on an axis or in a tooltip. */
export function periodFormat(period: 'month' | 'week'): string {
  return period === 'month' ? '%Y-%m' : '%Y-%m-%d';
}
