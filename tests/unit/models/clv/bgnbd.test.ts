import { describe, expect, it } from 'vitest';
import {
  bgnbdConditionalExpected,
  bgnbdExpectedRepeats,
  bgnbdLikelihood,
  bgnbdPAlive,
  fitBgnbd,
  type BgnbdParams,
} from '../../../../src/models/clv/bgnbd';
import { fitMaximumLikelihood } from '../../../../src/models/clv/fit';
import { compressSummary } from '../../../../src/models/clv/summary';
import { PUBLISHED_BGNBD, publishedSummary } from './cdnow';

const PAPER: BgnbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

/** The individual likelihood in plain Math: Γ and B ratios as finite products (x is an integer). */
function closedForm(p: BgnbdParams, x: number, tx: number, T: number): number {
  let gammaRatio = 1;
  let betaRatio = 1;
  for (let k = 0; k < x; k++) {
    gammaRatio *= p.r + k;
    betaRatio *= (p.b + k) / (p.a + p.b + k);
  }
  const a1 = gammaRatio * p.alpha ** p.r;
  const alive = a1 / (p.alpha + T) ** (p.r + x);
  const dropped = x > 0 ? (p.a / (p.b + x - 1)) * (a1 / (p.alpha + tx) ** (p.r + x)) : 0;
  return Math.log(betaRatio * (alive + dropped));
}

/** Simpson's rule on [lo, hi] with n (even) intervals. */
function simpson(f: (u: number) => number, lo: number, hi: number, n = 20000): number {
  const h = (hi - lo) / n;
  let sum = f(lo) + f(hi);
  for (let i = 1; i < n; i++) sum += f(lo + i * h) * (i % 2 ? 4 : 2);
  return (sum * h) / 3;
}

/**
 * The individual likelihood by numerical integration of the model's definition over λ ~ gamma(r, α) and
 * p ~ beta(a, b): L = E_p[(1-p)^x]·E_λ[λ^x e^(-λT)] + [x>0]·E_p[p(1-p)^(x-1)]·E_λ[λ^x e^(-λ t_x)].
 * Substituting λ = u^(1/r), p = v^(1/a) removes the densities' singularities at 0.
 */
function integrated(p: BgnbdParams, x: number, tx: number, T: number): number {
  const gammaNorm = simpson((u) => Math.exp(-p.alpha * u ** (1 / p.r)), 0, 3);
  const lambdaMean = (t: number) =>
    simpson((u) => {
      const lambda = u ** (1 / p.r);
      return lambda ** x * Math.exp(-lambda * (p.alpha + t));
    }, 0, 3) / gammaNorm;
  const betaMean = (f: (q: number) => number) =>
    simpson((v) => f(v ** (1 / p.a)) * (1 - v ** (1 / p.a)) ** (p.b - 1), 0, 1) /
    simpson((v) => (1 - v ** (1 / p.a)) ** (p.b - 1), 0, 1);
  const alive = betaMean((q) => (1 - q) ** x) * lambdaMean(T);
  const dropped = x > 0 ? betaMean((q) => q * (1 - q) ** (x - 1)) * lambdaMean(tx) : 0;
  return Math.log(alive + dropped);
}

function logLikelihoodOf(p: BgnbdParams, x: number[], tx: number[], T: number[]): number {
  const data = compressSummary({ x: Float64Array.from(x), tx: Float64Array.from(tx), T: Float64Array.from(T) });
  return bgnbdLikelihood(data).evaluate(Float64Array.from([p.r, p.alpha, p.a, p.b]), null);
}

describe('BG/NBD likelihood', () => {
  const customers: [number, number, number][] = [
    [0, 0, 38.86],
    [1, 1.71, 38.86],
    [2, 30.43, 38.86],
    [5, 20, 32.5],
    [14, 38.7, 38.86],
    [3, 37, 37],
  ];

  it.each(customers)('matches the closed form in plain Math for x=%d, t_x=%f, T=%f', (x, tx, T) => {
    expect(logLikelihoodOf(PAPER, [x], [tx], [T])).toBeCloseTo(closedForm(PAPER, x, tx, T), 11);
  });

  it.each(customers.slice(0, 4))('matches numerical integration over λ and p for x=%d, t_x=%f, T=%f', (x, tx, T) => {
    expect(logLikelihoodOf(PAPER, [x], [tx], [T])).toBeCloseTo(integrated(PAPER, x, tx, T), 5);
  });

  it('has the analytic gradient of its value (central differences)', () => {
    const data = compressSummary(publishedSummary());
    const likelihood = bgnbdLikelihood(data);
    const theta = Float64Array.from([0.3, 5, 0.9, 2]);
    const gradient = new Float64Array(4);
    likelihood.evaluate(theta, gradient);
    for (let i = 0; i < 4; i++) {
      const h = 1e-6 * theta[i];
      const plus = Float64Array.from(theta);
      const minus = Float64Array.from(theta);
      plus[i] += h;
      minus[i] -= h;
      const numeric = (likelihood.evaluate(plus, null) - likelihood.evaluate(minus, null)) / (2 * h);
      expect(gradient[i]).toBeCloseTo(numeric, 3);
    }
  });

  it('weights identical customers instead of repeating them', () => {
    expect(logLikelihoodOf(PAPER, [2, 2, 0], [10, 10, 0], [30, 30, 30])).toBeCloseTo(
      2 * closedForm(PAPER, 2, 10, 30) + closedForm(PAPER, 0, 0, 30),
      10,
    );
  });
});

