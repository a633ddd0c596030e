/**
 * Customer lifetime value (DESIGN.md sections 4 and 6): the BG/NBD summary by SQL, BG/NBD and
 * (optionally) Pareto/NBD fits, the holdout and tracking checks, the Gamma-Gamma spend model and a
 * discounted CLV per customer. Pure TypeScript over the Db interface; the models run wherever this does.
 */
import type { Db } from '../engine/db';
import {
  bgnbdConditionalExpected,
  bgnbdExpectedRepeats,
  bgnbdPAlive,
  fitBgnbd,
  type BgnbdParams,
} from '../models/clv/bgnbd';
import type { FitOptions, ModelFit } from '../models/clv/fit';
import {
  conditionalExpectedSpend,
  fitGammaGamma,
  frequencySpendCorrelation,
  type GammaGammaParams,
} from '../models/clv/gamma-gamma';
import {
  fitParetoNbd,
  paretoNbdConditionalExpected,
  paretoNbdExpectedRepeats,
  type ParetoNbdParams,
} from '../models/clv/pareto-nbd';
import { holdoutByFrequency, trackingSeries, type FrequencyBin, type TrackingSeries } from '../models/clv/tracking';
import { compressSummary } from '../models/clv/summary';
import { discountedValue } from '../models/clv/value';
import { dayNumber } from './calendar';
import { clvSummary, type ClvSummary, type ClvSummaryOptions } from './clv-summary';

/** The model settings of a customer-value fit (everything but how the summary is built). */
export type ClvFitOptions = Omit<ClvOptions, keyof ClvSummaryOptions>;

export interface ClvOptions extends ClvSummaryOptions {
  /** Also fit Pareto/NBD and compare: always, never, or 'auto' (default) when the summary has at most
   *  PARETO_AUTO_LIMIT distinct (x, t_x, T) rows — its likelihood costs ~50x BG/NBD's per row. */
  paretoNbd?: boolean | 'auto';
  /** L2 penalty of the transaction models (default 0). */
  penalizer?: number;
  /** CLV horizon in months (default 12). */
  months?: number;
  /** Monthly discount rate (default 0.01). */
  monthlyDiscount?: number;
  /** Horizon of the "expected purchases" score, in model time units (default: the holdout length, else 52 weeks). */
  scoreHorizon?: number;
  /** Progress: which step runs, 0..1. */
  onProgress?: (step: string, fraction: number) => void;
}

/** The holdout comparison of one transaction model. */
export interface HoldoutCheck {
  /** Holdout length in model time units. */
  length: number;
  /** Expected total repeat purchases in the holdout (sum of the per-customer conditional expectations). */
  expected: number;
  actual: number;
  /** Mean absolute error per customer. */
  meanAbsoluteError: number;
  byFrequency: FrequencyBin[];
}

/** Per-customer scores, in the summary's row order (customer_id order). */
export interface ClvScores {
  pAlive: Float64Array;
  /** Expected purchases in the next `scoreHorizon` units (BG/NBD). */
  expectedPurchases: Float64Array;
  /** Expected average spend per purchase (Gamma-Gamma; NaN when it did not converge). */
  expectedSpend: Float64Array;
  /** Discounted CLV over `months` (NaN when a model did not converge). */
  clv: Float64Array;
}

export interface ClvResult {
  summary: ClvSummary;
  bgnbd: ModelFit<keyof BgnbdParams>;
  paretoNbd: ModelFit<keyof ParetoNbdParams> | null;
  /** Why Pareto/NBD was not fitted, when it was not. */
  paretoNbdSkipped: string | null;
  gammaGamma: ModelFit<keyof GammaGammaParams>;
  /** Pearson correlation of frequency and mean spend over repeat customers (Gamma-Gamma assumes ~0). */
  frequencySpendCorrelation: number;
  holdout: { bgnbd: HoldoutCheck; paretoNbd: HoldoutCheck | null } | null;
  /** Which model fits better: by log-likelihood, and by holdout mean absolute error. */
  comparison: { byLogLikelihood: ModelName; byHoldoutError: ModelName | null } | null;
  tracking: { bgnbd: TrackingSeries; paretoNbd: TrackingSeries | null } | null;
  scoreHorizon: number;
  months: number;
  monthlyDiscount: number;
  scores: ClvScores;
  /** Milliseconds per step. */
  timings: Record<'summary' | 'bgnbd' | 'paretoNbd' | 'gammaGamma' | 'scores', number>;
}

