/**
 * The baselines every churn model is shown beside, so its value is visible: the rule "churn if
 * recency > the training median", and a logistic regression on recency alone.
 */
import { metricsAt, rocAuc, type ThresholdMetrics } from './metrics';
import { crossValidate, fitPipeline, scorePipeline, type CrossValidation } from './pipeline';
import type { FeatureInput } from './preprocess';
import { take } from './split';

/** The recency rule on the test rows. */
export interface RecencyRule extends ThresholdMetrics {
  /** Median recency (days) of the training rows: above it = predicted churn. */
  medianDays: number;
  /** AUC of the rule's 0/1 prediction (ties count one half). */
  auc: number;
}

/** Logistic regression on recency only. */
export interface RecencyLogistic {
  testAuc: number;
  cv: CrossValidation;
}

/** Predicts churn when recency exceeds the training median; scored on `test`. */
export function recencyRule(input: FeatureInput, labels: Uint8Array, train: Int32Array, test: Int32Array, feature = 'recency_days'): RecencyRule {
  const recency = column(input, feature);
  const medianDays = median(Array.from(take(recency, train)).filter((v) => !Number.isNaN(v)));
  const scores = Float32Array.from(take(recency, test), (v) => (v > medianDays ? 1 : 0));
  const y = take(labels, test);
  return { medianDays, auc: rocAuc(y, scores), ...metricsAt(y, scores, 0.5) };
}

/** Recency-only logistic regression: its test AUC and its cross-validated AUC. */
export async function recencyLogistic(
  input: FeatureInput,
  labels: Uint8Array,
  train: Int32Array,
  test: Int32Array,
  options: { folds: number; seed: number; feature?: string },
): Promise<RecencyLogistic> {
  const only = onlyFeature(input, options.feature ?? 'recency_days');
  const spec = { kind: 'logistic' as const, seed: options.seed };
  const pipeline = await fitPipeline(spec, only, labels, train);
  const testAuc = rocAuc(take(labels, test), await scorePipeline(pipeline, only, test));
  return { testAuc, cv: await crossValidate(spec, only, labels, options.folds) };
}

/** `input` with one numeric feature only. */
export function onlyFeature(input: FeatureInput, feature: string): FeatureInput {
  return onlyFeatures(input, [feature]);
}

/** `input` with only the numeric `features`, in that order. */
export function onlyFeatures(input: FeatureInput, features: string[]): FeatureInput {
  const columns = features.map((f) => column(input, f));
  const x = new Float32Array(input.rows * features.length);
  for (let r = 0; r < input.rows; r++) columns.forEach((c, j) => (x[r * features.length + j] = c[r]!));
  return { rows: input.rows, featureNames: [...features], x, categorical: [] };
}

function column(input: FeatureInput, feature: string): Float32Array {
  const j = input.featureNames.indexOf(feature);
  if (j < 0) throw new Error(`There is no feature “${feature}”.`);
  const d = input.featureNames.length;
  return Float32Array.from({ length: input.rows }, (_, r) => input.x[r * d + j]!);
}

function median(values: number[]): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
