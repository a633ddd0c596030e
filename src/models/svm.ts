/**
 * A linear support vector machine for churn (issue 23): hinge loss with an L2 penalty,
 *   minimise (λ/2)‖w‖² + (1/n) Σ wᵢ · max(0, 1 − yᵢ (w·xᵢ + b)),   yᵢ ∈ {−1, +1}, wᵢ the class weight,
 * (LIBLINEAR's C is 1 / (λ n)),
 * solved in the dual by coordinate descent (Hsieh et al. 2008, the method of LIBLINEAR): one pass visits
 * every row in a seeded order and moves its dual variable αᵢ ∈ [0, Cᵢ] to its best value, keeping
 * w = Σ αᵢ yᵢ xᵢ up to date, until the projected gradient's spread is under a tolerance. The intercept is
 * an extra constant input (`biasInput`), penalised as LIBLINEAR does; a large constant makes the penalty
 * on b small.
 *
 * An SVM gives distances, not probabilities. Platt scaling fits P(churn) = 1 / (1 + exp(A·f + B)) to
 * decision values f that the rows' own model never saw (out-of-fold), because in-sample distances
 * are overconfident — on noise labels they separate the training rows perfectly.
 */
import { classWeights, pauser, throwIfCancelled, type BinaryClassifier, type ClassWeight, type TrainControl, type TrainingData } from './model';
import { seededRandom, shuffleInPlace, stratifiedKFold, take, takeRows } from './split';

export interface SvmOptions {
  /** L2 strength λ on the mean hinge loss; default 0.1. */
  l2?: number;
  /** Default 'balanced': unweighted hinge loss on a lopsided churn rate puts the margin among the few. */
  classWeight?: ClassWeight;
  /** Dual passes at most (default 200). */
  maxPasses?: number;
  /** Stop when the projected gradient spreads less than this (default 0.01). */
  tolerance?: number;
  /** The constant input carrying the intercept (default 10: its weight, hence b's penalty, stays small). */
  biasInput?: number;
  /** Folds giving the out-of-fold decision values Platt scaling is fitted on (default 3). */
  plattFolds?: number;
  seed?: number;
}

/** A fitted linear SVM: f(x) = w·x + b. */
export interface SvmParams {
  weights: number[];
  bias: number;
  passes: number;
  converged: boolean;
}

/** Platt's sigmoid on decision values: P(1 | f) = 1 / (1 + exp(a·f + b)). */
export interface PlattParams {
  a: number;
  b: number;
}

/** Fits the hinge-loss SVM on rows × cols `x` with 0/1 labels. */
export function fitLinearSvm(data: TrainingData, options: SvmOptions = {}): SvmParams {
  const { x, y, rows, cols } = data;
  const [w0, w1] = classWeights(y, options.classWeight ?? 'balanced');
  const c = 1 / ((options.l2 ?? 0.1) * Math.max(1, rows));
  const bias = options.biasInput ?? 10;
  const tolerance = options.tolerance ?? 0.01;
  const maxPasses = options.maxPasses ?? 200;
  const width = cols + 1;
  const w = new Float64Array(width);
  const alpha = new Float64Array(rows);
  const q = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = bias * bias;
    for (let j = 0; j < cols; j++) s += x[r * cols + j]! ** 2;
    q[r] = s;
  }
  const order = Int32Array.from({ length: rows }, (_, r) => r);
  const random = seededRandom(options.seed ?? 42);
  let passes = 0;
  let converged = false;
  while (passes < maxPasses && !converged) {
    passes++;
    shuffleInPlace(order, random);
    let high = -Infinity;
    let low = Infinity;
    for (const r of order) {
      const sign = y[r] === 1 ? 1 : -1;
      const upper = c * (y[r] === 1 ? w1 : w0);
      let margin = w[cols]! * bias;
      for (let j = 0; j < cols; j++) margin += w[j]! * x[r * cols + j]!;
      const gradient = sign * margin - 1;
      const a = alpha[r]!;
      const projected = a === 0 ? Math.min(gradient, 0) : a >= upper ? Math.max(gradient, 0) : gradient;
      high = Math.max(high, projected);
      low = Math.min(low, projected);
      if (projected === 0 || q[r] === 0) continue;
      const next = Math.min(Math.max(a - gradient / q[r]!, 0), upper);
      const step = (next - a) * sign;
      alpha[r] = next;
      for (let j = 0; j < cols; j++) w[j]! += step * x[r * cols + j]!;
      w[cols]! += step * bias;
    }
    converged = high - low < tolerance;
  }
  return { weights: Array.from(w.subarray(0, cols)), bias: w[cols]! * bias, passes, converged };
}

/** Decision values w·x + b of each row. */
export function decisionValues(params: SvmParams, x: Float32Array, rows: number): Float64Array {
  const cols = params.weights.length;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let f = params.bias;
    for (let j = 0; j < cols; j++) f += params.weights[j]! * x[r * cols + j]!;
    out[r] = f;
  }
  return out;
}

