/**
 * What a training run takes and gives, as plain data: the feature matrix of a churn run, rows to score,
 * the settings, and a saved model. Typed arrays so they can be transferred to a worker (never copied);
 * the training worker's protocol (workers/train/protocol.ts) carries these shapes.
 */
import type { LogisticOptions, LogisticParams } from './logistic';
import type { MlpOptions } from './mlp';
import type { BoostedModel } from './boosting';
import type { ModelKind } from './model';
import type { SequenceInput, SequenceOptions, SequenceScaling } from './sequence';
import type { PlattParams, SvmParams } from './svm';
import type { DecisionTree } from './tree';
import type { CategoricalColumn, FittedTransform, PreprocessOptions } from './preprocess';

/** The format version of a SavedModel (bumped when its shape changes). */
export const SAVED_MODEL_VERSION = 1;

/** The labelled features of a churn run, as transferable arrays. */
export interface TrainingSet {
  rows: number;
  featureNames: string[];
  /** 'count' | 'money' | … per feature (decides log1p), as in churn-features.ts. */
  featureKinds: string[];
  /** rows × featureNames.length, row-major, NaN = missing. Transferred. */
  x: Float32Array;
  /** 0/1 per row. Transferred. */
  labels: Uint8Array;
  categorical: CategoricalColumn[];
  /** Each customer's purchase history (for the sequence model). Transferred. */
  sequence?: SequenceInput;
  /** How each feature is computed (its SQL), saved with the model so it is never applied to other features. */
  featureSql?: string[];
  cutoff: string;
  horizon: number;
}

/** Rows to score with a trained model (same features, same order). */
export interface ScoringSet {
  rows: number;
  featureNames: string[];
  x: Float32Array;
  categorical: CategoricalColumn[];
  /** Purchase histories (needed by a sequence model). */
  sequence?: SequenceInput;
}

/** What to train: the churn protocol's options, minus what only the page knows. */
export interface TrainSettings {
  model: ModelKind | 'all';
  /** With 'all': train only these (a pool shares the models of one comparison among its workers). */
  models?: ModelKind[];
  /** Compute the baselines (default true; a pool's other workers skip them). */
  baseline?: boolean;
  seed: number;
  testFraction?: number;
  folds?: number;
  classWeight?: 'none' | 'balanced';
  logistic?: LogisticOptions;
  mlp?: MlpOptions;
  sequence?: SequenceOptions;
  preprocess?: Pick<PreprocessOptions, 'impute' | 'outliers'>;
  importance?: boolean;
}

/** One input feature of a saved model: its name, kind and (when known) the SQL that computes it. */
export interface SavedFeature {
  name: string;
  kind: string;
  sql?: string;
}

/** A saved model: enough to score later and to refuse mismatched features. */
export interface SavedModel {
  version: typeof SAVED_MODEL_VERSION;
  kind: ModelKind;
  /** The numeric input features in matrix order, with their definitions. */
  features: SavedFeature[];
  transform: FittedTransform;
  /** Logistic regression: its parameters. */
  logistic?: LogisticParams;
  /** Network: layer sizes and weights in layer order (Float32Arrays transfer). */
  mlp?: { hidden: number[]; dropout: number; weights: { shape: number[]; values: Float32Array }[] };
  /** Decision tree (one) or random forest: the trees as typed arrays. */
  trees?: DecisionTree[];
  boosting?: BoostedModel;
  svm?: { svm: SvmParams; platt: PlattParams };
  /** Sequence model: the channel scaling, GRU units and weights. */
  sequence?: { scaling: SequenceScaling; units: number; weights: { shape: number[]; values: Float32Array }[] };
  trainedAt: string;
  cutoff: string;
  horizon: number;
  /** Test AUC when it was trained, for listings. */
  testAuc?: number;
}

/** The buffers of a training set, for the transfer list of `train`. */
export function trainingTransfer(data: TrainingSet | ScoringSet): ArrayBuffer[] {
  const buffers = [data.x.buffer, ...('labels' in data ? [data.labels.buffer] : []), ...data.categorical.map((c) => c.codes.buffer), ...(data.sequence ? [data.sequence.values.buffer] : [])];
  return [...new Set(buffers as ArrayBuffer[])];
}
