/**
 * Parametric and semi-parametric survival models with right censoring (issue 24, DESIGN.md section 4):
 * exponential and Weibull fitted by maximum likelihood, and Cox proportional hazards with Efron's (or
 * Breslow's) tie handling, fitted by Newton–Raphson, with standard errors from the observed information and a
 * proportional-hazards check on scaled Schoenfeld residuals (Grambsch and Therneau). Pure functions over
 * typed arrays: durations in days, events 1 (observed) or 0 (censored).
 */

/** Durations and event flags of the subjects (same length). */
export interface SurvivalData {
  durations: Float64Array;
  events: Uint8Array;
}

export interface ExponentialFit {
  /** Events per day at risk. */
  ratePerDay: number;
  logLikelihood: number;
}

export interface WeibullFit {
  /** S(t) = exp(-(t / scale)^shape); shape < 1: the chance to buy again fades with time. */
  shape: number;
  scaleDays: number;
  logLikelihood: number;
}

export type Ties = 'efron' | 'breslow';

export interface CoxFit {
  covariates: string[];
  coef: number[];
  se: number[];
  hazardRatio: number[];
  /** 95% interval of each hazard ratio. */
  hazardRatioLower: number[];
  hazardRatioUpper: number[];
  logPartialLikelihood: number;
  /** At β = 0, for the likelihood-ratio test. */
  nullLogPartialLikelihood: number;
  iterations: number;
  ties: Ties;
  /** Per covariate: Grambsch–Therneau test of proportional hazards against the Kaplan–Meier time scale. */
  proportionalHazards: { covariate: string; chiSquare: number; p: number }[];
}

const Z95 = 1.959963984540054;

function counts(data: SurvivalData): { events: number; exposure: number } {
  let events = 0;
  let exposure = 0;
  for (let i = 0; i < data.durations.length; i++) {
    events += data.events[i]!;
    exposure += data.durations[i]!;
  }
  return { events, exposure };
}

/** The exponential model's maximum-likelihood rate (events / total time at risk) and its log-likelihood. */
export function fitExponential(data: SurvivalData): ExponentialFit {
  const { events, exposure } = counts(data);
  if (events === 0 || exposure <= 0) throw new RangeError('The exponential model needs at least one event and some time at risk.');
  const rate = events / exposure;
  return { ratePerDay: rate, logLikelihood: events * Math.log(rate) - rate * exposure };
}

/** The Weibull log-likelihood at (shape, scale): events contribute the log density, censored subjects log S(t). */
export function weibullLogLikelihood(data: SurvivalData, shape: number, scale: number): number {
  let sum = 0;
  for (let i = 0; i < data.durations.length; i++) {
    const t = data.durations[i]!;
    if (data.events[i]) sum += Math.log(shape) - shape * Math.log(scale) + (shape - 1) * Math.log(t);
    sum -= Math.pow(t / scale, shape);
  }
  return sum;
}

/**
 * The Weibull maximum-likelihood fit. For a given shape k the best scale has a closed form
 * (scale^k = Σ t^k / events), so the likelihood is maximised over k alone: its derivative
 * events/k + Σ_events ln t − events · Σ t^k ln t / Σ t^k falls as k grows, and bisection finds its root.
 * Durations are divided by the longest first, so t^k never overflows.
 */
export function fitWeibull(data: SurvivalData): WeibullFit {
  const { events } = counts(data);
  if (events === 0) throw new RangeError('The Weibull model needs at least one event.');
  const longest = data.durations.reduce((a, b) => Math.max(a, b), 0);
  if (!(longest > 0)) throw new RangeError('The Weibull model needs durations above zero.');
  const n = data.durations.length;
  const logT = new Float64Array(n);
  let eventLogSum = 0;
  for (let i = 0; i < n; i++) {
    const t = data.durations[i]!;
    if (data.events[i] && t <= 0) throw new RangeError('An event at time 0 has no Weibull density; durations of events must be above zero.');
    logT[i] = t > 0 ? Math.log(t / longest) : Number.NEGATIVE_INFINITY;
    if (data.events[i]) eventLogSum += logT[i]!;
  }
  const slope = (k: number): number => {
    let sk = 0;
    let skLog = 0;
    for (let i = 0; i < n; i++) {
      if (logT[i] === Number.NEGATIVE_INFINITY) continue;
      const tk = Math.exp(k * logT[i]!);
      sk += tk;
      skLog += tk * logT[i]!;
    }
    return events / k + eventLogSum - (events * skLog) / sk;
  };
  let lo = 1e-4;
  let hi = 1;
  while (slope(hi) > 0 && hi < 1e4) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (slope(mid) > 0) lo = mid;
    else hi = mid;
  }
  const shape = (lo + hi) / 2;
  let sk = 0;
  for (let i = 0; i < n; i++) if (logT[i] !== Number.NEGATIVE_INFINITY) sk += Math.exp(shape * logT[i]!);
  const scaleDays = Math.pow(sk / events, 1 / shape) * longest;
  return { shape, scaleDays, logLikelihood: weibullLogLikelihood(data, shape, scaleDays) };
}

