/**
 * Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"; Colombo & Jiang 1999): a
 * customer's spend per transaction is gamma(p, ν) around a personal mean, with ν ~ gamma(q, v) across
 * customers. Fitted on customers with x > 0 repeat transactions and mean repeat spend m:
 *
 *   ln L = lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln v + (px−1) ln m + px ln x − (px+q) ln(v + x m)
 */
import { fitMaximumLikelihood, notFitted, type FitOptions, type Likelihood, type ModelFit } from './fit';
import { digamma, lgamma } from './special';

/** Gamma-Gamma parameters. */
export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

const NAMES = ['p', 'q', 'v'] as const;

/**
 * The Gamma-Gamma log-likelihood over customers with x > 0 and m > 0, with its analytic gradient. Terms that depend on
 * x alone (the Γ and ψ terms, px ln x) are summed once per distinct x, and Σ ln m, Σ x ln m once per fit, so a
 * customer costs one logarithm and one division per evaluation (570,000 customers: the fit went from 2.2 s).
 */
export function gammaGammaLikelihood(x: Float64Array, m: Float64Array): Likelihood<keyof GammaGammaParams> {
  const n = x.length;
  const countOf = new Map<number, number>();
  let sumLogM = 0;
  let sumXLogM = 0;
  for (let i = 0; i < n; i++) {
    countOf.set(x[i]!, (countOf.get(x[i]!) ?? 0) + 1);
    const logM = Math.log(m[i]!);
    sumLogM += logM;
    sumXLogM += x[i]! * logM;
  }
  const distinct = Float64Array.from(countOf.keys());
  const counts = Float64Array.from(countOf.values());
  return {
    names: NAMES,
    customers: n,
    evaluate(theta, gradient) {
      const [p, q, v] = theta;
      const logV = Math.log(v);
      // Per customer: L = ln(v + x m), Σ L, Σ x L and Σ (px + q) / (v + x m).
      let sumL = 0;
      let sumXL = 0;
      let sumRatio = 0;
      for (let i = 0; i < n; i++) {
        const xm = v + x[i]! * m[i]!;
        const logVXM = Math.log(xm);
        sumL += logVXM;
        sumXL += x[i]! * logVXM;
        if (gradient) sumRatio += (p * x[i]! + q) / xm;
      }
      // Per distinct x, times its count.
      let byX = 0;
      let gPByX = 0;
      let gQByX = 0;
      for (let k = 0; k < distinct.length; k++) {
        const xk = distinct[k]!;
        const c = counts[k]!;
        const px = p * xk;
        const logX = Math.log(xk);
        byX += c * (lgamma(px + q) - lgamma(px) + px * logX);
        if (!gradient) continue;
        const dgPQ = digamma(px + q);
        gPByX += c * xk * (dgPQ - digamma(px) + logX);
        gQByX += c * dgPQ;
      }
      const ll = byX - n * lgamma(q) + n * q * logV + p * sumXLogM - sumLogM - (p * sumXL + q * sumL);
      if (gradient) {
        gradient[0] = gPByX + sumXLogM - sumXL;
        gradient[1] = gQByX - n * digamma(q) + n * logV - sumL;
        gradient[2] = (n * q) / v - sumRatio;
      }
      return ll;
    },
  };
}

/** Repeat customers only: the rows with x > 0 and a positive mean spend. */
export function repeatCustomers(x: Float64Array, spend: Float64Array): { x: Float64Array; m: Float64Array } {
  const keep: number[] = [];
  for (let i = 0; i < x.length; i++) if (x[i] > 0 && spend[i] > 0) keep.push(i);
  return { x: Float64Array.from(keep, (i) => x[i]), m: Float64Array.from(keep, (i) => spend[i]) };
}

/** Fits Gamma-Gamma on the customers with x > 0 (others are ignored). */
export function fitGammaGamma(x: Float64Array, spend: Float64Array, options: FitOptions = {}): ModelFit<keyof GammaGammaParams> {
  const repeat = repeatCustomers(x, spend);
  if (repeat.x.length < 3) {
    return notFitted(NAMES, repeat.x.length, 'Did not converge: the spend model needs at least 3 customers with repeat purchases.');
  }
  let mean = 0;
  for (const m of repeat.m) mean += m;
  mean /= repeat.m.length;
  return fitMaximumLikelihood(gammaGammaLikelihood(repeat.x, repeat.m), [1, 2, mean], options);
}

/** E[M | x, m]: the expected average transaction value of a customer (population mean p·v/(q−1) when x = 0). */
export function conditionalExpectedSpend(p: GammaGammaParams, x: number, m: number): number {
  if (x <= 0) return (p.p * p.v) / (p.q - 1);
  return (p.p * (p.v + x * m)) / (p.p * x + p.q - 1);
}

/** Pearson correlation of frequency and mean spend over repeat customers: the model assumes it is near 0. */
export function frequencySpendCorrelation(x: Float64Array, spend: Float64Array): number {
  const repeat = repeatCustomers(x, spend);
  const n = repeat.x.length;
  if (n < 2) return NaN;
  let mx = 0;
  let mm = 0;
  for (let i = 0; i < n; i++) {
    mx += repeat.x[i];
    mm += repeat.m[i];
  }
  mx /= n;
  mm /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = repeat.x[i] - mx;
    const dm = repeat.m[i] - mm;
    sxy += dx * dm;
    sxx += dx * dx;
    syy += dm * dm;
  }
  return sxy / Math.sqrt(sxx * syy);
}
