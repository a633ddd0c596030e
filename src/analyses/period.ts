/**
 * Calendar periods of DESIGN.md section 4: `month`, or `week` as the ISO week (Monday start).
 * Every period-based analysis builds its period SQL here, so months and weeks mean one thing.
 */

/** The length of a period: a calendar month or an ISO week starting on Monday. */
export type Period = 'month' | 'week';

/** Parses a user-supplied period; undefined for anything else. */
export function parsePeriod(text: string | undefined): Period | undefined {
  return text === 'month' || text === 'week' ? text : undefined;
}

/** SQL: the first day (a DATE) of the period containing the timestamp `tsSql`. DuckDB weeks start on Monday. */
export function periodStartSql(period: Period, tsSql: string): string {
  return `CAST(date_trunc('${period}', ${tsSql}) AS DATE)`;
}

/** SQL: whole periods from period start `fromSql` to period start `toSql` (both DATEs from periodStartSql). */
export function periodIndexSql(period: Period, fromSql: string, toSql: string): string {
  return period === 'month'
    ? `CAST((year(${toSql}) * 12 + month(${toSql})) - (year(${fromSql}) * 12 + month(${fromSql})) AS INTEGER)`
    : `CAST(date_diff('day', ${fromSql}, ${toSql}) // 7 AS INTEGER)`;
}

/** SQL interval literal of one period. */
export function periodIntervalSql(period: Period): string {
  return period === 'month' ? 'INTERVAL 1 MONTH' : 'INTERVAL 7 DAY';
}

/** How a period start prints: `2023-04` for months, `2023-04-03` (the Monday) for weeks. */
export function periodLabel(period: Period, isoDate: string): string {
  return period === 'month' ? isoDate.slice(0, 7) : isoDate.slice(0, 10);
}
