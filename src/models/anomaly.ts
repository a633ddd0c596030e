/**
 * Anomaly scores for the risk flags (issue 24): robust z-scores (median and MAD, so the outliers being looked for
 * do not hide themselves by inflating a standard deviation) and an isolation forest (Liu, Ting and Zhou, 2008:
 * anomalies are isolated by fewer random splits). Pure functions over typed arrays, seeded.
 */
import { seededRandom } from './split';

/** 0.6745 = the normal distribution's 75th percentile: makes the MAD comparable to a standard deviation. */
export const MAD_TO_SD = 0.6744897501960817;

/** The median of the values (NaN for none). */
export function median(values: ArrayLike<number>): number {
  return sortedMedian(Float64Array.from(values).sort());
}

function sortedMedian(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  return n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
}

/**
 * The robust centre and spread of the finite values: the median, and MAD / 0.6745 (comparable to a standard
 * deviation). When more than half the values are equal the MAD is 0; the mean absolute deviation × 1.2533 (its ratio
 * to a standard deviation under normality) stands in; with no spread at all the spread is 0.
 */
export function robustCentreAndSpread(values: ArrayLike<number>): { centre: number; spread: number } {
  const finite = Float64Array.from(Array.from(values).filter((v) => Number.isFinite(v))).sort();
  const centre = sortedMedian(finite);
  const deviations = finite.map((v) => Math.abs(v - centre)).sort();
  const mad = sortedMedian(deviations);
  if (mad > 0) return { centre, spread: mad / MAD_TO_SD };
  const meanDeviation = deviations.reduce((s, d) => s + d, 0) / Math.max(1, deviations.length);
  return { centre, spread: 1.2533141373155 * meanDeviation };
}

/**
 * Robust z-scores: (x − median) / robust spread (robustCentreAndSpread). NaN values stay NaN and are left out of the
 * median; with no spread every score is 0. `minSpread` (in standard-deviation units) keeps a very regular group from
 * calling a small change extreme.
 */
export function robustZScores(values: ArrayLike<number>, minSpread = 0): Float64Array {
  const { centre, spread: own } = robustCentreAndSpread(values);
  const spread = Math.max(own, minSpread);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Number.isFinite(values[i]!) ? (spread > 0 ? (values[i]! - centre) / spread : 0) : Number.NaN;
  return out;
}

/**
 * Robust z-scores within groups: `groups` holds each value's group number, with the rows of a group consecutive
 * (sorted by group). Groups smaller than `minSize` get NaN: a handful of values is no yardstick.
 */
export function groupedRobustZScores(values: ArrayLike<number>, groups: ArrayLike<number>, minSize: number, minSpread = 0): Float64Array {
  const out = new Float64Array(values.length).fill(Number.NaN);
  for (let start = 0; start < values.length; ) {
    let end = start + 1;
    while (end < values.length && groups[end] === groups[start]) end++;
    if (end - start >= minSize) out.set(robustZScores(Array.prototype.slice.call(values, start, end) as number[], minSpread), start);
    start = end;
  }
  return out;
}

interface IsolationNode {
  feature: number;
  threshold: number;
  left: number;
  right: number;
  /** Rows that reached a leaf (-1 for inner nodes). */
  size: number;
}

export interface IsolationForest {
  trees: IsolationNode[][];
  sampleSize: number;
  cols: number;
}

/** c(n): the average path length of an unsuccessful search in a binary search tree of n points. */
function averagePath(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + 0.5772156649015329) - (2 * (n - 1)) / n;
}

/**
 * Grows `trees` isolation trees, each on `sampleSize` rows drawn without replacement, split at a random value of a
 * random feature until a row is alone or the depth limit ⌈log2 sampleSize⌉ is reached.
 */
export function fitIsolationForest(x: Float64Array, rows: number, cols: number, options: { trees?: number; sampleSize?: number; seed?: number } = {}): IsolationForest {
  const random = seededRandom(options.seed ?? 42);
  const sampleSize = Math.min(rows, options.sampleSize ?? 256);
  const depthLimit = Math.ceil(Math.log2(Math.max(2, sampleSize)));
  const trees: IsolationNode[][] = [];
  const all = Int32Array.from({ length: rows }, (_, i) => i);
  for (let t = 0; t < (options.trees ?? 100); t++) {
    // Partial Fisher–Yates: the first sampleSize entries are a sample without replacement.
    for (let i = 0; i < sampleSize; i++) {
      const j = i + Math.floor(random() * (rows - i));
      [all[i], all[j]] = [all[j]!, all[i]!];
    }
    const nodes: IsolationNode[] = [];
    const grow = (members: Int32Array, depth: number): number => {
      const at = nodes.length;
      nodes.push({ feature: -1, threshold: 0, left: -1, right: -1, size: members.length });
      if (members.length <= 1 || depth >= depthLimit) return at;
      // A random feature that still varies among the members (up to cols tries), split uniformly in its range.
      for (let attempt = 0; attempt < cols; attempt++) {
        const feature = Math.floor(random() * cols);
        let lo = Number.POSITIVE_INFINITY;
        let hi = Number.NEGATIVE_INFINITY;
        for (const r of members) {
          const v = x[r * cols + feature]!;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        if (!(hi > lo)) continue;
        const threshold = lo + random() * (hi - lo);
        const left = members.filter((r) => x[r * cols + feature]! < threshold);
        const right = members.filter((r) => x[r * cols + feature]! >= threshold);
        nodes[at] = { feature, threshold, left: -1, right: -1, size: -1 };
        const l = grow(left, depth + 1);
        const r = grow(right, depth + 1);
        nodes[at]!.left = l;
        nodes[at]!.right = r;
        return at;
      }
      return at;
    };
    grow(all.slice(0, sampleSize), 0);
    trees.push(nodes);
  }
  return { trees, sampleSize, cols };
}

/** Anomaly scores in (0, 1): 2^(−mean path length / c(sampleSize)); above about 0.6 stands out, near 0.5 is ordinary. */
export function isolationScores(forest: IsolationForest, x: Float64Array, rows: number): Float64Array {
  const { cols } = forest;
  const norm = averagePath(forest.sampleSize);
  const scores = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let total = 0;
    for (const nodes of forest.trees) {
      let at = 0;
      let depth = 0;
      while (nodes[at]!.size < 0) {
        const node = nodes[at]!;
        at = x[r * cols + node.feature]! < node.threshold ? node.left : node.right;
        depth++;
      }
      total += depth + averagePath(nodes[at]!.size);
    }
    scores[r] = Math.pow(2, -total / forest.trees.length / norm);
  }
  return scores;
}

/** The risk flags' forest: 100 trees of 256 rows, seeded. */
export const ISOLATION_FOREST = { trees: 100, sampleSize: 256, seed: 24 } as const;

/** Fits the risk flags' isolation forest on the rows and scores every row. */
export function isolationForestScores(x: Float64Array, rows: number, cols: number): Float64Array {
  return isolationScores(fitIsolationForest(x, rows, cols, ISOLATION_FOREST), x, rows);
}
