/**
 * Gradient-boosted trees for churn (issue 23), histogram-based like LightGBM or scikit-learn's
 * HistGradientBoosting: on the binned features of src/models/tree.ts, each round fits a tree of depth
 * `maxDepth` to the log-loss gradients and hessians (split gain G²/(H + λ) on both sides against the parent,
 * leaf value −G/(H + λ)), shrunk by the learning rate. With a validation set it stops when the validation log
 * loss has not improved for `patience` rounds and keeps the best round. Deterministic (no sampling).
 */
import { pauser, throwIfCancelled, type TrainControl } from './model';
import type { BinnedFeatures } from './tree';

export interface BoostingOptions {
  /** Rounds at most (default 100). */
  trees?: number;
  /** Depth of each tree (default 6). */
  maxDepth?: number;
  learningRate?: number;
  /** Fewest rows in a leaf (default 20). */
  minLeaf?: number;
  /** L2 on leaf values (default 1). */
  lambda?: number;
  /** Rounds without a better validation loss before stopping (default 10). */
  patience?: number;
}

/** One boosted tree as flat arrays (leaf: feature −1, `value` the leaf's shrunk score). */
export interface BoostedTree {
  feature: Int32Array;
  /** Rows whose bin is ≤ `bin` go left; `threshold` is that bin's upper edge, for raw values. */
  bin: Int32Array;
  threshold: Float32Array;
  left: Int32Array;
  right: Int32Array;
  value: Float32Array;
}

export interface BoostedModel {
  /** The log-odds every row starts from (the training positives' share). */
  base: number;
  trees: BoostedTree[];
  /** Validation log loss after each round kept (empty without a validation set). */
  validationLoss: number[];
}

/** Boosts on `train` (labels `y`), stopping early on `validation` when given (binned with the same edges). */
export async function fitBoosting(
  train: BinnedFeatures,
  y: Uint8Array,
  options: BoostingOptions = {},
  validation?: { data: BinnedFeatures; y: Uint8Array },
  control: TrainControl = {},
): Promise<BoostedModel> {
  const pause = pauser();
  const started = performance.now();
  const rounds = options.trees ?? 100;
  const rate = options.learningRate ?? 0.1;
  const lambda = options.lambda ?? 1;
  const patience = options.patience ?? 10;
  let positives = 0;
  for (const label of y) positives += label;
  const share = Math.min(1 - 1e-6, Math.max(1e-6, positives / Math.max(1, y.length)));
  const base = Math.log(share / (1 - share));
  const score = new Float64Array(train.rows).fill(base);
  const validScore = validation ? new Float64Array(validation.data.rows).fill(base) : null;
  const gradient = new Float64Array(train.rows);
  const hessian = new Float64Array(train.rows);
  const trees: BoostedTree[] = [];
  const losses: number[] = [];
  let best = { loss: Number.POSITIVE_INFINITY, round: 0 };
  for (let round = 0; round < rounds; round++) {
    throwIfCancelled(control.signal);
    for (let r = 0; r < train.rows; r++) {
      const p = 1 / (1 + Math.exp(-score[r]!));
      gradient[r] = p - y[r]!;
      hessian[r] = Math.max(1e-12, p * (1 - p));
    }
    const tree = growTree(train, gradient, hessian, options.maxDepth ?? 6, Math.max(1, options.minLeaf ?? 20), lambda, rate);
    trees.push(tree);
    for (let r = 0; r < train.rows; r++) score[r]! += tree.value[leafOfBinned(tree, train, r)]!;
    if (validation && validScore) {
      let loss = 0;
      for (let r = 0; r < validation.data.rows; r++) {
        validScore[r]! += tree.value[leafOfBinned(tree, validation.data, r)]!;
        const p = 1 / (1 + Math.exp(-validScore[r]!));
        loss -= validation.y[r] ? Math.log(Math.max(1e-15, p)) : Math.log(Math.max(1e-15, 1 - p));
      }
      loss /= Math.max(1, validation.data.rows);
      losses.push(loss);
      if (loss < best.loss - 1e-9) best = { loss, round: round + 1 };
      control.onEpoch?.({ epoch: round + 1, maxEpochs: rounds, loss: Number.NaN, valLoss: loss, elapsedMs: performance.now() - started });
      if (round + 1 - best.round >= patience) break;
    } else control.onEpoch?.({ epoch: round + 1, maxEpochs: rounds, loss: Number.NaN, elapsedMs: performance.now() - started });
    await pause();
  }
  const kept = validation ? best.round : trees.length;
  return { base, trees: trees.slice(0, kept), validationLoss: losses.slice(0, kept) };
}

