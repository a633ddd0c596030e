/**
 * Limited-memory BFGS with a strong-Wolfe line search (Nocedal & Wright, algorithms 7.4, 3.5, 3.6),
 * for the small smooth problems of the customer-value models (a handful of log-parameters).
 * A non-finite objective counts as "too far" so the line search backs off instead of failing.
 */

/** Returns f(x) and writes ∇f(x) into `grad`. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface MinimizeOptions {
  maxIterations?: number;
  /** Stop when max |∇f| falls below this. */
  gradientTolerance?: number;
  /** Stop when an iteration improves f by less than this × max(|f|, 1). */
  relativeTolerance?: number;
  /** Pairs (s, y) kept. */
  memory?: number;
  /** Called after each iteration (for progress); return false to cancel. */
  onIteration?: (iteration: number, value: number, gradientNorm: number) => boolean | void;
}

/** Where the minimiser stopped, and why. */
export interface MinimizeResult {
  x: Float64Array;
  value: number;
  gradient: Float64Array;
  iterations: number;
  evaluations: number;
  gradientNorm: number;
  /** The stop was a convergence test, not a failure or the iteration limit. */
  converged: boolean;
  message: string;
}

/** Minimises `f` from `start` by L-BFGS. */
export function minimizeLbfgs(f: Objective, start: ArrayLike<number>, options: MinimizeOptions = {}): MinimizeResult {
  const maxIterations = options.maxIterations ?? 500;
  const gtol = options.gradientTolerance ?? 1e-8;
  const ftol = options.relativeTolerance ?? 1e-14;
  const memory = options.memory ?? 8;
  const n = start.length;
  let evaluations = 0;
  const evaluate: Objective = (x, g) => {
    evaluations++;
    return f(x, g);
  };

  let x: Float64Array = Float64Array.from(start);
  let g: Float64Array = new Float64Array(n);
  let fx = evaluate(x, g);
  const stop = (iterations: number, converged: boolean, message: string): MinimizeResult => ({
    x,
    value: fx,
    gradient: g,
    iterations,
    evaluations,
    gradientNorm: normInf(g),
    converged,
    message,
  });
  if (!Number.isFinite(fx) || !g.every(Number.isFinite)) return stop(0, false, 'The objective is not finite at the starting point.');

  const sList: Float64Array[] = [];
  const yList: Float64Array[] = [];
  const rhoList: number[] = [];
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    if (normInf(g) <= gtol) return stop(iteration - 1, true, 'Gradient below tolerance.');
    let d = twoLoop(g, sList, yList, rhoList);
    if (dot(d, g) >= 0) {
      d = g.map((v) => -v);
      sList.length = yList.length = rhoList.length = 0;
    }
    const initialStep = sList.length === 0 ? Math.min(1, 1 / Math.max(normInf(g), 1e-12)) : 1;
    const search = lineSearch(evaluate, x, fx, g, d, initialStep);
    if (!search) {
      return normInf(g) <= Math.sqrt(gtol)
        ? stop(iteration - 1, true, 'No further improvement within machine precision; the gradient is near zero.')
        : stop(iteration - 1, false, 'The line search found no step that lowers the objective.');
    }
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = search.x[i] - x[i];
      y[i] = search.g[i] - g[i];
    }
    const previous = fx;
    x = search.x;
    g = search.g;
    fx = search.f;
    const sy = dot(s, y);
    if (sy > 1e-16 * Math.sqrt(dot(s, s) * dot(y, y))) {
      sList.push(s);
      yList.push(y);
      rhoList.push(1 / sy);
      if (sList.length > memory) {
        sList.shift();
        yList.shift();
        rhoList.shift();
      }
    }
    if (options.onIteration?.(iteration, fx, normInf(g)) === false) return stop(iteration, false, 'Cancelled.');
    if (normInf(g) <= gtol) return stop(iteration, true, 'Gradient below tolerance.');
    if (previous - fx <= ftol * Math.max(Math.abs(fx), 1)) return stop(iteration, true, 'Objective stopped improving.');
  }
  return stop(maxIterations, false, `No convergence within ${maxIterations} iterations.`);
}

