/**
 * Builds what a model cell shows (the ModelSummary of src/notebook/model-summary.ts) from a churn or
 * customer-value result: metrics, curves thinned for charts, the baseline, the backend, the verdict and
 * one plain-language sentence. The UI draws it with src/charts/churn.ts; the report renders it as HTML.
 */
import type { ChurnResult } from '../analyses/churn';
import type { BandCounts, RetentionTiers } from '../analyses/churn-scores';
import type { ChurnModelSummary, ChurnVerdict, ClvModelSummary, FallbackNote } from '../notebook/model-summary';
import type { ClvResult } from '../analyses/clv';
import type { ClvTableNames } from '../analyses/clv-tables';
import type { BackendName, BackendTrial } from '../models/backend';
import { thinCurve } from '../models/metrics';
import type { TrainProgress } from '../models/model';

/** What the verdict reads: the label's base rate and the model's cross-validated AUC beside the recency rule's. */
export interface VerdictInput {
  churnRate: number;
  population: number;
  horizon: number;
  cutoff: string;
  cvAucMean: number;
  cvAucStd: number;
  folds: number;
  recencyRuleAuc: number;
  recencyMedianDays: number;
}

/** Below this cross-validated AUC a model does not separate customers well enough to target anyone. */
export const USEFUL_AUC = 0.65;
/** Base rates outside these bounds mean the horizon does not fit the data. */
export const BASE_RATE_BOUNDS = { low: 0.05, high: 0.8 } as const;

/** Everything the churn summary needs beyond the result. */
export interface ChurnSummaryInput {
  result: ChurnResult;
  modelId: string | null;
  backend: BackendName | 'none';
  backendTrials: BackendTrial[];
  fallbacks: FallbackNote[];
  loss: TrainProgress[];
  table: string | null;
  rows: number | null;
  bands: BandCounts | null;
  tiers: RetentionTiers;
  scoredAsOf: string | null;
}

/** The churn summary of a result. */
export function churnSummary(input: ChurnSummaryInput): ChurnModelSummary {
  const { result } = input;
  const report = result.models[result.model]!;
  const { test } = report;
  const summary: Omit<ChurnModelSummary, 'sentence' | 'verdict'> = {
    kind: 'churn',
    table: input.table,
    rows: input.rows,
    modelId: input.modelId,
    backend: input.backend,
    backendTrials: input.backendTrials,
    fallbacks: input.fallbacks,
    cutoff: result.cutoff,
    horizon: result.horizon,
    scoredAsOf: input.scoredAsOf,
    population: result.population,
    churnRate: finite(result.churnRate),
    features: result.features,
    model: result.model,
    metrics: {
      auc: finite(test.auc),
      prAuc: finite(test.prAuc),
      logLoss: finite(test.logLoss),
      accuracy: test.atHalf.accuracy,
      precision: test.atHalf.precision,
      recall: test.atHalf.recall,
      f1: test.atHalf.f1,
      cvAucMean: finite(report.cv.aucMean),
      cvAucStd: finite(report.cv.aucStd),
      folds: report.cv.folds,
      trainRows: result.split.train,
      testRows: result.split.test,
    },
    compared: Object.values(result.models)
      .map((m) => ({ kind: m!.kind, testAuc: finite(m!.test.auc), cvAucMean: finite(m!.cv.aucMean) }))
      .sort((a, b) => b.cvAucMean - a.cvAucMean),
    baseline: {
      recencyRuleAuc: finite(result.baseline.recencyRule.auc),
      recencyMedianDays: finite(result.baseline.recencyRule.medianDays),
      recencyLogisticAuc: finite(result.baseline.recencyLogistic.testAuc),
      standardLogisticCvAuc: finite(result.baseline.standardLogistic.aucMean),
    },
    curves: {
      roc: thinCurve(test.roc, 400).map((p) => ({ ...p, threshold: clampThreshold(p.threshold) })),
      pr: thinCurve(test.pr, 400).map((p) => ({ ...p, threshold: clampThreshold(p.threshold) })),
      calibration: test.calibration,
      gains: test.gains,
    },
    positives: test.positives,
    negatives: test.n - test.positives,
    confusion: test.atHalf,
    bestF1: test.best,
    importance: report.importance.map((i) => ({ feature: i.feature, aucDrop: finite(i.aucDrop) })),
    ...(report.coefficients ? { coefficients: report.coefficients } : {}),
    loss: input.loss,
    bands: input.bands,
    tiers: input.tiers,
    trainMs: Math.round(report.trainMs),
  };
  const verdict = churnVerdict({ ...summary, ...summary.metrics, ...summary.baseline });
  return { ...summary, verdict, sentence: churnSentence({ ...summary, verdict }) };
}

/**
 * Whether a churn model can be acted on. Not when the base rate says the horizon does not fit the data
 * (nearly everyone or nearly no one churns), nor when its cross-validated AUC is below USEFUL_AUC or not
 * clearly above the simple recency rule (within one standard error of the folds' mean).
 */
