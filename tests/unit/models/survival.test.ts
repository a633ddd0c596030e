/**
 * Survival models (src/models/survival.ts) against values worked out independently (a direct transcription of
 * each formula in Python, and SciPy's optimisers for the maxima) on a small censored set with tied times.
 */
import { describe, expect, it } from 'vitest';
import { coxPartialLikelihood, fitCox, fitExponential, fitWeibull, weibullLogLikelihood, type SurvivalData } from '../../../src/models/survival';
import { seededRandom } from '../../../src/models/split';
import * as survival from '../../../src/models/survival';

/** Eight subjects; three leave at t = 3 (two events, one censored), two at t = 8 (one event, one censored). */
const SET: SurvivalData = { durations: Float64Array.from([2, 3, 3, 3, 5, 8, 8, 10]), events: Uint8Array.from([1, 1, 1, 0, 1, 0, 1, 1]) };
const X = Float64Array.from([1, 0, 2, 1, 0, 1, 2, 0]);

describe('exponential and Weibull', () => {
  it('gives the exponential rate as events over time at risk: 6 / 42 days', () => {
    const fit = fitExponential(SET);
    expect(fit.ratePerDay).toBeCloseTo(6 / 42, 14);
    expect(fit.logLikelihood).toBeCloseTo(6 * Math.log(6 / 42) - 6, 12); // -17.675460894331880
  });

  it('computes the Weibull log-likelihood with censoring at given parameters', () => {
    // Σ_events [ln k − k ln λ + (k − 1) ln t] − Σ_all (t / λ)^k at k = 1.5, λ = 6.
    expect(weibullLogLikelihood(SET, 1.5, 6)).toBeCloseTo(-16.49682130796154, 12);
  });

  it('finds the Weibull maximum (SciPy Nelder–Mead: shape 1.942540, scale 6.865509, log-likelihood −16.098474)', () => {
    const fit = fitWeibull(SET);
    expect(fit.shape).toBeCloseTo(1.9425397, 5);
    expect(fit.scaleDays).toBeCloseTo(6.8655086, 5);
    expect(fit.logLikelihood).toBeCloseTo(-16.09847365877524, 9);
    // The exponential is the Weibull with shape 1, so the Weibull maximum is never below it.
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(fitExponential(SET).logLikelihood);
  });

  it('refuses a set with no event', () => {
    const none = { durations: Float64Array.from([1, 2]), events: Uint8Array.from([0, 0]) };
    expect(() => fitExponential(none)).toThrow(/at least one event/);
    expect(() => fitWeibull(none)).toThrow(/at least one event/);
  });
});

