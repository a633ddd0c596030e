/**
 * Training time per churn model for `npm run bench` (issue 23): each classifier of the model lab fitted once
 * (preprocessing included, no cross-validation) on the same 100,000 customers × 15 features, in Node in
 * process, with its test AUC and its time as a ratio to logistic regression's in the same run. Boosting
 * runs the issue's yardstick: 100 trees of depth 6, early stopping off. Standalone: `npx tsx bench/model-lab.ts`.
 */
import { useNodeBackend } from '../src/models/backend-node';
import { rocAuc } from '../src/models/metrics';
import { MODEL_KINDS, type ModelKind } from '../src/models/model';
import { fitPipeline, scorePipeline, type PipelineSpec } from '../src/models/pipeline';
import type { FeatureInput } from '../src/models/preprocess';
import { BoostingModel, ForestModel } from '../src/models/tree-models';
import { churnShapedProblem } from './problem';
import { SEQUENCE_CHANNELS, SEQUENCE_STEPS } from '../src/analyses/churn-sequences';
import type { SequenceInput } from '../src/models/sequence';
import { seededRandom } from '../src/models/split';

export interface ModelLabRow {
  kind: ModelKind;
  trainMs: number;
  /** trainMs / logistic regression's trainMs. */
  vsLogistic: number;
  auc: number;
  detail: string;
}

/** Fits every model kind on `rows` × `features` and scores a test set of a fifth the size. */
export async function benchModelLab(options: { rows?: number; features?: number } = {}): Promise<ModelLabRow[]> {
  const rows = options.rows ?? 100_000;
  const cols = options.features ?? 15;
  await useNodeBackend('auto');
  const train = churnShapedProblem(rows, cols, 11);
  const test = churnShapedProblem(Math.round(rows / 5), cols, 12);
  const featureNames = Array.from({ length: cols }, (_, j) => `f${j + 1}`);
  const input: FeatureInput = { rows, featureNames, x: train.x, sequence: purchaseSteps(train, 13) };
  const testInput: FeatureInput = { rows: test.rows, featureNames, x: test.x, sequence: purchaseSteps(test, 14) };
  const all = Int32Array.from({ length: rows }, (_, r) => r);
  const measured: Omit<ModelLabRow, 'vsLogistic'>[] = [];
  for (const kind of MODEL_KINDS) {
    const spec: PipelineSpec = { kind, seed: 5, boosting: { trees: 100, maxDepth: 6, patience: 1_000 }, mlp: { epochs: 20 }, sequence: { epochs: 20 } };
    const started = performance.now();
    const pipeline = await fitPipeline(spec, input, train.y, all);
    const trainMs = performance.now() - started;
    const auc = rocAuc(test.y, await scorePipeline(pipeline, testInput));
    const model = pipeline.model;
    const detail =
      model instanceof BoostingModel ? `${model.model.trees.length} of 100 rounds kept (best validation loss), depth 6` : model instanceof ForestModel ? `${model.trees.length} trees` : kind === 'mlp' || kind === 'sequence' ? 'at most 20 epochs' : '';
    model.dispose();
    measured.push({ kind, trainMs, auc, detail });
  }
  const logistic = measured.find((m) => m.kind === 'logistic')!.trainMs;
  return measured.map((m) => ({ ...m, vsLogistic: m.trainMs / logistic }));
}

/**
 * Purchase histories for the sequence model, SEQUENCE_STEPS orders per customer at most, loosely tied to the
 * problem's first feature (more orders, shorter gaps when it is high), so the model has something to learn.
 */
function purchaseSteps(problem: { x: Float32Array; rows: number; cols: number }, seed: number): SequenceInput {
  const random = seededRandom(seed);
  const width = SEQUENCE_CHANNELS.length;
  const values = new Float32Array(problem.rows * SEQUENCE_STEPS * width);
  for (let r = 0; r < problem.rows; r++) {
    const lean = problem.x[r * problem.cols]!;
    const orders = Math.max(1, Math.min(SEQUENCE_STEPS, Math.round(3 - 1.5 * lean + 2 * random())));
    let age = 0;
    for (let k = SEQUENCE_STEPS - 1; k >= SEQUENCE_STEPS - orders; k--) {
      const gap = Math.round(10 + 40 * random() * Math.exp(0.4 * lean));
      age += k === SEQUENCE_STEPS - 1 ? Math.round(60 * random()) : gap;
      values.set([1, k === SEQUENCE_STEPS - orders ? 1 : 0, k === SEQUENCE_STEPS - orders ? 0 : gap, 20 + 80 * random(), 1 + Math.floor(3 * random()), age], (r * SEQUENCE_STEPS + k) * width);
    }
  }
  return { steps: SEQUENCE_STEPS, channels: [...SEQUENCE_CHANNELS], values };
}

/** The table bench prints. */
export function formatModelLabBench(rows: ModelLabRow[], size: { rows: number; features: number }): string {
  const head = `Churn models, one fit each on ${size.rows.toLocaleString('en')} customers × ${size.features} features (Node, in-process; issue 23: boosting 100 trees of depth 6 under 10 s)`;
  const lines = rows.map(
    (r) => `  ${r.kind.padEnd(9)} ${`${(r.trainMs / 1000).toFixed(2)} s`.padStart(9)}   ${`${r.vsLogistic.toFixed(2)}× logistic`.padStart(16)}   test AUC ${r.auc.toFixed(3)}   ${r.detail}`,
  );
  return [head, ...lines].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const size = { rows: Number(process.env.BENCH_CUSTOMERS ?? 100_000), features: 15 };
  console.log(formatModelLabBench(await benchModelLab(size), size));
}
