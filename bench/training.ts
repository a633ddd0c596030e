/**
 * Training throughput for `npm run bench` (DESIGN.md section 8): the churn network (64-32-1, batch
 * 512) trained for a few epochs on each TF.js backend available, samples/s and the test AUC reached,
 * beside the same model's wall time on the cpu backend. Today this measures Node (wasm and cpu); the
 * browser backends (webgl, webgpu) need the built app's training worker driven in headless Chromium.
 * The lead's bench/run.ts calls `benchTraining()`; standalone: `npx tsx bench/training.ts`.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../src/models/backend';
import { useNodeBackend } from '../src/models/backend-node';
import { rocAuc } from '../src/models/metrics';
import { trainMlp } from '../src/models/mlp';
import { churnShapedProblem } from './problem';

export interface TrainingBenchRow {
  backend: BackendName;
  rows: number;
  features: number;
  epochs: number;
  wallMs: number;
  samplesPerSecond: number;
  msPerEpoch: number;
  auc: number;
  /** Wall time relative to the cpu backend (cpu = 1). */
  vsCpu: number;
}


/** Trains on each backend and reports throughput and AUC. */
export async function benchTraining(options: { rows?: number; features?: number; epochs?: number; backends?: BackendName[] } = {}): Promise<TrainingBenchRow[]> {
  const rows = options.rows ?? 100_000;
  const cols = options.features ?? 30;
  const epochs = options.epochs ?? 3;
  const train = churnShapedProblem(rows, cols, 1);
  const validation = churnShapedProblem(Math.round(rows / 10), cols, 2);
  const test = churnShapedProblem(Math.round(rows / 5), cols, 3);
  const measured: Omit<TrainingBenchRow, 'vsCpu'>[] = [];
  for (const backend of options.backends ?? (['wasm', 'cpu'] as BackendName[])) {
    const choice = await useNodeBackend(backend);
    if (choice.backend !== backend) continue;
    const started = performance.now();
    const model = await trainMlp(train, validation, { hidden: [64, 32], batchSize: 512, epochs, patience: epochs + 1, seed: 7 });
    const wallMs = performance.now() - started;
    const auc = rocAuc(test.y, await model.predict(test.x, test.rows));
    model.dispose();
    measured.push({ backend, rows, features: cols, epochs, wallMs, samplesPerSecond: (rows * epochs) / (wallMs / 1000), msPerEpoch: wallMs / epochs, auc });
  }
  const cpu = measured.find((m) => m.backend === 'cpu')?.wallMs ?? NaN;
  return measured.map((m) => ({ ...m, vsCpu: m.wallMs / cpu }));
}

/** The table bench prints. */
export function formatTrainingBench(rows: TrainingBenchRow[]): string {
  const head = `Training: churn network 64-32-1, batch 512, ${rows[0]?.rows.toLocaleString('en')} rows × ${rows[0]?.features} features, ${rows[0]?.epochs} epochs (Node)`;
  const lines = rows.map(
    (r) =>
      `  ${r.backend.padEnd(6)} ${Math.round(r.samplesPerSecond).toLocaleString('en').padStart(9)} samples/s  ${(r.msPerEpoch / 1000).toFixed(2).padStart(6)} s/epoch  AUC ${r.auc.toFixed(3)}  wall ${(r.wallMs / 1000).toFixed(1)} s  (${Number.isFinite(r.vsCpu) ? `${r.vsCpu.toFixed(2)}× cpu time` : 'no cpu baseline'})`,
  );
  return [head, ...lines].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = Number(process.env.BENCH_TRAIN_ROWS ?? 100_000);
  console.log(formatTrainingBench(await benchTraining({ rows })));
  console.log(`  tf.memory().numTensors after: ${tf.memory().numTensors}`);
}