/** Subjects ordered by time, latest first, with the start of each run of equal times. */
interface TimeOrder {
  order: Int32Array;
}

function byTimeDescending(durations: Float64Array): TimeOrder {
  const order = Int32Array.from({ length: durations.length }, (_, i) => i);
  order.sort((a, b) => durations[b]! - durations[a]!);
  return { order };
}

interface PartialLikelihood {
  value: number;
  gradient: Float64Array;
  /** Negative Hessian (the observed information), row-major p × p. */
  information: Float64Array;
}

/**
 * Cox's log partial likelihood at `beta` with its gradient and information. The risk set at a time holds every
 * subject whose duration is at least that time; with d tied events Efron's method removes l/d of the tied
 * events' weight from the l-th of the d terms (Breslow's removes none).
 */
export function coxPartialLikelihood(data: SurvivalData, x: Float64Array, p: number, beta: ArrayLike<number>, ties: Ties = 'efron'): PartialLikelihood {
  return partialLikelihood(data, x, p, beta, ties, byTimeDescending(data.durations), null);
}

function partialLikelihood(
  data: SurvivalData,
  x: Float64Array,
  p: number,
  beta: ArrayLike<number>,
  ties: Ties,
  { order }: TimeOrder,
  schoenfeld: { residuals: number[][]; times: number[]; variances: Float64Array[] } | null,
): PartialLikelihood {
  const n = order.length;
  const gradient = new Float64Array(p);
  const information = new Float64Array(p * p);
  // Risk-set sums (everyone with duration >= the current time) and the tied events' sums at the current time.
  let r0 = 0;
  const r1 = new Float64Array(p);
  const r2 = new Float64Array(p * p);
  const h1 = new Float64Array(p);
  const h2 = new Float64Array(p * p);
  const mean = new Float64Array(p);
  let value = 0;
  let i = 0;
  while (i < n) {
    const time = data.durations[order[i]!]!;
    let h0 = 0;
    h1.fill(0);
    h2.fill(0);
    let tied = 0;
    const tiedRows: number[] = [];
    let j = i;
    for (; j < n && data.durations[order[j]!] === time; j++) {
      const row = order[j]!;
      let eta = 0;
      for (let a = 0; a < p; a++) eta += beta[a]! * x[row * p + a]!;
      const w = Math.exp(eta);
      r0 += w;
      for (let a = 0; a < p; a++) {
        const xa = x[row * p + a]!;
        r1[a]! += w * xa;
        for (let b = 0; b < p; b++) r2[a * p + b]! += w * xa * x[row * p + b]!;
      }
      if (data.events[row]) {
        tied++;
        tiedRows.push(row);
        value += eta;
        h0 += w;
        for (let a = 0; a < p; a++) {
          const xa = x[row * p + a]!;
          h1[a]! += w * xa;
          gradient[a]! += xa;
          for (let b = 0; b < p; b++) h2[a * p + b]! += w * xa * x[row * p + b]!;
        }
      }
    }
    const meanSum = schoenfeld ? new Float64Array(p) : null;
    const varianceSum = schoenfeld ? new Float64Array(p * p) : null;
    for (let l = 0; l < tied; l++) {
      const f = ties === 'efron' ? l / tied : 0;
      const phi = r0 - f * h0;
      value -= Math.log(phi);
      for (let a = 0; a < p; a++) {
        mean[a] = (r1[a]! - f * h1[a]!) / phi;
        gradient[a]! -= mean[a]!;
        if (meanSum) meanSum[a]! += mean[a]! / tied;
      }
      for (let a = 0; a < p; a++) {
        for (let b = 0; b < p; b++) {
          const v = (r2[a * p + b]! - f * h2[a * p + b]!) / phi - mean[a]! * mean[b]!;
          information[a * p + b]! += v;
          if (varianceSum) varianceSum[a * p + b]! += v / tied;
        }
      }
    }
    if (schoenfeld && tied > 0) {
      for (const row of tiedRows) {
        schoenfeld.residuals.push(Array.from({ length: p }, (_, a) => x[row * p + a]! - meanSum![a]!));
        schoenfeld.times.push(time);
        schoenfeld.variances.push(varianceSum!);
      }
    }
    i = j;
  }
  return { value, gradient, information };
}

