/** Exponential smoothing and its backtest (src/models/forecast.ts) against series worked out by hand. */
import { describe, expect, it } from 'vitest';
import { backtest, chooseSmoothing, fitSmoothing, forecastAhead, smooth } from '../../../src/models/forecast';
import { seededRandom } from '../../../src/models/split';

describe('exponential smoothing', () => {
  it('runs simple smoothing by hand: 3, 5, 4, 6 with α = 0.5', () => {
    // ℓ0 = 3; one-step forecasts 3, 3, 4, 4 (errors 0, 2, 0, 2), final level 5.
    const fit = smooth([3, 5, 4, 6], 'simple', { alpha: 0.5, beta: 0, gamma: 0 });
    expect(Array.from(fit.fitted)).toEqual([3, 3, 4, 4]);
    expect(fit.sse).toBe(8);
    expect(fit.level).toBe(5);
    const ahead = forecastAhead({ ...fit, sigma2: 4, aic: 0 }, 2);
    expect(ahead.map((p) => p.value)).toEqual([5, 5]);
    // 95% interval: ±1.96·σ at h = 1, ±1.96·σ·√(1 + α²) at h = 2.
    expect(ahead[0]!.hi - 5).toBeCloseTo(1.959964 * 2, 5);
    expect(ahead[1]!.hi - 5).toBeCloseTo(1.959964 * 2 * Math.sqrt(1.25), 5);
  });

  it("runs Holt's smoothing by hand: 10, 12, 15, 15, 18 with α = 0.5, β = 0.2", () => {
    // b0 = 2, ℓ0 = 8. Forecasts 10, 12, 14 (e 1), 16.7 (e −1.7), 17.71 (e 0.29); final ℓ 17.855, b 1.918.
    const fit = smooth([10, 12, 15, 15, 18], 'trend', { alpha: 0.5, beta: 0.2, gamma: 0 });
    expect(Array.from(fit.fitted).map((v) => expect.closeTo(v, 10))).toEqual([10, 12, 14, 16.7, 17.71].map((v) => expect.closeTo(v, 10)));
    expect(fit.sse).toBeCloseTo(1 + 2.89 + 0.0841, 10);
    expect(fit.level).toBeCloseTo(17.855, 10);
    expect(fit.trend).toBeCloseTo(1.918, 10);
    expect(forecastAhead({ ...fit, sigma2: 1, aic: 0 }, 2).map((p) => p.value)).toEqual([expect.closeTo(19.773, 10), expect.closeTo(21.691, 10)]);
  });

  it('picks the season by AIC when the series repeats a pattern, and forecasts it', () => {
    const random = seededRandom(3);
    const pattern = [10, 30, 20, 0];
    const y = Array.from({ length: 24 }, (_, t) => 100 + 0.5 * t + pattern[t % 4]! + (random() - 0.5));
    const { best, fits } = chooseSmoothing(y, 4);
    expect(fits.map((f) => f.kind)).toEqual(['simple', 'trend', 'seasonal']);
    expect(best.kind).toBe('seasonal');
    const next = forecastAhead(best, 4).map((p) => p.value);
    next.forEach((v, h) => expect(Math.abs(v - (100 + 0.5 * (24 + h) + pattern[(24 + h) % 4]!))).toBeLessThan(2));
  });

  it('offers no season without two full cycles, and keeps the parameters in range', () => {
    const fit = fitSmoothing([5, 7, 6, 9, 8, 11], 'trend');
    expect(fit.parameters.alpha).toBeGreaterThan(0);
    expect(fit.parameters.alpha).toBeLessThan(1);
    expect(fit.parameters.beta).toBeLessThanOrEqual(fit.parameters.alpha);
    expect(chooseSmoothing([1, 2, 3, 4, 5, 6, 7, 8, 9], 4).fits.map((f) => f.kind)).toEqual(['simple', 'trend']);
  });
});

describe('backtest', () => {
  it('scores the held-out periods beside the naive forecast: a straight line, 1 to 20', () => {
    const y = Array.from({ length: 20 }, (_, t) => t + 1);
    const result = backtest(y, 1, 8);
    expect(result.actual).toEqual([13, 14, 15, 16, 17, 18, 19, 20]);
    // The naive forecast repeats 12: errors 1..8, MAE 4.5; the in-sample naive MAE is 1, so MASE 4.5.
    expect(result.naive.mae).toBeCloseTo(4.5, 12);
    expect(result.naive.mase).toBeCloseTo(4.5, 12);
    expect(result.naive.mape).toBeCloseTo([1, 2, 3, 4, 5, 6, 7, 8].reduce((s, k) => s + k / (12 + k), 0) / 8, 12);
    expect(result.kind).toBe('trend');
    expect(result.model.mae).toBeLessThan(0.01);
    expect(result.seasonalNaive).toBeNull();
  });

  it('refuses a series too short to hold out', () => {
    expect(() => backtest([1, 2, 3, 4, 5], 1, 8)).toThrow(/at least 12 periods/);
  });
});
