import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../src/models/backend-node';
import { rocAuc } from '../../../src/models/metrics';
import { trainMlp } from '../../../src/models/mlp';
import { TrainingCancelledError, type TrainProgress } from '../../../src/models/model';
import { seededRandom } from '../../../src/models/split';

/** y = 1 when x0 + x1² > 1 (+ 5% label noise): a non-linear problem a network must learn. */
function problem(rows: number, seed: number) {
  const random = seededRandom(seed);
  const cols = 4;
  const x = new Float32Array(rows * cols);
  const y = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) x[r * cols + j] = random() * 4 - 2;
    const truth = x[r * cols]! + x[r * cols + 1]! ** 2 > 1;
    y[r] = (random() < 0.05 ? !truth : truth) ? 1 : 0;
  }
  return { x, y, rows, cols };
}

const train = problem(2000, 1);
const validation = problem(500, 2);
const test = problem(1000, 3);

beforeAll(async () => {
  const choice = await useNodeBackend('wasm');
  expect(choice.backend).toBe('wasm');
});

describe('trainMlp (wasm backend)', () => {
  it('learns a non-linear boundary, reporting every epoch', async () => {
    const seen: TrainProgress[] = [];
    const model = await trainMlp(train, validation, { hidden: [16, 8], epochs: 40, batchSize: 128, seed: 5 }, { onEpoch: (p) => seen.push(p) });
    try {
      const auc = rocAuc(test.y, await model.predict(test.x, test.rows));
      expect(auc).toBeGreaterThan(0.9);
      expect(seen.map((p) => p.epoch)).toEqual(seen.map((_, i) => i + 1));
      expect(seen[0]!.valAuc).toBeGreaterThan(0);
      expect(seen.at(-1)!.loss).toBeLessThan(seen[0]!.loss);
      expect(model.bestEpoch).toBeLessThanOrEqual(model.epochsRun);
    } finally {
      model.dispose();
    }
  });

  it('stops early when validation loss stops improving', async () => {
    const model = await trainMlp(train, validation, { hidden: [8], epochs: 200, patience: 2, minDelta: 0.05, seed: 5 });
    expect(model.epochsRun).toBeLessThan(200);
    expect(model.epochsRun - model.bestEpoch).toBe(2);
    model.dispose();
  });

  it('is cancelled between batches and leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const run = trainMlp(train, validation, { epochs: 50, batchSize: 64, seed: 1 }, { signal: controller.signal, onEpoch: (p) => p.epoch === 2 && controller.abort() });
    await expect(run).rejects.toThrow(TrainingCancelledError);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps tf.memory().numTensors flat across 5 trainings', async () => {
    const counts: number[] = [];
    for (let i = 0; i < 5; i++) {
      const model = await trainMlp(train, validation, { hidden: [8, 4], epochs: 3, seed: i, classWeight: 'balanced' });
      await model.predict(test.x, test.rows);
      model.dispose();
      counts.push(tf.memory().numTensors);
    }
    expect(new Set(counts).size).toBe(1);
  });
});
