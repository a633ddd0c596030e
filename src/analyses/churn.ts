/**
 * Churn prediction (DESIGN.md section 4): features by SQL at a cutoff, a seeded stratified
 * train/test split, preprocessing fitted on the training rows, logistic regression and/or the
 * neural network, every classification metric on the test rows, k-fold cross-validated AUC,
 * permutation importance, and the baselines (recency rule, recency-only logistic regression, and a
 * standard logistic regression on the raw features) always beside the model. The command line,
 * the notebook's model cell and the tests all call `runChurn`.
 */
import type { Db } from '../engine/db';
import { recencyLogistic, recencyRule, type RecencyLogistic, type RecencyRule } from '../models/baseline';
import { LogisticModel, type LogisticOptions } from '../models/logistic';
import { CHART_CURVE_POINTS, classificationReport, thinCurve, type ClassificationReport } from '../models/metrics';
import type { MlpOptions } from '../models/mlp';
import type { SequenceOptions } from '../models/sequence';
import { MODEL_KINDS, type ClassWeight, type TrainProgress } from '../models/model';
import {
  chooseL2,
  crossValidate,
  fitPipeline,
  permutationImportance,
  scorePipeline,
  type CrossValidation,
  type FeatureImportance,
  type ModelKind,
  type Pipeline,
  type PipelineSpec,
} from '../models/pipeline';
import { compareModels, type ModelComparison } from '../models/compare';
import { preprocessReport, splitConditions, type FeatureInput, type FittedTransform, type PreprocessOptions, type PreprocessReport } from '../models/preprocess';
import { treeRules, type DecisionTree, type TreeRule } from '../models/tree';
import { BoostingModel, ForestModel, TreeModel } from '../models/tree-models';
import { stratifiedSplit, take } from '../models/split';
import { buildChurnFeatures, type ChurnDataset, type ChurnFeatureOptions, type FeatureKind } from './churn-features';

export interface ChurnOptions extends ChurnFeatureOptions {
  /** Which model(s) to train; with 'all' the best cross-validated one is the headline. Default logistic. */
  model?: ModelKind | 'all';
  /** With 'all': only these models (one worker's share of a comparison). */
  models?: ModelKind[];
  /** Compute the baselines (default true). */
  baseline?: boolean;
  seed?: number;
  /** Share of customers in the test split; default 0.25. */
  testFraction?: number;
  /** Cross-validation folds; default 5. */
  folds?: number;
  classWeight?: ClassWeight;
  logistic?: LogisticOptions;
  mlp?: MlpOptions;
  sequence?: SequenceOptions;
  /** Filling missing values and capping outliers (fitted on the training rows of each model). */
  preprocess?: Pick<PreprocessOptions, 'impute' | 'outliers'>;
  /** Permutation importance on the test split (default true). */
  importance?: boolean;
  onProgress?: (progress: ChurnProgress) => void;
  signal?: AbortSignal;
}

/** Where a churn run is, for a progress bar and a live loss chart. */
export type ChurnProgress =
  | { stage: 'features' }
  | { stage: 'train'; model: ModelKind; epoch: TrainProgress }
  | { stage: 'cross-validate'; model: ModelKind; fold: number; folds: number }
  | { stage: 'importance'; model: ModelKind }
  | { stage: 'baseline' };

/** Everything known about one trained model. */
export interface ModelReport {
  kind: ModelKind;
  test: ClassificationReport;
  cv: CrossValidation;
  importance: FeatureImportance[];
  /** Logistic regression: coefficient per preprocessed column (standardised scale). */
  coefficients?: { feature: string; coefficient: number }[];
  intercept?: number;
  /** Logistic regression: the L2 strength used (chosen on the training split unless given). */
  l2?: number;
  /** Decision tree: its nodes in input units, for drawing, and its leaves as plain rules. */
  tree?: { nodes: TreeNodeView[]; rules: TreeRule[] };
  /** Forest and boosting: trees kept (boosting stops early on a validation split). */
  trees?: number;
  /** What the preprocessing did on this model's training rows (saved with it, repeated when scoring). */
  preprocessing: PreprocessReport;
  trainMs: number;
}

/** A node of a drawn tree: a split (its two conditions, in input units) or a leaf. */
export interface TreeNodeView {
  /** Left and right conditions of a split; null for a leaf. */
  split: [string, string] | null;
  left: number;
  right: number;
  /** Share of churners among the training customers reaching the node. */
  probability: number;
  samples: number;
}

