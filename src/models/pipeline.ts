/**
 * A churn pipeline = a preprocessing transform fitted on the training rows + a classifier trained on
 * them. Fitting, scoring, cross-validation and permutation importance all go through here, so the
 * transform can never be fitted on rows it is evaluated on.
 */
import { fitBoosting, type BoostingOptions } from './boosting';
import { trainLogistic, type LogisticOptions } from './logistic';
import { rocAuc } from './metrics';
import { deltaReasons, logisticReasons, pathReasons, type Reasons } from './explain';
import { LogisticModel } from './logistic';
import { classWeights, type BinaryClassifier, type ClassWeight, type ModelKind, type TrainControl } from './model';
import { applyTransform, checkCompatible, fitTransform, type FeatureInput, type FittedTransform, type PreprocessOptions } from './preprocess';
import type { MlpOptions } from './mlp';
import { seededRandom, shuffleInPlace, stratifiedKFold, stratifiedSplit, take, takeRows, type Split } from './split';
import { SvmModel, trainSvm, type SvmOptions } from './svm';
import { binFeatures, binWith, fitForest, fitTree, type ForestOptions, type TreeOptions } from './tree';
import { BoostingModel, ForestModel, TreeModel } from './tree-models';
import { applySequenceScaling, fitSequenceScaling, sequenceReasons, trainSequence, type SequenceInput, type SequenceOptions, type SequenceScaling } from './sequence';

export type { ModelKind } from './model';

/** Tree settings in the pipeline: the tree's own, plus class weights turned into row weights. */
export type PipelineTreeOptions = Omit<TreeOptions, 'weights' | 'random' | 'maxFeatures'> & { classWeight?: ClassWeight };

/** Defaults chosen on CDNOW and Online Retail (docs/model-lab.md): deep enough to rank, leaves big enough to be rates. */
export const TREE_DEFAULTS = { maxDepth: 5, minLeaf: 50 } as const;
export const FOREST_DEFAULTS = { trees: 100, maxDepth: 10, minLeaf: 10 } as const;
export const BOOSTING_DEFAULTS = { trees: 200, maxDepth: 4, learningRate: 0.05, minLeaf: 20 } as const;

/** Settings of one pipeline. */
export interface PipelineSpec {
  kind: ModelKind;
  preprocess?: PreprocessOptions;
  logistic?: LogisticOptions;
  mlp?: MlpOptions;
  tree?: PipelineTreeOptions;
  forest?: ForestOptions;
  boosting?: BoostingOptions;
  svm?: SvmOptions;
  sequence?: SequenceOptions;
  /** Share of the training rows held out for early stopping (networks and boosting); default 0.15. */
  validationFraction?: number;
  seed?: number;
}

/** A fitted transform and the model trained after it. */
export interface Pipeline {
  spec: PipelineSpec;
  /** The tabular features' transform (every model has one, so scoring data is checked against it). */
  transform: FittedTransform;
  /** The sequence model reads purchase histories scaled by this instead of the transformed features. */
  sequenceScaling?: SequenceScaling;
  model: BinaryClassifier;
}

/** Thrown when the sequence model is asked for and the input has no purchase histories. */
export class NoSequencesError extends Error {
  constructor() {
    super('The sequence model needs each customer’s purchase history, and this data has none attached; train another model, or build the features with their sequences.');
    this.name = 'NoSequencesError';
  }
}

