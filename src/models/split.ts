/**
 * Seeded, stratified splits: every split keeps the label's share in each part (to within one row
 * per class), and the same seed always gives the same rows, in Node and in a browser worker alike.
 */

/** A seeded uniform generator on [0, 1) (mulberry32): small, fast and good enough for shuffles. */
export function seededRandom(seed: number): () => number {
  let state = (seed | 0) ^ 0x6d2b79f5;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Shuffles `values` in place (Fisher–Yates) and returns them. */
export function shuffleInPlace<T extends { length: number; [i: number]: number }>(values: T, random: () => number): T {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const v = values[i]!;
    values[i] = values[j]!;
    values[j] = v;
  }
  return values;
}

/** Row indices of a split, each sorted ascending. */
export interface Split {
  train: Int32Array;
  test: Int32Array;
}

/** The rows of each class, shuffled. */
function classRows(labels: ArrayLike<number>, random: () => number): [Int32Array, Int32Array] {
  const negatives: number[] = [];
  const positives: number[] = [];
  for (let i = 0; i < labels.length; i++) (labels[i] === 1 ? positives : negatives).push(i);
  return [shuffleInPlace(Int32Array.from(negatives), random), shuffleInPlace(Int32Array.from(positives), random)];
}

/** Stratified train/test split: round(testFraction × class size) rows of each class go to the test part. */
export function stratifiedSplit(labels: ArrayLike<number>, testFraction: number, seed: number): Split {
  if (!(testFraction > 0 && testFraction < 1)) throw new Error(`The test share must be between 0 and 1 (got ${testFraction}).`);
  const random = seededRandom(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const rows of classRows(labels, random)) {
    const k = Math.round(rows.length * testFraction);
    for (let i = 0; i < rows.length; i++) (i < k ? test : train).push(rows[i]!);
  }
  return { train: sorted(train), test: sorted(test) };
}

/** Stratified k-fold: fold f tests on every k-th row of each shuffled class starting at f. */
export function stratifiedKFold(labels: ArrayLike<number>, folds: number, seed: number): Split[] {
  if (!Number.isInteger(folds) || folds < 2) throw new Error(`Cross-validation needs at least 2 folds (got ${folds}).`);
  const random = seededRandom(seed);
  const foldOf = new Int32Array(labels.length);
  for (const rows of classRows(labels, random)) {
    for (let i = 0; i < rows.length; i++) foldOf[rows[i]!] = i % folds;
  }
  return Array.from({ length: folds }, (_, f) => {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < labels.length; i++) (foldOf[i] === f ? test : train).push(i);
    return { train: Int32Array.from(train), test: Int32Array.from(test) };
  });
}

/** The rows `index` of a row-major matrix with `cols` columns. */
export function takeRows(x: Float32Array, cols: number, index: ArrayLike<number>): Float32Array {
  const out = new Float32Array(index.length * cols);
  for (let k = 0; k < index.length; k++) {
    const r = index[k]!;
    out.set(x.subarray(r * cols, r * cols + cols), k * cols);
  }
  return out;
}

/** The entries `index` of a vector. */
export function take<T extends Float32Array | Uint8Array | Int32Array>(values: T, index: ArrayLike<number>): T {
  const out = new (values.constructor as new (n: number) => T)(index.length);
  for (let k = 0; k < index.length; k++) out[k] = values[index[k]!]!;
  return out;
}

function sorted(values: number[]): Int32Array {
  return Int32Array.from(values).sort();
}
