/** Choosing the winning churn model (src/models/compare.ts): paired fold differences, and the simpler model as good within noise. */
import { describe, expect, it } from 'vitest';
import { compareModels } from '../../../src/models/compare';

describe('compareModels', () => {
  it('names the best model and a simpler one as good within two paired standard errors', () => {
    const c = compareModels([
      { kind: 'boosting', aucs: [0.84, 0.85, 0.83, 0.86, 0.84] },
      // Gaps 0.004, −0.002, 0.001, 0.006, −0.004: mean 0.001, paired sd 0.0041, se 0.0018 → within 2 se.
      { kind: 'logistic', aucs: [0.836, 0.852, 0.829, 0.854, 0.844] },
      // 0.02 lower on every fold: far outside the noise.
      { kind: 'tree', aucs: [0.82, 0.83, 0.81, 0.84, 0.82] },
    ]);
    expect(c.best).toBe('boosting');
    expect(c.simplerAsGood).toBe('logistic');
    const logistic = c.models.find((m) => m.kind === 'logistic')!;
    expect(logistic.gap).toBeCloseTo(0.001, 6);
    const gaps = [0.004, -0.002, 0.001, 0.006, -0.004];
    const sd = Math.sqrt(gaps.reduce((s, g) => s + (g - 0.001) ** 2, 0) / 4);
    expect(logistic.gapSe).toBeCloseTo(sd / Math.sqrt(5), 9);
    expect(c.models.find((m) => m.kind === 'tree')!.asGood).toBe(false);
    expect(c.models.map((m) => m.kind)).toEqual(['boosting', 'logistic', 'tree']);
  });

  it('says nothing more when the best model is also the simplest as good', () => {
    const c = compareModels([
      { kind: 'logistic', aucs: [0.9, 0.91, 0.89] },
      { kind: 'mlp', aucs: [0.85, 0.86, 0.84] },
    ]);
    expect(c).toMatchObject({ best: 'logistic', simplerAsGood: null });
  });
});
