/**
 * CART decision trees for churn (issue 23), on binned features so that a split search costs one pass over
 * a node's rows per feature (histograms), the same machinery a forest or gradient boosting will reuse.
 * Features are cut at up to `bins` quantiles of the training rows; a split "feature ≤ threshold" sends rows
 * left; the split chosen most lowers the weighted Gini impurity or entropy, subject to a maximum depth and a
 * minimum leaf size. A leaf predicts its share of positive rows. Plain typed arrays: runs in a worker as is.
 */
import { pauser, throwIfCancelled, type TrainControl } from './model';
import { seededRandom } from './split';

/** Training rows with every feature replaced by its bin number. */
export interface BinnedFeatures {
  rows: number;
  cols: number;
  /** Column-major bin numbers: feature c of row r at codes[c · rows + r] (one feature's bins lie together). */
  codes: Uint8Array;
  /** For each feature, the upper edge of each bin but the last (a value ≤ edges[b] falls in bin ≤ b). */
  edges: Float32Array[];
}

/** Cuts each feature of `x` (rows × cols, row-major) at up to `bins` quantiles (at most 255). */
export function binFeatures(x: Float32Array, rows: number, cols: number, bins = 64): BinnedFeatures {
  const most = Math.max(2, Math.min(255, bins));
  const codes = new Uint8Array(rows * cols);
  const edges: Float32Array[] = [];
  const column = new Float32Array(rows);
  if (rows === 0) return { rows, cols, codes, edges: Array.from({ length: cols }, () => new Float32Array(0)) };
  for (let c = 0; c < cols; c++) {
    for (let r = 0; r < rows; r++) column[r] = x[r * cols + c]!;
    const sorted = Float32Array.from(column).sort();
    const cuts: number[] = [];
    for (let b = 1; b < most; b++) {
      const value = sorted[Math.min(rows - 1, Math.floor((b * rows) / most))]!;
      // A cut between distinct values only: the bin below holds values ≤ the cut.
      const below = sorted[Math.max(0, Math.floor((b * rows) / most) - 1)]!;
      const cut = below < value ? below : value;
      if (cuts.length === 0 || cut > cuts[cuts.length - 1]!) cuts.push(cut);
    }
    if (cuts.length > 0 && cuts[cuts.length - 1]! >= sorted[rows - 1]!) cuts.pop();
    const edge = Float32Array.from(cuts);
    edges.push(edge);
    for (let r = 0; r < rows; r++) codes[c * rows + r] = binOf(edge, column[r]!);
  }
  return { rows, cols, codes, edges };
}

/** Bins the rows of `x` (rows × cols) with edges found on other rows (validation or test rows). */
export function binWith(edges: Float32Array[], x: Float32Array, rows: number, cols: number): BinnedFeatures {
  const codes = new Uint8Array(rows * cols);
  for (let c = 0; c < cols; c++) for (let r = 0; r < rows; r++) codes[c * rows + r] = binOf(edges[c]!, x[r * cols + c]!);
  return { rows, cols, codes, edges };
}

/** The bin of `value` among `edges` (binary search: the first edge ≥ value, else the last bin). */
function binOf(edges: Float32Array, value: number): number {
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (value <= edges[mid]!) high = mid;
    else low = mid + 1;
  }
  return low;
}

export interface TreeOptions {
  /** Deepest level below the root (default 6). */
  maxDepth?: number;
  /** Fewest rows in a leaf (default 20). */
  minLeaf?: number;
  criterion?: 'gini' | 'entropy';
  /** Weight of each training row (default 1): class weights, or a bootstrap's counts. */
  weights?: Float32Array;
  /** Features considered at each split, drawn afresh per node (default: all); a forest's decorrelation. */
  maxFeatures?: number;
  /** Draws the features of each split when `maxFeatures` is set. */
  random?: () => number;
}

/** A fitted tree as flat arrays: node 0 is the root; a leaf has feature −1. */
export interface DecisionTree {
  feature: Int32Array;
  /** Rows with feature value ≤ threshold go to `left`. */
  threshold: Float32Array;
  left: Int32Array;
  right: Int32Array;
  /** Weighted share of positive rows reaching the node. */
  value: Float32Array;
  /** Training rows reaching the node. */
  samples: Int32Array;
  nodes: number;
}