/** Fits the transform and trains the model on the rows `train`. */
export async function fitPipeline(
  spec: PipelineSpec,
  input: FeatureInput,
  labels: Uint8Array,
  train: Int32Array,
  control: TrainControl = {},
): Promise<Pipeline> {
  const seed = spec.seed ?? 42;
  if (spec.kind === 'logistic') {
    const transform = fitTransform(input, train, spec.preprocess);
    const x = applyTransform(transform, input, train);
    const model = await trainLogistic({ x, y: take(labels, train), rows: train.length, cols: transform.names.length }, spec.logistic, control);
    return { spec, transform, model };
  }
  if (spec.kind === 'svm' || spec.kind === 'tree' || spec.kind === 'forest') {
    const transform = fitTransform(input, train, spec.preprocess);
    const cols = transform.names.length;
    const x = applyTransform(transform, input, train);
    const y = take(labels, train);
    if (spec.kind === 'svm') {
      const { model } = await trainSvm({ x, y, rows: train.length, cols }, { seed, ...spec.svm }, control);
      return { spec, transform, model };
    }
    const binned = binFeatures(x, train.length, cols);
    if (spec.kind === 'tree') {
      const { classWeight, ...tree } = { ...TREE_DEFAULTS, ...spec.tree };
      return { spec, transform, model: new TreeModel(fitTree(binned, y, { ...tree, weights: rowWeights(y, classWeight) }), cols) };
    }
    const forest = { ...FOREST_DEFAULTS, seed, ...spec.forest };
    return { spec, transform, model: new ForestModel(await fitForest(binned, y, forest, control), cols) };
  }
  const inner = stratifiedSplit(take(labels, train), spec.validationFraction ?? 0.15, seed + 1);
  const fitRows = take(train, inner.train);
  const valRows = take(train, inner.test);
  const transform = fitTransform(input, fitRows, spec.preprocess);
  const cols = transform.names.length;
  if (spec.kind === 'sequence') {
    const sequence = input.sequence;
    if (!sequence) throw new NoSequencesError();
    const sequenceScaling = fitSequenceScaling(sequence, fitRows);
    const model = await trainSequence(
      { x: applySequenceScaling(sequenceScaling, sequence, fitRows), y: take(labels, fitRows), rows: fitRows.length, steps: sequence.steps, channels: sequence.channels.length },
      { x: applySequenceScaling(sequenceScaling, sequence, valRows), y: take(labels, valRows), rows: valRows.length },
      { seed, ...spec.sequence },
      control,
    );
    return { spec, transform, sequenceScaling, model };
  }
  if (spec.kind === 'boosting') {
    const binned = binFeatures(applyTransform(transform, input, fitRows), fitRows.length, cols);
    const validation = { data: binWith(binned.edges, applyTransform(transform, input, valRows), valRows.length, cols), y: take(labels, valRows) };
    const model = await fitBoosting(binned, take(labels, fitRows), { ...BOOSTING_DEFAULTS, ...spec.boosting }, validation, control);
    return { spec, transform, model: new BoostingModel(model, cols) };
  }
  const { trainMlp } = await import('./mlp');
  const model = await trainMlp(
    { x: applyTransform(transform, input, fitRows), y: take(labels, fitRows), rows: fitRows.length, cols },
    { x: applyTransform(transform, input, valRows), y: take(labels, valRows), rows: valRows.length },
    { seed, ...spec.mlp },
    control,
  );
  return { spec, transform, model };
}

/** Class weights as per-row weights (undefined when every row weighs 1). */
function rowWeights(y: Uint8Array, weight: ClassWeight | undefined): Float32Array | undefined {
  const [w0, w1] = classWeights(y, weight);
  if (w0 === 1 && w1 === 1) return undefined;
  return Float32Array.from(y, (label) => (label === 1 ? w1 : w0));
}

/** P(churn) for the rows `index` of `input` (all rows without it). */
export async function scorePipeline(pipeline: Pipeline, input: FeatureInput, index?: Int32Array): Promise<Float32Array> {
  return pipeline.model.predict(modelMatrix(pipeline, input, index), index ? index.length : input.rows);
}

/** What the model reads for the rows `index` of `input`: the transformed features, or the scaled purchase sequences. */
export function modelMatrix(pipeline: Pipeline, input: FeatureInput, index?: ArrayLike<number>): Float32Array {
  if (!pipeline.sequenceScaling) return applyTransform(pipeline.transform, input, index);
  checkCompatible(pipeline.transform, input);
  if (!input.sequence) throw new NoSequencesError();
  return applySequenceScaling(pipeline.sequenceScaling, input.sequence, index);
}

