/**
 * Preprocessing fitted on the training rows only, then applied unchanged to test, validation and
 * scoring rows: log1p for heavy-tailed money/count features, median imputation with a 0/1
 * missing-indicator (for every feature missing somewhere in training), standardisation, and
 * one-hot columns for text features. The fitted transform is plain JSON, saved with a model, and
 * refuses input whose feature names differ from the ones it was fitted on.
 */

import type { SequenceInput } from './sequence';

/** A text feature as integer codes into `levels` (−1 = missing). */
export interface CategoricalColumn {
  name: string;
  levels: string[];
  codes: Int32Array;
}

/** Features as typed arrays: rows × featureNames.length, row-major, NaN = missing. */
export interface FeatureInput {
  rows: number;
  featureNames: string[];
  x: Float32Array;
  categorical?: CategoricalColumn[];
  /** Each row's purchase history as steps (only the sequence model reads it). */
  sequence?: SequenceInput;
}

/** One output column of the transform. */
export type OutputColumn =
  | {
      kind: 'numeric';
      source: string;
      log1p: boolean;
      impute: number;
      mean: number;
      scale: number;
      /** Outlier caps on the (log1p-ed) value, fitted on the training rows; absent when not capped. */
      lo?: number;
      hi?: number;
      /** Training rows: missing (filled), and capped below or above. */
      missing?: number;
      capped?: number;
    }
  | { kind: 'missing'; source: string }
  | { kind: 'onehot'; source: string; level: string | null };

/** A fitted transform: JSON-serialisable. */
export interface FittedTransform {
  version: 1;
  /** The rules it was fitted with (absent in models saved before they existed: median, no capping). */
  impute?: ImputeRule;
  outliers?: OutlierRule;
  /** Training rows it was fitted on. */
  rows?: number;
  /** Numeric input features, in the order the input matrix must have them. */
  features: string[];
  /** Text input features. */
  categoricals: string[];
  columns: OutputColumn[];
  /** Output column names (`x`, `x_missing`, `colour=red`, `colour=(other)`). */
  names: string[];
}

/** How missing numbers are filled: a training statistic, or 0 with the missing-indicator column telling the model. */
export type ImputeRule = 'median' | 'mean' | 'mode' | 'indicator';
/** Outlier capping: none, at the training 1st and 99th percentiles, or at Q1 − 1.5·IQR and Q3 + 1.5·IQR. */
export type OutlierRule = 'none' | 'percentile' | 'iqr';

export const IMPUTE_RULES: readonly ImputeRule[] = ['median', 'mean', 'mode', 'indicator'];
export const OUTLIER_RULES: readonly OutlierRule[] = ['none', 'percentile', 'iqr'];

export interface PreprocessOptions {
  /** Numeric features to pass through sign(x)·log1p(|x|) before anything else. */
  log1p?: string[];
  /** Default 'median'. Every feature missing somewhere in training also gets a 0/1 missing-indicator column. */
  impute?: ImputeRule;
  /** Default 'none'. Caps are fitted on the training rows (after log1p) and applied to every row scored later. */
  outliers?: OutlierRule;
  /** At most this many one-hot levels per text feature (the most frequent); the rest are "(other)". */
  maxLevels?: number;
  /** A level needs this many training rows to get its own column. */
  minLevelCount?: number;
}

/** Input that does not match the features a transform (and its model) was fitted on. */
export class FeatureMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeatureMismatchError';
  }
}

/** Fits the transform on the rows `train` of `input`. */
export function fitTransform(input: FeatureInput, train: ArrayLike<number>, options: PreprocessOptions = {}): FittedTransform {
  const { featureNames, x } = input;
  const d = featureNames.length;
  const logged = new Set(options.log1p ?? []);
  const columns: OutputColumn[] = [];
  const indicators: OutputColumn[] = [];
  const imputeRule = options.impute ?? 'median';
  const outlierRule = options.outliers ?? 'none';
  featureNames.forEach((source, j) => {
    const log1p = logged.has(source);
    const values: number[] = [];
    for (let k = 0; k < train.length; k++) {
      const v = x[train[k]! * d + j]!;
      if (!Number.isNaN(v)) values.push(log1p ? signedLog1p(v) : v);
    }
    const sorted = Float64Array.from(values).sort();
    const caps = outlierRule === 'none' || sorted.length === 0 ? null : capsOf(sorted, outlierRule);
    const clamp = (v: number) => (caps ? Math.min(caps.hi, Math.max(caps.lo, v)) : v);
    let capped = 0;
    const kept = values.map((v) => {
      const c = clamp(v);
      if (c !== v) capped++;
      return c;
    });
    const impute = values.length > 0 ? clamp(fillValue(sorted, imputeRule)) : 0;
    const missing = train.length - values.length;
    const filled = kept.concat(new Array<number>(missing).fill(impute));
    const mean = filled.reduce((s, v) => s + v, 0) / Math.max(1, filled.length);
    const sd = Math.sqrt(filled.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, filled.length));
    columns.push({ kind: 'numeric', source, log1p, impute, mean, scale: sd > 1e-12 ? sd : 1, ...(caps ? caps : {}), missing, capped });
    if (missing > 0) indicators.push({ kind: 'missing', source });
  });
  columns.push(...indicators);
  for (const column of input.categorical ?? []) {
    columns.push(...oneHotColumns(column, train, options.maxLevels ?? 20, options.minLevelCount ?? 5));
  }
  return {
    version: 1,
    impute: imputeRule,
    outliers: outlierRule,
    rows: train.length,
    features: [...featureNames],
    categoricals: (input.categorical ?? []).map((c) => c.name),
    columns,
    names: columns.map(columnName),
  };
}