/** Grows a tree on the rows `rows` of `data` (all rows by default) with labels `y` (0/1 for every row). */
export function fitTree(data: BinnedFeatures, y: Uint8Array, options: TreeOptions = {}, rows?: Int32Array): DecisionTree {
  const maxDepth = options.maxDepth ?? 6;
  const minLeaf = Math.max(1, options.minLeaf ?? 20);
  const impurity = options.criterion === 'entropy' ? entropy : gini;
  const weight = (r: number) => options.weights?.[r] ?? 1;
  const all = rows ?? Int32Array.from({ length: data.rows }, (_, r) => r);
  const nodes = { feature: [] as number[], threshold: [] as number[], left: [] as number[], right: [] as number[], value: [] as number[], samples: [] as number[] };
  const binsOf = data.edges.map((e) => e.length + 1);
  const histogram = new Float64Array(256 * 2);
  const countHistogram = new Int32Array(256);
  const everyFeature = Array.from({ length: data.cols }, (_, c) => c);
  const take = Math.min(data.cols, Math.max(1, options.maxFeatures ?? data.cols));
  const random = options.random ?? Math.random;
  /** The features a split may use: all of them, or `maxFeatures` drawn without replacement. */
  const candidates = (): number[] => {
    if (take === data.cols) return everyFeature;
    const pool = [...everyFeature];
    for (let i = 0; i < take; i++) {
      const j = i + Math.floor(random() * (pool.length - i));
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    return pool.slice(0, take);
  };

  const grow = (members: Int32Array, depth: number): number => {
    const id = nodes.feature.length;
    let positive = 0;
    let total = 0;
    for (const r of members) {
      const w = weight(r);
      total += w;
      positive += w * y[r]!;
    }
    nodes.feature.push(-1);
    nodes.threshold.push(0);
    nodes.left.push(-1);
    nodes.right.push(-1);
    nodes.value.push(total > 0 ? positive / total : 0);
    nodes.samples.push(members.length);
    if (depth >= maxDepth || members.length < 2 * minLeaf || positive === 0 || positive === total) return id;
    const parent = impurity(positive, total);
    let best = { gain: 1e-12, feature: -1, bin: -1 };
    for (const c of candidates()) {
      const bins = binsOf[c]!;
      histogram.fill(0, 0, bins * 2);
      countHistogram.fill(0, 0, bins);
      const offset = c * data.rows;
      for (let m = 0; m < members.length; m++) {
        const r = members[m]!;
        const b = data.codes[offset + r]!;
        const w = weight(r);
        histogram[b * 2]! += w;
        histogram[b * 2 + 1]! += w * y[r]!;
        countHistogram[b]!++;
      }
      let leftTotal = 0;
      let leftPositive = 0;
      let leftCount = 0;
      for (let b = 0; b < bins - 1; b++) {
        leftTotal += histogram[b * 2]!;
        leftPositive += histogram[b * 2 + 1]!;
        leftCount += countHistogram[b]!;
        const rightCount = members.length - leftCount;
        if (leftCount < minLeaf) continue;
        if (rightCount < minLeaf) break;
        const rightTotal = total - leftTotal;
        const gain = parent - (leftTotal / total) * impurity(leftPositive, leftTotal) - (rightTotal / total) * impurity(positive - leftPositive, rightTotal);
        if (gain > best.gain) best = { gain, feature: c, bin: b };
      }
    }
    if (best.feature < 0) return id;
    const goesLeft = (r: number) => data.codes[best.feature * data.rows + r]! <= best.bin;
    let leftSize = 0;
    for (const r of members) if (goesLeft(r)) leftSize++;
    const leftMembers = new Int32Array(leftSize);
    const rightMembers = new Int32Array(members.length - leftSize);
    let l = 0;
    let rr = 0;
    for (const r of members) {
      if (goesLeft(r)) leftMembers[l++] = r;
      else rightMembers[rr++] = r;
    }
    nodes.feature[id] = best.feature;
    nodes.threshold[id] = data.edges[best.feature]![best.bin]!;
    nodes.left[id] = grow(leftMembers, depth + 1);
    nodes.right[id] = grow(rightMembers, depth + 1);
    return id;
  };

  grow(all, 0);
  return {
    feature: Int32Array.from(nodes.feature),
    threshold: Float32Array.from(nodes.threshold),
    left: Int32Array.from(nodes.left),
    right: Int32Array.from(nodes.right),
    value: Float32Array.from(nodes.value),
    samples: Int32Array.from(nodes.samples),
    nodes: nodes.feature.length,
  };
}

function gini(positive: number, total: number): number {
  if (total <= 0) return 0;
  const p = positive / total;
  return 2 * p * (1 - p);
}

function entropy(positive: number, total: number): number {
  if (total <= 0) return 0;
  const p = positive / total;
  if (p <= 0 || p >= 1) return 0;
  return -(p * Math.log2(p) + (1 - p) * Math.log2(1 - p));
}

/** The leaf each row of `x` (rows × cols, raw values) reaches. */
export function leafOf(tree: DecisionTree, x: Float32Array, row: number, cols: number): number {
  let node = 0;
  while (tree.feature[node]! >= 0) node = x[row * cols + tree.feature[node]!]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
  return node;
}

/** P(1) for each row of `x` (rows × cols): the share of positives in the leaf it reaches. */
export function predictTree(tree: DecisionTree, x: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) out[r] = tree.value[leafOf(tree, x, r, cols)]!;
  return out;
}