/** The sequences of the rows `index`. */
export function takeSequence(sequence: SequenceInput, index: ArrayLike<number>): SequenceInput {
  const rowWidth = sequence.steps * sequence.channels.length;
  return { ...sequence, values: takeRows(sequence.values, rowWidth, index) };
}

/**
 * The k features raising each row's risk most (`x` already transformed): linear contributions for logistic
 * regression and the SVM, the tree path for trees, forests and boosting, local deltas for the network.
 */
export async function pipelineReasons(pipeline: Pipeline, x: Float32Array, rows: number, k: number): Promise<Reasons> {
  const { model, transform } = pipeline;
  if (pipeline.sequenceScaling) return sequenceReasons(pipeline.sequenceScaling, model, x, rows, k);
  if (model instanceof LogisticModel) return logisticReasons(transform, model.params.coefficients, x, rows, k);
  if (model instanceof SvmModel) return logisticReasons(transform, model.params.svm.weights, x, rows, k);
  if (model instanceof TreeModel) return pathReasons(transform, [model.tree], x, rows, k);
  if (model instanceof ForestModel) return pathReasons(transform, model.trees, x, rows, k, 1 / model.trees.length);
  if (model instanceof BoostingModel) return pathReasons(transform, model.model.trees, x, rows, k);
  return deltaReasons(transform, model, x, rows, k);
}

/** Cross-validated AUC. */
export interface CrossValidation {
  folds: number;
  aucs: number[];
  aucMean: number;
  aucStd: number;
}

/** Stratified k-fold cross-validation of `spec` over all rows. */
export async function crossValidate(
  spec: PipelineSpec,
  input: FeatureInput,
  labels: Uint8Array,
  folds: number,
  control: TrainControl & { onFold?: (fold: number) => void } = {},
): Promise<CrossValidation> {
  const aucs: number[] = [];
  const splits = stratifiedKFold(labels, folds, (spec.seed ?? 42) + 7);
  for (const [f, split] of splits.entries()) {
    control.onFold?.(f + 1);
    aucs.push(await foldAuc(spec, input, labels, split, control));
  }
  const aucMean = aucs.reduce((s, a) => s + a, 0) / aucs.length;
  const aucStd = Math.sqrt(aucs.reduce((s, a) => s + (a - aucMean) ** 2, 0) / Math.max(1, aucs.length - 1));
  return { folds, aucs, aucMean, aucStd };
}

/** L2 strengths logistic regression may take (on the summed loss over standardised columns), weakest first. */
export const L2_GRID = [1, 10, 30, 100, 300, 1000] as const;

/** The L2 strength chosen for a logistic regression, with what each strength scored. */
export interface L2Choice {
  l2: number;
  tried: { l2: number; aucMean: number; aucSe: number }[];
}

/**
 * Chooses logistic regression's L2 strength on the rows `rows` only (the training split) by k-fold
 * cross-validation and the one-standard-error rule: the strongest penalty whose mean AUC is within one
 * standard error of the best. Among collinear counts (frequency, distinct products, the order windows)
 * the weakest penalty splits one effect into coefficients of opposite signs; the rule buys coefficients
 * that read the right way round for an AUC cost smaller than the noise between folds.
 */
export async function chooseL2(
  spec: PipelineSpec,
  input: FeatureInput,
  labels: Uint8Array,
  rows: Int32Array,
  folds: number,
  control: TrainControl = {},
): Promise<L2Choice> {
  const splits = stratifiedKFold(take(labels, rows), folds, (spec.seed ?? 42) + 11).map((split) => ({
    train: take(rows, split.train),
    test: take(rows, split.test),
  }));
  const tried: L2Choice['tried'] = [];
  for (const l2 of L2_GRID) {
    const aucs: number[] = [];
    for (const split of splits) aucs.push(await foldAuc({ ...spec, logistic: { ...spec.logistic, l2 } }, input, labels, split, control));
    const aucMean = aucs.reduce((s, a) => s + a, 0) / aucs.length;
    const sd = Math.sqrt(aucs.reduce((s, a) => s + (a - aucMean) ** 2, 0) / Math.max(1, aucs.length - 1));
    tried.push({ l2, aucMean, aucSe: sd / Math.sqrt(aucs.length) });
  }
  const best = tried.reduce((a, b) => (b.aucMean > a.aucMean ? b : a));
  const l2 = tried.filter((t) => t.aucMean >= best.aucMean - best.aucSe).reduce((a, b) => (b.l2 > a.l2 ? b : a)).l2;
  return { l2, tried };
}

