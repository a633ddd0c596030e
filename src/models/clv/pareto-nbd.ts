/**
 * Pareto/NBD (Schmittlein, Morrison & Colombo 1987): Poisson purchases at gamma(r, α) rates and an
 * exponential lifetime at gamma(s, β) dropout rates. Per customer
 *
 *   L = Γ(r+x) α^r β^s / Γ(r) · [ (α+T)^−(r+x) (β+T)^−s  +  s ∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ ]
 *
 * The usual closed form writes the integral as a difference of two Gauss 2F1 values, which cancels
 * catastrophically when t_x ≈ T and converges slowly when α ≈ β is small. We integrate instead: after
 * the substitution v = m·ln((γ+τ)/(γ+t_x)) (m = r+x+s, γ matching the integrand's log-slope at t_x)
 * the integrand is e^−v times a slowly varying factor, so composite Gauss–Legendre over panels of v
 * that widen with v (up to v = 45, beyond which e^−v is negligible), summed in log space, is accurate to ~1e-12 with no
 * cancellation at all.
 */
import { fitMaximumLikelihood, notFitted, type FitOptions, type Likelihood, type ModelFit } from './fit';
import { compressSummary, summaryProblem, type RfSummary, type WeightedSummary } from './summary';
import { digamma, lgamma, logAddExp } from './special';
import { startingScale } from './bgnbd';

/** Pareto/NBD parameters. */
export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

const NAMES = ['r', 'alpha', 's', 'beta'] as const;
/** Gauss–Legendre nodes per panel of the log-scaled variable v, panel width, and where e^−v stops mattering. */
const NODES = withLogWeights(gaussLegendre(12));
/** Panels widen as e^−v shrinks: each contributes < 1e-13 relative quadrature error. */
const PANEL_EDGES = [0, 3, 8, 16, 28, 45];

/** Means of ln(α+τ), 1/(α+τ), ln(β+τ), 1/(β+τ) under the integrand's mass (for the gradient). */
export interface DropoutMoments {
  logAlpha: number;
  invAlpha: number;
  logBeta: number;
  invBeta: number;
}

const NO_MOMENTS: DropoutMoments = { logAlpha: 0, invAlpha: 0, logBeta: 0, invBeta: 0 };
const MAX_NODES = NODES.x.length * (PANEL_EDGES.length - 1);
const logTerms = new Float64Array(MAX_NODES);
const logAlphaTau = new Float64Array(MAX_NODES);
const logBetaTau = new Float64Array(MAX_NODES);

/**
 * ln ∫_{tx}^{T} (α+τ)^−k (β+τ)^−l dτ (k = r+x, l = s+1); −Infinity when t_x = T. When `moments` is
 * given, also writes the means the gradient needs. Allocation-free: it runs once per customer row.
 */
export function dropoutIntegral(alpha: number, beta: number, k: number, l: number, tx: number, T: number, moments?: DropoutMoments): number {
  if (!(T > tx)) return -Infinity;
  const m = k + l - 1;
  const gamma = (k + l) / (k / (alpha + tx) + l / (beta + tx)) - tx;
  const logStart = Math.log(gamma + tx);
  const logM = Math.log(m);
  const end = Math.min(m * (Math.log(gamma + T) - logStart), PANEL_EDGES[PANEL_EDGES.length - 1]);
  const n = NODES.x.length;
  let count = 0;
  let max = -Infinity;
  for (let p = 0; PANEL_EDGES[p] < end; p++) {
    const from = PANEL_EDGES[p];
    const width = Math.min(PANEL_EDGES[p + 1], end) - from;
    const logHalfWidth = Math.log(width / 2);
    for (let j = 0; j < n; j++) {
      const v = from + (width * (1 + NODES.x[j])) / 2;
      const logGammaTau = logStart + v / m;
      const t = Math.min(Math.exp(logGammaTau) - gamma, T);
      const la = Math.log(alpha + t);
      const lb = Math.log(beta + t);
      logAlphaTau[count] = la;
      logBetaTau[count] = lb;
      const term = NODES.logW[j] + logHalfWidth - k * la - l * lb + logGammaTau - logM;
      logTerms[count++] = term;
      if (term > max) max = term;
    }
  }
  let sum = 0;
  let eLogA = 0;
  let eInvA = 0;
  let eLogB = 0;
  let eInvB = 0;
  for (let j = 0; j < count; j++) {
    const share = Math.exp(logTerms[j] - max);
    sum += share;
    if (!moments) continue;
    eLogA += share * logAlphaTau[j];
    eInvA += share * Math.exp(-logAlphaTau[j]);
    eLogB += share * logBetaTau[j];
    eInvB += share * Math.exp(-logBetaTau[j]);
  }
  if (moments) {
    moments.logAlpha = eLogA / sum;
    moments.invAlpha = eInvA / sum;
    moments.logBeta = eLogB / sum;
    moments.invBeta = eInvB / sum;
  }
  return max + Math.log(sum);
}