/** One leaf as a plain rule: the conditions on the path, the share of positives and the rows in it. */
export interface TreeRule {
  conditions: string[];
  probability: number;
  samples: number;
}

/** How a split "feature ≤ threshold" reads as its two conditions (left, right). */
export type DescribeSplit = (feature: number, threshold: number) => [string, string];

/** Conditions named after the features, thresholds to 2 decimals: `orders ≤ 1.5` / `orders > 1.5`. */
export function plainSplits(names: readonly string[]): DescribeSplit {
  return (f, threshold) => {
    const name = names[f] ?? `feature ${f}`;
    const value = String(Math.round(threshold * 100) / 100);
    return [`${name} ≤ ${value}`, `${name} > ${value}`];
  };
}

/**
 * Every leaf as a rule ("recency_days > 120", "orders ≤ 1" → 91%, 3,104 rows), largest probability first. A
 * feature split twice on the way down keeps only its tightest bound on each side, so a rule never says
 * "recency > 225 and recency > 304".
 */
export function treeRules(tree: DecisionTree, describe: DescribeSplit): TreeRule[] {
  const rules: TreeRule[] = [];
  /** Per feature on the path: the smallest "≤" threshold and the largest ">" threshold, in first-seen order. */
  type Bounds = Map<number, { le?: number; gt?: number }>;
  const walk = (node: number, bounds: Bounds) => {
    const f = tree.feature[node]!;
    if (f < 0) {
      const conditions = [...bounds].flatMap(([feature, b]) => [
        ...(b.gt !== undefined ? [describe(feature, b.gt)[1]] : []),
        ...(b.le !== undefined ? [describe(feature, b.le)[0]] : []),
      ]);
      rules.push({ conditions, probability: tree.value[node]!, samples: tree.samples[node]! });
      return;
    }
    const t = tree.threshold[node]!;
    const at = bounds.get(f) ?? {};
    walk(tree.left[node]!, new Map(bounds).set(f, { ...at, le: Math.min(at.le ?? Infinity, t) }));
    walk(tree.right[node]!, new Map(bounds).set(f, { ...at, gt: Math.max(at.gt ?? -Infinity, t) }));
  };
  walk(0, new Map());
  return rules.sort((a, b) => b.probability - a.probability || b.samples - a.samples);
}

export interface ForestOptions extends Omit<TreeOptions, 'weights' | 'random'> {
  /** Trees grown (default 100). */
  trees?: number;
  seed?: number;
}

/**
 * A random forest: each tree grown on a bootstrap sample of the rows (as counts, so no row is copied) with
 * √features candidates per split unless told otherwise; it predicts the trees' mean. Tree t draws from its
 * own seed (seed, t), so the forest is the same however its trees are shared among workers.
 */
export async function fitForest(data: BinnedFeatures, y: Uint8Array, options: ForestOptions = {}, control: TrainControl = {}): Promise<DecisionTree[]> {
  const count = options.trees ?? 100;
  const trees: DecisionTree[] = [];
  const pause = pauser();
  const started = performance.now();
  for (let t = 0; t < count; t++) {
    throwIfCancelled(control.signal);
    trees.push(forestTree(data, y, options, t));
    control.onEpoch?.({ epoch: t + 1, maxEpochs: count, loss: Number.NaN, elapsedMs: performance.now() - started });
    await pause();
  }
  return trees;
}

/** Tree number `t` of the forest `options` describes. */
export function forestTree(data: BinnedFeatures, y: Uint8Array, options: ForestOptions, t: number): DecisionTree {
  const random = seededRandom((options.seed ?? 42) * 7919 + t * 104729 + 1);
  const maxFeatures = options.maxFeatures ?? Math.max(1, Math.round(Math.sqrt(data.cols)));
  const weights = new Float32Array(data.rows);
  for (let i = 0; i < data.rows; i++) weights[Math.floor(random() * data.rows)]!++;
  const drawn = Int32Array.from({ length: data.rows }, (_, r) => r).filter((r) => weights[r]! > 0);
  return fitTree(data, y, { ...options, maxFeatures, weights, random }, drawn);
}

/** The forest's P(1) for each row: the mean of its trees'. */
export function predictForest(trees: readonly DecisionTree[], x: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows);
  for (const tree of trees) {
    for (let r = 0; r < rows; r++) out[r]! += tree.value[leafOf(tree, x, r, cols)]!;
  }
  for (let r = 0; r < rows; r++) out[r]! /= Math.max(1, trees.length);
  return out;
}