export type ModelName = 'bgnbd' | 'pareto_nbd';

/** Above this many distinct summary rows, 'auto' skips Pareto/NBD (about 2 s of fitting here). */
export const PARETO_AUTO_LIMIT = 20_000;

/** Runs the whole customer-value analysis on the loaded canonical tables. */
export async function customerLifetimeValue(db: Db, options: ClvOptions): Promise<ClvResult> {
  const clock = stopwatch();
  options.onProgress?.('summary', 0);
  const summary = await clvSummary(db, { ...options, customerIds: true });
  return fitCustomerValue(summary, options, clock());
}

/** Fits the models on a summary already built (the training worker's entry point; no database needed). */
export function fitCustomerValue(summary: ClvSummary, options: ClvFitOptions = {}, summaryMs = 0): ClvResult {
  const progress = options.onProgress ?? (() => {});
  const months = options.months ?? 12;
  const monthlyDiscount = options.monthlyDiscount ?? 0.01;
  const fitOptions: FitOptions = { penalizer: options.penalizer ?? 0 };
  const clock = stopwatch();
  const timings = { summary: summaryMs, bgnbd: 0, paretoNbd: 0, gammaGamma: 0, scores: 0 };
  progress('bgnbd', 0.2);
  const bgnbd = fitBgnbd(summary, fitOptions);
  timings.bgnbd = clock();
  progress('pareto_nbd', 0.4);
  const paretoNbdSkipped = paretoSkipReason(summary, options.paretoNbd ?? 'auto');
  const paretoNbd = paretoNbdSkipped ? null : fitParetoNbd(summary, fitOptions);
  timings.paretoNbd = clock();
  progress('gamma_gamma', 0.7);
  const gammaGamma = fitGammaGamma(summary.x, summary.spend);
  timings.gammaGamma = clock();
  progress('scores', 0.8);

  const bg = bgnbd.convergence.converged ? bgnbd.params : null;
  const pn = paretoNbd?.convergence.converged ? paretoNbd.params : null;
  const holdout = summary.holdout && bg ? holdoutChecks(summary, bg, pn) : null;
  const scoreHorizon = options.scoreHorizon ?? (summary.holdoutLength > 0 ? summary.holdoutLength : 52);
  const result: ClvResult = {
    summary,
    bgnbd,
    paretoNbd,
    paretoNbdSkipped,
    gammaGamma,
    frequencySpendCorrelation: frequencySpendCorrelation(summary.x, summary.spend),
    holdout,
    comparison: bg && pn ? compare(bgnbd.logLikelihood, paretoNbd!.logLikelihood, holdout) : null,
    tracking: bg ? trackingOf(summary, bg, pn) : null,
    scoreHorizon,
    months,
    monthlyDiscount,
    scores: scoresOf(summary, bg, gammaGamma.convergence.converged ? gammaGamma.params : null, scoreHorizon, months, monthlyDiscount),
    timings,
  };
  timings.scores = clock();
  progress('done', 1);
  return result;
}

function paretoSkipReason(summary: ClvSummary, choice: boolean | 'auto'): string | null {
  if (choice === false) return 'Not requested.';
  if (choice === true) return null;
  const rows = compressSummary(summary).x.length;
  return rows > PARETO_AUTO_LIMIT
    ? `Skipped: ${rows} distinct (x, t_x, T) rows is more than ${PARETO_AUTO_LIMIT}; ask for it explicitly (it takes ~50x longer than BG/NBD).`
    : null;
}