/** Solves A z = b for a small symmetric positive-definite A (p × p) by Cholesky; null when A is not. */
function solve(a: Float64Array, b: Float64Array, p: number): Float64Array | null {
  const l = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * p + j]!;
      for (let k = 0; k < j; k++) s -= l[i * p + k]! * l[j * p + k]!;
      if (i === j) {
        if (!(s > 0)) return null;
        l[i * p + i] = Math.sqrt(s);
      } else l[i * p + j] = s / l[j * p + j]!;
    }
  }
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * p + k]! * y[k]!;
    y[i] = s / l[i * p + i]!;
  }
  const z = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < p; k++) s -= l[k * p + i]! * z[k]!;
    z[i] = s / l[i * p + i]!;
  }
  return z;
}

function inverse(a: Float64Array, p: number): Float64Array | null {
  const out = new Float64Array(p * p);
  for (let c = 0; c < p; c++) {
    const e = new Float64Array(p);
    e[c] = 1;
    const col = solve(a, e, p);
    if (!col) return null;
    for (let r = 0; r < p; r++) out[r * p + c] = col[r]!;
  }
  return out;
}

/** Upper tail of the chi-square distribution with one degree of freedom. */
function chiSquare1Tail(x: number): number {
  return erfc(Math.sqrt(Math.max(0, x) / 2));
}

/** The complementary error function (Numerical Recipes' erfcc, relative error below 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

/**
 * Fits Cox's proportional-hazards model on the row-major covariates `x` (rows × covariates.length) by
 * Newton–Raphson from β = 0, halving a step that lowers the partial likelihood.
 */
export function fitCox(data: SurvivalData, x: Float64Array, covariates: string[], options: { ties?: Ties; maxIterations?: number } = {}): CoxFit {
  const p = covariates.length;
  const n = data.durations.length;
  if (x.length !== n * p) throw new RangeError(`Expected ${n * p} covariate values, got ${x.length}.`);
  if (counts(data).events === 0) throw new RangeError('The Cox model needs at least one event.');
  const ties = options.ties ?? 'efron';
  const order = byTimeDescending(data.durations);
  let beta: Float64Array = new Float64Array(p);
  let current = partialLikelihood(data, x, p, beta, ties, order, null);
  const nullValue = current.value;
  let iterations = 0;
  for (; iterations < (options.maxIterations ?? 50); iterations++) {
    const step = solve(current.information, current.gradient, p);
    if (!step) throw new RangeError('The Cox model cannot be fitted: the covariates are collinear or do not vary.');
    let scale = 1;
    let next: PartialLikelihood;
    let candidate: Float64Array;
    for (;;) {
      candidate = beta.map((b, a) => b + scale * step[a]!);
      next = partialLikelihood(data, x, p, candidate, ties, order, null);
      if (next.value >= current.value - 1e-12 * Math.abs(current.value) || scale < 1e-6) break;
      scale /= 2;
    }
    const change = Math.abs(next.value - current.value);
    beta = candidate;
    current = next;
    if (change <= 1e-10 * Math.max(1, Math.abs(current.value)) && Math.max(...step.map((s) => Math.abs(s * scale))) < 1e-8) break;
  }
  const covariance = inverse(current.information, p);
  if (!covariance) throw new RangeError('The Cox model cannot be fitted: its information matrix is singular.');
  const coef = Array.from(beta);
  const se = coef.map((_, a) => Math.sqrt(covariance[a * p + a]!));
  return {
    covariates,
    coef,
    se,
    hazardRatio: coef.map((b) => Math.exp(b)),
    hazardRatioLower: coef.map((b, a) => Math.exp(b - Z95 * se[a]!)),
    hazardRatioUpper: coef.map((b, a) => Math.exp(b + Z95 * se[a]!)),
    logPartialLikelihood: current.value,
    nullLogPartialLikelihood: nullValue,
    iterations: iterations + 1,
    ties,
    proportionalHazards: proportionalHazardsTest(data, x, p, covariates, beta, covariance, ties, order),
  };
}

/**
 * Grambsch and Therneau's test of proportional hazards per covariate: scaled Schoenfeld residuals
 * (β + events · V⁻¹ r) correlated with a transform of time — 1 − the Kaplan–Meier estimate just before each
 * event, as R's cox.zph does by default. A small p says the covariate's effect changes over time.
 */
