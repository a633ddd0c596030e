import { describe, expect, it } from 'vitest';
import { seededRandom, stratifiedKFold, stratifiedSplit, take, takeRows } from '../../../src/models/split';

const labels = Uint8Array.from({ length: 103 }, (_, i) => (i % 5 === 0 ? 1 : 0)); // 21 positives, 82 negatives

describe('seededRandom', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const c = seededRandom(8);
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('stratifiedSplit', () => {
  it('keeps each class share and covers every row once', () => {
    const { train, test } = stratifiedSplit(labels, 0.25, 42);
    const positives = (rows: Int32Array) => Array.from(rows).filter((i) => labels[i] === 1).length;
    expect(test.length).toBe(Math.round(21 * 0.25) + Math.round(82 * 0.25));
    expect(positives(test)).toBe(5);
    expect(positives(train)).toBe(16);
    expect(new Set([...train, ...test]).size).toBe(103);
    expect(train.length + test.length).toBe(103);
  });

  it('is deterministic for a seed and changes with it', () => {
    expect(stratifiedSplit(labels, 0.25, 42).test).toEqual(stratifiedSplit(labels, 0.25, 42).test);
    expect(stratifiedSplit(labels, 0.25, 43).test).not.toEqual(stratifiedSplit(labels, 0.25, 42).test);
  });

  it('refuses a share outside (0, 1)', () => {
    expect(() => stratifiedSplit(labels, 1, 1)).toThrow('between 0 and 1');
  });
});

describe('stratifiedKFold', () => {
  it('partitions the rows with every fold stratified', () => {
    const folds = stratifiedKFold(labels, 5, 3);
    const tests = folds.flatMap((f) => Array.from(f.test));
    expect(tests.sort((a, b) => a - b)).toEqual(Array.from({ length: 103 }, (_, i) => i));
    for (const fold of folds) {
      const pos = Array.from(fold.test).filter((i) => labels[i] === 1).length;
      expect(pos === 4 || pos === 5).toBe(true);
      expect(fold.train.length + fold.test.length).toBe(103);
      expect(Array.from(fold.train).some((i) => fold.test.includes(i))).toBe(false);
    }
  });
});

describe('take / takeRows', () => {
  it('gathers entries and matrix rows', () => {
    expect(Array.from(take(Float32Array.of(10, 20, 30), [2, 0]))).toEqual([30, 10]);
    expect(Array.from(takeRows(Float32Array.of(1, 2, 3, 4, 5, 6), 2, [2, 0]))).toEqual([5, 6, 1, 2]);
  });
});
