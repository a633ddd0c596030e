/**
 * Logistic regression with an L2 penalty, fitted exactly by Newton's method (IRLS) in plain
 * TypeScript: the same well-converged answer as any standard solver (the intercept is not
 * penalised), in ~10 iterations, with no tensors to manage. It runs wherever the worker runs.
 * Objective: Σ wᵢ·crossEntropy(yᵢ, pᵢ) + (l2 / 2)·‖β‖², wᵢ the class weight of row i.
 */
import {
  classWeights,
  pauser,
  throwIfCancelled,
  type BinaryClassifier,
  type ClassWeight,
  type TrainControl,
  type TrainingData,
} from './model';

export interface LogisticOptions {
  /** L2 penalty strength on the summed loss (sklearn's 1 / C); default 1. */
  l2?: number;
  maxIterations?: number;
  /** Stop when the largest coefficient step is below this; default 1e-7. */
  tolerance?: number;
  classWeight?: ClassWeight;
}

/** A fitted logistic regression (its JSON is the saved model). */
export interface LogisticParams {
  kind: 'logistic';
  intercept: number;
  coefficients: number[];
  iterations: number;
  converged: boolean;
}

/** A fitted logistic regression that predicts. */
export class LogisticModel implements BinaryClassifier {
  readonly kind = 'logistic';
  constructor(readonly params: LogisticParams) {}

  async predict(x: Float32Array, rows: number): Promise<Float32Array> {
    return this.predictSync(x, rows);
  }

  /** P(label = 1) per row, synchronously. */
  predictSync(x: Float32Array, rows: number): Float32Array {
    const { intercept, coefficients } = this.params;
    const d = coefficients.length;
    if (x.length !== rows * d) throw new Error(`Expected ${rows} × ${d} values, got ${x.length}.`);
    const out = new Float32Array(rows);
    for (let r = 0; r < rows; r++) {
      let eta = intercept;
      for (let j = 0; j < d; j++) eta += coefficients[j]! * x[r * d + j]!;
      out[r] = sigmoid(eta);
    }
    return out;
  }

  dispose(): void {}
}

/** Fits the model; `control.onEpoch` hears every Newton iteration. */
export async function trainLogistic(data: TrainingData, options: LogisticOptions = {}, control: TrainControl = {}): Promise<LogisticModel> {
  const { x, y, rows: n, cols: d } = data;
  const l2 = options.l2 ?? 1;
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-7;
  const [w0, w1] = classWeights(y, options.classWeight);
  const weight = (i: number) => (y[i] === 1 ? w1 : w0);
  const p = d + 1;
  let beta = new Float64Array(p);
  let objective = objectiveOf(beta);
  const started = performance.now();
  const pause = pauser();
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations && !converged) {
    throwIfCancelled(control.signal);
    const { gradient, hessian } = derivatives(beta);
    const step = choleskySolve(hessian, gradient, p);
    let scale = 1;
    let candidate = beta;
    let candidateObjective = Infinity;
    for (let halvings = 0; halvings < 30; halvings++) {
      candidate = beta.map((b, j) => b - scale * step[j]!);
      candidateObjective = objectiveOf(candidate);
      if (candidateObjective <= objective + 1e-12 * Math.abs(objective)) break;
      scale /= 2;
    }
    const largestStep = Math.max(...step.map((s) => Math.abs(s * scale)));
    const improvement = objective - candidateObjective;
    beta = candidate;
    objective = candidateObjective;
    iterations++;
    converged = largestStep < tolerance || Math.abs(improvement) <= 1e-12 * Math.abs(objective);
    control.onEpoch?.({ epoch: iterations, maxEpochs: maxIterations, loss: meanLoss(beta), elapsedMs: performance.now() - started });
    await pause();
  }
  return new LogisticModel({ kind: 'logistic', intercept: beta[0]!, coefficients: Array.from(beta.subarray(1)), iterations, converged });

  function linear(b: Float64Array, r: number): number {
    let eta = b[0]!;
    for (let j = 0; j < d; j++) eta += b[j + 1]! * x[r * d + j]!;
    return eta;
  }

  function objectiveOf(b: Float64Array): number {
    let sum = 0;
    for (let r = 0; r < n; r++) sum += weight(r) * crossEntropy(y[r]!, linear(b, r));
    let penalty = 0;
    for (let j = 1; j < p; j++) penalty += b[j]! * b[j]!;
    return sum + (l2 / 2) * penalty;
  }

  function meanLoss(b: Float64Array): number {
    let sum = 0;
    let total = 0;
    for (let r = 0; r < n; r++) {
      sum += weight(r) * crossEntropy(y[r]!, linear(b, r));
      total += weight(r);
    }
    return sum / total;
  }

  function derivatives(b: Float64Array): { gradient: Float64Array; hessian: Float64Array } {
    const gradient = new Float64Array(p);
    const hessian = new Float64Array(p * p);
    const row = new Float64Array(p);
    row[0] = 1;
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < d; j++) row[j + 1] = x[r * d + j]!;
      const mu = sigmoid(linear(b, r));
      const s = weight(r);
      const g = s * (mu - y[r]!);
      const h = s * mu * (1 - mu);
      for (let j = 0; j < p; j++) {
        gradient[j]! += g * row[j]!;
        const hj = h * row[j]!;
        for (let k = 0; k <= j; k++) hessian[j * p + k]! += hj * row[k]!;
      }
    }
    for (let j = 0; j < p; j++) {
      for (let k = 0; k < j; k++) hessian[k * p + j] = hessian[j * p + k]!;
      if (j > 0) {
        gradient[j]! += l2 * b[j]!;
        hessian[j * p + j]! += l2;
      }
    }
    return { gradient, hessian };
  }
}

/** σ(η) = 1 / (1 + e^−η). */
export function sigmoid(eta: number): number {
  return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
}

/** Cross-entropy of label y under logit η, computed stably. */
function crossEntropy(y: number, eta: number): number {
  const softplus = eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
  return softplus - y * eta;
}

/** Solves A·z = b for a symmetric positive-definite p × p matrix (a tiny ridge rescues a singular one). */
export function choleskySolve(a: Float64Array, b: Float64Array, p: number): Float64Array {
  for (let ridge = 0; ; ridge = ridge === 0 ? 1e-10 : ridge * 100) {
    const l = new Float64Array(p * p);
    let ok = true;
    for (let i = 0; i < p && ok; i++) {
      for (let j = 0; j <= i; j++) {
        let sum = a[i * p + j]! + (i === j ? ridge * (1 + Math.abs(a[i * p + i]!)) : 0);
        for (let k = 0; k < j; k++) sum -= l[i * p + k]! * l[j * p + k]!;
        if (i === j) {
          if (!(sum > 0)) {
            ok = false;
            break;
          }
          l[i * p + i] = Math.sqrt(sum);
        } else l[i * p + j] = sum / l[j * p + j]!;
      }
    }
    if (!ok) {
      if (ridge > 1) throw new Error('The features are degenerate: logistic regression cannot be fitted.');
      continue;
    }
    const z = new Float64Array(p);
    for (let i = 0; i < p; i++) {
      let sum = b[i]!;
      for (let k = 0; k < i; k++) sum -= l[i * p + k]! * z[k]!;
      z[i] = sum / l[i * p + i]!;
    }
    for (let i = p - 1; i >= 0; i--) {
      let sum = z[i]!;
      for (let k = i + 1; k < p; k++) sum -= l[k * p + i]! * z[k]!;
      z[i] = sum / l[i * p + i]!;
    }
    return z;
  }
}