async function foldAuc(spec: PipelineSpec, input: FeatureInput, labels: Uint8Array, split: Split, control: TrainControl): Promise<number> {
  const pipeline = await fitPipeline(spec, input, labels, split.train, { signal: control.signal });
  try {
    return rocAuc(take(labels, split.test), await scorePipeline(pipeline, input, split.test));
  } finally {
    pipeline.model.dispose();
  }
}

/** The sequence model's input in importance tables: the purchase history as a whole. */
export const PURCHASE_HISTORY = 'purchase_history';

/** How much the test AUC drops when one input feature's values are shuffled among the test rows. */
export interface FeatureImportance {
  feature: string;
  /** Mean AUC drop over the repeats (negative = the feature looked useless). */
  aucDrop: number;
}

/** Permutation importance on the rows `test`, most important first. */
export async function permutationImportance(
  pipeline: Pipeline,
  input: FeatureInput,
  labels: Uint8Array,
  test: Int32Array,
  options: { repeats?: number; seed?: number } = {},
): Promise<FeatureImportance[]> {
  const repeats = options.repeats ?? 3;
  const random = seededRandom(options.seed ?? 11);
  const y = take(labels, test);
  const d = input.featureNames.length;
  const base: FeatureInput = {
    ...input,
    rows: test.length,
    x: takeRows(input.x, d, test),
    categorical: input.categorical?.map((c) => ({ ...c, codes: take(c.codes, test) })),
    ...(input.sequence ? { sequence: takeSequence(input.sequence, test) } : {}),
  };
  const reference = rocAuc(y, await scorePipeline(pipeline, base));
  const out: FeatureImportance[] = [];
  // The sequence model reads the histories only: shuffling a feature cannot move it, so its one input is the whole history.
  const featuresRead = pipeline.sequenceScaling ? 0 : d;
  for (let j = 0; j < featuresRead; j++) {
    let drop = 0;
    for (let r = 0; r < repeats; r++) {
      const x = base.x.slice();
      const order = shuffleInPlace(Int32Array.from({ length: test.length }, (_, i) => i), random);
      for (let i = 0; i < test.length; i++) x[i * d + j] = base.x[order[i]! * d + j]!;
      drop += reference - rocAuc(y, await scorePipeline(pipeline, { ...base, x }));
    }
    out.push({ feature: input.featureNames[j]!, aucDrop: drop / repeats });
  }
  for (const column of pipeline.sequenceScaling ? [] : (base.categorical ?? [])) {
    let drop = 0;
    for (let r = 0; r < repeats; r++) {
      const codes = shuffleInPlace(column.codes.slice(), random);
      const categorical = base.categorical!.map((c) => (c.name === column.name ? { ...c, codes } : c));
      drop += reference - rocAuc(y, await scorePipeline(pipeline, { ...base, categorical }));
    }
    out.push({ feature: column.name, aucDrop: drop / repeats });
  }
  if (pipeline.sequenceScaling && base.sequence) {
    // Shuffled among customers as a whole.
    let drop = 0;
    for (let r = 0; r < repeats; r++) {
      const order = shuffleInPlace(Int32Array.from({ length: test.length }, (_, i) => i), random);
      drop += reference - rocAuc(y, await scorePipeline(pipeline, { ...base, sequence: takeSequence(base.sequence, order) }));
    }
    out.push({ feature: PURCHASE_HISTORY, aucDrop: drop / repeats });
  }
  return out.sort((a, b) => b.aucDrop - a.aucDrop);
}
