import { describe, expect, it } from 'vitest';
import { cumulate, Random } from '../../../samples/random';

const mean = (n: number, draw: () => number) => {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += draw();
  return sum / n;
};

describe('Random', () => {
  it('repeats a sequence for the same seed and stream, and differs otherwise', () => {
    const take = (r: Random) => Array.from({ length: 5 }, () => r.next());
    expect(take(new Random(1, 0))).toEqual(take(new Random(1, 0)));
    expect(take(new Random(1, 1))).not.toEqual(take(new Random(1, 0)));
    expect(take(new Random(2, 0))).not.toEqual(take(new Random(1, 0)));
  });

  it('stays in [0, 1) with a flat histogram', () => {
    const r = new Random(3);
    const bins = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const u = r.next();
      expect(u >= 0 && u < 1).toBe(true);
      bins[Math.floor(u * 10)]++;
    }
    for (const b of bins) expect(Math.abs(b - 10_000)).toBeLessThan(400);
  });

  it.each([
    ['gamma(0.5, 2)', (r: Random) => r.gamma(0.5, 2), 1],
    ['gamma(3, 1.5)', (r: Random) => r.gamma(3, 1.5), 4.5],
    ['beta(2, 6)', (r: Random) => r.beta(2, 6), 0.25],
    ['poisson(2.5)', (r: Random) => r.poisson(2.5), 2.5],
    ['poisson(40)', (r: Random) => r.poisson(40), 40],
    ['lognormal(0, 0.5)', (r: Random) => r.lognormal(0, 0.5), Math.exp(0.125)],
    ['exponential(4)', (r: Random) => r.exponential(4), 0.25],
    ['normal()', (r: Random) => r.normal(), 0],
  ])('%s has the right mean', (_name, draw, expected) => {
    const r = new Random(11);
    expect(mean(100_000, () => draw(r))).toBeCloseTo(expected, 1);
  });

  it('picks from cumulative weights, also within a range', () => {
    const r = new Random(5);
    const table = cumulate([1, 3, 0, 6]);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 50_000; i++) counts[r.pickCumulative(table)]!++;
    expect(counts[2]).toBe(0);
    expect(counts[3]! / 50_000).toBeCloseTo(0.6, 1);
    for (let i = 0; i < 1_000; i++) expect([1, 2]).toContain(r.pickCumulative(table, 1, 3));
  });
});
