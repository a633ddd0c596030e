/**
 * Writes a customer-value result back as named tables other cells can query: `clv_scores` (one row per
 * customer, for campaigns), `clv_tracking`, `clv_holdout`, `clv_grid` (frequency/recency heat map) and
 * `clv_fit` (the charts' and the summary's data).
 */
import type { Float64, Vector } from 'apache-arrow';
import { replaceTable } from '../engine/arrow-tables';
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
 * Each customer's value band: the top 20% by CLV are `high`, the next 30% `medium`, the rest `low`
 * (a customer without a CLV is `low`), so a list of the most valuable customers is one click away.
 */
export function valueBands(clv: ArrayLike<number>): string[] {
  const n = clv.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (Number.isFinite(clv[b]!) ? clv[b]! : -Infinity) - (Number.isFinite(clv[a]!) ? clv[a]! : -Infinity) || a - b);
  const bands = new Array<string>(n).fill('low');
  order.forEach((row, rank) => {
    if (!Number.isFinite(clv[row]!)) return;
    bands[row] = rank < n * VALUE_BANDS.high ? 'high' : rank < n * VALUE_BANDS.medium ? 'medium' : 'low';
  });
  return bands;
}

/** Writes the result's tables (replacing earlier ones) and returns their names. */
export async function writeClvTables(db: Db, result: ClvResult, names: ClvTableNames = CLV_TABLES): Promise<ClvTableNames> {
  const { summary, scores } = result;
  await replaceTable(db, names.scores, {
    customer_id: utf8Vector(summary.customerIds),
    x: floats(summary.x),
    t_x: floats(summary.tx),
    T: floats(summary.T),
    spend: floats(summary.spend),
    holdout: floats(summary.holdout ?? new Float64Array(summary.x.length).fill(NaN)),
    p_alive: floats(scores.pAlive),
    expected_purchases: floats(scores.expectedPurchases),
    expected_spend: floats(scores.expectedSpend),
    clv: floats(scores.clv),
    value_band: utf8Vector(valueBands(scores.clv)),
  });
  await replaceTable(db, names.tracking, trackingColumns(result));
  await replaceTable(db, names.holdout, holdoutColumns(result));
  await replaceTable(db, names.fit, fitColumns(result));
  await replaceTable(db, names.grid, gridColumns(result));
  return names;
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

