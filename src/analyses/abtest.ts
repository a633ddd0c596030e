/**
 * A/B test read-out for a rate (converted, retained, bought again): the difference between two groups with a
 * confidence interval, a two-proportion z-test, and for planning the sample size a difference needs and the
 * smallest difference a sample can detect. Pure functions; the notebook and the command line add the SQL.
 *   difference d = p_B − p_A; interval d ± z·√(p_A(1−p_A)/n_A + p_B(1−p_B)/n_B)  (unpooled, Wald);
 *   test z = d / √(p̄(1−p̄)(1/n_A + 1/n_B)) with the pooled rate p̄; p-value two-sided.
 *   sample size per group n = (z_{1−α/2}·√(2p̄(1−p̄)) + z_{1−β}·√(p_A(1−p_A) + p_B(1−p_B)))² / d².
 */
import type { Localized } from '../text/language';

/** One group of the test: how many were in it and how many converted. */
export interface AbGroup {
  name: string;
  size: number;
  converted: number;
}

export interface AbReadout {
  control: AbGroup & { rate: number };
  variant: AbGroup & { rate: number };
  /** Variant rate − control rate. */
  difference: number;
  /** (variant − control) / control; null when the control rate is 0. */
  relativeLift: number | null;
  confidence: number;
  interval: [number, number];
  z: number;
  pValue: number;
  significant: boolean;
  verdict: Localized;
}

/** The standard normal cumulative distribution Φ(x) (erfc by Numerical Recipes' Chebyshev fit, |error| < 1.2e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    Math.exp(
      -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** The standard normal quantile Φ⁻¹(p) (Acklam's rational approximation refined by one Newton step). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`A probability strictly between 0 and 1 is needed, got ${p}.`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  let x: number;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else if (p <= 1 - low) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  const e = normalCdf(x) - p;
  return x - e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
}

function checkGroup(group: AbGroup): AbGroup & { rate: number } {
  if (!Number.isInteger(group.size) || group.size <= 0) throw new RangeError(`Group "${group.name}" needs at least one member, got ${group.size}.`);
  if (!Number.isInteger(group.converted) || group.converted < 0 || group.converted > group.size) {
    throw new RangeError(`Group "${group.name}" has ${group.converted} conversions for ${group.size} members.`);
  }
  return { ...group, rate: group.converted / group.size };
}

const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}%`;
const points = (x: number) => `${x >= 0 ? '+' : '−'}${(Math.abs(x) * 100).toFixed(1)}`;

/** Compares the variant's rate with the control's at `confidence` (default 0.95). */
export function readAbTest(control: AbGroup, variant: AbGroup, confidence = 0.95): AbReadout {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`The confidence must be between 0 and 1, got ${confidence}.`);
  const a = checkGroup(control);
  const b = checkGroup(variant);
  const difference = b.rate - a.rate;
  const critical = normalQuantile(1 - (1 - confidence) / 2);
  const spread = Math.sqrt((a.rate * (1 - a.rate)) / a.size + (b.rate * (1 - b.rate)) / b.size);
  const pooled = (a.converted + b.converted) / (a.size + b.size);
  const pooledSpread = Math.sqrt(pooled * (1 - pooled) * (1 / a.size + 1 / b.size));
  const z = pooledSpread > 0 ? difference / pooledSpread : 0;
  const pValue = pooledSpread > 0 ? 2 * (1 - normalCdf(Math.abs(z))) : 1;
  const interval: [number, number] = [difference - critical * spread, difference + critical * spread];
  const significant = pValue < 1 - confidence;
  const relativeLift = a.rate > 0 ? difference / a.rate : null;
  return { control: a, variant: b, difference, relativeLift, confidence, interval, z, pValue, significant, verdict: verdictOf(a, b, difference, interval, pValue, significant, confidence) };
}

function verdictOf(
  a: AbGroup & { rate: number },
  b: AbGroup & { rate: number },
  difference: number,
  interval: [number, number],
  pValue: number,
  significant: boolean,
  confidence: number,
): Localized {
  const range = `${points(interval[0])} to ${points(interval[1])} points`;
  const rangeZh = `${points(interval[0])} 至 ${points(interval[1])} 个百分点`;
  const level = pct(confidence, 0);
  const p = pValue < 0.001 ? '< 0.001' : pValue.toFixed(3);
  if (significant) {
    const better = difference > 0;
    return {
      en: `${b.name} ${better ? 'beats' : 'does worse than'} ${a.name}: ${pct(b.rate)} against ${pct(a.rate)} (${points(difference)} points; ${level} interval ${range}; p = ${p}). The difference is unlikely to be chance.`,
      'zh-CN': `${b.name}${better ? '优于' : '不如'}${a.name}：${pct(b.rate)} 对 ${pct(a.rate)}（${points(difference)} 个百分点；${level} 置信区间 ${rangeZh}；p = ${p}）。这个差异不太可能是偶然的。`,
    };
  }
  return {
    en: `No clear difference: ${b.name} ${pct(b.rate)}, ${a.name} ${pct(a.rate)} (${points(difference)} points; ${level} interval ${range}; p = ${p}). The true difference could be anywhere in that interval; a larger test is needed to tell.`,
    'zh-CN': `没有明显差异：${b.name} ${pct(b.rate)}，${a.name} ${pct(a.rate)}（${points(difference)} 个百分点；${level} 置信区间 ${rangeZh}；p = ${p}）。真实差异可能在这个区间内的任何位置，需要更大的测试才能判断。`,
  };
}

/** Customers needed in each group to detect `baseline` → `target` with the given significance and power. */
export function sampleSizePerGroup(baseline: number, target: number, options: { confidence?: number; power?: number } = {}): number {
  const confidence = options.confidence ?? 0.95;
  const power = options.power ?? 0.8;
  if (!(baseline > 0 && baseline < 1 && target > 0 && target < 1) || baseline === target) {
    throw new RangeError('Two different rates strictly between 0 and 1 are needed.');
  }
  const zAlpha = normalQuantile(1 - (1 - confidence) / 2);
  const zBeta = normalQuantile(power);
  const mean = (baseline + target) / 2;
  const top = zAlpha * Math.sqrt(2 * mean * (1 - mean)) + zBeta * Math.sqrt(baseline * (1 - baseline) + target * (1 - target));
  return Math.ceil((top * top) / ((target - baseline) * (target - baseline)));
}

/** The smallest lift over `baseline` (in rate points, upwards) that `perGroup` customers per group can detect. */
export function minimumDetectableEffect(baseline: number, perGroup: number, options: { confidence?: number; power?: number } = {}): number {
  if (!(baseline > 0 && baseline < 1)) throw new RangeError('A baseline rate strictly between 0 and 1 is needed.');
  let low = 1e-6;
  let high = 1 - baseline - 1e-6;
  if (sampleSizePerGroup(baseline, baseline + high, options) > perGroup) return Number.NaN;
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2;
    if (sampleSizePerGroup(baseline, baseline + mid, options) <= perGroup) high = mid;
    else low = mid;
  }
  return high;
}
