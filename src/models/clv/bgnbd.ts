/**
 * BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): purchases follow a
 * Poisson process with gamma(r, α) rates; after each purchase a customer drops out with a
 * beta(a, b) probability. Per customer, with A = lnΓ(r+x) − lnΓ(r) + r ln α + ln B(a, b+x) − ln B(a, b):
 *
 *   ln L = A + ln[ (α+T)^−(r+x) + [x>0] · a/(b+x−1) · (α+t_x)^−(r+x) ]
 *
 * evaluated with log-add-exp, and with the x-only terms computed once per distinct x.
 */
import { fitMaximumLikelihood, notFitted, type FitOptions, type Likelihood, type ModelFit } from './fit';
import { compressSummary, summaryProblem, type RfSummary, type WeightedSummary } from './summary';
import { digamma, hyp2f1, lgamma, logAddExp } from './special';

/** BG/NBD parameters. */
export interface BgnbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

const NAMES = ['r', 'alpha', 'a', 'b'] as const;

/**
 * The BG/NBD log-likelihood over a (weighted) summary, with its analytic gradient. Terms of x alone are computed once
 * per distinct x, and ln(α + T), ln(α + t_x) once per distinct T and t_x (customers share them: days, weeks), so a row
 * costs one exponential-and-logarithm pair per evaluation.
 */
export function bgnbdLikelihood(data: WeightedSummary): Likelihood<keyof BgnbdParams> {
  const byX = indexDistinct(data.x);
  const byT = indexDistinct(data.T);
  const byTx = indexDistinct(data.tx);
  const nx = byX.values.length;
  const constant = new Float64Array(nx);
  const dR = new Float64Array(nx);
  const dA = new Float64Array(nx);
  const dB = new Float64Array(nx);
  const logBX1 = new Float64Array(nx);
  const logAT = new Float64Array(byT.values.length);
  const invAT = new Float64Array(byT.values.length);
  const logATx = new Float64Array(byTx.values.length);
  const invATx = new Float64Array(byTx.values.length);
  return {
    names: NAMES,
    customers: data.customers,
    evaluate(theta, gradient) {
      const [r, alpha, a, b] = theta;
      const logAlpha = Math.log(alpha);
      const lgR = lgamma(r);
      const lgB = lgamma(b);
      const lgAB = lgamma(a + b);
      const dgR = digamma(r);
      const dgB = digamma(b);
      const dgAB = digamma(a + b);
      for (let k = 0; k < nx; k++) {
        const x = byX.values[k]!;
        constant[k] = lgamma(r + x) - lgR + r * logAlpha + lgamma(b + x) - lgB - lgamma(a + b + x) + lgAB;
        logBX1[k] = x > 0 ? Math.log(b + x - 1) : 0;
        if (!gradient) continue;
        dR[k] = digamma(r + x) - dgR + logAlpha;
        dA[k] = dgAB - digamma(a + b + x);
        dB[k] = digamma(b + x) - dgB - digamma(a + b + x) + dgAB;
      }
      for (let k = 0; k < byT.values.length; k++) {
        logAT[k] = Math.log(alpha + byT.values[k]!);
        invAT[k] = 1 / (alpha + byT.values[k]!);
      }
      for (let k = 0; k < byTx.values.length; k++) {
        logATx[k] = Math.log(alpha + byTx.values[k]!);
        invATx[k] = 1 / (alpha + byTx.values[k]!);
      }
      let ll = 0;
      let gR = 0;
      let gAlpha = 0;
      let gA = 0;
      let gB = 0;
      const logA = Math.log(a);
      for (let i = 0; i < data.x.length; i++) {
        const x = data.x[i]!;
        const w = data.weight[i]!;
        const kx = byX.index[i]!;
        const kT = byT.index[i]!;
        const u1 = -(r + x) * logAT[kT]!;
        let d = u1;
        let w2 = 0;
        let kTx = -1;
        if (x > 0) {
          kTx = byTx.index[i]!;
          const u2 = logA - logBX1[kx]! - (r + x) * logATx[kTx]!;
          d = logAddExp(u1, u2);
          w2 = Math.exp(u2 - d);
        }
        ll += w * (constant[kx]! + d);
        if (!gradient) continue;
        const w1 = 1 - w2;
        gR += w * (dR[kx]! - w1 * logAT[kT]! - (x > 0 ? w2 * logATx[kTx]! : 0));
        gAlpha += w * (r / alpha - (r + x) * (w1 * invAT[kT]! + (x > 0 ? w2 * invATx[kTx]! : 0)));
        gA += w * (dA[kx]! + w2 / a);
        gB += w * (dB[kx]! - (x > 0 ? w2 / (b + x - 1) : 0));
      }
      if (gradient) {
        gradient[0] = gR;
        gradient[1] = gAlpha;
        gradient[2] = gA;
        gradient[3] = gB;
      }
      return ll;
    },
  };
}

