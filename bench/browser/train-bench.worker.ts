/** Trains the churn network (64-32-1) on each TF.js backend this browser has, in a worker, and times it. */
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../src/models/backend';
import { rocAuc } from '../../src/models/metrics';
import { trainMlp } from '../../src/models/mlp';
import { seededRandom } from '../../src/models/split';
import { configureBackends, WORKER_CANDIDATES, WORKER_LOADERS } from '../../workers/train-backends';

/** One backend's figures. */
export interface TrainingRow {
  backend: BackendName;
  ok: boolean;
  note?: string;
  msPerEpoch?: number;
  samplesPerSecond?: number;
  auc?: number;
}

/** A churn-shaped problem (the same generator shape as bench/training.ts). */
function problem(rows: number, cols: number, seed: number) {
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const x = new Float32Array(rows * cols);
  const y = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) x[r * cols + j] = normal();
    const eta = 1.2 * x[r * cols]! - 0.8 * x[r * cols + 1]! + 0.6 * x[r * cols + 2]! * x[r * cols + 3]! - 0.3;
    y[r] = random() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  }
  return { x, y, rows, cols };
}

self.onmessage = async (event: MessageEvent<{ rows: number; features: number; epochs: number }>) => {
  try {
    const { rows, features, epochs } = event.data;
    configureBackends({ softwareWebgl: true });
    const train = problem(rows, features, 1);
    const validation = problem(Math.round(rows / 10), features, 2);
    const test = problem(Math.round(rows / 5), features, 3);
    const out: TrainingRow[] = [];
    for (const backend of WORKER_CANDIDATES) {
      const why = await whyUnavailable(backend);
      if (why !== null) {
        out.push({ backend, ok: false, note: `not available here: ${why}` });
        continue;
      }
      await tf.ready();
      const started = performance.now();
      const model = await trainMlp(train, validation, { hidden: [64, 32], batchSize: 512, epochs, patience: epochs + 1, seed: 7 });
      const wallMs = performance.now() - started;
      const auc = rocAuc(test.y, await model.predict(test.x, test.rows));
      model.dispose();
      out.push({ backend, ok: true, msPerEpoch: wallMs / epochs, samplesPerSecond: (rows * epochs) / (wallMs / 1000), auc });
    }
    self.postMessage({ rows: out });
  } catch (error) {
    self.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
};

/** Null when `backend` starts here, else the reason it does not. */
async function whyUnavailable(backend: BackendName): Promise<string | null> {
  try {
    await WORKER_LOADERS?.[backend]?.();
    if (!(await tf.setBackend(backend))) return 'setBackend refused it';
    await tf.ready();
    return tf.getBackend() === backend ? null : `got ${tf.getBackend()}`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