/** Applies a fitted transform to every row of `input` (or to the rows `index`). */
export function applyTransform(transform: FittedTransform, input: FeatureInput, index?: ArrayLike<number>): Float32Array {
  checkCompatible(transform, input);
  const d = input.featureNames.length;
  const rows = index ? index.length : input.rows;
  const width = transform.columns.length;
  const out = new Float32Array(rows * width);
  const position = new Map(input.featureNames.map((name, j) => [name, j]));
  const categorical = new Map((input.categorical ?? []).map((c) => [c.name, c]));
  transform.columns.forEach((column, c) => {
    if (column.kind === 'onehot') {
      const { codes, levels } = categorical.get(column.source)!;
      const known = new Set(transform.columns.filter((o) => o.kind === 'onehot' && o.source === column.source).map((o) => (o as { level: string | null }).level));
      const matches = levels.map((level) => (column.level === null ? !known.has(level) : level === column.level));
      for (let k = 0; k < rows; k++) {
        const code = codes[index ? index[k]! : k]!;
        out[k * width + c] = code >= 0 && matches[code] ? 1 : 0;
      }
      return;
    }
    const j = position.get(column.source)!;
    for (let k = 0; k < rows; k++) {
      const v = input.x[(index ? index[k]! : k) * d + j]!;
      if (column.kind === 'missing') out[k * width + c] = Number.isNaN(v) ? 1 : 0;
      else {
        let t = Number.isNaN(v) ? column.impute : column.log1p ? signedLog1p(v) : v;
        if (column.lo !== undefined && column.hi !== undefined) t = Math.min(column.hi, Math.max(column.lo, t));
        out[k * width + c] = (t - column.mean) / column.scale;
      }
    }
  });
  return out;
}

/** Throws when `input` lacks, reorders or adds features compared with what the transform was fitted on. */
export function checkCompatible(transform: FittedTransform, input: FeatureInput): void {
  if (transform.version !== 1) throw new FeatureMismatchError(`This model was saved by a newer Cohortbook (transform version ${transform.version}).`);
  const given = input.featureNames.join(', ');
  if (given !== transform.features.join(', ')) {
    throw new FeatureMismatchError(
      `This model was trained on the features [${transform.features.join(', ')}] but the table has [${given}]. Rebuild the features the same way, or train the model again.`,
    );
  }
  const text = (input.categorical ?? []).map((c) => c.name).join(', ');
  if (text !== transform.categoricals.join(', ')) {
    throw new FeatureMismatchError(`This model was trained on the text features [${transform.categoricals.join(', ')}] but the table has [${text}].`);
  }
  if (input.x.length !== input.rows * input.featureNames.length) {
    throw new FeatureMismatchError(`The feature matrix has ${input.x.length} values, not ${input.rows} rows × ${input.featureNames.length} features.`);
  }
}

/** sign(v) · log1p(|v|): log1p that keeps negative values ordered. */
export function signedLog1p(v: number): number {
  return v < 0 ? -Math.log1p(-v) : Math.log1p(v);
}

function oneHotColumns(column: CategoricalColumn, train: ArrayLike<number>, maxLevels: number, minCount: number): OutputColumn[] {
  const counts = new Array<number>(column.levels.length).fill(0);
  let present = 0;
  for (let k = 0; k < train.length; k++) {
    const code = column.codes[train[k]!]!;
    if (code >= 0) {
      counts[code]!++;
      present++;
    }
  }
  const kept = counts
    .map((count, code) => ({ code, count }))
    .filter((l) => l.count >= minCount)
    .sort((a, b) => b.count - a.count || a.code - b.code)
    .slice(0, maxLevels);
  const out: OutputColumn[] = kept.map((l) => ({ kind: 'onehot', source: column.name, level: column.levels[l.code]! }));
  const keptCount = kept.reduce((s, l) => s + l.count, 0);
  if (present > keptCount) out.push({ kind: 'onehot', source: column.name, level: null });
  return out;
}

