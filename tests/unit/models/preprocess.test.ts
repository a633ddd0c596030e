import { describe, expect, it } from 'vitest';
import { applyTransform, checkCompatible, fitTransform, FeatureMismatchError, type FeatureInput } from '../../../src/models/preprocess';

// Rows 0-3 train, rows 4-5 are "test": their extreme values must not move the fitted numbers.
const input: FeatureInput = {
  rows: 6,
  featureNames: ['spend', 'gap'],
  x: Float32Array.of(
    0, 10,
    Math.E - 1, NaN,
    Math.E ** 2 - 1, 20,
    Math.E ** 3 - 1, 30,
    1e9, NaN,
    5, -1000,
  ),
  categorical: [{ name: 'tier', levels: ['gold', 'silver', 'bronze'], codes: Int32Array.of(0, 0, 1, -1, 2, 1) }],
};
const train = Int32Array.of(0, 1, 2, 3);

describe('fitTransform', () => {
  const t = fitTransform(input, train, { log1p: ['spend'], minLevelCount: 1 });

  it('fits log1p, median imputation and standardisation on the training rows only', () => {
    // spend: log1p → 0, 1, 2, 3: mean 1.5, sd √1.25. gap: 10, 20, 30 (+ median 20 imputed): mean 20, sd √50.
    const spend = t.columns[0]!;
    const gap = t.columns[1]!;
    if (spend.kind !== 'numeric' || gap.kind !== 'numeric') throw new Error('numeric columns expected');
    expect(spend.log1p).toBe(true);
    expect(spend.impute).toBeCloseTo(1.5, 6);
    expect(spend.mean).toBeCloseTo(1.5, 6);
    expect(spend.scale).toBeCloseTo(Math.sqrt(1.25), 6);
    expect(gap).toMatchObject({ impute: 20, mean: 20, log1p: false });
    expect(gap.scale).toBeCloseTo(Math.sqrt(50), 6);
  });

  it('adds a missing-indicator for features missing in training, and one-hot levels seen in training', () => {
    expect(t.names).toEqual(['spend', 'gap', 'gap_missing', 'tier=gold', 'tier=silver']);
  });

  it('applies the same numbers to new rows', () => {
    const out = applyTransform(t, input);
    const row = (r: number) => Array.from(out.subarray(r * 5, r * 5 + 5));
    expect(row(1)[0]).toBeCloseTo((1 - 1.5) / Math.sqrt(1.25), 5);
    expect(row(1).slice(1)).toEqual([0, 1, 1, 0]); // gap imputed (= the mean), missing, gold
    expect(row(4)[0]).toBeCloseTo((Math.log1p(1e9) - 1.5) / Math.sqrt(1.25), 4);
    expect(row(4).slice(2)).toEqual([1, 0, 0]); // bronze was never seen in training: no column lights up
    expect(row(5)[1]).toBeCloseTo((-1000 - 20) / Math.sqrt(50), 4);
  });

  it('is plain JSON that survives a round trip', () => {
    const copy = JSON.parse(JSON.stringify(t));
    expect(applyTransform(copy, input)).toEqual(applyTransform(t, input));
  });

  it('puts rare levels in "(other)"', () => {
    const rare = fitTransform(input, train, { minLevelCount: 2 });
    expect(rare.names.slice(-2)).toEqual(['tier=gold', 'tier=(other)']);
    const out = applyTransform(rare, input, Int32Array.of(2, 4));
    const w = rare.names.length;
    expect(out[w - 1]).toBe(1); // silver → other
    expect(out[2 * w - 1]).toBe(1); // bronze → other
  });
});

describe('checkCompatible', () => {
  const t = fitTransform(input, train);

  it('refuses features in another order or with another name', () => {
    const swapped = { ...input, featureNames: ['gap', 'spend'] };
    expect(() => checkCompatible(t, swapped)).toThrow(FeatureMismatchError);
    expect(() => applyTransform(t, { ...input, featureNames: ['spend', 'gaps'] })).toThrow('trained on the features [spend, gap]');
  });

  it('refuses a matrix of the wrong size', () => {
    expect(() => checkCompatible(t, { ...input, rows: 7 })).toThrow('not 7 rows');
  });
});