describe('Cox proportional hazards', () => {
  it("handles ties by Efron's method, which differs from Breslow's on tied events", () => {
    // At β = 0.5 (the terms at t = 3 and t = 8 hold tied events or tied censoring).
    expect(coxPartialLikelihood(SET, X, 1, [0.5], 'efron').value).toBeCloseTo(-8.37784724638483, 12);
    expect(coxPartialLikelihood(SET, X, 1, [0.5], 'breslow').value).toBeCloseTo(-8.55034571654757, 12);
  });

  it('fits β by Newton–Raphson with its standard error (SciPy: Efron 0.204605 ± 0.544599, Breslow 0.194433 ± 0.540492)', () => {
    const efron = fitCox(SET, X, ['x']);
    expect(efron.ties).toBe('efron');
    expect(efron.coef[0]).toBeCloseTo(0.2046050, 6);
    expect(efron.se[0]).toBeCloseTo(0.5445986, 5);
    expect(efron.logPartialLikelihood).toBeCloseTo(-8.231725576588914, 10);
    expect(efron.hazardRatio[0]).toBeCloseTo(Math.exp(0.2046050), 6);
    expect(efron.hazardRatioLower[0]).toBeCloseTo(Math.exp(0.2046050 - 1.959964 * 0.5445986), 5);
    const breslow = fitCox(SET, X, ['x'], { ties: 'breslow' });
    expect(breslow.coef[0]).toBeCloseTo(0.1944327, 6);
    expect(breslow.se[0]).toBeCloseTo(0.5404923, 5);
  });

  it('recovers planted hazard ratios, and its proportional-hazards check flags an effect that fades with time', () => {
    const random = seededRandom(7);
    const n = 4000;
    const make = (fading: boolean) => {
      const x = new Float64Array(n * 2);
      const durations = new Float64Array(n);
      const events = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const a = random() < 0.5 ? 1 : 0;
        const b = random() * 2 - 1;
        x[i * 2] = a;
        x[i * 2 + 1] = b;
        // Exponential times with hazard 0.01 · exp(0.7 a − 0.4 b); with `fading`, a's effect is gone after day 30.
        let t = -Math.log(random()) / (0.01 * Math.exp(0.7 * a - 0.4 * b));
        if (fading && a === 1 && t > 30) t = 30 + (t - 30) * Math.exp(0.7);
        const censor = 20 + random() * 200;
        durations[i] = Math.max(1, Math.ceil(Math.min(t, censor)));
        events[i] = t <= censor ? 1 : 0;
      }
      return { data: { durations, events }, x };
    };
    const steady = make(false);
    const fit = fitCox(steady.data, steady.x, ['a', 'b']);
    expect(fit.coef[0]).toBeGreaterThan(0.6);
    expect(fit.coef[0]).toBeLessThan(0.8);
    expect(fit.coef[1]).toBeGreaterThan(-0.5);
    expect(fit.coef[1]).toBeLessThan(-0.3);
    expect(fit.proportionalHazards.every((c) => c.p > 0.01)).toBe(true);
    const fading = make(true);
    const check = fitCox(fading.data, fading.x, ['a', 'b']).proportionalHazards;
    expect(check[0]!.p).toBeLessThan(0.001);
  });

  it('says so when a covariate does not vary', () => {
    expect(() => fitCox(SET, new Float64Array(8).fill(1), ['constant'])).toThrow(/collinear or do not vary/);
  });
});

describe('chance of the event within a window, given none yet', () => {
  it("builds Breslow's baseline hazard by hand and turns it into a conditional chance", () => {
    const { coxBaselineHazard, coxChanceWithin, cumulativeHazardAt, weibullChanceWithin } = survival;
    // β = 0: jumps d / n at risk: t=2 1/8, t=3 2/7, t=5 1/4, t=8 1/3, t=10 1/1.
    const baseline = coxBaselineHazard(SET, X, 1, [0]);
    expect(Array.from(baseline.times)).toEqual([2, 3, 5, 8, 10]);
    const steps = [1 / 8, 1 / 8 + 2 / 7, 1 / 8 + 2 / 7 + 1 / 4, 1 / 8 + 2 / 7 + 1 / 4 + 1 / 3, 1 / 8 + 2 / 7 + 1 / 4 + 1 / 3 + 1];
    Array.from(baseline.cumulative).forEach((v, k) => expect(v).toBeCloseTo(steps[k]!, 12));
    expect(cumulativeHazardAt(baseline, 1)).toBe(0);
    expect(cumulativeHazardAt(baseline, 4)).toBeCloseTo(steps[1]!, 12);
    // Still waiting at day 3: within 5 days (to day 8) the hazard adds 1/4 + 1/3; with xβ = ln 2 it doubles.
    expect(coxChanceWithin(baseline, 3, 5, 0)).toBeCloseTo(1 - Math.exp(-(1 / 4 + 1 / 3)), 12);
    expect(coxChanceWithin(baseline, 3, 5, Math.log(2))).toBeCloseTo(1 - Math.exp(-2 * (1 / 4 + 1 / 3)), 12);
    // Weibull with shape 1 is memoryless: the same chance at any age.
    expect(weibullChanceWithin({ shape: 1, scaleDays: 50 }, 0, 30)).toBeCloseTo(weibullChanceWithin({ shape: 1, scaleDays: 50 }, 400, 30), 12);
    // Shape below 1: the chance fades the longer a customer has waited.
    expect(weibullChanceWithin({ shape: 0.5, scaleDays: 1000 }, 400, 30)).toBeLessThan(weibullChanceWithin({ shape: 0.5, scaleDays: 1000 }, 10, 30));
  });
});
