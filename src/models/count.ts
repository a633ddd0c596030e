/**
 * Count regression (issue 24): Poisson and negative-binomial (NB2: variance μ + αμ²) regression with a log link, for
 * "how many purchase dates in the next H days". Newton–Raphson on the log-likelihood (IRLS) with a small ridge on
 * the slopes (not the intercept) so separated or collinear features cannot run away; NB's α by maximising its
 * profile likelihood in log α (golden section), alternating with β. Pure functions over row-major Float64Arrays.
 */
import { lgamma } from './clv/special';
import { choleskySolve } from './logistic';

export interface CountFit {
  kind: 'poisson' | 'negative-binomial';
  /** Intercept first, then one coefficient per column. */
  coef: Float64Array;
  /** NB2 dispersion α (0 for Poisson). */
  alpha: number;
  logLikelihood: number;
  iterations: number;
}

export interface CountOptions {
  /** Ridge on the slopes (default 1e-4 × rows). */
  ridge?: number;
  maxIterations?: number;
}

/** Σ log P(y | μ) under Poisson. */
export function poissonLogLikelihood(y: ArrayLike<number>, mu: ArrayLike<number>): number {
  let ll = 0;
  for (let i = 0; i < y.length; i++) ll += y[i]! * Math.log(mu[i]!) - mu[i]! - lgamma(y[i]! + 1);
  return ll;
}

/** Σ log P(y | μ, α) under NB2. */
export function negativeBinomialLogLikelihood(y: ArrayLike<number>, mu: ArrayLike<number>, alpha: number): number {
  const k = 1 / alpha;
  let ll = 0;
  for (let i = 0; i < y.length; i++) {
    const m = mu[i]!;
    ll += lgamma(y[i]! + k) - lgamma(k) - lgamma(y[i]! + 1) + k * Math.log(k / (k + m)) + y[i]! * Math.log(m / (k + m));
  }
  return ll;
}

/** μ = exp(b0 + x·b) per row. */
export function predictCounts(fit: Pick<CountFit, 'coef'>, x: Float64Array, rows: number): Float64Array {
  const p = fit.coef.length - 1;
  const mu = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let eta = fit.coef[0]!;
    for (let j = 0; j < p; j++) eta += fit.coef[j + 1]! * x[r * p + j]!;
    mu[r] = Math.exp(Math.min(eta, 30));
  }
  return mu;
}

/** Newton on β for a fixed α (α = 0: Poisson): IRLS weights μ / (1 + αμ). */
function fitBeta(x: Float64Array, y: Float64Array, rows: number, p: number, alpha: number, start: Float64Array, ridge: number, maxIterations: number): { coef: Float64Array; iterations: number } {
  const q = p + 1;
  const coef = Float64Array.from(start);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const gradient = new Float64Array(q);
    const hessian = new Float64Array(q * q);
    const mu = predictCounts({ coef }, x, rows);
    for (let r = 0; r < rows; r++) {
      const m = mu[r]!;
      const w = m / (1 + alpha * m);
      const residual = (y[r]! - m) / (1 + alpha * m);
      for (let a = 0; a < q; a++) {
        const xa = a === 0 ? 1 : x[r * p + a - 1]!;
        gradient[a]! += residual * xa;
        for (let b = 0; b <= a; b++) hessian[a * q + b]! += w * xa * (b === 0 ? 1 : x[r * p + b - 1]!);
      }
    }
    for (let a = 1; a < q; a++) {
      gradient[a]! -= ridge * coef[a]!;
      hessian[a * q + a]! += ridge;
    }
    for (let a = 0; a < q; a++) for (let b = 0; b < a; b++) hessian[b * q + a] = hessian[a * q + b]!;
    const step = choleskySolve(hessian, gradient, q);
    let size = 0;
    for (let a = 0; a < q; a++) {
      coef[a]! += step[a]!;
      size = Math.max(size, Math.abs(step[a]!));
    }
    if (size < 1e-9) break;
  }
  return { coef, iterations: iterations + 1 };
}

/** Poisson regression of `y` on `x` (rows × p, row-major). */
export function fitPoisson(x: Float64Array, y: Float64Array, rows: number, p: number, options: CountOptions = {}): CountFit {
  const start = new Float64Array(p + 1);
  start[0] = Math.log(Math.max(1e-6, mean(y)));
  const { coef, iterations } = fitBeta(x, y, rows, p, 0, start, options.ridge ?? 1e-4 * rows, options.maxIterations ?? 50);
  return { kind: 'poisson', coef, alpha: 0, logLikelihood: poissonLogLikelihood(y, predictCounts({ coef }, x, rows)), iterations };
}

/** Negative-binomial (NB2) regression: β and α alternately until the likelihood stops rising. */
export function fitNegativeBinomial(x: Float64Array, y: Float64Array, rows: number, p: number, options: CountOptions = {}): CountFit {
  const ridge = options.ridge ?? 1e-4 * rows;
  const maxIterations = options.maxIterations ?? 50;
  const poisson = fitPoisson(x, y, rows, p, options);
  let coef = poisson.coef;
  let alpha = 0.5;
  let ll = -Infinity;
  let iterations = 0;
  for (let round = 0; round < 50; round++) {
    const mu = predictCounts({ coef }, x, rows);
    alpha = Math.exp(goldenMaximum((logAlpha) => negativeBinomialLogLikelihood(y, mu, Math.exp(logAlpha)), -12, 6));
    const next = fitBeta(x, y, rows, p, alpha, coef, ridge, maxIterations);
    coef = next.coef;
    iterations += next.iterations;
    const now = negativeBinomialLogLikelihood(y, predictCounts({ coef }, x, rows), alpha);
    if (Math.abs(now - ll) < 1e-9 * Math.max(1, Math.abs(now))) {
      ll = now;
      break;
    }
    ll = now;
  }
  return { kind: 'negative-binomial', coef, alpha, logLikelihood: ll, iterations };
}

/** Mean absolute error and mean Poisson deviance 2·[y log(y/μ) − (y − μ)] of predictions. */
export function countScores(y: ArrayLike<number>, mu: ArrayLike<number>): { mae: number; poissonDeviance: number } {
  let mae = 0;
  let deviance = 0;
  for (let i = 0; i < y.length; i++) {
    const m = Math.max(mu[i]!, 1e-12);
    mae += Math.abs(y[i]! - m);
    deviance += 2 * ((y[i]! > 0 ? y[i]! * Math.log(y[i]! / m) : 0) - (y[i]! - m));
  }
  return { mae: mae / y.length, poissonDeviance: deviance / y.length };
}

function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return values.length ? s / values.length : 0;
}

/** The maximum of a unimodal f on [lo, hi] by golden-section search. */
function goldenMaximum(f: (v: number) => number, lo: number, hi: number): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let a = lo;
  let b = hi;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let i = 0; i < 80 && b - a > 1e-7; i++) {
    if (fc > fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  return (a + b) / 2;
}