function columnName(column: OutputColumn): string {
  if (column.kind === 'numeric') return column.source;
  if (column.kind === 'missing') return `${column.source}_missing`;
  return `${column.source}=${column.level ?? '(other)'}`;
}

/** The fill value of a rule over sorted training values (`indicator`: 0, the indicator column carries the fact). */
function fillValue(sorted: Float64Array, rule: ImputeRule): number {
  if (rule === 'indicator') return 0;
  if (rule === 'mean') return sorted.reduce((s, v) => s + v, 0) / sorted.length;
  if (rule === 'mode') {
    let best = sorted[0]!;
    let bestRun = 0;
    for (let i = 0; i < sorted.length; ) {
      let j = i;
      while (j < sorted.length && sorted[j] === sorted[i]) j++;
      if (j - i > bestRun) [best, bestRun] = [sorted[i]!, j - i];
      i = j;
    }
    return best;
  }
  return quantile(sorted, 0.5);
}

/** Caps of a sorted training column: the 1st and 99th percentiles, or Tukey's fences. */
function capsOf(sorted: Float64Array, rule: Exclude<OutlierRule, 'none'>): { lo: number; hi: number } {
  if (rule === 'percentile') return { lo: quantile(sorted, 0.01), hi: quantile(sorted, 0.99) };
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  return { lo: q1 - 1.5 * (q3 - q1), hi: q3 + 1.5 * (q3 - q1) };
}

/** Linear-interpolated quantile of sorted values. */
function quantile(sorted: Float64Array, q: number): number {
  const at = q * (sorted.length - 1);
  const below = Math.floor(at);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (at - below);
}

/** The preprocessing in plain figures, for the report beside a model. */
export interface PreprocessReport {
  rows: number;
  /** Input features and output columns. */
  features: number;
  columns: number;
  impute: ImputeRule;
  outliers: OutlierRule;
  /** Per numeric feature: missing training values filled (and with what), values capped, log1p. */
  numeric: { feature: string; missing: number; filledWith: number; capped: number; log1p: boolean }[];
  /** Per text feature: the one-hot columns it became. */
  onehot: { feature: string; levels: number }[];
  scaling: 'standardised (training mean and standard deviation)';
}

/** The report of a fitted transform (figures in the input's units: a log1p-ed fill value is undone). */
export function preprocessReport(transform: FittedTransform): PreprocessReport {
  const numeric = transform.columns.flatMap((c) =>
    c.kind === 'numeric'
      ? [{ feature: c.source, missing: c.missing ?? 0, filledWith: c.log1p ? Math.sign(c.impute) * Math.expm1(Math.abs(c.impute)) : c.impute, capped: c.capped ?? 0, log1p: c.log1p }]
      : [],
  );
  return {
    rows: transform.rows ?? 0,
    features: transform.features.length + transform.categoricals.length,
    columns: transform.columns.length,
    impute: transform.impute ?? 'median',
    outliers: transform.outliers ?? 'none',
    numeric,
    onehot: transform.categoricals.map((feature) => ({ feature, levels: transform.columns.filter((c) => c.kind === 'onehot' && c.source === feature).length })),
    scaling: 'standardised (training mean and standard deviation)',
  };
}

/**
 * A tree split "preprocessed column ≤ threshold" in the input's own units, as the two conditions it makes
 * (left, right): `recency_days ≤ 120` / `recency_days > 120`, `country ≠ UK` / `country = UK`,
 * `aov known` / `aov missing`. Standardisation and log1p are undone so a rule reads in days and money.
 */
export function splitConditions(transform: FittedTransform, column: number, threshold: number): [string, string] {
  const c = transform.columns[column];
  if (!c) return [`column ${column} ≤ ${threshold}`, `column ${column} > ${threshold}`];
  if (c.kind === 'missing') return [`${c.source} known`, `${c.source} missing`];
  if (c.kind === 'onehot') {
    const level = c.level ?? '(other)';
    return [`${c.source} ≠ ${level}`, `${c.source} = ${level}`];
  }
  const t = threshold * c.scale + c.mean;
  const raw = c.log1p ? Math.sign(t) * Math.expm1(Math.abs(t)) : t;
  const text = readableNumber(raw);
  return [`${c.source} ≤ ${text}`, `${c.source} > ${text}`];
}

/** A threshold rounded for reading: whole numbers from 10 up, 3 significant digits below. */
function readableNumber(value: number): string {
  if (Math.abs(value) >= 10) return String(Math.round(value));
  return String(Number(value.toPrecision(3)));
}
