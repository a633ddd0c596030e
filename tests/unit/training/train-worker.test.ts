/**
 * The training worker's protocol, driven in Node through an in-memory MessageChannel: the same
 * service (workers/train/service.ts) the browser worker serves, with structured cloning and
 * transferred buffers like a real Worker.
 */
import * as tf from '@tensorflow/tfjs';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { afterAll, describe, expect, it } from 'vitest';
import type { TrainEvent, TrainingSet, TrainSettings } from '../../../workers/train/protocol';
import type { BackendName } from '../../../src/models/backend';
import { TrainingCancelledError } from '../../../src/models/model';
import { seededRandom } from '../../../src/models/split';
import { createLocalTrainer } from '../../../workers/train/local';
import { isBackendFailure } from '../../../workers/train/service';
import type { Trainer } from '../../../workers/train/trainer';

/** Churn depends on recency_days (up) and x1 (down); x2, x3 are noise. */
function trainingSet(rows: number, seed: number): TrainingSet {
  const random = seededRandom(seed);
  const cols = 4;
  const x = new Float32Array(rows * cols);
  const labels = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) x[r * cols + j] = random() * 4 - 2;
    const eta = 1.5 * x[r * cols]! - x[r * cols + 1]!;
    labels[r] = random() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  }
  return { rows, featureNames: ['recency_days', 'x1', 'x2', 'x3'], featureKinds: ['days', 'extra', 'extra', 'extra'], x, labels, categorical: [], cutoff: '2024-01-01', horizon: 90 };
}

const mlp = (epochs: number): TrainSettings => ({
  model: 'mlp',
  seed: 3,
  folds: 2,
  importance: false,
  mlp: { hidden: [16], epochs, batchSize: 64, patience: 1000, learningRate: 0.03 },
});

const trainers: Trainer[] = [];
function trainer(options: Parameters<typeof createLocalTrainer>[0] = {}): Trainer {
  const t = createLocalTrainer(options);
  trainers.push(t);
  return t;
}
afterAll(() => trainers.forEach((t) => t.terminate()));

