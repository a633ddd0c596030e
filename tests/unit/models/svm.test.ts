/**
 * The linear SVM (src/models/svm.ts): on a separable set with a tiny penalty it finds the maximum-margin line
 * worked out by hand; Platt scaling is fitted on out-of-fold decision values only, so noise labels that the
 * SVM separates in-sample still get probabilities near the base rate.
 */
import { describe, expect, it } from 'vitest';
import { decisionValues, fitLinearSvm, fitPlatt, plattProbabilities, trainSvm } from '../../../src/models/svm';
import { logLoss, rocAuc } from '../../../src/models/metrics';
import { seededRandom } from '../../../src/models/split';

describe('linear SVM', () => {
  it('finds the maximum-margin line of a separable set, as computed by hand', () => {
    // Closest opposite points: (1, 1) and (−1, −1). The widest gap is the line x₁ + x₂ = 0 with the margins
    // w·x + b = ±1 through them: w = (½, ½), b = 0, margin 2 / ‖w‖ = 2√2, the distance between the two points.
    const x = Float32Array.from([1, 1, 2, 3, 3, 2, -1, -1, -2, -3, -3, -2]);
    const y = Uint8Array.from([1, 1, 1, 0, 0, 0]);
    const svm = fitLinearSvm({ x, y, rows: 6, cols: 2 }, { l2: 1e-6, tolerance: 1e-7, maxPasses: 100_000 });
    expect(svm.converged).toBe(true);
    expect(svm.weights[0]).toBeCloseTo(0.5, 3);
    expect(svm.weights[1]).toBeCloseTo(0.5, 3);
    expect(svm.bias).toBeCloseTo(0, 3);
    expect(2 / Math.hypot(...svm.weights)).toBeCloseTo(2 * Math.SQRT2, 2);
    const f = decisionValues(svm, x, 6);
    expect(f[0]).toBeCloseTo(1, 3);
    expect(f[3]).toBeCloseTo(-1, 3);
    expect(f[1]).toBeGreaterThan(1);
  });

  it('fits Platt scaling on held-out decision values only', async () => {
    // Pure-noise labels with many features: the SVM separates its own training rows, but not new ones.
    const rows = 160;
    const cols = 100;
    const random = seededRandom(5);
    const x = Float32Array.from({ length: rows * cols }, () => random() * 2 - 1);
    const y = Uint8Array.from({ length: rows }, () => (random() < 0.5 ? 1 : 0));
    const { model, fit } = await trainSvm({ x, y, rows, cols }, { l2: 1e-4, seed: 3 });
    const inSample = decisionValues(fit.svm, x, rows);
    expect(rocAuc(y, inSample)).toBeGreaterThan(0.97);
    expect(rocAuc(y, fit.heldOutScores)).toBeLessThan(0.7);
    // The sigmoid is the one of the held-out values; on in-sample values it would be far steeper.
    expect(fit.platt).toEqual(fitPlatt(fit.heldOutScores, y));
    const overconfident = fitPlatt(inSample, y);
    expect(Math.abs(overconfident.a)).toBeGreaterThan(5 * Math.abs(fit.platt.a));
    // On new rows with new noise labels, the held-out sigmoid stays near a coin's log loss (ln 2 ≈ 0.69);
    // the in-sample one would be confidently wrong.
    const fresh = Float32Array.from({ length: 400 * cols }, () => random() * 2 - 1);
    const freshY = Uint8Array.from({ length: 400 }, () => (random() < 0.5 ? 1 : 0));
    expect(logLoss(freshY, await model.predict(fresh, 400))).toBeLessThan(0.75);
    expect(logLoss(freshY, plattProbabilities(overconfident, decisionValues(fit.svm, fresh, 400)))).toBeGreaterThan(1);
  });

  it('gives separable scores a finite slope thanks to smoothed targets', () => {
    const scores = [-3, -2, -1, 1, 2, 3];
    const labels = [0, 0, 0, 1, 1, 1];
    const platt = fitPlatt(scores, labels);
    expect(Number.isFinite(platt.a)).toBe(true);
    expect(platt.a).toBeLessThan(0);
    const p = plattProbabilities(platt, scores);
    expect(p[5]).toBeGreaterThan(0.7);
    expect(p[5]).toBeLessThan(0.95);
    expect(p[0]).toBeLessThan(0.3);
  });
});
