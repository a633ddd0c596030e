/**
 * Count regression against values worked out independently: Poisson and NB2 regressions of a small overdispersed
 * set fitted by SciPy (BFGS on the exact log-likelihoods, no ridge; script in the test's comment).
 *   rng = default_rng(3); x1 ~ N(0,1), x2 ~ U(0,2) rounded to 2 places; μ = exp(0.3 + 0.5 x1 − 0.4 x2);
 *   λ ~ Gamma(0.8, μ/0.8); y ~ Poisson(λ); n = 50.
 */
import { describe, expect, it } from 'vitest';
import { countScores, fitNegativeBinomial, fitPoisson, negativeBinomialLogLikelihood, poissonLogLikelihood, predictCounts } from '../../../src/models/count';

const X1 = [2.04, -2.56, 0.42, -0.57, -0.45, -0.22, -2.02, -0.23, -0.87, 3.32, 0.23, -0.35, -0.28, -0.67, -1.06, -0.39, 0.48, -0.24, 0.96, -0.2, 0.02, 1.55, 0.55, -0.51, -0.18, 0.54, 1.94, -0.27, -0.24, 1.0, -0.89, -0.29, 0.88, 0.58, 0.09, 0.67, -2.83, 1.02, -0.96, -1.67, 0.28, 0.7, -0.44, -1.08, 0.03, -0.05, 1.41, 0.75, 0.19, 1.11];
const X2 = [0.29, 1.4, 0.58, 1.74, 0.55, 1.12, 0.8, 1.23, 0.39, 0.36, 1.49, 1.5, 1.13, 1.84, 0.41, 1.7, 0.34, 1.93, 1.25, 1.21, 1.94, 1.57, 1.58, 0.11, 0.74, 0.17, 0.39, 0.43, 1.72, 0.25, 0.59, 0.99, 1.7, 1.93, 1.42, 0.43, 1.09, 1.41, 0.1, 1.36, 0.74, 1.18, 1.34, 1.34, 1.05, 1.11, 0.4, 0.99, 0.25, 0.96];
const Y = Float64Array.from([1, 0, 2, 0, 1, 0, 0, 0, 0, 13, 1, 0, 0, 0, 1, 0, 0, 0, 0, 3, 0, 1, 0, 0, 1, 7, 4, 2, 0, 0, 0, 2, 3, 1, 0, 2, 2, 0, 1, 0, 3, 3, 0, 1, 0, 2, 1, 0, 1, 2]);
const n = Y.length;
const X = Float64Array.from({ length: n * 2 }, (_, i) => (i % 2 === 0 ? X1[i >> 1]! : X2[i >> 1]!));

describe('count regression', () => {
  it('fits Poisson regression as SciPy does', () => {
    const fit = fitPoisson(X, Y, n, 2, { ridge: 0 });
    const expected = [0.559398694974703, 0.5749321545685676, -0.7344015865478271];
    fit.coef.forEach((c, i) => expect(c).toBeCloseTo(expected[i]!, 5));
    expect(fit.logLikelihood).toBeCloseTo(-69.92962609443221, 6);
    expect(poissonLogLikelihood(Y, predictCounts(fit, X, n))).toBeCloseTo(fit.logLikelihood, 10);
  });

  it('fits negative-binomial (NB2) regression, dispersion included, as SciPy does', () => {
    const fit = fitNegativeBinomial(X, Y, n, 2, { ridge: 0 });
    const expected = [0.6518611602239576, 0.484726126022973, -0.7933926842280195];
    fit.coef.forEach((c, i) => expect(c).toBeCloseTo(expected[i]!, 4));
    expect(fit.alpha).toBeCloseTo(0.5246928558885339, 4);
    expect(fit.logLikelihood).toBeCloseTo(-66.95394581269039, 5);
    // Overdispersed data: NB fits better than Poisson, and reduces to it as α → 0.
    expect(fit.logLikelihood).toBeGreaterThan(fitPoisson(X, Y, n, 2, { ridge: 0 }).logLikelihood);
    const mu = predictCounts(fit, X, n);
    expect(negativeBinomialLogLikelihood(Y, mu, 1e-8)).toBeCloseTo(poissonLogLikelihood(Y, mu), 4);
  });

  it('scores predictions by mean absolute error and Poisson deviance', () => {
    expect(countScores([0, 2, 4], [1, 2, 2])).toEqual({ mae: 1, poissonDeviance: (2 * (0 - (0 - 1)) + 0 + 2 * (4 * Math.log(2) - 2)) / 3 });
  });
});
