import { describe, expect, it } from 'vitest';
import {
  dropoutIntegral,
  fitParetoNbd,
  paretoNbdConditionalExpected,
  paretoNbdExpectedRepeats,
  paretoNbdLikelihood,
  paretoNbdPAlive,
  type ParetoNbdParams,
} from '../../../../src/models/clv/pareto-nbd';
import { compressSummary } from '../../../../src/models/clv/summary';
import { lgamma } from '../../../../src/models/clv/special';
import { publishedSummary } from './cdnow';

const PAPER: ParetoNbdParams = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };

/** 2F1 by its series, written out here independently of the model code. */
function seriesHyp2f1(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let n = 0; n < 100000 && Math.abs(term) > 1e-17 * sum; n++) {
    term *= ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    sum += term;
  }
  return sum;
}

/** The textbook Pareto/NBD likelihood with the 2F1 closed form (Fader & Hardie's note), α < β branch. */
function closedForm(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  const rsx = r + s + x;
  const f = (t: number) => seriesHyp2f1(rsx, r + x, rsx + 1, (beta - alpha) / (beta + t)) / (beta + t) ** rsx;
  const a0 = f(tx) - f(T);
  const bracket = 1 / ((alpha + T) ** (r + x) * (beta + T) ** s) + (s / rsx) * a0;
  return lgamma(r + x) - lgamma(r) + r * Math.log(alpha) + s * Math.log(beta) + Math.log(bracket);
}

function simpsonLog(f: (t: number) => number, lo: number, hi: number, n = 400000): number {
  const h = (hi - lo) / n;
  let sum = f(lo) + f(hi);
  for (let i = 1; i < n; i++) sum += f(lo + i * h) * (i % 2 ? 4 : 2);
  return Math.log((sum * h) / 3);
}

describe('Pareto/NBD dropout integral', () => {
  it.each([
    [10.58, 11.67, 3.55, 1.61, 20, 38],
    [0.5, 30, 20.5, 1.2, 1, 40],
    [30, 0.2, 0.3, 1.05, 0, 70],
    [4, 4, 50, 2, 0.1, 39],
    [10, 12, 1, 1.6, 38.8, 38.86],
  ])('matches Simpson for α=%f β=%f k=%f l=%f on [%f, %f]', (alpha, beta, k, l, tx, T) => {
    const expected = simpsonLog((t) => (alpha + t) ** -k * (beta + t) ** -l, tx, T);
    expect(dropoutIntegral(alpha, beta, k, l, tx, T)).toBeCloseTo(expected, 8);
  });

  it('is empty (log 0) when t_x = T', () => {
    expect(dropoutIntegral(1, 2, 3, 1.5, 10, 10)).toBe(-Infinity);
  });
});

describe('Pareto/NBD likelihood', () => {
  it.each([
    [0, 0, 38.86],
    [1, 1.71, 38.86],
    [2, 30.43, 38.86],
    [7, 35, 36],
    [3, 36.99, 37],
  ])('matches the hypergeometric closed form for x=%d, t_x=%f, T=%f', (x, tx, T) => {
    const data = compressSummary({ x: Float64Array.of(x), tx: Float64Array.of(tx), T: Float64Array.of(T) });
    const value = paretoNbdLikelihood(data).evaluate(Float64Array.of(PAPER.r, PAPER.alpha, PAPER.s, PAPER.beta), null);
    expect(value).toBeCloseTo(closedForm(PAPER, x, tx, T), 8);
  });

  it('has the gradient of its value', () => {
    const likelihood = paretoNbdLikelihood(compressSummary(publishedSummary()));
    const theta = Float64Array.of(0.5, 9, 0.7, 12);
    const gradient = new Float64Array(4);
    likelihood.evaluate(theta, gradient);
    for (let i = 0; i < 4; i++) {
      const h = 1e-6 * theta[i];
      const plus = Float64Array.from(theta);
      const minus = Float64Array.from(theta);
      plus[i] += h;
      minus[i] -= h;
      expect(gradient[i]).toBeCloseTo((likelihood.evaluate(plus, null) - likelihood.evaluate(minus, null)) / (2 * h), 3);
    }
  });
});

describe('fitParetoNbd on the CDNOW summary', () => {
  const fit = fitParetoNbd(publishedSummary());

  it('reproduces the published r = 0.55, alpha = 10.58, s = 0.61, beta = 11.67, LL = -9595.0', () => {
    expect(fit.convergence.converged).toBe(true);
    expect(fit.params.r).toBeCloseTo(0.553, 2);
    expect(fit.params.alpha).toBeCloseTo(10.58, 1);
    expect(fit.params.s).toBeCloseTo(0.606, 2);
    expect(fit.params.beta).toBeCloseTo(11.67, 1);
    expect(fit.logLikelihood).toBeCloseTo(-9595.0, 0);
  });
});

describe('Pareto/NBD P(alive) and expectations', () => {
  it('P(alive) is 1 when the last purchase is at T, and falls with recency', () => {
    expect(paretoNbdPAlive(PAPER, 3, 30, 30)).toBe(1);
    expect(paretoNbdPAlive(PAPER, 3, 10, 30)).toBeLessThan(paretoNbdPAlive(PAPER, 3, 25, 30));
  });

  it('E[Y(t) | 0, 0, 0] is the unconditional E[X(t)]', () => {
    expect(paretoNbdConditionalExpected(PAPER, 39, 0, 0, 0)).toBeCloseTo(paretoNbdExpectedRepeats(PAPER, 39), 12);
  });

  it('reports no convergence without repeat purchases', () => {
    const fit = fitParetoNbd({ x: Float64Array.of(0, 0), tx: Float64Array.of(0, 0), T: Float64Array.of(5, 9) });
    expect(fit.convergence.converged).toBe(false);
  });
});
