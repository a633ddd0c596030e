/**
 * Writes a customer-value result back as named tables other cells can query: `clv_scores` (one row per
 * customer, for campaigns), `clv_tracking`, `clv_holdout`, `clv_grid` (frequency/recency heat map) and
 * `clv_fit` (the charts' and the summary's data).
 */
import type { Float64, Vector } from 'apache-arrow';
import { replaceTable, withStagedTable } from '../engine/arrow-tables';
import { ident } from '../sql/quote';
import { boolVector, float64Vector, utf8Vector } from '../engine/arrow-vectors';
import type { Db } from '../engine/db';
import type { ClvResult } from './clv';
import { bgnbdConditionalExpected } from '../models/clv/bgnbd';
import { frequencyRecencyGrid } from '../models/clv/tracking';

/** Names of the tables written (override to keep several runs). */
export interface ClvTableNames {
  scores: string;
  tracking: string;
  holdout: string;
  fit: string;
  grid: string;
}

export const CLV_TABLES: ClvTableNames = { scores: 'clv_scores', tracking: 'clv_tracking', holdout: 'clv_holdout', fit: 'clv_fit', grid: 'clv_grid' };

/** Share of customers, by expected value, in the `high` band and in `high` plus `medium` (the rest is `low`). */
export const VALUE_BANDS = { high: 0.2, medium: 0.5 } as const;

/**
 * Writes the result's tables (replacing earlier ones) and returns their names. The scores go in as numbers
 * only: customer ids and the summary's columns are joined back from the summary table by SQL, and the value
 * bands ranked there too (building 100,000 ids and bands on the page took 40 ms of its thread).
 */
export async function writeClvTables(db: Db, result: ClvResult, names: ClvTableNames = CLV_TABLES): Promise<ClvTableNames> {
  const { summary, scores } = result;
  const staged = `${names.scores}__scores`;
  const numbers = {
    p_alive: floats(scores.pAlive),
    expected_purchases: floats(scores.expectedPurchases),
    expected_spend: floats(scores.expectedSpend),
    clv: floats(scores.clv),
  };
  await withStagedTable(db, staged, numbers, () => db.exec(clvScoresSql(names.scores, summary.table, staged, summary.holdout !== null)));
  await replaceTable(db, names.tracking, trackingColumns(result));
  await replaceTable(db, names.holdout, holdoutColumns(result));
  await replaceTable(db, names.fit, fitColumns(result));
  await replaceTable(db, names.grid, gridColumns(result));
  return names;
}

/**
 * `clv_scores`: one row per customer of the summary table (in its customer_id order, the order of the scores),
 * with a value band: the top 20% by CLV are `high`, the next 30% `medium`, the rest `low` (a customer without a
 * CLV is `low`; equal values are ranked in customer order), so a list of the most valuable customers is one
 * click away.
 */
export function clvScoresSql(table: string, summaryTable: string, scoresTable: string, hasHoldout: boolean): string {
  return `CREATE OR REPLACE TABLE ${ident(table)} AS
WITH customers AS (
  SELECT customer_id, x, t_x, T, spend, holdout, row_number() OVER (ORDER BY customer_id) - 1 AS position
  FROM ${ident(summaryTable)}
),
scores AS (
  SELECT rowid AS position, p_alive, expected_purchases, expected_spend, clv FROM ${ident(scoresTable)}
),
ranked AS (
  SELECT
    customers.*,
    p_alive, expected_purchases, expected_spend, clv,
    row_number() OVER (ORDER BY CASE WHEN isfinite(clv) THEN clv END DESC NULLS LAST, position) - 1 AS value_rank,
    count(*) OVER () AS population
  FROM customers JOIN scores USING (position)
)
SELECT
  customer_id, x, t_x, T, spend, ${hasHoldout ? 'holdout' : 'NULL::DOUBLE AS holdout'},
  p_alive, expected_purchases, expected_spend, clv,
  CASE
    WHEN clv IS NULL OR NOT isfinite(clv) THEN 'low'
    WHEN value_rank < population * ${VALUE_BANDS.high} THEN 'high'
    WHEN value_rank < population * ${VALUE_BANDS.medium} THEN 'medium'
    ELSE 'low'
  END AS value_band
FROM ranked
ORDER BY position`;
}

