/** The L2 strength of logistic regression chosen by cross-validation and the one-standard-error rule. */
import { describe, expect, it } from 'vitest';
import { L2_GRID, chooseL2 } from '../../../src/models/pipeline';
import { seededRandom } from '../../../src/models/split';

/** Churn-like rows: the label depends on `gap` (+) and `orders` (−); `items` is `orders` plus a little noise. */
function collinear(rows: number, seed: number) {
  const random = seededRandom(seed);
  const x = new Float32Array(rows * 3);
  const labels = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    const gap = random() * 3;
    const orders = random() * 3;
    const items = orders + (random() - 0.5) * 0.05;
    x.set([gap, orders, items], i * 3);
    labels[i] = random() < 1 / (1 + Math.exp(-(1.5 * gap - 1.2 * orders))) ? 1 : 0;
  }
  return { input: { rows, featureNames: ['gap', 'orders', 'items'], x }, labels };
}

describe('chooseL2', () => {
  it('takes the strongest penalty within one standard error of the best mean AUC', async () => {
    const { input, labels } = collinear(3000, 5);
    const rows = Int32Array.from({ length: 3000 }, (_, i) => i);
    const choice = await chooseL2({ kind: 'logistic', seed: 1 }, input, labels, rows, 5);
    expect(choice.tried.map((t) => t.l2)).toEqual([...L2_GRID]);
    const best = choice.tried.reduce((a, b) => (b.aucMean > a.aucMean ? b : a));
    const within = choice.tried.filter((t) => t.aucMean >= best.aucMean - best.aucSe);
    expect(choice.l2).toBe(Math.max(...within.map((t) => t.l2)));
    for (const t of choice.tried) expect(t.aucSe).toBeGreaterThan(0);
  });

  it('only looks at the rows it is given', async () => {
    const { input, labels } = collinear(2000, 9);
    const firstHalf = Int32Array.from({ length: 1000 }, (_, i) => i);
    const scrambled = labels.slice();
    for (let i = 1000; i < 2000; i++) scrambled[i] = 1 - scrambled[i]!;
    const a = await chooseL2({ kind: 'logistic', seed: 1 }, input, labels, firstHalf, 4);
    const b = await chooseL2({ kind: 'logistic', seed: 1 }, input, scrambled, firstHalf, 4);
    expect(b).toEqual(a);
  });
});
