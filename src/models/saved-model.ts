/**
 * Trained churn models as data: a `SavedModel` (the fitted transform, the parameters or network
 * weights, and the definitions of the features it was trained on) that goes to IndexedDB as is and to
 * a downloadable file as JSON, typed arrays encoded as base64. A saved model refuses to score
 * features other than its own (`checkCompatible`), so it is never applied to mismatched data.
 */
import { SAVED_MODEL_VERSION, type SavedFeature, type SavedModel } from './training-data';
import { LogisticModel } from './logistic';
import type { NetworkModel } from './mlp';
import { MODEL_KINDS } from './model';
import { SvmModel } from './svm';
import { BoostingModel, ForestModel, TreeModel } from './tree-models';
import type { Pipeline } from './pipeline';
import { FeatureMismatchError } from './preprocess';

export { FeatureMismatchError };

/** What a model needs to know about the features it is trained on or asked to score. */
export interface FeatureSignature {
  featureNames: string[];
  categorical: { name: string }[];
  sequence?: unknown;
  /** The SQL of each feature, when the caller knows it. */
  featureSql?: string[];
}

/** The SavedModel of a trained pipeline. */
export async function savePipeline(
  pipeline: Pipeline,
  about: { features: SavedFeature[]; cutoff: string; horizon: number; testAuc?: number; trainedAt?: string },
): Promise<SavedModel> {
  const base = {
    version: SAVED_MODEL_VERSION as typeof SAVED_MODEL_VERSION,
    kind: pipeline.spec.kind,
    features: about.features,
    transform: pipeline.transform,
    trainedAt: about.trainedAt ?? new Date().toISOString(),
    cutoff: about.cutoff,
    horizon: about.horizon,
    ...(about.testAuc !== undefined && Number.isFinite(about.testAuc) ? { testAuc: about.testAuc } : {}),
  };
  const { model } = pipeline;
  if (model instanceof LogisticModel) return { ...base, logistic: model.params };
  if (model instanceof TreeModel) return { ...base, trees: [model.tree] };
  if (model instanceof ForestModel) return { ...base, trees: model.trees };
  if (model instanceof BoostingModel) return { ...base, boosting: model.model };
  if (model instanceof SvmModel) return { ...base, svm: model.params };
  const network = pipeline.model as NetworkModel;
  if (pipeline.sequenceScaling) {
    return { ...base, sequence: { scaling: pipeline.sequenceScaling, units: pipeline.spec.sequence?.units ?? 16, weights: await network.weights() } };
  }
  const mlp = network;
  return { ...base, mlp: { hidden: pipeline.spec.mlp?.hidden ?? [64, 32], dropout: pipeline.spec.mlp?.dropout ?? 0.1, weights: await mlp.weights() } };
}

/** Rebuilds a pipeline from a SavedModel (a network's tensors on the active TF.js backend). */
export async function restorePipeline(saved: SavedModel): Promise<Pipeline> {
  const spec = { kind: saved.kind, ...(saved.mlp ? { mlp: { hidden: saved.mlp.hidden, dropout: saved.mlp.dropout } } : {}) };
  if (saved.kind === 'logistic') {
    if (!saved.logistic) throw new FeatureMismatchError('This saved logistic model has no coefficients; the file is damaged.');
    return { spec, transform: saved.transform, model: new LogisticModel(saved.logistic) };
  }
  const cols = saved.transform.names.length;
  const damaged = () => new FeatureMismatchError(`This saved ${saved.kind} model has no parameters; the file is damaged.`);
  if (saved.kind === 'tree' || saved.kind === 'forest') {
    if (!saved.trees?.length) throw damaged();
    return { spec, transform: saved.transform, model: saved.kind === 'tree' ? new TreeModel(saved.trees[0]!, cols) : new ForestModel(saved.trees, cols) };
  }
  if (saved.kind === 'boosting') {
    if (!saved.boosting) throw damaged();
    return { spec, transform: saved.transform, model: new BoostingModel(saved.boosting, cols) };
  }
  if (saved.kind === 'svm') {
    if (!saved.svm) throw damaged();
    return { spec, transform: saved.transform, model: new SvmModel(saved.svm) };
  }
  if (saved.kind === 'sequence') {
    if (!saved.sequence) throw damaged();
    const { scaling, units, weights } = saved.sequence;
    const { restoreSequence } = await import('./sequence');
    return { spec: { kind: 'sequence', sequence: { units } }, transform: saved.transform, sequenceScaling: scaling, model: restoreSequence(scaling.steps, scaling.channels.length, units, weights) };
  }
  if (!saved.mlp) throw new FeatureMismatchError('This saved network has no weights; the file is damaged.');
  const { restoreMlp } = await import('./mlp');
  return { spec, transform: saved.transform, model: restoreMlp(saved.transform.names.length, saved.mlp.hidden, saved.mlp.dropout, saved.mlp.weights) };
}

