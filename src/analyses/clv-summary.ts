/**
 * The buy-till-you-die summary (DESIGN.md section 4), built by SQL from `cb_orders` as a named table
 * and handed to the models as typed arrays. Times are in weeks (7 days) unless `unitDays` says otherwise.
 */
import type { Table } from 'apache-arrow';
import type { Db } from '../engine/db';
import { ident, literal } from '../sql/quote';
import type { RfSummary } from '../models/clv/summary';
import { utf8Strings } from '../engine/arrow-vectors';
import { NO_CUSTOMER_COLUMN } from '../ingest/load-problems';
import { daysBetween, isoDate } from './calendar';

/** A date typed by the user, or `auto`: derived from the data loaded when the model runs. */
export type DataDate = string | 'auto';

export interface ClvSummaryOptions {
  /** Calibration end E (YYYY-MM-DD, inclusive), or `auto` (clvPeriods of the loaded data). */
  calibrationEnd: DataDate;
  /** Holdout end (inclusive); default (and `auto`): the last purchase date in the data when it is after E. */
  holdoutEnd?: DataDate;
  /** Name of the table written (default `clv_summary`). */
  table?: string;
  /** Days per time unit (default 7: weeks). */
  unitDays?: number;
  /** The orders to learn from (default `cb_orders`; a notebook with a date range: `new_customer_orders`). */
  orders?: string;
  /**
   * Read the customer ids as strings too (default false). The command line prints them; the page never needs
   * them (the tables join them back by SQL), and decoding 100,000+ ids took 30 ms of its thread.
   */
  customerIds?: boolean;
}

