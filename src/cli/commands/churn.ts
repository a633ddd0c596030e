/**
 * `churn <file> [--cutoff DATE] [--horizon 90] [--model logistic|svm|tree|forest|boosting|mlp|sequence|all]
 *  [--label purchase|activity] [--impute median|mean|mode|indicator] [--outliers none|percentile|iqr] [--seed 42] [--backend auto|wasm|cpu]`:
 * the churn protocol of DESIGN.md section 4 headless; the JSON of section 7 first, extras after.
 */
import type { Command } from '../command';
import { runChurn, type ChurnResult, type ModelReport } from '../../analyses/churn';
import { ChurnSetupError, buildScoringFeatures, checkCutoffInData, lastPurchaseDate } from '../../analyses/churn-features';
import { retentionTier, type BandCounts } from '../../analyses/churn-scores';
import { ACTIVITY_HORIZON, type ChurnLabel } from '../../analyses/activity-features';
import type { Db } from '../../engine/db';
import { scorePipeline, type Pipeline } from '../../models/pipeline';
import { IMPUTE_RULES, OUTLIER_RULES, type ImputeRule, type OutlierRule } from '../../models/preprocess';
import type { BackendName } from '../../models/backend';
import { churnVerdict, comparisonOf, comparisonSentence } from '../../training/model-summary';
import { MODEL_KINDS, usesTensorflow, type ModelKind } from '../../models/model';
import { UsageError } from '../errors';
import { loadForAnalysis } from '../load';
import { formatTable } from './sql';

const MODELS = [...MODEL_KINDS, 'all'] as const;

export const churnCommand: Command = async (args) => {
  const options = churnOptions(args);
  const backend = !usesTensorflow(options.model) ? 'none (plain TypeScript)' : (await useBackendFor(options.backend)).backend;
  const { db } = await loadForAnalysis(args);
  try {
    const last = await lastPurchaseDate(db);
    if (options.cutoff && last && options.label === 'purchase') {
      try {
        checkCutoffInData(options.cutoff, options.horizon, last);
      } catch (error) {
        throw error instanceof ChurnSetupError ? new UsageError(error.message) : error;
      }
    }
    const { result, pipeline } = await runChurn(db, options).catch((error: unknown) => {
      throw error instanceof ChurnSetupError ? new UsageError(error.message) : error;
    });
    let tiers: BandCounts;
    try {
      tiers = await todaysTiers(db, pipeline, options.label);
    } finally {
      pipeline.model.dispose();
    }
    const verdict = verdictOf(result);
    return {
      json: { ...churnJson(result, backend), tiers, useful: verdict.useful, warning: verdict.warning },
      text: [verdict.warning, churnText(result, backend, tiers)].filter(Boolean).join('\n'),
    };
  } finally {
    await db.close();
  }
};

/** Today's customers (features as of the day after the last purchase) per retention tier of the headline model. */
async function todaysTiers(db: Db, pipeline: Pipeline, label: ChurnLabel): Promise<BandCounts> {
  const today = await buildScoringFeatures(db, { sequences: pipeline.sequenceScaling !== undefined, label });
  const probabilities = await scorePipeline(pipeline, today);
  const counts: BandCounts = { high: 0, medium: 0, low: 0 };
  for (const p of probabilities) counts[retentionTier(1 - p)]++;
  return counts;
}

interface ChurnCliOptions {
  cutoff?: string;
  horizon: number;
  model: ModelKind | 'all';
  seed: number;
  backend: BackendName | 'auto';
  preprocess: { impute: ImputeRule; outliers: OutlierRule };
  label: ChurnLabel;
}

