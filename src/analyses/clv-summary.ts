/**
 * The buy-till-you-die summary (DESIGN.md section 4), built by SQL from `cb_orders` as a named table
 * and handed to the models as typed arrays. Times are in weeks (7 days) unless `unitDays` says otherwise.
 */
import type { Table } from 'apache-arrow';
import type { Db } from '../engine/db';
import { ident, literal } from '../sql/quote';
import type { RfSummary } from '../models/clv/summary';
import { utf8Strings } from '../engine/arrow-vectors';

export interface ClvSummaryOptions {
  /** Calibration end E (YYYY-MM-DD, inclusive). */
  calibrationEnd: string;
  /** Holdout end (inclusive); default: the last purchase date in the data when it is after E. */
  holdoutEnd?: string;
  /** Name of the table written (default `clv_summary`). */
  table?: string;
  /** Days per time unit (default 7: weeks). */
  unitDays?: number;
}

/** The summary as typed arrays, one entry per customer with a first purchase on or before E (ordered by id). */
export interface ClvSummary extends RfSummary {
  table: string;
  customerIds: string[];
  /** First purchase date t0, as days since 1970-01-01. */
  firstDay: Float64Array;
  /** Mean revenue per repeat purchase date in the calibration period (0 when x = 0). */
  spend: Float64Array;
  /** Repeat purchase dates in (E, holdout end]; null without a holdout period. */
  holdout: Float64Array | null;
  calibrationEnd: string;
  holdoutEnd: string | null;
  /** Holdout length in time units (0 without a holdout period). */
  holdoutLength: number;
  unitDays: number;
  /** Repeat purchase dates of these customers per calendar day up to the holdout end (days since 1970-01-01). */
  dailyRepeats: { day: Float64Array; count: Float64Array };
}

/** A calibration or holdout date that cannot be used, in the user's words. */
export class ClvInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClvInputError';
  }
}

/** The SQL that writes the summary table. */
export function clvSummarySql(table: string, calibrationEnd: string, holdoutEnd: string, unitDays: number): string {
  return `CREATE OR REPLACE TABLE ${ident(table)} AS\n${clvSummarySelectSql(calibrationEnd, holdoutEnd, unitDays)}`;
}

/** The summary as one SELECT over `cb_orders` (readable on its own; E and H are date literals). */
export function clvSummarySelectSql(calibrationEnd: string, holdoutEnd: string, unitDays = 7): string {
  const E = `DATE ${literal(calibrationEnd)}`;
  const H = `DATE ${literal(holdoutEnd)}`;
  const unit = literal(unitDays);
  return `WITH purchase_dates AS (
  SELECT customer_id, ts::DATE AS day, SUM(revenue) AS revenue
  FROM cb_orders
  GROUP BY customer_id, ts::DATE
),
firsts AS (
  SELECT customer_id, MIN(day) AS first_day FROM purchase_dates GROUP BY customer_id
)
SELECT
  customer_id,
  first_day,
  (COUNT(*) FILTER (WHERE day > first_day AND day <= ${E}))::DOUBLE AS x,
  (MAX(day) FILTER (WHERE day <= ${E}) - first_day) / ${unit}::DOUBLE AS t_x,
  (${E} - first_day) / ${unit}::DOUBLE AS T,
  COALESCE(AVG(revenue) FILTER (WHERE day > first_day AND day <= ${E}), 0)::DOUBLE AS spend,
  (COUNT(*) FILTER (WHERE day > ${E} AND day <= ${H}))::DOUBLE AS holdout,
  SUM(revenue) FILTER (WHERE day = first_day)::DOUBLE AS first_revenue
FROM purchase_dates JOIN firsts USING (customer_id)
WHERE first_day <= ${E}
GROUP BY customer_id, first_day
ORDER BY customer_id`;
}