/** The summary as typed arrays, one entry per customer with a first purchase on or before E (ordered by id). */
export interface ClvSummary extends RfSummary {
  /** The summary table: its rows in customer_id order are the arrays' entries. */
  table: string;
  /** The customer ids in that order, when asked for (ClvSummaryOptions.customerIds). */
  customerIds?: string[];
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
export function clvSummarySql(table: string, calibrationEnd: DataDate, holdoutEnd: DataDate, unitDays: number, orders = 'cb_orders'): string {
  return `CREATE OR REPLACE TABLE ${ident(table)} AS\n${clvSummarySelectSql(calibrationEnd, holdoutEnd, unitDays, orders)}`;
}

/**
 * Calibration and holdout ends for the loaded data: the model learns from the first two thirds of the
 * purchase history and is checked on the last third (ending at the last purchase date). The SQL of
 * clvSummarySelectSql with `auto` computes the same dates.
 */
export function clvPeriods(firstDate: string | null, lastDate: string | null): { calibrationEnd: string; holdoutEnd: string } {
  const last = lastDate ?? firstDate ?? '1970-01-01';
  const first = firstDate ?? last;
  const span = Math.max(0, daysBetween(first, last));
  const calibrationEnd = new Date(Date.parse(`${first}T00:00:00Z`) + Math.round((span * 2) / 3) * 86_400_000).toISOString().slice(0, 10);
  return { calibrationEnd, holdoutEnd: last };
}

/**
 * The summary as one SELECT over `orders` (readable on its own). E and H are date literals, or —
 * for `auto` — derived from the data when the SQL runs (clvPeriods), so a cell inserted for one file
 * stays right when another file is loaded.
 */
export function clvSummarySelectSql(calibrationEnd: DataDate, holdoutEnd: DataDate, unitDays = 7, orders = 'cb_orders'): string {
  // Our own table names stay bare so the cell reads like the others; any other name is quoted.
  const source = /^(cb_orders|new_customer_orders|orders_in_period)$/.test(orders) ? orders : ident(orders);
  const auto = calibrationEnd === 'auto' || holdoutEnd === 'auto';
  const E = calibrationEnd === 'auto' ? '(SELECT calibration_end FROM periods)' : `DATE ${literal(calibrationEnd)}`;
  const H = holdoutEnd === 'auto' ? '(SELECT holdout_end FROM periods)' : `DATE ${literal(holdoutEnd)}`;
  const unit = literal(unitDays);
  const periods = auto
    ? `WITH bounds AS (
  SELECT min(ts)::DATE AS first_day, max(ts)::DATE AS last_day FROM ${source} WHERE customer_id IS NOT NULL
),
periods AS (
  -- learn from the first two thirds of the history, check the forecast on the last third
  SELECT first_day + CAST(round((last_day - first_day) * 2 / 3) AS INTEGER) AS calibration_end, last_day AS holdout_end
  FROM bounds
),
purchase_dates AS (`
    : 'WITH purchase_dates AS (';
  return `${periods}
  SELECT customer_id, ts::DATE AS day, SUM(revenue) AS revenue
  FROM ${source}
  WHERE customer_id IS NOT NULL
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
  const orders = options.orders ?? 'cb_orders';
  const { calibrationEnd, holdoutEnd } = await resolveClvDates(db, options.calibrationEnd, options.holdoutEnd, orders);
  await db.exec(clvSummarySql(table, calibrationEnd, holdoutEnd ?? calibrationEnd, unitDays, orders));
  const rows = await db.query(
    `SELECT ${options.customerIds ? 'customer_id, ' : ''}(first_day - DATE '1970-01-01')::DOUBLE AS first_day, x, t_x, T, spend, holdout FROM ${ident(table)} ORDER BY customer_id`,
  );
  if (rows.numRows === 0) {
    throw new ClvInputError(`No customer made a first purchase on or before the calibration end ${calibrationEnd}. Pick a later calibration end.`);
  }
  const dailyRepeats = await repeatsPerDay(db, table, holdoutEnd ?? calibrationEnd, orders);
  return {
    table,
    ...(options.customerIds ? { customerIds: customerIdStrings(rows) } : {}),
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

async function repeatsPerDay(db: Db, table: string, until: string, orders: string): Promise<ClvSummary['dailyRepeats']> {
  const result = await db.query(`SELECT (day - DATE '1970-01-01')::DOUBLE AS day, COUNT(*)::DOUBLE AS count
FROM (SELECT DISTINCT o.customer_id, o.ts::DATE AS day FROM ${ident(orders)} o JOIN ${ident(table)} s USING (customer_id)
      WHERE o.ts::DATE > s.first_day AND o.ts::DATE <= DATE ${literal(until)})
GROUP BY day ORDER BY day`);
  return { day: float64Column(result, 'day'), count: float64Column(result, 'count') };
}

/**
 * The calibration and holdout ends for the data now loaded: `auto` is derived from it (clvPeriods), a
 * typed date must fall inside it — a calibration end before the first purchase or after the last, or a
 * holdout end past the last purchase date (which would compare the forecast with days that have no
 * data: "expected 10, actual 0"), is refused with the data's range.
 */
export async function resolveClvDates(
  db: Db,
  calibration: DataDate,
  holdout: DataDate | undefined,
  orders = 'cb_orders',
): Promise<{ calibrationEnd: string; holdoutEnd: string | null }> {
  const { first, last } = await customerPurchaseRange(db, orders);
  const range = `the data runs from ${first} to ${last}`;
  const auto = clvPeriods(first, last);
  const calibrationEnd = calibration === 'auto' ? auto.calibrationEnd : checkDate(calibration, 'calibration end');
  if (calibrationEnd < first || calibrationEnd > last) {
    throw new ClvInputError(`The calibration end ${calibrationEnd} is outside the data loaded (${range}). Pick a date in between, or write "auto" (${auto.calibrationEnd} for this data).`);
  }
  const holdoutEnd =
    holdout === undefined || holdout === 'auto' ? (last > calibrationEnd ? last : null) : checkDate(holdout, 'holdout end');
  if (holdoutEnd !== null && holdoutEnd <= calibrationEnd) {
    throw new ClvInputError(`The holdout end ${holdoutEnd} must come after the calibration end ${calibrationEnd}.`);
  }
  if (holdoutEnd !== null && holdoutEnd > last) {
    throw new ClvInputError(
      `The holdout end ${holdoutEnd} is after the last purchase date (${range}): the days after ${last} have no data, so the check would compare the forecast with purchases nobody could make yet. Pick ${last} or earlier, or write "auto".`,
    );
  }
  return { calibrationEnd, holdoutEnd };
}

/** First and last purchase dates of known customers; refuses data without customers in the user's words. */
async function customerPurchaseRange(db: Db, orders: string): Promise<{ first: string; last: string }> {
  const row = (
    await db.query(
      `SELECT min(ts)::DATE::VARCHAR AS first, max(ts)::DATE::VARCHAR AS last, (SELECT count(*) FROM ${ident(orders)}) AS orders
       FROM ${ident(orders)} WHERE customer_id IS NOT NULL`,
    )
  ).get(0);
  if (typeof row?.first === 'string' && typeof row?.last === 'string') return { first: row.first, last: row.last };
  throw new ClvInputError(
    Number(row?.orders ?? 0) > 0
      ? `${NO_CUSTOMER_COLUMN.en} Customer lifetime value follows customers, so it needs one.`
      : 'There are no purchases to learn from. Load an order export with customer ids and dates.',
  );
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
  const date = isoDate(text);
  if (!date) throw new ClvInputError(`The ${what} "${text}" is not a date; write it as YYYY-MM-DD, e.g. 1997-09-30.`);
  return date;
}