/** Milliseconds since the previous call. */
function stopwatch(): () => number {
  let last = performance.now();
  return () => {
    const now = performance.now();
    const elapsed = now - last;
    last = now;
    return Math.round(elapsed);
  };
}

function holdoutChecks(summary: ClvSummary, bg: BgnbdParams, pn: ParetoNbdParams | null): ClvResult['holdout'] {
  const t = summary.holdoutLength;
  const check = (expectedOf: (i: number) => number): HoldoutCheck => {
    const expected = new Float64Array(summary.x.length);
    let expectedTotal = 0;
    let actualTotal = 0;
    let absoluteError = 0;
    for (let i = 0; i < expected.length; i++) {
      expected[i] = expectedOf(i);
      expectedTotal += expected[i];
      actualTotal += summary.holdout![i];
      absoluteError += Math.abs(expected[i] - summary.holdout![i]);
    }
    return {
      length: t,
      expected: expectedTotal,
      actual: actualTotal,
      meanAbsoluteError: absoluteError / expected.length,
      byFrequency: holdoutByFrequency(summary.x, expected, summary.holdout!),
    };
  };
  const { x, tx, T } = summary;
  return {
    bgnbd: check((i) => bgnbdConditionalExpected(bg, t, x[i], tx[i], T[i])),
    paretoNbd: pn ? check((i) => paretoNbdConditionalExpected(pn, t, x[i], tx[i], T[i])) : null,
  };
}

function compare(bgLogLikelihood: number, pnLogLikelihood: number, holdout: ClvResult['holdout']): ClvResult['comparison'] {
  const byHoldoutError =
    holdout?.paretoNbd != null
      ? holdout.bgnbd.meanAbsoluteError <= holdout.paretoNbd.meanAbsoluteError
        ? 'bgnbd'
        : 'pareto_nbd'
      : null;
  return { byLogLikelihood: bgLogLikelihood >= pnLogLikelihood ? 'bgnbd' : 'pareto_nbd', byHoldoutError };
}

function trackingOf(summary: ClvSummary, bg: BgnbdParams, pn: ParetoNbdParams | null): ClvResult['tracking'] {
  const input = {
    firstDay: summary.firstDay,
    dailyRepeats: summary.dailyRepeats,
    calibrationEndDay: dayNumber(summary.calibrationEnd),
    endDay: dayNumber(summary.holdoutEnd ?? summary.calibrationEnd),
    unitDays: summary.unitDays,
  };
  return {
    bgnbd: trackingSeries(input, (t) => bgnbdExpectedRepeats(bg, t)),
    paretoNbd: pn ? trackingSeries(input, (t) => paretoNbdExpectedRepeats(pn, t)) : null,
  };
}

function scoresOf(
  summary: ClvSummary,
  bg: BgnbdParams | null,
  gg: GammaGammaParams | null,
  horizon: number,
  months: number,
  monthlyDiscount: number,
): ClvScores {
  const n = summary.x.length;
  const scores: ClvScores = {
    pAlive: new Float64Array(n).fill(NaN),
    expectedPurchases: new Float64Array(n).fill(NaN),
    expectedSpend: new Float64Array(n).fill(NaN),
    clv: new Float64Array(n).fill(NaN),
  };
  const { x, tx, T, spend } = summary;
  for (let i = 0; i < n; i++) {
    if (gg) scores.expectedSpend[i] = conditionalExpectedSpend(gg, x[i], spend[i]);
    if (!bg) continue;
    const expected = (t: number) => bgnbdConditionalExpected(bg, t, x[i], tx[i], T[i]);
    scores.pAlive[i] = bgnbdPAlive(bg, x[i], tx[i], T[i]);
    scores.expectedPurchases[i] = expected(horizon);
    if (gg) scores.clv[i] = discountedValue(expected, scores.expectedSpend[i], months, monthlyDiscount, summary.unitDays);
  }
  return scores;
}
