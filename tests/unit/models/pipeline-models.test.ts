/**
 * Trees, forests, boosting and the SVM inside the churn pipeline (src/models/pipeline.ts): preprocessing
 * fitted on the training rows, the XOR-like set learnt by the trees and not by the lines, reasons by the
 * tree path naming only the features that matter, and rules read in the input's own units.
 */
import { describe, expect, it } from 'vitest';
import { treeView } from '../../../src/analyses/churn';
import { rocAuc } from '../../../src/models/metrics';
import { fitPipeline, pipelineReasons, scorePipeline } from '../../../src/models/pipeline';
import { applyTransform, type FeatureInput } from '../../../src/models/preprocess';
import { seededRandom, stratifiedSplit, take } from '../../../src/models/split';
import { TreeModel } from '../../../src/models/tree-models';
import { xorSet } from './xor-set';

/** The XOR set in days (a, b around 100) plus a noise column c. */
function input(rows: number, seed: number): { input: FeatureInput; labels: Uint8Array } {
  const set = xorSet(rows, seed);
  const random = seededRandom(seed + 1);
  const x = new Float32Array(rows * 3);
  for (let r = 0; r < rows; r++) {
    x[r * 3] = 100 + 50 * set.x[r * 2]!;
    x[r * 3 + 1] = 100 + 50 * set.x[r * 2 + 1]!;
    x[r * 3 + 2] = random();
  }
  return { input: { rows, featureNames: ['a', 'b', 'c'], x }, labels: set.y };
}

describe('tree models in the churn pipeline', () => {
  const { input: data, labels } = input(3000, 4);
  const split = stratifiedSplit(labels, 0.3, 1);
  const yTest = take(labels, split.test);

  it('learns XOR with trees, forests and boosting, which the linear models cannot', async () => {
    const auc = async (kind: 'logistic' | 'svm' | 'tree' | 'forest' | 'boosting') => {
      const pipeline = await fitPipeline({ kind, seed: 3, forest: { trees: 30 } }, data, labels, split.train);
      return rocAuc(yTest, await scorePipeline(pipeline, data, split.test));
    };
    for (const kind of ['tree', 'forest', 'boosting'] as const) expect(await auc(kind), kind).toBeGreaterThan(0.95);
    for (const kind of ['logistic', 'svm'] as const) expect(await auc(kind), kind).toBeLessThan(0.85);
  });

  it('explains a score by its tree path: a and b, hardly ever the noise column', async () => {
    for (const kind of ['tree', 'forest', 'boosting'] as const) {
      const pipeline = await fitPipeline({ kind, seed: 3, forest: { trees: 30 } }, data, labels, split.train);
      const x = applyTransform(pipeline.transform, data, split.test);
      const reasons = await pipelineReasons(pipeline, x, split.test.length, 2);
      // Customers at risk (p > 0.5) owe it to a or b; deep splits on the noise column only nudge. (A customer at
      // low risk may have only noise raising it, which is why only the risky ones are checked.)
      const p = await scorePipeline(pipeline, data, split.test);
      const counts = new Map<string, number>();
      for (let r = 0; r < split.test.length; r++) {
        const f = reasons.index[r * 2]!;
        if (p[r]! > 0.5) counts.set(f >= 0 ? reasons.features[f]! : 'none', (counts.get(f >= 0 ? reasons.features[f]! : 'none') ?? 0) + 1);
      }
      const explained = [...counts.values()].reduce((s, n) => s + n, 0);
      expect(explained, kind).toBeGreaterThan(split.test.length / 4);
      expect(counts.get('none') ?? 0, kind).toBe(0);
      expect((counts.get('c') ?? 0) / explained, kind).toBeLessThan(0.05);
    }
  });

  it('writes the tree as rules in the input units (XOR turns at 100 days)', async () => {
    const pipeline = await fitPipeline({ kind: 'tree', seed: 3, tree: { maxDepth: 3, minLeaf: 20 } }, data, labels, split.train);
    const { nodes, rules } = treeView((pipeline.model as TreeModel).tree, pipeline.transform);
    expect(nodes[0]!.split).not.toBeNull();
    const top = rules[0]!;
    expect(top.probability).toBeGreaterThan(0.9);
    const thresholds = top.conditions.map((c) => Number(/(?:≤|>) (-?[\d.]+)/.exec(c)![1]));
    for (const t of thresholds) expect(Math.abs(t - 100)).toBeLessThan(5);
    expect(rules.reduce((n, r) => n + r.samples, 0)).toBe(split.train.length);
  });
});