/** Fits BG/NBD by maximum likelihood. Starting values: r = 1, α from the mean purchase rate, a = b = 1. */
export function fitBgnbd(summary: RfSummary, options: FitOptions = {}): ModelFit<keyof BgnbdParams> {
  const problem = summaryProblem(summary);
  if (problem) return notFitted(NAMES, summary.x.length, problem);
  if (!summary.x.some((x) => x > 0)) {
    return notFitted(NAMES, summary.x.length, 'Did not converge: no customer made a repeat purchase before the calibration end, so BG/NBD cannot be fitted. Pick a later calibration end.');
  }
  const data = compressSummary(summary);
  const start = [1, startingScale(summary), 1, 1];
  return fitMaximumLikelihood(bgnbdLikelihood(data), start, options);
}

/** α that makes r/α (r = 1) the mean repeat rate, kept in a sane range. */
export function startingScale(summary: RfSummary): number {
  let x = 0;
  let T = 0;
  for (let i = 0; i < summary.x.length; i++) {
    x += summary.x[i];
    T += summary.T[i];
  }
  const rate = x / Math.max(T, 1e-9);
  return Math.min(Math.max(rate > 0 ? 1 / rate : 1, 1e-3), 1e4);
}

/** P(alive at T | x, t_x, T): 1 for x = 0 (no repeat purchase, so no chance to have dropped out). */
export function bgnbdPAlive(p: BgnbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const logRatio = Math.log(p.a / (p.b + x - 1)) + (p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx));
  return 1 / (1 + Math.exp(logRatio));
}

/** E[X(t)]: expected repeat purchases in (0, t] of a customer who just made a first purchase. */
export function bgnbdExpectedRepeats(p: BgnbdParams, t: number): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = p;
  const z = t / (alpha + t);
  const hyp = hyp2f1(r, b, a + b - 1, z);
  return ((a + b - 1) / (a - 1)) * (1 - Math.exp(r * Math.log(alpha / (alpha + t))) * hyp);
}

/** E[Y(t) | x, t_x, T]: expected purchases in the next t time units of a customer with this history. */
export function bgnbdConditionalExpected(p: BgnbdParams, t: number, x: number, tx: number, T: number): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = p;
  const z = t / (alpha + T + t);
  const hyp = hyp2f1(r + x, b + x, a + b + x - 1, z);
  const numerator = ((a + b + x - 1) / (a - 1)) * (1 - Math.exp((r + x) * Math.log((alpha + T) / (alpha + T + t))) * hyp);
  const denominator = x > 0 ? 1 + (a / (b + x - 1)) * Math.exp((r + x) * Math.log((alpha + T) / (alpha + tx))) : 1;
  return numerator / denominator;
}

/** The distinct values of a column and, per row, the position of its value among them. */
function indexDistinct(values: Float64Array): { values: Float64Array; index: Int32Array } {
  const positionOf = new Map<number, number>();
  const index = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    let at = positionOf.get(values[i]!);
    if (at === undefined) positionOf.set(values[i]!, (at = positionOf.size));
    index[i] = at;
  }
  return { values: Float64Array.from(positionOf.keys()), index };
}