describe('fitBgnbd on the published CDNOW summary (2,357 customers, E = 1997-09-30)', () => {
  const fit = fitBgnbd(publishedSummary());

  it('reproduces r = 0.243, alpha = 4.414, a = 0.793, b = 2.426 within 1%', () => {
    expect(fit.convergence.converged).toBe(true);
    for (const name of ['r', 'alpha', 'a', 'b'] as const) {
      expect(Math.abs(fit.params[name] / PUBLISHED_BGNBD[name] - 1)).toBeLessThan(0.01);
    }
  });

  it('reaches log-likelihood -9582.4', () => {
    expect(Math.abs(fit.logLikelihood - PUBLISHED_BGNBD.logLikelihood)).toBeLessThan(0.5);
    expect(fit.customers).toBe(2357);
  });

  it('reports finite standard errors from the Hessian', () => {
    expect(fit.standardErrors).not.toBeNull();
    expect(fit.standardErrors!.r).toBeGreaterThan(0.005);
    expect(fit.standardErrors!.r).toBeLessThan(0.03);
    expect(fit.standardErrors!.alpha).toBeGreaterThan(0.2);
    expect(fit.standardErrors!.alpha).toBeLessThan(0.6);
  });

  it('shrinks the parameters with an L2 penalty', () => {
    const penalised = fitBgnbd(publishedSummary(), { penalizer: 0.01 });
    expect(penalised.convergence.converged).toBe(true);
    expect(penalised.params.alpha).toBeLessThan(fit.params.alpha);
    expect(penalised.logLikelihood).toBeLessThan(fit.logLikelihood);
  });
});

describe('P(alive)', () => {
  it('is 1 for a customer with no repeat purchase', () => {
    expect(bgnbdPAlive(PAPER, 0, 0, 38.86)).toBe(1);
    expect(bgnbdPAlive(PAPER, 0, 0, 1)).toBe(1);
  });

  it('is 1 / (1 + a/(b+x-1)) when the last purchase is at T', () => {
    for (const x of [1, 2, 10]) {
      expect(bgnbdPAlive(PAPER, x, 30, 30)).toBeCloseTo(1 / (1 + PAPER.a / (PAPER.b + x - 1)), 14);
    }
  });

  it('falls as the last purchase recedes and is in (0, 1)', () => {
    const values = [38, 30, 20, 10, 1].map((tx) => bgnbdPAlive(PAPER, 4, tx, 38.86));
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThan(values[i - 1]);
    expect(values[4]).toBeGreaterThan(0);
  });
});

describe('expectations', () => {
  it('E[Y(t) | x=0, t_x=0, T=0] is the unconditional E[X(t)]', () => {
    for (const t of [1, 10, 39, 78]) {
      expect(bgnbdConditionalExpected(PAPER, t, 0, 0, 0)).toBeCloseTo(bgnbdExpectedRepeats(PAPER, t), 10);
    }
  });

  it('E[X(t)] starts at the mean purchase rate r/α', () => {
    const h = 1e-5;
    expect(bgnbdExpectedRepeats(PAPER, h) / h).toBeCloseTo(PAPER.r / PAPER.alpha, 4);
    expect(bgnbdExpectedRepeats(PAPER, 0)).toBe(0);
  });

  it('a heavier recent buyer is expected to buy more', () => {
    expect(bgnbdConditionalExpected(PAPER, 39, 10, 38, 39)).toBeGreaterThan(bgnbdConditionalExpected(PAPER, 39, 2, 38, 39));
    expect(bgnbdConditionalExpected(PAPER, 39, 10, 38, 39)).toBeGreaterThan(bgnbdConditionalExpected(PAPER, 39, 10, 5, 39));
  });
});

describe('divergence', () => {
  const summary = (x: number[], tx: number[], T: number[]) => ({
    x: Float64Array.from(x),
    tx: Float64Array.from(tx),
    T: Float64Array.from(T),
  });

  it('refuses data with no repeat purchase at all', () => {
    const fit = fitBgnbd(summary([0, 0, 0], [0, 0, 0], [10, 20, 30]));
    expect(fit.convergence.converged).toBe(false);
    expect(fit.convergence.message).toMatch(/no customer made a repeat purchase/);
    expect(Number.isNaN(fit.params.r)).toBe(true);
  });

  it('the optimiser itself reports the flat likelihood of all-x=0 data', () => {
    const data = compressSummary(summary([0, 0, 0, 0], [0, 0, 0, 0], [10, 20, 30, 40]));
    const fit = fitMaximumLikelihood(bgnbdLikelihood(data), [1, 1, 1, 1]);
    expect(fit.convergence.converged).toBe(false);
    expect(fit.convergence.message).toMatch(/Did not converge/);
    expect(Object.values(fit.params).every(Number.isNaN)).toBe(true);
    expect(fit.standardErrors).toBeNull();
  });

  it.each([
    ['one customer', [3], [20], [30]],
    ['every repeat buyer still buying at the calibration end', [2, 3, 1, 4], [10, 20, 30, 40], [10, 20, 30, 40]],
    ['two identical customers', [1, 1], [5, 5], [10, 10]],
  ])('reports no convergence on %s instead of runaway parameters', (_name, x, tx, T) => {
    const fit = fitBgnbd(summary(x, tx, T));
    expect(fit.convergence.converged).toBe(false);
    expect(fit.convergence.message).toMatch(/Did not converge/);
    expect(Object.values(fit.params).every(Number.isNaN)).toBe(true);
    expect(fit.stoppedAt).toBeDefined();
  });

  it('refuses an impossible summary row', () => {
    const fit = fitBgnbd(summary([1], [5], [3]));
    expect(fit.convergence.converged).toBe(false);
    expect(fit.convergence.message).toMatch(/impossible summary/);
  });
});