/** Builds the summary table and reads it back as typed arrays. */
export async function clvSummary(db: Db, options: ClvSummaryOptions): Promise<ClvSummary> {
  const table = options.table ?? 'clv_summary';
  const unitDays = options.unitDays ?? 7;
  const calibrationEnd = checkDate(options.calibrationEnd, 'calibration end');
  const lastDay = await lastPurchaseDate(db);
  const holdoutEnd = options.holdoutEnd
    ? checkDate(options.holdoutEnd, 'holdout end')
    : lastDay && lastDay > calibrationEnd
      ? lastDay
      : null;
  if (holdoutEnd !== null && holdoutEnd <= calibrationEnd) {
    throw new ClvInputError(`The holdout end ${holdoutEnd} must come after the calibration end ${calibrationEnd}.`);
  }
  await db.exec(clvSummarySql(table, calibrationEnd, holdoutEnd ?? calibrationEnd, unitDays));
  const rows = await db.query(
    `SELECT customer_id, (first_day - DATE '1970-01-01')::DOUBLE AS first_day, x, t_x, T, spend, holdout FROM ${ident(table)} ORDER BY customer_id`,
  );
  if (rows.numRows === 0) {
    const first = await db.query('SELECT MIN(ts)::DATE::VARCHAR FROM cb_orders');
    throw new ClvInputError(
      `No customer made a first purchase on or before the calibration end ${calibrationEnd} (the data start ${String(first.getChildAt(0)?.get(0) ?? 'nowhere')}). Pick a later calibration end.`,
    );
  }
  const dailyRepeats = await repeatsPerDay(db, table, holdoutEnd ?? calibrationEnd);
  return {
    table,
    customerIds: customerIdStrings(rows),
    firstDay: float64Column(rows, 'first_day'),
    x: float64Column(rows, 'x'),
    tx: float64Column(rows, 't_x'),
    T: float64Column(rows, 'T'),
    spend: float64Column(rows, 'spend'),
    holdout: holdoutEnd ? float64Column(rows, 'holdout') : null,
    calibrationEnd,
    holdoutEnd,
    holdoutLength: holdoutEnd ? daysBetween(calibrationEnd, holdoutEnd) / unitDays : 0,
    unitDays,
    dailyRepeats,
  };
}

async function repeatsPerDay(db: Db, table: string, until: string): Promise<ClvSummary['dailyRepeats']> {
  const result = await db.query(`SELECT (day - DATE '1970-01-01')::DOUBLE AS day, COUNT(*)::DOUBLE AS count
FROM (SELECT DISTINCT o.customer_id, o.ts::DATE AS day FROM cb_orders o JOIN ${ident(table)} s USING (customer_id)
      WHERE o.ts::DATE > s.first_day AND o.ts::DATE <= DATE ${literal(until)})
GROUP BY day ORDER BY day`);
  return { day: float64Column(result, 'day'), count: float64Column(result, 'count') };
}

async function lastPurchaseDate(db: Db): Promise<string | null> {
  const result = await db.query('SELECT MAX(ts)::DATE::VARCHAR AS last FROM cb_orders');
  const value = result.getChildAt(0)?.get(0);
  return typeof value === 'string' ? value : null;
}

/** The customer_id column as strings, decoded in one pass (it can hold 100k+ ids). */
function customerIdStrings(table: Table): string[] {
  const column = table.getChild('customer_id');
  return column ? utf8Strings(column).map(String) : [];
}

/** A numeric column as a Float64Array (nulls as NaN). */
export function float64Column(table: Table, name: string): Float64Array {
  const column = table.getChild(name);
  if (!column) throw new Error(`missing column ${name}`);
  const out = new Float64Array(table.numRows);
  if (column.nullCount === 0) {
    out.set(column.toArray() as ArrayLike<number>);
    return out;
  }
  for (let i = 0; i < out.length; i++) {
    const v = column.get(i);
    out[i] = v === null ? NaN : Number(v);
  }
  return out;
}

function checkDate(text: string, what: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  const date = match ? new Date(`${match[0]}T00:00:00Z`) : null;
  if (!match || !date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== match[0]) {
    throw new ClvInputError(`The ${what} "${text}" is not a date; write it as YYYY-MM-DD, e.g. 1997-09-30.`);
  }
  return match[0];
}

/** Whole days from one YYYY-MM-DD date to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
export function dayNumber(date: string): number {
  return daysBetween('1970-01-01', date);
}
