import { afterAll, describe, expect, it } from 'vitest';
import type { SavedModel, TrainingSet } from '../../../workers/train/protocol';
import { checkCompatible, decodeSavedModel, encodeSavedModel, FeatureMismatchError } from '../../../src/models/saved-model';
import { MODEL_KINDS } from '../../../src/models/model';
import { seededRandom } from '../../../src/models/split';
import { createLocalTrainer } from '../../../workers/train/local';

function data(rows: number, seed: number, names = ['recency_days', 'frequency', 'monetary']): TrainingSet {
  const random = seededRandom(seed);
  const x = new Float32Array(rows * names.length).map(() => random() * 10);
  const labels = Uint8Array.from({ length: rows }, (_, r) => (x[r * names.length]! + random() * 4 > 7 ? 1 : 0));
  return { rows, featureNames: names, featureKinds: ['days', 'count', 'money'], x, labels, categorical: [], featureSql: ['o.recency_days', 'o.frequency', 'o.monetary'], cutoff: '2024-01-01', horizon: 90 };
}

const trainer = createLocalTrainer();
afterAll(() => trainer.terminate());

describe('SavedModel', () => {
  it('round-trips through the JSON file and a fresh worker, scoring exactly as before (every model on features; sequence.test.ts has the sequence model)', async () => {
    for (const model of MODEL_KINDS.filter((kind) => kind !== 'sequence')) {
      const trained = await trainer.train(data(300, 1), { model, seed: 1, folds: 2, importance: false, mlp: { hidden: [4], epochs: 3 } });
      const saved = await trainer.save(trained.modelId);
      expect(saved.features.map((f) => f.sql)).toEqual(['o.recency_days', 'o.frequency', 'o.monetary']);
      const text = encodeSavedModel(saved);
      const back = decodeSavedModel(text);
      expect(back).toEqual(saved);
      if (model === 'mlp') expect(back.mlp!.weights[0]!.values).toBeInstanceOf(Float32Array);
      if (model === 'forest') expect(back.trees!.length).toBe(100);
      if (model === 'tree') expect(back.trees![0]!.left).toBeInstanceOf(Int32Array);
      const other = createLocalTrainer();
      const loadedId = await other.load(back);
      const score = (t: typeof trainer, id: string) => {
        const d = data(40, 9);
        return t.predict(id, { rows: 40, featureNames: d.featureNames, x: d.x, categorical: [], }).then((p) => Array.from(p.probabilities));
      };
      expect(await score(other, loadedId)).toEqual(await score(trainer, trained.modelId));
      other.terminate();
      await trainer.dispose(trained.modelId);
    }
  });

  it('refuses mismatched features with a message that says what differs', async () => {
    const trained = await trainer.train(data(200, 2), { model: 'logistic', seed: 1, folds: 2, importance: false });
    const saved: SavedModel = await trainer.save(trained.modelId);
    const check = (featureNames: string[], featureSql?: string[]) => () => checkCompatible(saved, { featureNames, categorical: [], featureSql });
    expect(check(['recency_days', 'frequency', 'monetary'])).not.toThrow();
    expect(check(['recency_days', 'frequency'])).toThrow(FeatureMismatchError);
    expect(check(['recency_days', 'frequency'])).toThrow('missing here: monetary');
    expect(check(['recency_days', 'frequency', 'monetary', 'views_30d'])).toThrow('not in the model: views_30d');
    expect(check(['frequency', 'recency_days', 'monetary'])).toThrow('the same features in another order');
    expect(check(['recency_days', 'frequency', 'monetary'], ['o.recency_days', 'o.frequency * 2', 'o.monetary'])).toThrow('“frequency” is computed differently');
    const d = data(5, 3, ['recency_days', 'frequency', 'views']);
    await expect(trainer.predict(trained.modelId, { rows: 5, featureNames: d.featureNames, x: d.x, categorical: [] })).rejects.toThrow(FeatureMismatchError);
    expect(() => decodeSavedModel('{"hello": 1}')).toThrow('not a Cohortbook model');
    expect(() => decodeSavedModel('nope')).toThrow('not JSON');
  });
});