function churnOptions(args: Parameters<Command>[0]): ChurnCliOptions {
  const v = args.values;
  const text = (name: string) => (typeof v[name] === 'string' ? (v[name] as string) : v[name] === true ? '' : undefined);
  const model = text('model') ?? 'logistic';
  if (!(MODELS as readonly string[]).includes(model)) throw new UsageError(`--model must be one of ${MODELS.join(', ')} (got "${model}").`);
  const backend = text('backend') ?? 'auto';
  if (!['auto', 'wasm', 'cpu'].includes(backend)) throw new UsageError(`--backend must be auto, wasm or cpu on the command line (got "${backend}").`);
  const label = text('label') ?? 'purchase';
  if (label !== 'purchase' && label !== 'activity') throw new UsageError(`--label must be purchase or activity (got "${label}").`);
  const impute = text('impute') ?? 'median';
  if (!(IMPUTE_RULES as readonly string[]).includes(impute)) throw new UsageError(`--impute must be one of ${IMPUTE_RULES.join(', ')} (got "${impute}").`);
  const outliers = text('outliers') ?? 'none';
  if (!(OUTLIER_RULES as readonly string[]).includes(outliers)) throw new UsageError(`--outliers must be one of ${OUTLIER_RULES.join(', ')} (got "${outliers}").`);
  const cutoff = text('cutoff');
  if (cutoff !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(cutoff)) throw new UsageError(`--cutoff must be a date like 2024-01-31 (got "${cutoff}").`);
  return {
    cutoff,
    horizon: wholeNumber(text('horizon'), 'horizon', label === 'activity' ? ACTIVITY_HORIZON : 90, 1),
    label,
    model: model as ModelKind | 'all',
    seed: wholeNumber(text('seed'), 'seed', 42, 0),
    backend: backend as BackendName | 'auto',
    preprocess: { impute: impute as ImputeRule, outliers: outliers as OutlierRule },
  };
}