/** The result of one churn run. */
export interface ChurnResult {
  cutoff: string;
  horizon: number;
  population: number;
  churnRate: number;
  features: string[];
  /** Columns after preprocessing (with missing-indicators and one-hot levels). */
  modelColumns: string[];
  split: { seed: number; train: number; test: number };
  /** The headline model. */
  model: ModelKind;
  models: Partial<Record<ModelKind, ModelReport>>;
  /** With more than one model: the winner by cross-validated AUC and the simplest one as good within noise. */
  comparison?: ModelComparison;
  /** Absent only from one worker's share of a pooled comparison (the pool adds the other worker's). */
  baseline: {
    recencyRule: RecencyRule;
    recencyLogistic: RecencyLogistic;
    /** Logistic regression on the same features, standardised only (no log transforms). */
    standardLogistic: CrossValidation;
  };
}

/** One worker's share of a pooled comparison: a result that may lack the baselines (another worker computes them). */
export type ChurnResultShare = Omit<ChurnResult, 'baseline'> & { baseline?: ChurnResult['baseline'] };

/** The result of a run that computed its baselines (every run but a pool's second share). */
export function completeResult(share: ChurnResultShare): ChurnResult {
  if (!share.baseline) throw new Error('This churn result has no baselines: it is one share of a pooled comparison.');
  return share as ChurnResult;
}

/**
 * The result with each model's test curves cut to the points a chart draws. A full curve has a point per test
 * customer: a worker's answer carrying two of 25,000 points each took 40 ms of the page's thread to receive.
 */
export function withChartCurves(share: ChurnResultShare): ChurnResultShare {
  const models = Object.fromEntries(
    Object.entries(share.models).map(([kind, report]) => [
      kind,
      { ...report!, test: { ...report!.test, roc: thinCurve(report!.test.roc, CHART_CURVE_POINTS), pr: thinCurve(report!.test.pr, CHART_CURVE_POINTS) } },
    ]),
  );
  return { ...share, models };
}

/** A churn run plus what it trained, for scoring today's customers. */
export interface ChurnRun {
  result: ChurnResult;
  dataset: ChurnDataset;
  /** The headline model's pipeline, trained on the training split; dispose it when done. */
  pipeline: Pipeline;
}

/** Whether training `model` reads purchase histories (the sequence model alone, or among all). */
export function needsSequences(model: ModelKind | 'all' | undefined): boolean {
  return model === 'sequence' || model === 'all';
}

/** Heavy-tailed kinds that get log1p before standardisation. */
const LOGGED_KINDS: ReadonlySet<FeatureKind> = new Set(['count', 'money']);

/** Builds the features, trains and evaluates; the caller owns (and disposes) `pipeline`. */
export async function runChurn(db: Db, options: ChurnOptions = {}): Promise<ChurnRun> {
  options.onProgress?.({ stage: 'features' });
  const dataset = await buildChurnFeatures(db, { ...options, sequences: needsSequences(options.model) });
  const { result, pipeline } = await evaluateChurn(dataset, { ...options, baseline: true });
  return { dataset, result: completeResult(result), pipeline };
}

/** Trains and evaluates on an already built dataset (the worker's entry point). */
export async function evaluateChurn(dataset: ChurnDataset, options: ChurnOptions = {}): Promise<{ result: ChurnResultShare; pipeline: Pipeline }> {
  const seed = options.seed ?? 42;
  const folds = options.folds ?? 5;
  const { labels } = dataset;
  const positives = labels.reduce((s, v) => s + v, 0);
  if (positives === 0 || positives === dataset.rows) {
    throw new Error(
      `Every customer in the population ${positives === 0 ? 'came back' : 'churned'} after ${dataset.cutoff}, so there is nothing to learn. Pick another cutoff or horizon.`,
    );
  }
  const input: FeatureInput = dataset;
  const split = stratifiedSplit(labels, options.testFraction ?? 0.25, seed);
  // 'all' trains the sequence model when the dataset carries purchase histories.
  const kinds: ModelKind[] =
    options.model === 'all' ? MODEL_KINDS.filter((kind) => (kind !== 'sequence' || dataset.sequence) && (!options.models || options.models.includes(kind))) : [options.model ?? 'logistic'];
  if (kinds.length === 0) throw new Error('No model to train: the list of models is empty.');
  const log1p = dataset.featureNames.filter((_, j) => LOGGED_KINDS.has(dataset.featureKinds[j]!));
  const models: Partial<Record<ModelKind, ModelReport>> = {};
  const pipelines: Partial<Record<ModelKind, Pipeline>> = {};
  try {
    for (const kind of kinds) {
      const spec: PipelineSpec = {
        kind,
        seed,
        preprocess: { log1p, ...options.preprocess },
        logistic: { classWeight: options.classWeight, ...options.logistic },
        mlp: { classWeight: options.classWeight, ...options.mlp },
        sequence: { classWeight: options.classWeight, ...options.sequence },
      };
      const { report, pipeline } = await evaluateModel(spec, input, labels, split, folds, options);
      models[kind] = report;
      pipelines[kind] = pipeline;
    }
    let baseline: ChurnResult['baseline'] | undefined;
    if (options.baseline !== false) {
      options.onProgress?.({ stage: 'baseline' });
      // Recency: days since the last purchase, or since the last event for the activity label.
      const recency = dataset.featureNames.includes('recency_days') ? 'recency_days' : 'days_since_last_event';
      baseline = {
        recencyRule: recencyRule(input, labels, split.train, split.test, recency),
        recencyLogistic: await recencyLogistic(input, labels, split.train, split.test, { folds, seed, feature: recency }),
        standardLogistic: await crossValidate({ kind: 'logistic', seed }, input, labels, folds, { signal: options.signal }),
      };
    }
    const comparison = kinds.length > 1 ? compareModels(kinds.map((kind) => ({ kind, aucs: models[kind]!.cv.aucs }))) : undefined;
    const headline = comparison?.best ?? kinds[0]!;
    for (const kind of kinds) if (kind !== headline) pipelines[kind]!.model.dispose();
    const pipeline = pipelines[headline]!;
    const result: ChurnResultShare = {
      cutoff: dataset.cutoff,
      horizon: dataset.horizon,
      population: dataset.rows,
      churnRate: positives / dataset.rows,
      features: [...dataset.featureNames, ...dataset.categorical.map((c) => c.name)],
      modelColumns: pipeline.transform.names,
      split: { seed, train: split.train.length, test: split.test.length },
      model: headline,
      models,
      ...(comparison ? { comparison } : {}),
      ...(baseline ? { baseline } : {}),
    };
    return { result, pipeline };
  } catch (error) {
    for (const p of Object.values(pipelines)) p?.model.dispose();
    throw error;
  }
}