export function churnVerdict(s: VerdictInput): ChurnVerdict {
  const rate = pct(s.churnRate);
  if (s.churnRate > BASE_RATE_BOUNDS.high) {
    return {
      useful: false,
      warning: `${rate} of ${s.population.toLocaleString('en')} customers did not buy again within ${s.horizon} days of ${s.cutoff}: the horizon is too long for this data, so almost everyone looks lost and no list can tell them apart. Try a shorter horizon.`,
    };
  }
  if (s.churnRate < BASE_RATE_BOUNDS.low) {
    return {
      useful: false,
      warning: `Only ${rate} of ${s.population.toLocaleString('en')} customers did not buy again within ${s.horizon} days of ${s.cutoff}: the horizon is too short to see who leaves. Try a longer horizon.`,
    };
  }
  const { cvAucMean, cvAucStd, folds } = s;
  const se = folds > 0 ? cvAucStd / Math.sqrt(folds) : cvAucStd;
  const rule = s.recencyRuleAuc;
  const measured = `cross-validated AUC ${cvAucMean.toFixed(2)} ± ${se.toFixed(2)}, against ${rule.toFixed(2)} for the rule “churn if the last purchase is older than ${Math.round(s.recencyMedianDays)} days”`;
  if (cvAucMean < USEFUL_AUC) {
    return { useful: false, warning: `This model cannot tell who will leave much better than chance (${measured}). Do not use its at-risk list as a target list.` };
  }
  if (cvAucMean - rule <= se) {
    return { useful: false, warning: `This model is no better than a simple rule (${measured}). Use the rule, or treat its at-risk list as a guess.` };
  }
  return { useful: true, warning: null };
}

/** "Ranked by the model, the riskiest 20% of customers hold 55% of the churners…" (risk counts only for a useful model). */
export function churnSentence(s: Omit<ChurnModelSummary, 'sentence'>): string {
  const top = s.curves.gains.find((g) => g.decile === 2);
  const parts = [
    `${pct(s.churnRate)} of ${s.population.toLocaleString('en')} customers did not buy again within ${s.horizon} days of ${s.cutoff}.`,
  ];
  if (top) {
    parts.push(`Ranked by the model, the riskiest 20% of customers hold ${pct(top.gain)} of the churners (${top.lift.toFixed(1)}× a random pick).`);
  }
  parts.push(`AUC ${s.metrics.auc.toFixed(2)} on customers the model never saw, against ${s.baseline.recencyRuleAuc.toFixed(2)} for the rule “churn if the last purchase is older than ${Math.round(s.baseline.recencyMedianDays)} days”.`);
  if (s.bands && s.verdict.useful) parts.push(`Today ${s.bands.high.toLocaleString('en')} customers are at high risk and ${s.bands.medium.toLocaleString('en')} at medium risk.`);
  return parts.join(' ');
}

/** Confusion counts at `threshold` (predict churn when P ≥ threshold), read off the summary's ROC curve. */
export function confusionAt(summary: ChurnModelSummary, threshold: number): { threshold: number; tp: number; fp: number; tn: number; fn: number } {
  const roc = summary.curves.roc;
  let point = roc[0]!;
  for (const p of roc) if (p.threshold >= threshold) point = p;
  const tp = Math.round(point.tpr * summary.positives);
  const fp = Math.round(point.fpr * summary.negatives);
  return { threshold, tp, fp, fn: summary.positives - tp, tn: summary.negatives - fp };
}

/** The customer-value summary of a result written as `tables`. */
export function clvModelSummary(result: ClvResult, tables: ClvTableNames): ClvModelSummary {
  const bg = result.bgnbd;
  const converged = bg.convergence.converged;
  const gg = result.gammaGamma.convergence.converged ? result.gammaGamma.params : null;
  const clv = Array.from(result.scores.clv).filter(Number.isFinite);
  const alive = Array.from(result.scores.pAlive).filter(Number.isFinite);
  const totalClv = clv.length > 0 ? clv.reduce((s, v) => s + v, 0) : null;
  const meanPAlive = alive.length > 0 ? alive.reduce((s, v) => s + v, 0) / alive.length : null;
  const holdout = result.holdout ? { expected: result.holdout.bgnbd.expected, actual: result.holdout.bgnbd.actual } : null;
  const parts = [
    converged
      ? `BG/NBD fitted on ${bg.customers.toLocaleString('en')} customers (calibration up to ${result.summary.calibrationEnd}).`
      : `BG/NBD did not converge: ${bg.convergence.message}`,
  ];
  if (holdout) parts.push(`It expected ${Math.round(holdout.expected).toLocaleString('en')} repeat purchases after the calibration end; there were ${Math.round(holdout.actual).toLocaleString('en')}.`);
  if (meanPAlive !== null) parts.push(`On average a customer is ${pct(meanPAlive)} likely to still be active.`);
  if (totalClv !== null) parts.push(`Expected value of all customers over the next ${result.months} months: ${Math.round(totalClv).toLocaleString('en')} (discounted ${pct(result.monthlyDiscount)} a month).`);
  return {
    kind: 'clv',
    table: tables.scores,
    rows: result.summary.customerIds.length,
    tables,
    calibrationEnd: result.summary.calibrationEnd,
    holdoutEnd: result.summary.holdoutEnd,
    customers: bg.customers,
    converged,
    message: bg.convergence.message,
    params: converged ? { r: bg.params.r, alpha: bg.params.alpha, a: bg.params.a, b: bg.params.b } : null,
    logLikelihood: converged ? bg.logLikelihood : null,
    gammaGamma: gg ? { p: gg.p, q: gg.q, v: gg.v } : null,
    frequencySpendCorrelation: Number.isFinite(result.frequencySpendCorrelation) ? result.frequencySpendCorrelation : null,
    holdout,
    months: result.months,
    monthlyDiscount: result.monthlyDiscount,
    totalClv,
    meanPAlive,
    sentence: parts.join(' '),
  };
}

function pct(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function finite(value: number): number {
  return Number.isFinite(value) ? value : 0;
}

function clampThreshold(threshold: number): number {
  return Number.isFinite(threshold) ? threshold : 1;
}