function proportionalHazardsTest(
  data: SurvivalData,
  x: Float64Array,
  p: number,
  covariates: string[],
  beta: Float64Array,
  covariance: Float64Array,
  ties: Ties,
  order: TimeOrder,
): CoxFit['proportionalHazards'] {
  const schoenfeld = { residuals: [] as number[][], times: [] as number[], variances: [] as Float64Array[] };
  partialLikelihood(data, x, p, beta, ties, order, schoenfeld);
  const d = schoenfeld.times.length;
  const km = kaplanMeierBefore(data, schoenfeld.times);
  const g = km.map((s) => 1 - s);
  const gMean = g.reduce((a, b) => a + b, 0) / d;
  const gSpread = g.reduce((a, b) => a + (b - gMean) ** 2, 0);
  return covariates.map((covariate, j) => {
    let u = 0;
    for (let k = 0; k < d; k++) {
      let scaled = 0;
      for (let a = 0; a < p; a++) scaled += covariance[j * p + a]! * schoenfeld.residuals[k]![a]!;
      u += (g[k]! - gMean) * (beta[j]! + d * scaled);
    }
    const chiSquare = gSpread > 0 ? (u * u) / (d * covariance[j * p + j]! * gSpread) : 0;
    return { covariate, chiSquare, p: chiSquare1Tail(chiSquare) };
  });
}

/** The Kaplan–Meier estimate just before each of `times` (ascending or not). */
function kaplanMeierBefore(data: SurvivalData, times: number[]): number[] {
  const order = Int32Array.from({ length: data.durations.length }, (_, i) => i).sort((a, b) => data.durations[a]! - data.durations[b]!);
  const steps: { time: number; survival: number }[] = [];
  let atRisk = order.length;
  let survival = 1;
  for (let i = 0; i < order.length; ) {
    const time = data.durations[order[i]!]!;
    let events = 0;
    let leaving = 0;
    for (; i < order.length && data.durations[order[i]!] === time; i++, leaving++) events += data.events[order[i]!]!;
    steps.push({ time, survival });
    survival *= 1 - events / atRisk;
    atRisk -= leaving;
  }
  // steps[k].survival is S just before steps[k].time.
  const before = new Map(steps.map((s) => [s.time, s.survival]));
  return times.map((t) => before.get(t)!);
}

/**
 * Breslow's estimate of the Cox model's baseline cumulative hazard H0(t) at each distinct event time (ascending):
 * H0 jumps by d_t / Σ_{risk set at t} exp(xβ) at each event time t.
 */
export function coxBaselineHazard(data: SurvivalData, x: Float64Array, p: number, beta: ArrayLike<number>): { times: Float64Array; cumulative: Float64Array } {
  const { order } = byTimeDescending(data.durations);
  const times: number[] = [];
  const jumps: number[] = [];
  let riskSum = 0;
  for (let i = 0; i < order.length; ) {
    const time = data.durations[order[i]!]!;
    let events = 0;
    for (; i < order.length && data.durations[order[i]!] === time; i++) {
      const row = order[i]!;
      let eta = 0;
      for (let a = 0; a < p; a++) eta += beta[a]! * x[row * p + a]!;
      riskSum += Math.exp(eta);
      events += data.events[row]!;
    }
    if (events > 0) {
      times.push(time);
      jumps.push(events / riskSum);
    }
  }
  times.reverse();
  jumps.reverse();
  const cumulative = new Float64Array(jumps.length);
  jumps.reduce((sum, jump, k) => (cumulative[k] = sum + jump), 0);
  return { times: Float64Array.from(times), cumulative };
}

/** H0 at `t`: the last step at or before t (0 before the first event). */
export function cumulativeHazardAt(baseline: { times: Float64Array; cumulative: Float64Array }, t: number): number {
  let lo = 0;
  let hi = baseline.times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (baseline.times[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 0 : baseline.cumulative[lo - 1]!;
}

/**
 * The chance of the event within `window` days for a subject still without it after `t` days:
 * 1 − S(t + window) / S(t). From a Cox fit: S(t | x) = exp(−H0(t) · exp(xβ)) (H0 stays flat past the last observed
 * event time, so a window reaching beyond the data is an underestimate); from a Weibull fit: its survival function.
 */
export function coxChanceWithin(baseline: { times: Float64Array; cumulative: Float64Array }, t: number, window: number, linearPredictor: number): number {
  return 1 - Math.exp(-(cumulativeHazardAt(baseline, t + window) - cumulativeHazardAt(baseline, t)) * Math.exp(linearPredictor));
}

export function weibullChanceWithin(fit: Pick<WeibullFit, 'shape' | 'scaleDays'>, t: number, window: number): number {
  const h = (u: number) => Math.pow(u / fit.scaleDays, fit.shape);
  return 1 - Math.exp(-(h(t + window) - h(t)));
}
