/**
 * Writes a customer-value result back as named tables other cells can query: `clv_scores` (one row per
 * customer, for campaigns), `clv_tracking`, `clv_holdout`, `clv_grid` (frequency/recency heat map) and
 * `clv_fit` (the charts' and the summary's data).
 */
import { Table, tableToIPC, type Float64, type Vector } from 'apache-arrow';
import { boolVector, float64Vector, utf8Vector } from '../engine/arrow-vectors';
import type { Db } from '../engine/db';
import { ident } from '../sql/quote';
import { clvHoldoutRows, clvTrackingRows } from '../charts/clv';
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

/** Writes the result's tables (replacing earlier ones) and returns their names. */
export async function writeClvTables(db: Db, result: ClvResult, names: ClvTableNames = CLV_TABLES): Promise<ClvTableNames> {
  const { summary, scores } = result;
  await replace(db, names.scores, {
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
  });
  const tracking = result.tracking ? clvTrackingRows(result.tracking.bgnbd) : [];
  await replace(db, names.tracking, {
    period: floats(tracking.map((r) => Number(r.period))),
    period_end: utf8Vector(tracking.map((r) => String(r.period_end))),
    calibration_end: boolVector(tracking.map((r) => r.calibration_end === true)),
    series: utf8Vector(tracking.map((r) => String(r.series))),
    cumulative_repeats: floats(tracking.map((r) => Number(r.cumulative_repeats))),
  });
  const holdout = result.holdout ? clvHoldoutRows(result.holdout.bgnbd.byFrequency) : [];
  await replace(db, names.holdout, {
    frequency: utf8Vector(holdout.map((r) => String(r.frequency))),
    customers: floats(holdout.map((r) => Number(r.customers))),
    series: utf8Vector(holdout.map((r) => String(r.series))),
    mean_purchases: floats(holdout.map((r) => Number(r.mean_purchases))),
  });
  const fitRows = fitTableRows(result);
  await replace(db, names.fit, {
    model: utf8Vector(fitRows.map((r) => r.model)),
    parameter: utf8Vector(fitRows.map((r) => r.parameter)),
    value: floats(fitRows.map((r) => r.value)),
    standard_error: floats(fitRows.map((r) => r.standardError)),
  });
  const grid = gridRows(result);
  await replace(db, names.grid, {
    frequency: floats(grid.map((c) => c.frequency)),
    recency: floats(grid.map((c) => c.recency)),
    expected: floats(grid.map((c) => c.expected)),
  });
  return names;
}

/** Expected purchases over the score horizon on the frequency/recency grid, at the oldest customer's age. */
export function gridRows(result: ClvResult): { frequency: number; recency: number; expected: number }[] {
  if (!result.bgnbd.convergence.converged) return [];
  const params = result.bgnbd.params;
  let maxT = 0;
  let maxX = 0;
  for (let i = 0; i < result.summary.T.length; i++) {
    maxT = Math.max(maxT, result.summary.T[i]);
    maxX = Math.max(maxX, result.summary.x[i]);
  }
  const expected = (t: number, x: number, tx: number, T: number) => bgnbdConditionalExpected(params, t, x, tx, T);
  return frequencyRecencyGrid(expected, maxT, result.scoreHorizon, Math.min(maxX, 30));
}

/** One row per fitted parameter plus each model's log-likelihood. */
export function fitTableRows(result: ClvResult): { model: string; parameter: string; value: number; standardError: number }[] {
  const rows: { model: string; parameter: string; value: number; standardError: number }[] = [];
  const models = [
    ['bgnbd', result.bgnbd],
    ['pareto_nbd', result.paretoNbd],
    ['gamma_gamma', result.gammaGamma],
  ] as const;
  for (const [model, fit] of models) {
    if (!fit) continue;
    const errors = (fit.standardErrors ?? {}) as Record<string, number>;
    for (const [parameter, value] of Object.entries(fit.params as Record<string, number>)) {
      rows.push({ model, parameter, value, standardError: errors[parameter] ?? NaN });
    }
    rows.push({ model, parameter: 'log_likelihood', value: fit.logLikelihood, standardError: NaN });
  }
  return rows;
}

function floats(values: ArrayLike<number>): Vector<Float64> {
  return float64Vector(values);
}

async function replace(db: Db, name: string, columns: Record<string, Vector>): Promise<void> {
  await db.exec(`DROP TABLE IF EXISTS ${ident(name)}`);
  await db.insertArrow(name, tableToIPC(new Table(columns), 'stream'));
}
