/**
 * The trainer pool (workers/train/pool.ts): a comparison of every model shared among two trainers gives the
 * same per-model figures, winner and baselines as one trainer, the second trainer reuses the first one's measured
 * backend, and the winner's id reaches the trainer holding it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mergeShares, shareModels, trainerPool } from '../../../workers/train/pool';
import { createLocalTrainer } from '../../../workers/train/local';
import type { TrainingSet } from '../../../workers/train/protocol';
import type { HelloOptions } from '../../../workers/train/trainer';
import { seededRandom } from '../../../src/models/split';

function data(rows: number, seed: number): TrainingSet {
  const random = seededRandom(seed);
  const names = ['recency_days', 'frequency', 'monetary'];
  const x = new Float32Array(rows * names.length).map(() => random() * 10);
  const labels = Uint8Array.from({ length: rows }, (_, r) => (x[r * names.length]! + x[r * names.length + 1]! * random() > 7 ? 1 : 0));
  return { rows, featureNames: names, featureKinds: ['days', 'count', 'money'], x, labels, categorical: [], cutoff: '2024-01-01', horizon: 90 };
}

const single = createLocalTrainer();
const made: ReturnType<typeof createLocalTrainer>[] = [];
/** The options each pooled trainer was greeted with, in order. */
const greetings: (HelloOptions | undefined)[][] = [];
const pool = trainerPool(() => {
  const t = createLocalTrainer();
  const greeted: (HelloOptions | undefined)[] = [];
  made.push(t);
  greetings.push(greeted);
  return { ...t, hello: (options?: HelloOptions) => (greeted.push(options), t.hello(options)) };
}, 2);
afterAll(() => {
  single.terminate();
  pool.terminate();
});

describe('trainer pool', () => {
  it('shares the models by cost: the sequence model on one side, everything else on the other', () => {
    expect(shareModels(['logistic', 'svm', 'tree', 'forest', 'boosting', 'mlp', 'sequence'], 2)).toEqual([['sequence'], ['logistic', 'svm', 'tree', 'forest', 'boosting', 'mlp']]);
    // Without it: mlp 3 | forest 2 + logistic 1.5 | boosting 1 on the first | svm 0.5 on the second | tree on the first (a tie).
    expect(shareModels(['logistic', 'svm', 'tree', 'forest', 'boosting', 'mlp'], 2)).toEqual([['tree', 'boosting', 'mlp'], ['logistic', 'svm', 'forest']]);
    expect(shareModels(['logistic'], 2)).toEqual([['logistic']]);
  });

  it('gives the same comparison as one trainer, with the winner kept where it was trained', async () => {
    const settings = { model: 'all' as const, seed: 3, folds: 3, importance: false, mlp: { hidden: [4], epochs: 3 } };
    const alone = await single.train(data(400, 1), settings);
    const pooled = await pool.train(data(400, 1), settings);
    expect(made).toHaveLength(2);
    // The second trainer took the first one's measured backend without a trial of its own.
    const first = await made[0]!.hello();
    expect(greetings[1]![0]).toEqual({ prefer: first.backend });
    for (const kind of ['logistic', 'svm', 'tree', 'forest', 'boosting', 'mlp'] as const) {
      expect(pooled.result.models[kind]!.cv.aucs, kind).toEqual(alone.result.models[kind]!.cv.aucs);
    }
    expect(pooled.result.model).toBe(alone.result.model);
    expect(pooled.result.comparison).toEqual(alone.result.comparison);
    expect(pooled.result.baseline).toEqual(alone.result.baseline);
    expect(pooled.modelId).toMatch(/^w[01]:/);
    const scoring = data(50, 9);
    const a = await pool.predict(pooled.modelId, { rows: 50, featureNames: scoring.featureNames, x: scoring.x.slice(), categorical: [] });
    const b = await single.predict(alone.modelId, { rows: 50, featureNames: scoring.featureNames, x: scoring.x.slice(), categorical: [] });
    expect(Array.from(a.probabilities)).toEqual(Array.from(b.probabilities));
  });

  it('refuses to merge nothing', () => {
    expect(() => mergeShares([])).toThrow('No share to merge.');
  });
});
