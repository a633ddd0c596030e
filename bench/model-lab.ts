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
  const input: FeatureInput = { rows, featureNames, x: train.x };
  const testInput: FeatureInput = { rows: test.rows, featureNames, x: test.x };
  const all = Int32Array.from({ length: rows }, (_, r) => r);
  const measured: Omit<ModelLabRow, 'vsLogistic'>[] = [];
  for (const kind of MODEL_KINDS) {
    const spec: PipelineSpec = { kind, seed: 5, boosting: { trees: 100, maxDepth: 6, patience: 1_000 }, mlp: { epochs: 20 } };
    const started = performance.now();
    const pipeline = await fitPipeline(spec, input, train.y, all);
    const trainMs = performance.now() - started;
    const auc = rocAuc(test.y, await scorePipeline(pipeline, testInput));
    const model = pipeline.model;
    const detail =
      model instanceof BoostingModel ? `${model.model.trees.length} of 100 rounds kept (best validation loss), depth 6` : model instanceof ForestModel ? `${model.trees.length} trees` : kind === 'mlp' ? 'at most 20 epochs' : '';
    model.dispose();
    measured.push({ kind, trainMs, auc, detail });
  }
  const logistic = measured.find((m) => m.kind === 'logistic')!.trainMs;
  return measured.map((m) => ({ ...m, vsLogistic: m.trainMs / logistic }));
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