async function evaluateModel(
  spec: PipelineSpec,
  input: FeatureInput,
  labels: Uint8Array,
  split: { train: Int32Array; test: Int32Array },
  folds: number,
  options: ChurnOptions,
): Promise<{ report: ModelReport; pipeline: Pipeline }> {
  const { kind } = spec;
  const progress = options.onProgress;
  const started = performance.now();
  if (kind === 'logistic' && spec.logistic?.l2 === undefined) {
    const { l2 } = await chooseL2(spec, input, labels, split.train, folds, { signal: options.signal });
    spec = { ...spec, logistic: { ...spec.logistic, l2 } };
  }
  const pipeline = await fitPipeline(spec, input, labels, split.train, {
    signal: options.signal,
    onEpoch: (epoch) => progress?.({ stage: 'train', model: kind, epoch }),
  });
  try {
    const trainMs = performance.now() - started;
    const yTest = take(labels, split.test);
    const test = classificationReport(yTest, await scorePipeline(pipeline, input, split.test));
    const cv = await crossValidate(spec, input, labels, folds, {
      signal: options.signal,
      onFold: (fold) => progress?.({ stage: 'cross-validate', model: kind, fold, folds }),
    });
    let importance: FeatureImportance[] = [];
    if (options.importance !== false) {
      progress?.({ stage: 'importance', model: kind });
      importance = await permutationImportance(pipeline, input, labels, split.test, { seed: spec.seed });
    }
    const report: ModelReport = { kind, test, cv, importance, trainMs, preprocessing: preprocessReport(pipeline.transform), ...(kind === 'logistic' ? { l2: spec.logistic?.l2 ?? 1 } : {}) };
    if (pipeline.model instanceof TreeModel) report.tree = treeView(pipeline.model.tree, pipeline.transform);
    if (pipeline.model instanceof ForestModel) report.trees = pipeline.model.trees.length;
    if (pipeline.model instanceof BoostingModel) report.trees = pipeline.model.model.trees.length;
    if (pipeline.model instanceof LogisticModel) {
      const { intercept, coefficients } = pipeline.model.params;
      report.intercept = intercept;
      report.coefficients = coefficients.map((coefficient, j) => ({ feature: pipeline.transform.names[j]!, coefficient }));
    }
    return { report, pipeline };
  } catch (error) {
    pipeline.model.dispose();
    throw error;
  }
}

/** A fitted tree in the words of its input features: nodes for drawing, leaves as rules. */
export function treeView(tree: DecisionTree, transform: FittedTransform): { nodes: TreeNodeView[]; rules: TreeRule[] } {
  const describe = (column: number, threshold: number) => splitConditions(transform, column, threshold);
  const nodes = Array.from({ length: tree.nodes }, (_, n): TreeNodeView => ({
    split: tree.feature[n]! >= 0 ? describe(tree.feature[n]!, tree.threshold[n]!) : null,
    left: tree.left[n]!,
    right: tree.right[n]!,
    probability: tree.value[n]!,
    samples: tree.samples[n]!,
  }));
  return { nodes, rules: treeRules(tree, describe) };
}