/** Cumulative repeat purchases by period: the actual series and the model's, side by side (long form, for the chart). */
function trackingColumns(result: ClvResult): Record<string, Vector> {
  const tracking = result.tracking?.bgnbd;
  const periods = tracking?.period.length ?? 0;
  const long = <T>(actual: (i: number) => T, expected?: (i: number) => T) => pairs(periods, actual, expected);
  return {
    period: floats(long((i) => tracking!.period[i]!)),
    period_end: utf8Vector(long((i) => tracking!.periodEnd[i]!)),
    calibration_end: boolVector(long((i) => i === tracking!.calibrationEndIndex)),
    series: utf8Vector(long(() => 'Actual', () => 'Expected (BG/NBD)')),
    cumulative_repeats: floats(long((i) => tracking!.actual[i]!, (i) => tracking!.expected[i]!)),
  };
}

/** Mean holdout purchases per customer by calibration frequency, actual and expected (long form). */
function holdoutColumns(result: ClvResult): Record<string, Vector> {
  const bins = result.holdout?.bgnbd.byFrequency ?? [];
  const long = <T>(actual: (i: number) => T, expected?: (i: number) => T) => pairs(bins.length, actual, expected);
  return {
    frequency: utf8Vector(long((i) => bins[i]!.frequency)),
    customers: floats(long((i) => bins[i]!.customers)),
    series: utf8Vector(long(() => 'Actual', () => 'Expected')),
    mean_purchases: floats(long((i) => bins[i]!.actual, (i) => bins[i]!.expected)),
  };
}

/** One row per fitted parameter plus each model's log-likelihood. */
function fitColumns(result: ClvResult): Record<string, Vector> {
  const model: string[] = [];
  const parameter: string[] = [];
  const value: number[] = [];
  const standardError: number[] = [];
  const add = (name: string, what: string, x: number, se: number) => {
    model.push(name);
    parameter.push(what);
    value.push(x);
    standardError.push(se);
  };
  const fits = [
    ['bgnbd', result.bgnbd],
    ['pareto_nbd', result.paretoNbd],
    ['gamma_gamma', result.gammaGamma],
  ] as const;
  for (const [name, fit] of fits) {
    if (!fit) continue;
    const errors = (fit.standardErrors ?? {}) as Record<string, number>;
    for (const [what, x] of Object.entries(fit.params as Record<string, number>)) add(name, what, x, errors[what] ?? NaN);
    add(name, 'log_likelihood', fit.logLikelihood, NaN);
  }
  return { model: utf8Vector(model), parameter: utf8Vector(parameter), value: floats(value), standard_error: floats(standardError) };
}

/** Expected purchases over the score horizon on the frequency/recency grid, at the oldest customer's age. */
function gridColumns(result: ClvResult): Record<string, Vector> {
  const frequency: number[] = [];
  const recency: number[] = [];
  const expected: number[] = [];
  if (result.bgnbd.convergence.converged) {
    const params = result.bgnbd.params;
    let maxT = 0;
    let maxX = 0;
    for (let i = 0; i < result.summary.T.length; i++) {
      maxT = Math.max(maxT, result.summary.T[i]);
      maxX = Math.max(maxX, result.summary.x[i]);
    }
    const conditional = (t: number, x: number, tx: number, T: number) => bgnbdConditionalExpected(params, t, x, tx, T);
    for (const cell of frequencyRecencyGrid(conditional, maxT, result.scoreHorizon, Math.min(maxX, 30))) {
      frequency.push(cell.frequency);
      recency.push(cell.recency);
      expected.push(cell.expected);
    }
  }
  return { frequency: floats(frequency), recency: floats(recency), expected: floats(expected) };
}

/** Two rows per item, the actual value then the expected one (the charts' long form). */
function pairs<T>(items: number, actual: (i: number) => T, expected: (i: number) => T = actual): T[] {
  return Array.from({ length: items * 2 }, (_, j) => (j % 2 === 0 ? actual(j >> 1) : expected(j >> 1)));
}

function floats(values: ArrayLike<number>): Vector<Float64> {
  return float64Vector(values);
}

