import { describe, expect, it } from 'vitest';
import { minimizeLbfgs } from '../../../../src/models/clv/lbfgs';
import { invertPositiveDefinite, numericalHessian } from '../../../../src/models/clv/hessian';

describe('minimizeLbfgs', () => {
  it('finds the Rosenbrock minimum (1, 1) from (-1.2, 1)', () => {
    const result = minimizeLbfgs((x, g) => {
      const [a, b] = x;
      g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
      g[1] = 200 * (b - a * a);
      return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
    }, [-1.2, 1]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(1, 6);
    expect(result.iterations).toBeLessThan(100);
  });

  it('reports no convergence when the objective has no minimum', () => {
    const result = minimizeLbfgs((x, g) => {
      g[0] = -1;
      return -x[0];
    }, [0], { maxIterations: 20 });
    expect(result.converged).toBe(false);
    expect(result.message).toMatch(/line search found no step|No convergence within 20 iterations/);
  });

  it('reports a non-finite start instead of iterating', () => {
    const result = minimizeLbfgs((_x, g) => {
      g[0] = NaN;
      return NaN;
    }, [0]);
    expect(result.converged).toBe(false);
    expect(result.message).toMatch(/not finite/);
  });
});

describe('numerical Hessian and inverse', () => {
  it('recovers the covariance of a quadratic', () => {
    // f = 1/2 x' A x with A = [[4, 1], [1, 3]]
    const gradient = (x: Float64Array) => Float64Array.from([4 * x[0] + x[1], x[0] + 3 * x[1]]);
    const h = numericalHessian(gradient, [0.3, -0.2]);
    expect(h[0][0]).toBeCloseTo(4, 8);
    expect(h[0][1]).toBeCloseTo(1, 8);
    const inverse = invertPositiveDefinite(h)!;
    expect(inverse[0][0]).toBeCloseTo(3 / 11, 8);
    expect(inverse[0][1]).toBeCloseTo(-1 / 11, 8);
    expect(invertPositiveDefinite([[1, 2], [2, 1]])).toBeNull();
    expect(invertPositiveDefinite([[1, 0], [0, 0]])).toBeNull();
  });
});