/** The Pareto/NBD log-likelihood over a (weighted) summary, with its gradient. */
export function paretoNbdLikelihood(data: WeightedSummary): Likelihood<keyof ParetoNbdParams> {
  return {
    names: NAMES,
    customers: data.customers,
    evaluate(theta, gradient) {
      const [r, alpha, s, beta] = theta;
      const lgR = lgamma(r);
      const dgR = digamma(r);
      const constant = r * Math.log(alpha) + s * Math.log(beta) - lgR;
      const cache = new Map<number, { lg: number; dg: number }>();
      const moments: DropoutMoments = { ...NO_MOMENTS };
      let ll = 0;
      const g = [0, 0, 0, 0];
      for (let i = 0; i < data.x.length; i++) {
        const x = data.x[i];
        const w = data.weight[i];
        const T = data.T[i];
        let xTerms = cache.get(x);
        if (!xTerms) {
          xTerms = { lg: lgamma(r + x), dg: digamma(r + x) };
          cache.set(x, xTerms);
        }
        const logAT = Math.log(alpha + T);
        const logBT = Math.log(beta + T);
        const logI1 = -(r + x) * logAT - s * logBT;
        const logA = Math.log(s) + dropoutIntegral(alpha, beta, r + x, s + 1, data.tx[i], T, gradient ? moments : undefined);
        const logL = logAddExp(logI1, logA);
        ll += w * (xTerms.lg + constant + logL);
        if (!gradient) continue;
        const w1 = Math.exp(logI1 - logL);
        const w2 = 1 - w1;
        const { logAlpha: eLogA, invAlpha: eInvA, logBeta: eLogB, invBeta: eInvB } = w2 > 0 ? moments : NO_MOMENTS;
        g[0] += w * (xTerms.dg - dgR + Math.log(alpha) - w1 * logAT - w2 * eLogA);
        g[1] += w * (r / alpha - (r + x) * (w1 / (alpha + T) + w2 * eInvA));
        g[2] += w * (Math.log(beta) - w1 * logBT + w2 * (1 / s - eLogB));
        g[3] += w * (s / beta - w1 * s / (beta + T) - w2 * (s + 1) * eInvB);
      }
      if (gradient) gradient.set(g);
      return ll;
    },
  };
}

/** Fits Pareto/NBD by maximum likelihood (start: r = s = 1, α = β from the mean purchase rate). */
export function fitParetoNbd(summary: RfSummary, options: FitOptions = {}): ModelFit<keyof ParetoNbdParams> {
  const problem = summaryProblem(summary);
  if (problem) return notFitted(NAMES, summary.x.length, problem);
  if (!summary.x.some((x) => x > 0)) {
    return notFitted(NAMES, summary.x.length, 'Did not converge: no customer made a repeat purchase before the calibration end, so Pareto/NBD cannot be fitted.');
  }
  const scale = startingScale(summary);
  return fitMaximumLikelihood(paretoNbdLikelihood(compressSummary(summary)), [1, scale, 1, scale], options);
}

/** P(alive at T | x, t_x, T) under Pareto/NBD. */
export function paretoNbdPAlive(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const logI1 = -(p.r + x) * Math.log(p.alpha + T) - p.s * Math.log(p.beta + T);
  const logA = Math.log(p.s) + dropoutIntegral(p.alpha, p.beta, p.r + x, p.s + 1, tx, T);
  return Math.exp(logI1 - logAddExp(logI1, logA));
}

/** E[Y(t) | x, t_x, T] under Pareto/NBD. */
export function paretoNbdConditionalExpected(p: ParetoNbdParams, t: number, x: number, tx: number, T: number): number {
  if (t <= 0) return 0;
  const alive = paretoNbdPAlive(p, x, tx, T);
  const rate = (p.r + x) / (p.alpha + T);
  return alive * rate * lifetimeExposure(p.s, p.beta + T, t);
}

/** E[X(t)] for a customer who just made a first purchase under Pareto/NBD. */
export function paretoNbdExpectedRepeats(p: ParetoNbdParams, t: number): number {
  if (t <= 0) return 0;
  return (p.r / p.alpha) * lifetimeExposure(p.s, p.beta, t);
}

/** ∫_0^t E[P(alive at u)] du with gamma(s, scale) dropout rates: scale/(s−1)·(1 − (scale/(scale+t))^(s−1)). */
function lifetimeExposure(s: number, scale: number, t: number): number {
  const logRatio = Math.log(scale / (scale + t));
  if (Math.abs(s - 1) < 1e-8) return -scale * logRatio;
  return (scale / (s - 1)) * -Math.expm1((s - 1) * logRatio);
}

/** Gauss–Legendre nodes and weights on [−1, 1] (Newton on the Legendre polynomial). */
export function gaussLegendre(n: number): { x: Float64Array; w: Float64Array } {
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let derivative = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      let p0 = 1;
      let p1 = 0;
      for (let k = 1; k <= n; k++) {
        const p2 = p1;
        p1 = p0;
        p0 = ((2 * k - 1) * z * p1 - (k - 1) * p2) / k;
      }
      derivative = (n * (z * p0 - p1)) / (z * z - 1);
      const step = p0 / derivative;
      z -= step;
      if (Math.abs(step) < 1e-16) break;
    }
    x[i] = z;
    w[i] = 2 / ((1 - z * z) * derivative * derivative);
  }
  return { x, w };
}

function withLogWeights(nodes: { x: Float64Array; w: Float64Array }) {
  return { ...nodes, logW: nodes.w.map(Math.log) };
}