function twoLoop(g: Float64Array, sList: Float64Array[], yList: Float64Array[], rhoList: number[]): Float64Array {
  const q = Float64Array.from(g);
  const k = sList.length;
  const alpha = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    alpha[i] = rhoList[i] * dot(sList[i], q);
    axpy(-alpha[i], yList[i], q);
  }
  if (k > 0) {
    const gamma = dot(sList[k - 1], yList[k - 1]) / dot(yList[k - 1], yList[k - 1]);
    for (let i = 0; i < q.length; i++) q[i] *= gamma;
  }
  for (let i = 0; i < k; i++) {
    const beta = rhoList[i] * dot(yList[i], q);
    axpy(alpha[i] - beta, sList[i], q);
  }
  for (let i = 0; i < q.length; i++) q[i] = -q[i];
  return q;
}

interface Point {
  step: number;
  x: Float64Array;
  f: number;
  g: Float64Array;
  slope: number;
}

const C1 = 1e-4;
const C2 = 0.9;

/** Strong-Wolfe line search along d from x; null when no acceptable step exists. */
function lineSearch(f: Objective, x: Float64Array, fx: number, gx: Float64Array, d: Float64Array, initial: number): Point | null {
  const slope0 = dot(gx, d);
  const at = (step: number): Point => {
    const xs = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) xs[i] = x[i] + step * d[i];
    const gs = new Float64Array(x.length);
    const fs = f(xs, gs);
    const finite = Number.isFinite(fs) && gs.every(Number.isFinite);
    return { step, x: xs, f: finite ? fs : Infinity, g: gs, slope: finite ? dot(gs, d) : NaN };
  };
  let previous: Point = { step: 0, x, f: fx, g: gx, slope: slope0 };
  let step = initial;
  for (let i = 0; i < 40; i++) {
    const current = at(step);
    if (current.f > fx + C1 * step * slope0 || (i > 0 && current.f >= previous.f)) {
      return zoom(at, fx, slope0, previous, current);
    }
    if (Math.abs(current.slope) <= -C2 * slope0) return current;
    if (current.slope >= 0) return zoom(at, fx, slope0, current, previous);
    previous = current;
    step *= 2;
  }
  return null;
}

function zoom(at: (step: number) => Point, f0: number, slope0: number, lo: Point, hi: Point): Point | null {
  for (let i = 0; i < 40; i++) {
    const step = interpolate(lo, hi);
    const current = at(step);
    if (current.f > f0 + C1 * step * slope0 || current.f >= lo.f) {
      hi = current;
    } else {
      if (Math.abs(current.slope) <= -C2 * slope0) return current;
      if (current.slope * (hi.step - lo.step) >= 0) hi = lo;
      lo = current;
    }
    if (Math.abs(hi.step - lo.step) < 1e-16 * Math.max(1, Math.abs(lo.step))) break;
  }
  return lo.step > 0 && lo.f < f0 ? lo : null;
}

/** Minimiser of the cubic through lo and hi (values and slopes), kept inside the bracket; bisection otherwise. */
function interpolate(lo: Point, hi: Point): number {
  const a = lo.step;
  const b = hi.step;
  if (Number.isFinite(hi.f) && Number.isFinite(hi.slope)) {
    const d1 = lo.slope + hi.slope - (3 * (lo.f - hi.f)) / (a - b);
    const radicand = d1 * d1 - lo.slope * hi.slope;
    if (radicand >= 0) {
      const d2 = Math.sign(b - a) * Math.sqrt(radicand);
      const t = b - (b - a) * ((hi.slope + d2 - d1) / (hi.slope - lo.slope + 2 * d2));
      const left = Math.min(a, b);
      const width = Math.abs(b - a);
      if (Number.isFinite(t) && t > left + 0.1 * width && t < left + 0.9 * width) return t;
    }
  }
  return (a + b) / 2;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += alpha * x[i];
}

/** Largest absolute entry. */
export function normInf(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return m;
}
