import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  conditionalExpectedSpend,
  fitGammaGamma,
  frequencySpendCorrelation,
  gammaGammaLikelihood,
} from '../../../../src/models/clv/gamma-gamma';
import { discountedValue, unitsPerMonth } from '../../../../src/models/clv/value';
import { lgamma } from '../../../../src/models/clv/special';
import { cdnowDir } from './cdnow';

/**
 * x and mean repeat spend per customer straight from the raw sample file (every line kept, duplicates
 * included): revenue summed per purchase date, first date excluded, calibration to 1997-09-30.
 */
function rawSpendSummary(): { x: Float64Array; m: Float64Array } {
  const byCustomer = new Map<string, Map<string, number>>();
  for (const line of fs.readFileSync(path.join(cdnowDir, 'CDNOW_sample.txt'), 'utf8').trim().split('\n')) {
    const [, id, day, , value] = line.trim().split(/\s+/);
    const days = byCustomer.get(id) ?? new Map<string, number>();
    days.set(day, (days.get(day) ?? 0) + Number(value));
    byCustomer.set(id, days);
  }
  const x: number[] = [];
  const m: number[] = [];
  for (const days of byCustomer.values()) {
    const repeat = [...days.keys()].sort().slice(1).filter((d) => d <= '19970930');
    x.push(repeat.length);
    m.push(repeat.length ? repeat.reduce((sum, d) => sum + days.get(d)!, 0) / repeat.length : 0);
  }
  return { x: Float64Array.from(x), m: Float64Array.from(m) };
}

describe('Gamma-Gamma on the raw CDNOW sample', () => {
  const { x, m } = rawSpendSummary();
  const fit = fitGammaGamma(x, m);

  it('fits the published p = 6.25, q = 3.74, v = 15.44 on the 946 repeat customers', () => {
    expect(fit.customers).toBe(946);
    expect(fit.convergence.converged).toBe(true);
    expect(fit.params.p).toBeCloseTo(6.25, 2);
    expect(fit.params.q).toBeCloseTo(3.74, 2);
    expect(fit.params.v).toBeCloseTo(15.44, 1);
  });

  it('reports the frequency-spend correlation (0.11 on CDNOW, weak as the model assumes)', () => {
    expect(frequencySpendCorrelation(x, m)).toBeCloseTo(0.1139, 3);
  });
});

describe('Gamma-Gamma formulas', () => {
  const params = { p: 6.25, q: 3.74, v: 15.44 };

  it('likelihood matches the formula in plain Math for one customer', () => {
    const value = gammaGammaLikelihood(Float64Array.of(3), Float64Array.of(20)).evaluate(Float64Array.of(6.25, 3.74, 15.44), null);
    const { p, q, v } = params;
    const expected =
      lgamma(p * 3 + q) - lgamma(p * 3) - lgamma(q) + q * Math.log(v) + (p * 3 - 1) * Math.log(20) + p * 3 * Math.log(3) - (p * 3 + q) * Math.log(v + 60);
    expect(value).toBeCloseTo(expected, 12);
  });

  it('sums over customers sharing a frequency like the plain formula per customer, with the gradient of that sum', () => {
    const x = Float64Array.of(1, 3, 1, 2, 3, 3, 7);
    const m = Float64Array.of(12, 20, 35.5, 8, 20, 61, 14);
    const plain = (p: number, q: number, v: number) =>
      [...x].reduce((sum, xi, i) => {
        const mi = m[i]!;
        return sum + lgamma(p * xi + q) - lgamma(p * xi) - lgamma(q) + q * Math.log(v) + (p * xi - 1) * Math.log(mi) + p * xi * Math.log(xi) - (p * xi + q) * Math.log(v + xi * mi);
      }, 0);
    const likelihood = gammaGammaLikelihood(x, m);
    const gradient = new Float64Array(3);
    const theta = [2.1, 3.3, 17];
    expect(likelihood.evaluate(Float64Array.from(theta), gradient)).toBeCloseTo(plain(2.1, 3.3, 17), 9);
    const h = 1e-6;
    theta.forEach((_, k) => {
      const up = [...theta];
      const down = [...theta];
      up[k]! += h;
      down[k]! -= h;
      const numeric = (plain(up[0]!, up[1]!, up[2]!) - plain(down[0]!, down[1]!, down[2]!)) / (2 * h);
      expect(gradient[k]).toBeCloseTo(numeric, 5);
    });
  });

  it('expected spend shrinks the observed mean toward the population mean p·v/(q−1)', () => {
    const population = (params.p * params.v) / (params.q - 1);
    expect(conditionalExpectedSpend(params, 0, 0)).toBeCloseTo(population, 12);
    const one = conditionalExpectedSpend(params, 1, 100);
    const many = conditionalExpectedSpend(params, 20, 100);
    expect(one).toBeGreaterThan(population);
    expect(one).toBeLessThan(many);
    expect(many).toBeLessThan(100);
    expect(conditionalExpectedSpend(params, 2, 30)).toBeCloseTo((params.p * (params.v + 60)) / (params.p * 2 + params.q - 1), 12);
  });

  it('needs at least 3 repeat customers', () => {
    expect(fitGammaGamma(Float64Array.of(1, 0), Float64Array.of(10, 0)).convergence.converged).toBe(false);
  });
});

describe('discounted CLV', () => {
  it('sums monthly increments of expected purchases times spend, discounted', () => {
    const f = unitsPerMonth(7);
    expect(f).toBeCloseTo(4.345, 3);
    const rate = 0.5; // purchases per week
    const value = discountedValue((t) => rate * t, 20, 3, 0.01, 7);
    const perMonth = 20 * rate * f;
    expect(value).toBeCloseTo(perMonth / 1.01 + perMonth / 1.01 ** 2 + perMonth / 1.01 ** 3, 10);
    expect(discountedValue((t) => rate * t, 20, 3, 0, 7)).toBeCloseTo(3 * perMonth, 10);
  });
});
