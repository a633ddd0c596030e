import { describe, expect, it } from 'vitest';
import { choleskySolve, sigmoid, trainLogistic } from '../../../src/models/logistic';
import { TrainingCancelledError, type TrainProgress } from '../../../src/models/model';

/** x = 0 for 10 rows (3 churned), x = 1 for 10 rows (8 churned). */
function groups() {
  const x = new Float32Array(20);
  const y = new Uint8Array(20);
  for (let i = 0; i < 20; i++) {
    const g = i < 10 ? 0 : 1;
    x[i] = g;
    const k = i % 10;
    y[i] = g === 0 ? (k < 3 ? 1 : 0) : k < 8 ? 1 : 0;
  }
  return { x, y, rows: 20, cols: 1 };
}

describe('trainLogistic', () => {
  it('without a penalty finds the maximum likelihood: the log-odds of each group', async () => {
    // Worked out by hand: intercept = ln(3/7); slope = ln(8/2) − ln(3/7).
    const model = await trainLogistic(groups(), { l2: 0 });
    expect(model.params.intercept).toBeCloseTo(Math.log(3 / 7), 7);
    expect(model.params.coefficients[0]).toBeCloseTo(Math.log(4) - Math.log(3 / 7), 7);
    expect(model.params.converged).toBe(true);
    const p = model.predictSync(Float32Array.of(0, 1), 2);
    expect(p[0]).toBeCloseTo(0.3, 6);
    expect(p[1]).toBeCloseTo(0.8, 6);
  });

  it('with L2 satisfies the optimality condition Xᵀ(p − y) + λβ = 0 (intercept unpenalised)', async () => {
    const data = groups();
    const model = await trainLogistic(data, { l2: 3 });
    const b = model.params.coefficients[0]!;
    let g0 = 0;
    let g1 = 0;
    for (let i = 0; i < 20; i++) {
      const r = sigmoid(model.params.intercept + b * data.x[i]!) - data.y[i]!;
      g0 += r;
      g1 += r * data.x[i]!;
    }
    expect(Math.abs(g0)).toBeLessThan(1e-8);
    expect(Math.abs(g1 + 3 * b)).toBeLessThan(1e-8);
    expect(b).toBeLessThan(Math.log(4) - Math.log(3 / 7)); // shrunk towards 0
  });

  it('balanced class weights move the intercept to equal weighted classes', async () => {
    const data = { x: new Float32Array(10), y: Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0, 0, 0), rows: 10, cols: 1 };
    const model = await trainLogistic(data, { classWeight: 'balanced' });
    expect(model.params.intercept).toBeCloseTo(0, 6);
  });

  it('reports every iteration and stops when cancelled', async () => {
    const seen: TrainProgress[] = [];
    await trainLogistic(groups(), { l2: 0 }, { onEpoch: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.map((p) => p.epoch)).toEqual(seen.map((_, i) => i + 1));
    expect(seen.at(-1)!.loss).toBeLessThan(seen[0]!.loss);
    const controller = new AbortController();
    const run = trainLogistic(groups(), { l2: 0 }, { signal: controller.signal, onEpoch: () => controller.abort() });
    await expect(run).rejects.toThrow(TrainingCancelledError);
  });
});

describe('choleskySolve', () => {
  it('solves a symmetric positive-definite system', () => {
    const z = choleskySolve(Float64Array.of(4, 2, 2, 3), Float64Array.of(2, 1), 2);
    expect(z[0]).toBeCloseTo(0.5, 12);
    expect(z[1]).toBeCloseTo(0, 12);
  });
});
