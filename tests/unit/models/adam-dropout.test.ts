import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { adamFor } from '../../../src/models/adam';
import { HostDropout } from '../../../src/models/dropout';
import { useNodeBackend } from '../../../src/models/backend-node';

beforeAll(async () => {
  expect((await useNodeBackend('wasm')).backend).toBe('wasm');
});

/** Runs `steps` Adam steps on two variables (one penalised) with a fixed gradient sequence; returns their values. */
function train(backend: 'wasm' | 'webgl', steps: number, prefix: string): number[][] {
  const kernel = tf.tidy(() => tf.variable(tf.tensor2d([[0.5, -1.25], [2, 0.1]]), true, `${prefix}/kernel`));
  const bias = tf.tidy(() => tf.variable(tf.tensor1d([0.3, -0.7]), true, `${prefix}/bias`));
  // adamFor('webgl', …) is tf.train.adam on the device: here it runs on the wasm backend, as the reference.
  const optimizer = adamFor(backend, { learningRate: 0.05, l2: 0.01, penalised: new Set([kernel.name]) });
  for (let t = 1; t <= steps; t++) {
    tf.tidy(() => {
      const grads = {
        [kernel.name]: tf.tensor2d([[Math.sin(t), -0.5 * t], [0.01, Math.cos(t)]]),
        [bias.name]: tf.tensor1d([1 / t, -2]),
      };
      optimizer.step(grads);
    });
  }
  optimizer.dispose();
  const values = [Array.from(kernel.dataSync()), Array.from(bias.dataSync())];
  kernel.dispose();
  bias.dispose();
  return values;
}

describe('Adam on the host', () => {
  it('makes the same updates as tf.train.adam with the L2 gradient, step after step', () => {
    const before = tf.memory().numTensors;
    const host = train('wasm', 25, 'host');
    const device = train('webgl', 25, 'device');
    for (let v = 0; v < host.length; v++) {
      for (let i = 0; i < host[v]!.length; i++) expect(host[v]![i]).toBeCloseTo(device[v]![i]!, 4);
    }
    // The weights moved (a test of two optimizers that do nothing would pass the comparison too).
    expect(Math.abs(host[0]![0]! - 0.5)).toBeGreaterThan(0.1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('penalises only the named variables', () => {
    const a = tf.variable(tf.tensor1d([1]), true, 'l2-check/a');
    const b = tf.variable(tf.tensor1d([1]), true, 'l2-check/b');
    const optimizer = adamFor('wasm', { learningRate: 0.1, l2: 1, penalised: new Set([a.name]) });
    tf.tidy(() => optimizer.step({ [a.name]: tf.tensor1d([0]), [b.name]: tf.tensor1d([0]) }));
    expect(a.dataSync()[0]).toBeLessThan(1);
    expect(b.dataSync()[0]).toBe(1);
    a.dispose();
    b.dispose();
  });
});

describe('HostDropout', () => {
  it('drops about the rate of units in training, scales the rest, and draws a new mask each call', () => {
    const layer = new HostDropout({ rate: 0.25, seed: 11 });
    const x = tf.ones([400, 50]);
    const first = (layer.apply(x, { training: true }) as tf.Tensor).dataSync();
    const second = (layer.apply(x, { training: true }) as tf.Tensor).dataSync();
    const dropped = first.filter((v) => v === 0).length / first.length;
    expect(dropped).toBeGreaterThan(0.23);
    expect(dropped).toBeLessThan(0.27);
    expect(new Set(first)).toEqual(new Set([0, 1 / 0.75].map(Math.fround)));
    let differ = 0;
    for (let i = 0; i < first.length; i++) if (first[i] !== second[i]) differ++;
    expect(differ / first.length).toBeGreaterThan(0.2);
    x.dispose();
  });

  it('passes its input through at inference, and the same seed gives the same masks', () => {
    const x = tf.tensor2d([[1, 2, 3, 4]]);
    expect(Array.from((new HostDropout({ rate: 0.5, seed: 3 }).apply(x) as tf.Tensor).dataSync())).toEqual([1, 2, 3, 4]);
    const big = tf.ones([100, 10]);
    const draw = () => Array.from((new HostDropout({ rate: 0.5, seed: 3 }).apply(big, { training: true }) as tf.Tensor).dataSync());
    expect(draw()).toEqual(draw());
  });
});