function growTree(data: BinnedFeatures, g: Float64Array, h: Float64Array, maxDepth: number, minLeaf: number, lambda: number, rate: number): BoostedTree {
  const nodes = { feature: [] as number[], bin: [] as number[], threshold: [] as number[], left: [] as number[], right: [] as number[], value: [] as number[] };
  // A node's histograms, every feature side by side: (gradient sum, hessian sum, rows) per bin, 256 bins each.
  const width = 256 * 3;
  const histogramOf = (members: Int32Array): Float64Array => {
    const hist = new Float64Array(data.cols * width);
    for (let c = 0; c < data.cols; c++) {
      const offset = c * data.rows;
      const base = c * width;
      for (let m = 0; m < members.length; m++) {
        const r = members[m]!;
        const at = base + data.codes[offset + r]! * 3;
        hist[at]! += g[r]!;
        hist[at + 1]! += h[r]!;
        hist[at + 2]!++;
      }
    }
    return hist;
  };
  const grow = (members: Int32Array, hist: Float64Array, depth: number): number => {
    const id = nodes.feature.length;
    // The totals are any feature's histogram summed.
    let G = 0;
    let H = 0;
    for (let b = 0; b < 256; b++) {
      G += hist[b * 3]!;
      H += hist[b * 3 + 1]!;
    }
    nodes.feature.push(-1);
    nodes.bin.push(0);
    nodes.threshold.push(0);
    nodes.left.push(-1);
    nodes.right.push(-1);
    nodes.value.push((-G / (H + lambda)) * rate);
    if (depth >= maxDepth || members.length < 2 * minLeaf) return id;
    const parent = (G * G) / (H + lambda);
    let best = { gain: 1e-9, feature: -1, bin: -1 };
    for (let c = 0; c < data.cols; c++) {
      const bins = data.edges[c]!.length + 1;
      const base = c * width;
      let GL = 0;
      let HL = 0;
      let nL = 0;
      for (let b = 0; b < bins - 1; b++) {
        GL += hist[base + b * 3]!;
        HL += hist[base + b * 3 + 1]!;
        nL += hist[base + b * 3 + 2]!;
        if (nL < minLeaf) continue;
        if (members.length - nL < minLeaf) break;
        const GR = G - GL;
        const HR = H - HL;
        const gain = (GL * GL) / (HL + lambda) + (GR * GR) / (HR + lambda) - parent;
        if (gain > best.gain) best = { gain, feature: c, bin: b };
      }
    }
    if (best.feature < 0) return id;
    const column = best.feature * data.rows;
    let leftSize = 0;
    for (let m = 0; m < members.length; m++) if (data.codes[column + members[m]!]! <= best.bin) leftSize++;
    const left = new Int32Array(leftSize);
    const right = new Int32Array(members.length - leftSize);
    let l = 0;
    let rr = 0;
    for (let m = 0; m < members.length; m++) {
      const r = members[m]!;
      if (data.codes[column + r]! <= best.bin) left[l++] = r;
      else right[rr++] = r;
    }
    // Histogram subtraction: count the smaller child, take the larger as the parent's minus it.
    const smallIsLeft = left.length <= right.length;
    const small = histogramOf(smallIsLeft ? left : right);
    const large = hist;
    for (let i = 0; i < large.length; i++) large[i]! -= small[i]!;
    nodes.feature[id] = best.feature;
    nodes.bin[id] = best.bin;
    nodes.threshold[id] = data.edges[best.feature]![best.bin]!;
    nodes.left[id] = grow(left, smallIsLeft ? small : large, depth + 1);
    nodes.right[id] = grow(right, smallIsLeft ? large : small, depth + 1);
    return id;
  };
  const everyone = Int32Array.from({ length: data.rows }, (_, r) => r);
  grow(everyone, histogramOf(everyone), 0);
  return {
    feature: Int32Array.from(nodes.feature),
    bin: Int32Array.from(nodes.bin),
    threshold: Float32Array.from(nodes.threshold),
    left: Int32Array.from(nodes.left),
    right: Int32Array.from(nodes.right),
    value: Float32Array.from(nodes.value),
  };
}

function leafOfBinned(tree: BoostedTree, data: BinnedFeatures, row: number): number {
  let node = 0;
  while (tree.feature[node]! >= 0) node = data.codes[tree.feature[node]! * data.rows + row]! <= tree.bin[node]! ? tree.left[node]! : tree.right[node]!;
  return node;
}

/** P(1) for each row of raw `x` (rows × cols). */
export function predictBoosting(model: BoostedModel, x: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = model.base;
    for (const tree of model.trees) {
      let node = 0;
      while (tree.feature[node]! >= 0) node = x[r * cols + tree.feature[node]!]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
      s += tree.value[node]!;
    }
    out[r] = 1 / (1 + Math.exp(-s));
  }
  return out;
}