describe('training worker protocol', () => {
  it('greets with the backend choice, trains with a progress event per epoch, predicts and disposes', async () => {
    const t = trainer({ backend: 'wasm' });
    const choice = await t.hello();
    expect(choice.backend).toBe('wasm');
    const events: TrainEvent[] = [];
    const data = trainingSet(800, 1);
    const trained = await t.train(data, mlp(6), { onEvent: (e) => events.push(e) });
    expect(data.x.byteLength).toBe(0);
    expect(trained.backend).toBe('wasm');
    expect(trained.result.models.mlp!.test.auc).toBeGreaterThan(0.75);
    const epochs = events.flatMap((e) => (e.event === 'progress' && e.phase === 'train' ? [e.epoch!] : []));
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(epochs.every((e) => Number.isFinite(e.loss) && e.valAuc! > 0.5)).toBe(true);
    expect(events.filter((e) => e.event === 'progress' && e.phase === 'cross-validate').map((e) => (e as { fold?: number }).fold)).toEqual([1, 2]);
    const scoring = trainingSet(50, 2);
    const { probabilities, reasons } = await t.predict(trained.modelId, { rows: 50, featureNames: scoring.featureNames, x: scoring.x, categorical: [] }, 2);
    expect(probabilities).toHaveLength(50);
    expect(probabilities.every((p) => p > 0 && p < 1)).toBe(true);
    expect(reasons!.index).toHaveLength(100);
    const freed = await t.dispose(trained.modelId);
    expect(freed.numTensors).toBe(tf.memory().numTensors);
    await expect(t.predict(trained.modelId, { rows: 1, featureNames: scoring.featureNames, x: new Float32Array(4), categorical: [] })).rejects.toThrow(/no longer loaded/);
  });

  it('cancel mid-training ends the job with TrainingCancelledError, and the worker trains again afterwards', async () => {
    const t = trainer({ backend: 'wasm' });
    const controller = new AbortController();
    const epochs: number[] = [];
    const job = t.train(trainingSet(800, 4), mlp(200), {
      signal: controller.signal,
      onEvent: (e) => {
        if (e.event === 'progress' && e.phase === 'train') {
          epochs.push(e.epoch!.epoch);
          if (e.epoch!.epoch === 2) controller.abort();
        }
      },
    });
    await expect(job).rejects.toBeInstanceOf(TrainingCancelledError);
    expect(epochs.length).toBeGreaterThanOrEqual(2);
    expect(epochs.length).toBeLessThan(10);
    const again = await t.train(trainingSet(400, 5), { ...mlp(2), folds: 2 });
    expect(again.result.models.mlp!.test.n).toBe(again.result.split.test);
    await t.dispose(again.modelId);
  });

  it('keeps tf.memory().numTensors flat over 5 trainings (issue 5, must-show 1)', async () => {
    const t = trainer({ backend: 'wasm' });
    const counts: number[] = [];
    for (let i = 0; i < 5; i++) {
      const trained = await t.train(trainingSet(400, 10 + i), mlp(3));
      const { numTensors } = await t.dispose(trained.modelId);
      counts.push(numTensors);
    }
    expect(new Set(counts).size).toBe(1);
    expect(counts[0]).toBe(tf.memory().numTensors);
  });

  it('recognises backend failures but not cancellations or data errors', () => {
    expect(isBackendFailure(new Error('WebGL context lost'))).toBe(true);
    expect(isBackendFailure(new Error('Failed to allocate texture: out of memory'))).toBe(true);
    expect(isBackendFailure(new RangeError('Array buffer allocation failed'))).toBe(true);
    expect(isBackendFailure(new TrainingCancelledError())).toBe(false);
    expect(isBackendFailure(new Error('The features are degenerate'))).toBe(false);
  });

  it('falls back to the next backend when the device fails mid-training, resuming from the last finished epoch', async () => {
    const flaky = registerFlakyBackend('flaky-gl', 3000);
    const t = trainer({ backend: 'flaky-gl' as BackendName, service: { candidates: ['flaky-gl' as BackendName, 'wasm', 'cpu'] } });
    expect((await t.hello()).backend).toBe('flaky-gl');
    const events: TrainEvent[] = [];
    const trained = await t.train(trainingSet(800, 6), { ...mlp(8), folds: 2 }, { onEvent: (e) => events.push(e) });
    expect(flaky.failures).toBe(1);
    const fallback = events.find((e) => e.event === 'fallback');
    expect(fallback).toMatchObject({ event: 'fallback', from: 'flaky-gl', to: 'wasm', reason: expect.stringContaining('context lost') });
    const kept = (fallback as { epochsKept: number }).epochsKept;
    expect(kept).toBeGreaterThan(0);
    const trainEpochs = events.flatMap((e) => (e.event === 'progress' && e.phase === 'train' ? [e.epoch!.epoch] : []));
    const at = events.indexOf(fallback!);
    const before = events.slice(0, at).filter((e) => e.event === 'progress' && e.phase === 'train').length;
    // The headline training resumed after its last finished epoch instead of starting again at 1.
    expect(trainEpochs.slice(before)[0]).toBe(kept + 1);
    expect(trainEpochs.at(-1)).toBe(8);
    expect(trained.backend).toBe('wasm');
    expect(trained.result.models.mlp!.test.auc).toBeGreaterThan(0.75);
    await t.dispose(trained.modelId);
  });
});

/** A backend named `name` running the cpu kernels, whose kernels throw "WebGL context lost" once after `after` calls. */
function registerFlakyBackend(name: string, after: number): { failures: number } {
  const state = { calls: 0, failures: 0 };
  tf.registerBackend(name, () => new MathBackendCPU(), 0);
  for (const kernel of tf.getKernelsForBackend('cpu')) {
    tf.registerKernel({
      ...kernel,
      backendName: name,
      kernelFunc: (args) => {
        if (state.failures === 0 && ++state.calls > after) {
          state.failures++;
          throw new Error('WebGL context lost (injected)');
        }
        return kernel.kernelFunc(args);
      },
    });
  }
  return state;
}