function wholeNumber(value: string | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number of at least ${min} (got "${value}").`);
  return n;
}

async function useBackendFor(choice: BackendName | 'auto') {
  const { useNodeBackend } = await import('../../models/backend-node');
  return useNodeBackend(choice);
}

/** Whether the headline model is worth acting on (the app's verdict, on the same numbers). */
function verdictOf(result: ChurnResult) {
  const headline = result.models[result.model]!;
  return churnVerdict({
    churnRate: result.churnRate,
    population: result.population,
    horizon: result.horizon,
    cutoff: result.cutoff,
    cvAucMean: headline.cv.aucMean,
    cvAucStd: headline.cv.aucStd,
    folds: headline.cv.folds,
    recencyRuleAuc: result.baseline.recencyRule.auc,
    recencyMedianDays: result.baseline.recencyRule.medianDays,
  });
}

const r6 = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : null);

/** The section 7 document: its keys first, in order, then the extras. */
export function churnJson(result: ChurnResult, backend: string) {
  const headline = result.models[result.model]!;
  return {
    cutoff: result.cutoff,
    horizon: result.horizon,
    population: result.population,
    churn_rate: r6(result.churnRate),
    features: result.features,
    test: testJson(headline),
    cv: { folds: headline.cv.folds, auc_mean: r6(headline.cv.aucMean), auc_std: r6(headline.cv.aucStd) },
    model: result.model,
    backend,
    baseline: {
      recency_rule: {
        median_days: result.baseline.recencyRule.medianDays,
        auc: r6(result.baseline.recencyRule.auc),
        accuracy: r6(result.baseline.recencyRule.accuracy),
        precision: r6(result.baseline.recencyRule.precision),
        recall: r6(result.baseline.recencyRule.recall),
        f1: r6(result.baseline.recencyRule.f1),
      },
      recency_logistic: {
        test_auc: r6(result.baseline.recencyLogistic.testAuc),
        cv_auc_mean: r6(result.baseline.recencyLogistic.cv.aucMean),
        cv_auc_std: r6(result.baseline.recencyLogistic.cv.aucStd),
      },
      standard_logistic: {
        cv_auc_mean: r6(result.baseline.standardLogistic.aucMean),
        cv_auc_std: r6(result.baseline.standardLogistic.aucStd),
      },
    },
    split: result.split,
    best_f1: {
      threshold: r6(headline.test.best.threshold),
      precision: r6(headline.test.best.precision),
      recall: r6(headline.test.best.recall),
      f1: r6(headline.test.best.f1),
    },
    gains: headline.test.gains.map((g) => ({ decile: g.decile, gain: r6(g.gain), lift: r6(g.lift) })),
    importance: headline.importance.map((i) => ({ feature: i.feature, auc_drop: r6(i.aucDrop) })),
    ...(headline.l2 !== undefined ? { l2: headline.l2 } : {}),
    ...(headline.coefficients ? { coefficients: Object.fromEntries(headline.coefficients.map((c) => [c.feature, r6(c.coefficient)])) } : {}),
    preprocessing: headline.preprocessing,
    models: Object.values(result.models).map((m) => ({
      name: m.kind,
      cv: { folds: m.cv.folds, auc_mean: r6(m.cv.aucMean), auc_std: r6(m.cv.aucStd) },
      test: { ...testJson(m), best_f1: r6(m.test.best.f1), calibration_error: r6(m.test.calibrationError) },
      train_ms: Math.round(m.trainMs),
      ...(m.trees !== undefined ? { trees: m.trees } : {}),
      ...(m.tree ? { rules: m.tree.rules.slice(0, 5).map((rule) => ({ when: rule.conditions.join(' and '), churn: r6(rule.probability), customers: rule.samples })) } : {}),
    })),
    best: result.model,
    ...(result.comparison ? { simpler_as_good: result.comparison.simplerAsGood } : {}),
  };
}

function testJson(m: ModelReport) {
  const t = m.test;
  return {
    auc: r6(t.auc),
    pr_auc: r6(t.prAuc),
    accuracy: r6(t.atHalf.accuracy),
    precision: r6(t.atHalf.precision),
    recall: r6(t.atHalf.recall),
    f1: r6(t.atHalf.f1),
    log_loss: r6(t.logLoss),
  };
}

function churnText(result: ChurnResult, backend: string, tiers: BandCounts): string {
  const h = result.models[result.model]!;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const top2 = h.test.gains[1]!;
  const blank = { best_f1: '', calibration: '', seconds: '' };
  const rows = [
    ...Object.values(result.models)
      .sort((a, b) => b.cv.aucMean - a.cv.aucMean)
      .map((m) => ({
        model: m.l2 !== undefined ? `${m.kind} (L2 ${m.l2})` : m.kind,
        test_auc: m.test.auc.toFixed(3),
        cv_auc: `${m.cv.aucMean.toFixed(3)} ± ${m.cv.aucStd.toFixed(3)}`,
        pr_auc: m.test.prAuc.toFixed(3),
        f1: m.test.atHalf.f1.toFixed(3),
        best_f1: m.test.best.f1.toFixed(3),
        log_loss: m.test.logLoss.toFixed(3),
        calibration: m.test.calibrationError.toFixed(3),
        seconds: (m.trainMs / 1000).toFixed(1),
      })),
    { model: 'standard logistic (L2 1)', test_auc: '', cv_auc: `${result.baseline.standardLogistic.aucMean.toFixed(3)} ± ${result.baseline.standardLogistic.aucStd.toFixed(3)}`, pr_auc: '', f1: '', log_loss: '', ...blank },
    { model: 'recency only (logistic)', test_auc: result.baseline.recencyLogistic.testAuc.toFixed(3), cv_auc: `${result.baseline.recencyLogistic.cv.aucMean.toFixed(3)} ± ${result.baseline.recencyLogistic.cv.aucStd.toFixed(3)}`, pr_auc: '', f1: '', log_loss: '', ...blank },
    { model: `recency > ${result.baseline.recencyRule.medianDays} days`, test_auc: result.baseline.recencyRule.auc.toFixed(3), cv_auc: '', pr_auc: '', f1: result.baseline.recencyRule.f1.toFixed(3), log_loss: '', ...blank },
  ];
  return [
    `Churn = no purchase in the ${result.horizon} days from ${result.cutoff}; ${result.population} customers, ${pct(result.churnRate)} churned.`,
    `Features: ${result.features.join(', ')}. Backend: ${backend}.`,
    formatTable(rows),
    `The riskiest 20% of test customers hold ${pct(top2.gain)} of the churners (lift ${top2.lift.toFixed(2)}).`,
    `Most important: ${h.importance.slice(0, 3).map((i) => `${i.feature} (AUC −${i.aucDrop.toFixed(3)})`).join(', ')}.`,
    result.comparison ? comparisonSentence({ comparison: comparisonOf(result), compared: Object.values(result.models).map((m) => ({ kind: m.kind, cvAucMean: m.cv.aucMean })) }) : null,
    `Today's customers by predicted retention (${result.model}): ${tiers.high} high, ${tiers.medium} medium, ${tiers.low} low.`,
  ]
    .filter(Boolean)
    .join('\n');
}
