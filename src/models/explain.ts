/**
 * Why a customer looks at risk: the input features pushing that customer's churn score up most,
 * relative to an average customer (every preprocessed column at 0: standardised numbers at their
 * training mean, no missing flag, no one-hot level).
 * - Logistic regression: coefficient × preprocessed (standardised) value, summed over a feature's
 *   columns (its value, its missing indicator, its one-hot levels).
 * - Neural network: local deltas — P(churn) minus P(churn) with that feature's columns set to the
 *   average customer's, one extra prediction per feature (permutation-style, exact for this row).
 * - Trees, forests and boosting: the tree path — walking a row from the root to its leaf, each split
 *   moves the prediction from the node's value to the child's, and that move is the split feature's
 *   (summed over a forest's or boosting's trees; probability for trees and forests, log-odds for boosting).
 * Only features that push the risk *up* are reasons; a row may have fewer than k.
 */
import type { BinaryClassifier } from './model';
import type { FittedTransform } from './preprocess';

/** Per row, the k strongest risk-raising features (row-major rows × k), as transferable arrays. */
export interface Reasons {
  k: number;
  /** Input features (numeric, then text), as named in the transform. */
  features: string[];
  /** Index into `features`, −1 where the row has no further reason. */
  index: Int16Array;
  /** How much the feature raises the risk (log-odds for logistic, probability for the network). */
  strength: Float32Array;
  /** +1 the value is above average, −1 below, 2 missing, 0 neither (a text level). */
  direction: Int8Array;
}

/** The input features of a transform and, per preprocessed column, which feature it belongs to. */
export function sourcesOf(transform: FittedTransform): { features: string[]; sourceOf: Int16Array } {
  const features = [...transform.features, ...transform.categoricals];
  const position = new Map(features.map((f, i) => [f, i]));
  return { features, sourceOf: Int16Array.from(transform.columns, (c) => position.get(c.source) ?? -1) };
}

/** Reasons of a logistic regression: per feature Σ coefficient × value over its columns. */
export function logisticReasons(transform: FittedTransform, coefficients: ArrayLike<number>, x: Float32Array, rows: number, k: number): Reasons {
  const { features, sourceOf } = sourcesOf(transform);
  const width = transform.columns.length;
  const contribution = new Float32Array(features.length);
  return collect(transform, features, x, rows, k, (r) => {
    contribution.fill(0);
    for (let c = 0; c < width; c++) contribution[sourceOf[c]!]! += coefficients[c]! * x[r * width + c]!;
    return contribution;
  });
}

/** Reasons of any classifier by local deltas: P(x) − P(x with the feature at the average). */
export async function deltaReasons(transform: FittedTransform, model: BinaryClassifier, x: Float32Array, rows: number, k: number): Promise<Reasons> {
  const { features, sourceOf } = sourcesOf(transform);
  const width = transform.columns.length;
  const base = await model.predict(x, rows);
  const deltas = new Float32Array(rows * features.length);
  for (let f = 0; f < features.length; f++) {
    const neutral = x.slice();
    for (let c = 0; c < width; c++) {
      if (sourceOf[c] !== f) continue;
      for (let r = 0; r < rows; r++) neutral[r * width + c] = 0;
    }
    const p = await model.predict(neutral, rows);
    for (let r = 0; r < rows; r++) deltas[r * features.length + f] = base[r]! - p[r]!;
  }
  return collect(transform, features, x, rows, k, (r) => deltas.subarray(r * features.length, (r + 1) * features.length));
}

/** A tree as the path reasons walk it: a split node sends a column value ≤ threshold left; a leaf has feature −1. */
export interface PathTree {
  feature: Int32Array;
  threshold: Float32Array;
  left: Int32Array;
  right: Int32Array;
  /** The prediction at every node (internal ones too). */
  value: Float32Array;
}

/** Reasons of trees by path: per feature, the sum of the value changes at the splits on that feature (× `scale`). */
export function pathReasons(transform: FittedTransform, trees: readonly PathTree[], x: Float32Array, rows: number, k: number, scale = 1): Reasons {
  const { features, sourceOf } = sourcesOf(transform);
  const width = transform.columns.length;
  const contribution = new Float32Array(features.length);
  return collect(transform, features, x, rows, k, (r) => {
    contribution.fill(0);
    for (const tree of trees) {
      let node = 0;
      while (tree.feature[node]! >= 0) {
        const column = tree.feature[node]!;
        const next = x[r * width + column]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
        contribution[sourceOf[column]!]! += (tree.value[next]! - tree.value[node]!) * scale;
        node = next;
      }
    }
    return contribution;
  });
}

function collect(
  transform: FittedTransform,
  features: string[],
  x: Float32Array,
  rows: number,
  k: number,
  strengthsOf: (row: number) => Float32Array,
): Reasons {
  const width = transform.columns.length;
  const valueColumn = features.map((f) => transform.columns.findIndex((c) => c.kind === 'numeric' && c.source === f));
  const missingColumn = features.map((f) => transform.columns.findIndex((c) => c.kind === 'missing' && c.source === f));
  return rankReasons(features, rows, k, strengthsOf, (r, f) => {
    const missing = missingColumn[f]! >= 0 && x[r * width + missingColumn[f]!]! > 0.5;
    const value = valueColumn[f]! >= 0 ? x[r * width + valueColumn[f]!]! : 0;
    return missing ? 2 : valueColumn[f]! < 0 ? 0 : value > 0 ? 1 : value < 0 ? -1 : 0;
  });
}

/** Per row, the k features with the largest positive strength, and each one's direction code. */
export function rankReasons(
  features: string[],
  rows: number,
  k: number,
  strengthsOf: (row: number) => Float32Array,
  directionOf: (row: number, feature: number) => number,
): Reasons {
  const out: Reasons = { k, features, index: new Int16Array(rows * k).fill(-1), strength: new Float32Array(rows * k), direction: new Int8Array(rows * k) };
  for (let r = 0; r < rows; r++) {
    const strengths = strengthsOf(r);
    const ranked = Array.from(strengths.keys())
      .filter((f) => strengths[f]! > 1e-9)
      .sort((a, b) => strengths[b]! - strengths[a]! || a - b)
      .slice(0, k);
    ranked.forEach((f, slot) => {
      const at = r * k + slot;
      out.index[at] = f;
      out.strength[at] = strengths[f]!;
      out.direction[at] = directionOf(r, f);
    });
  }
  return out;
}

/** What a reason's direction code adds to its feature name (reasonText, and the SQL of churn_scores). */
export const DIRECTION_TEXT: Record<number, string> = { 1: ' (high)', [-1]: ' (low)', 2: ' (missing)' };

/** The reasons of row `r` as text, e.g. `recency_days (high), orders_90d (low)`. */
export function reasonText(reasons: Reasons, r: number): string {
  const parts: string[] = [];
  for (let slot = 0; slot < reasons.k; slot++) {
    const f = reasons.index[r * reasons.k + slot]!;
    if (f < 0) break;
    const direction = reasons.direction[r * reasons.k + slot]!;
    parts.push(`${reasons.features[f]!}${DIRECTION_TEXT[direction] ?? ''}`);
  }
  return parts.join(', ');
}
