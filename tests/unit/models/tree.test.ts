/**
 * CART (src/models/tree.ts): an XOR-like set — churn when exactly one of two features is high — that no
 * linear model can separate (logistic regression stays under AUC 0.8), separated by a depth-3 tree; leaves
 * respect the minimum size; rules read the path; binning and the split are checked by hand.
 */
import { describe, expect, it } from 'vitest';
import { binFeatures, fitForest, fitTree, plainSplits, predictForest, predictTree, treeRules } from '../../../src/models/tree';
import { trainLogistic } from '../../../src/models/logistic';
import { rocAuc } from '../../../src/models/metrics';
import { xorSet as xor } from './xor-set';

describe('decision tree', () => {
  it('separates an XOR-like set that logistic regression cannot', async () => {
    const train = xor(2000, 1);
    const test = xor(1000, 2);
    const tree = fitTree(binFeatures(train.x, train.rows, 2), train.y, { maxDepth: 3, minLeaf: 10 });
    const treeAuc = rocAuc(test.y, predictTree(tree, test.x, test.rows, 2));
    const logistic = await trainLogistic({ x: train.x, y: train.y, rows: train.rows, cols: 2 });
    const linearAuc = rocAuc(test.y, await logistic.predict(test.x, test.rows));
    expect(treeAuc).toBeGreaterThan(0.97);
    expect(linearAuc).toBeLessThan(0.8);
    for (let node = 0; node < tree.nodes; node++) if (tree.feature[node]! < 0) expect(tree.samples[node]).toBeGreaterThanOrEqual(10);
    // A stump (one split) is no better than the straight line.
    const stump = fitTree(binFeatures(train.x, train.rows, 2), train.y, { maxDepth: 1, minLeaf: 10 });
    expect(rocAuc(test.y, predictTree(stump, test.x, test.rows, 2))).toBeLessThan(0.8);
    const rules = treeRules(tree, plainSplits(['recency', 'orders']));
    expect(rules[0]!.probability).toBeGreaterThan(0.95);
    expect(rules[0]!.conditions.length).toBeGreaterThanOrEqual(2);
    expect(rules[0]!.conditions.join(' and ')).toMatch(/^(recency|orders) (≤|>) -?\d/);
    expect(rules.reduce((n, r) => n + r.samples, 0)).toBe(train.rows);
    // A feature split twice on one side keeps only its tightest bound ("recency > 3 and recency > 5" reads "recency > 5").
    for (const rule of rules) {
      const sides = rule.conditions.map((c) => c.replace(/ -?[\d.]+$/, ''));
      expect(new Set(sides).size).toBe(sides.length);
    }
  });

  it('grows a seeded random forest: the same forest for the same seed, as good as the tree on XOR', async () => {
    const train = xor(2000, 3);
    const test = xor(1000, 4);
    const binned = binFeatures(train.x, train.rows, 2);
    const forest = await fitForest(binned, train.y, { trees: 30, maxDepth: 4, minLeaf: 5, maxFeatures: 2, seed: 9 });
    const again = await fitForest(binned, train.y, { trees: 30, maxDepth: 4, minLeaf: 5, maxFeatures: 2, seed: 9 });
    const scores = predictForest(forest, test.x, test.rows, 2);
    expect(Array.from(predictForest(again, test.x, test.rows, 2))).toEqual(Array.from(scores));
    expect(rocAuc(test.y, scores)).toBeGreaterThan(0.97);
    const other = await fitForest(binned, train.y, { trees: 30, maxDepth: 4, minLeaf: 5, maxFeatures: 2, seed: 10 });
    expect(Array.from(predictForest(other, test.x, test.rows, 2))).not.toEqual(Array.from(scores));
  });

  /**
   * Values 1..8 with labels 0,0,0,0,1,1,1,1 and 4 bins: edges at 2, 4, 6; the best Gini split is "≤ 4" (two pure
   * halves, gain 0.5); each leaf predicts its share of positives.
   */
  it('bins at quantiles and splits where Gini falls most, by hand', () => {
    const x = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const y = Uint8Array.from([0, 0, 0, 0, 1, 1, 1, 1]);
    const binned = binFeatures(x, 8, 1, 4);
    expect(Array.from(binned.edges[0]!)).toEqual([2, 4, 6]);
    expect(Array.from(binned.codes)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    const tree = fitTree(binned, y, { maxDepth: 2, minLeaf: 1 });
    expect(tree.feature[0]).toBe(0);
    expect(tree.threshold[0]).toBe(4);
    expect(Array.from(predictTree(tree, Float32Array.from([0, 4, 4.5, 100]), 4, 1))).toEqual([0, 0, 1, 1]);
    expect(tree.nodes).toBe(3);
  });
});
