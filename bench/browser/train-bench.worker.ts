/**
 * Trains the churn network (64-32-1) on one TF.js backend in this worker and times it. One backend per worker, as
 * the app's training worker trains on the one backend its trial picked: a backend tried before in the same worker
 * (WebGL on SwiftShader keeps the GPU process busy) made the next one's epochs slower.
 */
import * as tf from '@tensorflow/tfjs';
import { useBackend, type BackendName } from '../../src/models/backend';
import { rocAuc } from '../../src/models/metrics';
import { trainMlp } from '../../src/models/mlp';
import { configureBackends, WORKER_LOADERS } from '../../workers/train/backends';
import { churnShapedProblem } from '../problem';

/** One backend's figures. */
export interface TrainingRow {
  backend: BackendName;
  ok: boolean;
  note?: string;
  /** The median epoch's milliseconds. */
  msPerEpoch?: number;
  /** The whole training, every epoch and its validation. */
  wallMs?: number;
  samplesPerSecond?: number;
  auc?: number;
}


self.onmessage = async (event: MessageEvent<{ backend: BackendName; rows: number; features: number; epochs: number }>) => {
  try {
    const { backend, rows, features, epochs } = event.data;
    configureBackends({ softwareWebgl: true });
    const why = await whyUnavailable(backend);
    if (why !== null) {
      self.postMessage({ row: { backend, ok: false, note: `not available here: ${why}` } });
      return;
    }
    await tf.ready();
    const train = churnShapedProblem(rows, features, 1);
    const validation = churnShapedProblem(Math.round(rows / 10), features, 2);
    const test = churnShapedProblem(Math.round(rows / 5), features, 3);
    // Seconds per epoch: the median epoch (the first carries the backend's warm-up; this machine's speed varies).
    const ends: number[] = [];
    const started = performance.now();
    const model = await trainMlp(train, validation, { hidden: [64, 32], batchSize: 512, epochs, patience: epochs + 1, seed: 7 }, { onEpoch: (e) => ends.push(e.elapsedMs) });
    const wallMs = performance.now() - started;
    const auc = rocAuc(test.y, await model.predict(test.x, test.rows));
    model.dispose();
    const msPerEpoch = median(ends.map((end, i) => end - (ends[i - 1] ?? 0)));
    const row: TrainingRow = { backend, ok: true, msPerEpoch, wallMs, samplesPerSecond: rows / (msPerEpoch / 1000), auc };
    self.postMessage({ row });
  } catch (error) {
    self.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
};

/** Null when `backend` starts here (as the app starts it: useBackend, with its wasm kernel fix), else why not. */
async function whyUnavailable(backend: BackendName): Promise<string | null> {
  return (await useBackend(backend, WORKER_LOADERS)) ? null : 'it did not start';
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] ?? NaN;
}
