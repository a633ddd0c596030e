/**
 * Gradient boosting (src/models/boosting.ts): learns the XOR-like set no line separates, gives the same model
 * twice, stops early on a validation set when the labels are noise, and predicts raw rows exactly as their bins.
 */
import { describe, expect, it } from 'vitest';
import { binFeatures, binWith } from '../../../src/models/tree';
import { fitBoosting, predictBoosting } from '../../../src/models/boosting';
import { rocAuc } from '../../../src/models/metrics';
import { xorSet as xor } from './xor-set';

describe('gradient boosting', () => {
  it('learns XOR, the same model twice', async () => {
    const train = xor(3000, 1);
    const test = xor(1000, 2);
    const binned = binFeatures(train.x, train.rows, 2);
    const model = await fitBoosting(binned, train.y, { trees: 50, maxDepth: 3, minLeaf: 10 });
    expect(rocAuc(test.y, predictBoosting(model, test.x, test.rows, 2))).toBeGreaterThan(0.97);
    const again = await fitBoosting(binned, train.y, { trees: 50, maxDepth: 3, minLeaf: 10 });
    expect(Array.from(predictBoosting(again, test.x, test.rows, 2))).toEqual(Array.from(predictBoosting(model, test.x, test.rows, 2)));
  });

  it('stops early when the validation loss stops falling, keeping the best round', async () => {
    const train = xor(2000, 3, true);
    const valid = xor(1000, 4, true);
    const binned = binFeatures(train.x, train.rows, 2);
    const model = await fitBoosting(binned, train.y, { trees: 200, maxDepth: 4, minLeaf: 5, patience: 5 }, { data: binWith(binned.edges, valid.x, valid.rows, 2), y: valid.y });
    expect(model.trees.length).toBeLessThan(30);
    const lowest = Math.min(...model.validationLoss);
    expect(model.validationLoss.at(-1)).toBe(lowest);
  });
});
