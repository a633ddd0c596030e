import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useNodeBackend } from '../../../src/models/backend-node';

/** A plain triple loop: the products the wrapped kernel must give. */
function product(a: number[][], b: number[][]): number[][] {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((sum, v, k) => sum + v * b[k]![j]!, 0)));
}
const transposed = (m: number[][]) => m[0]!.map((_, j) => m.map((row) => row[j]!));

describe('the wasm backend\'s matrix product with transposed operands', () => {
  it('gives the same products as a plain loop, for every transpose flag and for batches', async () => {
    expect((await useNodeBackend('wasm')).backend).toBe('wasm');
    const a = [[1, 2, 3], [4, 5, 6]];
    const b = [[7, 8], [9, 10], [11, 12]];
    const cases: [number[][], number[][], boolean, boolean][] = [
      [a, b, false, false],
      [transposed(a), b, true, false],
      [a, transposed(b), false, true],
      [transposed(a), transposed(b), true, true],
    ];
    for (const [x, y, ta, tb] of cases) {
      const out = tf.tidy(() => tf.matMul(tf.tensor2d(x), tf.tensor2d(y), ta, tb).arraySync());
      expect(out).toEqual(product(a, b));
    }
    const batched = tf.tidy(() => tf.matMul(tf.tensor3d([transposed(a), transposed(a)]), tf.tensor3d([b, b]), true, false).arraySync());
    expect(batched).toEqual([product(a, b), product(a, b)]);
  });

  it('leaves no tensor behind and keeps gradients right', async () => {
    await useNodeBackend('wasm');
    const before = tf.memory().numTensors;
    const x = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
    const w = tf.tensor2d([[0.5, -1], [2, 0.25]]);
    // d/dW sum(x·W) = xᵀ·1: each column of W gets the column sums of x.
    const grad = tf.grad((weights: tf.Tensor) => tf.sum(tf.matMul(x, weights)))(w);
    expect(grad.arraySync()).toEqual([[9, 9], [12, 12]]);
    tf.dispose([x, w, grad]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("the wasm backend's Identity", () => {
  it('shares the data of its input: a clone outlives the original, both read right, nothing leaks', async () => {
    expect((await useNodeBackend('wasm')).backend).toBe('wasm');
    const before = tf.memory();
    const x = tf.tensor2d([[1, 2], [3, 4]]);
    const copy = tf.clone(x);
    // Shared, not copied: the clone points at the same data.
    expect(copy.dataId).toBe(x.dataId);
    x.dispose();
    expect(copy.arraySync()).toEqual([[1, 2], [3, 4]]);
    copy.dispose();
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
    const text = tf.clone(tf.tensor1d(['a', 'b'], 'string'));
    expect(text.arraySync()).toEqual(['a', 'b']);
  });

  it('keeps the gradients of a network with saved activations right', async () => {
    await useNodeBackend('wasm');
    // d/dx sum(relu(x)²) = 2·relu(x): relu saves its input for the gradient (a clone).
    const x = tf.tensor1d([-1, 0.5, 2]);
    const grad = tf.grad((v: tf.Tensor) => tf.sum(tf.square(tf.relu(v))))(x);
    expect(Array.from(grad.dataSync())).toEqual([0, 1, 4]);
    tf.dispose([x, grad]);
  });
});
