/**
 * Preprocessing fitted on the training rows only, then applied unchanged to test, validation and
 * scoring rows: log1p for heavy-tailed money/count features, median imputation with a 0/1
 * missing-indicator (for every feature missing somewhere in training), standardisation, and
 * one-hot columns for text features. The fitted transform is plain JSON, saved with a model, and
 * refuses input whose feature names differ from the ones it was fitted on.
 */

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
}

/** One output column of the transform. */
export type OutputColumn =
  | { kind: 'numeric'; source: string; log1p: boolean; impute: number; mean: number; scale: number }
  | { kind: 'missing'; source: string }
  | { kind: 'onehot'; source: string; level: string | null };

/** A fitted transform: JSON-serialisable. */
export interface FittedTransform {
  version: 1;
  /** Numeric input features, in the order the input matrix must have them. */
  features: string[];
  /** Text input features. */
  categoricals: string[];
  columns: OutputColumn[];
  /** Output column names (`x`, `x_missing`, `colour=red`, `colour=(other)`). */
  names: string[];
}

export interface PreprocessOptions {
  /** Numeric features to pass through sign(x)·log1p(|x|) before anything else. */
  log1p?: string[];
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
  featureNames.forEach((source, j) => {
    const log1p = logged.has(source);
    const values: number[] = [];
    for (let k = 0; k < train.length; k++) {
      const v = x[train[k]! * d + j]!;
      if (!Number.isNaN(v)) values.push(log1p ? signedLog1p(v) : v);
    }
    const impute = values.length > 0 ? median(values) : 0;
    const missing = train.length - values.length;
    const filled = values.concat(new Array<number>(missing).fill(impute));
    const mean = filled.reduce((s, v) => s + v, 0) / Math.max(1, filled.length);
    const sd = Math.sqrt(filled.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, filled.length));
    columns.push({ kind: 'numeric', source, log1p, impute, mean, scale: sd > 1e-12 ? sd : 1 });
    if (missing > 0) indicators.push({ kind: 'missing', source });
  });
  columns.push(...indicators);
  for (const column of input.categorical ?? []) {
    columns.push(...oneHotColumns(column, train, options.maxLevels ?? 20, options.minLevelCount ?? 5));
  }
  return {
    version: 1,
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
        const t = Number.isNaN(v) ? column.impute : column.log1p ? signedLog1p(v) : v;
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

function median(values: number[]): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
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