/** The saved features of a training set: names, kinds and SQL definitions. */
export function savedFeatures(names: string[], kinds: string[], sql?: string[]): SavedFeature[] {
  return names.map((name, j) => ({ name, kind: kinds[j] ?? 'extra', ...(sql?.[j] ? { sql: sql[j] } : {}) }));
}

/** Throws FeatureMismatchError, in words the user can act on, unless `data` has exactly the model's features. */
export function checkCompatible(saved: SavedModel, data: FeatureSignature): void {
  if (saved.version !== SAVED_MODEL_VERSION) {
    throw new FeatureMismatchError(`This model was saved by another version of Cohortbook (format ${String(saved.version)}, this one reads ${SAVED_MODEL_VERSION}). Train it again.`);
  }
  const want = saved.features.map((f) => f.name);
  const have = data.featureNames;
  if (want.join('\u0000') !== have.join('\u0000')) {
    const missing = want.filter((n) => !have.includes(n));
    const extra = have.filter((n) => !want.includes(n));
    const detail = [
      missing.length > 0 ? `missing here: ${missing.join(', ')}` : '',
      extra.length > 0 ? `not in the model: ${extra.join(', ')}` : '',
      missing.length === 0 && extra.length === 0 ? 'the same features in another order' : '',
    ].filter(Boolean);
    throw new FeatureMismatchError(
      `This model was trained on other features (${detail.join('; ')}). Build the features the way the model was trained, or train a new model on this data.`,
    );
  }
  saved.features.forEach((feature, j) => {
    const sql = data.featureSql?.[j];
    if (feature.sql && sql && normaliseSql(feature.sql) !== normaliseSql(sql)) {
      throw new FeatureMismatchError(
        `The feature “${feature.name}” is computed differently from when this model was trained (then: ${feature.sql}; now: ${sql}). Train a new model.`,
      );
    }
  });
  if (saved.kind === 'sequence' && !data.sequence) {
    throw new FeatureMismatchError('This sequence model reads each customer’s purchase history, and the data to score has none. Score with the features built with their sequences, or train another model.');
  }
  const text = data.categorical.map((c) => c.name).join(', ');
  if (text !== saved.transform.categoricals.join(', ')) {
    throw new FeatureMismatchError(
      `This model was trained on the text features [${saved.transform.categoricals.join(', ')}] but the data has [${text}]. Train a new model on this data.`,
    );
  }
}

function normaliseSql(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** A SavedModel as JSON text (typed arrays as `{"$f32": base64}` or `{"$i32": base64}`), for a downloadable file. */
export function encodeSavedModel(model: SavedModel): string {
  return JSON.stringify({ format: FILE_FORMAT, model }, (_key, value: unknown) =>
    value instanceof Float32Array ? { $f32: toBase64(value) } : value instanceof Int32Array ? { $i32: toBase64(value) } : value,
  );
}

/** Reads a file written by `encodeSavedModel`; throws FeatureMismatchError on anything else. */
export function decodeSavedModel(text: string): SavedModel {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, (_key, value: unknown) => {
      if (typeof value !== 'object' || value === null) return value;
      const { $f32, $i32 } = value as { $f32?: unknown; $i32?: unknown };
      if (typeof $f32 === 'string') return new Float32Array(bytesOf($f32).buffer);
      if (typeof $i32 === 'string') return new Int32Array(bytesOf($i32).buffer);
      return value;
    });
  } catch {
    throw new FeatureMismatchError('This file is not a Cohortbook model (it is not JSON).');
  }
  const file = parsed as { format?: unknown; model?: Partial<SavedModel> } | null;
  const model = file?.model;
  if (file?.format !== FILE_FORMAT || !model || typeof model !== 'object') throw new FeatureMismatchError('This file is not a Cohortbook model.');
  if (!Array.isArray(model.features) || !model.transform || !(MODEL_KINDS as readonly unknown[]).includes(model.kind)) {
    throw new FeatureMismatchError('This Cohortbook model file is incomplete; save the model again.');
  }
  return model as SavedModel;
}

const FILE_FORMAT = 'cohortbook-model';

function toBase64(values: Float32Array | Int32Array): string {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function bytesOf(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