/**
 * Platt's sigmoid fitted by Newton's method on decision values and labels, with Platt's smoothed
 * targets ((positives + 1) / (positives + 2) and 1 / (negatives + 2)) so that separable scores give a
 * finite slope.
 */
export function fitPlatt(scores: ArrayLike<number>, labels: ArrayLike<number>): PlattParams {
  const n = scores.length;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i]!;
  const negatives = n - positives;
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (negatives + 2);
  let a = 0;
  let b = Math.log((negatives + 1) / (positives + 1));
  const objective = (pa: number, pb: number) => {
    let value = 0;
    for (let i = 0; i < n; i++) {
      const t = labels[i] === 1 ? hi : lo;
      const fApB = scores[i]! * pa + pb;
      value += fApB >= 0 ? t * fApB + Math.log1p(Math.exp(-fApB)) : (t - 1) * fApB + Math.log1p(Math.exp(fApB));
    }
    return value;
  };
  let current = objective(a, b);
  for (let iteration = 0; iteration < 100; iteration++) {
    let h11 = 1e-12;
    let h22 = 1e-12;
    let h21 = 0;
    let g1 = 0;
    let g2 = 0;
    for (let i = 0; i < n; i++) {
      const t = labels[i] === 1 ? hi : lo;
      const fApB = scores[i]! * a + b;
      const p = fApB >= 0 ? Math.exp(-fApB) / (1 + Math.exp(-fApB)) : 1 / (1 + Math.exp(fApB));
      const d2 = p * (1 - p);
      h11 += scores[i]! ** 2 * d2;
      h22 += d2;
      h21 += scores[i]! * d2;
      const d1 = t - p;
      g1 += scores[i]! * d1;
      g2 += d1;
    }
    if (Math.abs(g1) < 1e-6 && Math.abs(g2) < 1e-6) break;
    const det = h11 * h22 - h21 * h21;
    const da = -(h22 * g1 - h21 * g2) / det;
    const db = -(-h21 * g1 + h11 * g2) / det;
    const slope = g1 * da + g2 * db;
    let step = 1;
    while (step >= 1e-10) {
      const value = objective(a + step * da, b + step * db);
      if (value < current + 1e-4 * step * slope) {
        a += step * da;
        b += step * db;
        current = value;
        break;
      }
      step /= 2;
    }
    if (step < 1e-10) break;
  }
  return { a, b };
}

/** Platt probabilities of decision values. */
export function plattProbabilities(platt: PlattParams, scores: ArrayLike<number>): Float32Array {
  const out = new Float32Array(scores.length);
  for (let i = 0; i < scores.length; i++) out[i] = 1 / (1 + Math.exp(platt.a * scores[i]! + platt.b));
  return out;
}

/** What a trained SVM carries: the hyperplane, Platt's sigmoid, and the held-out values it was fitted on. */
export interface SvmFit {
  svm: SvmParams;
  platt: PlattParams;
  /** The out-of-fold decision value of every training row (what Platt scaling saw). */
  heldOutScores: Float64Array;
}

/** A linear SVM with probabilities: as a churn classifier. */
export class SvmModel implements BinaryClassifier {
  readonly kind = 'svm';
  constructor(readonly params: { svm: SvmParams; platt: PlattParams }) {}

  async predict(x: Float32Array, rows: number): Promise<Float32Array> {
    return plattProbabilities(this.params.platt, decisionValues(this.params.svm, x, rows));
  }

  dispose(): void {}
}

/**
 * Trains the SVM on all the rows and fits Platt scaling on out-of-fold decision values: each fold's rows
 * scored by an SVM trained on the other folds only.
 */
export async function trainSvm(data: TrainingData, options: SvmOptions = {}, control: TrainControl = {}): Promise<{ model: SvmModel; fit: SvmFit }> {
  const folds = Math.max(2, options.plattFolds ?? 3);
  const heldOutScores = new Float64Array(data.rows);
  const pause = pauser();
  for (const split of stratifiedKFold(data.y, folds, (options.seed ?? 42) + 3)) {
    throwIfCancelled(control.signal);
    const inner = fitLinearSvm({ x: takeRows(data.x, data.cols, split.train), y: take(data.y, split.train), rows: split.train.length, cols: data.cols }, options);
    const scores = decisionValues(inner, takeRows(data.x, data.cols, split.test), split.test.length);
    split.test.forEach((row, i) => (heldOutScores[row] = scores[i]!));
    await pause();
  }
  throwIfCancelled(control.signal);
  const svm = fitLinearSvm(data, options);
  const platt = fitPlatt(heldOutScores, data.y);
  return { model: new SvmModel({ svm, platt }), fit: { svm, platt, heldOutScores } };
}
