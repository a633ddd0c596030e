/**
 * k-means (src/models/kmeans.ts) on data with known clusters: four well-separated Gaussian blobs in 3-D of
 * different sizes. It must recover them exactly (up to the cluster numbering), give the same answer for
 * the same seed, and find the centres within sampling error; on the wasm backend, as the command line does.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../src/models/backend-node';
import { kMeans } from '../../../src/models/kmeans';
import { seededRandom } from '../../../src/models/split';

const CENTRES = [
  [0, 0, 0],
  [10, 0, 0],
  [0, 10, 0],
  [0, 0, 10],
];
const SIZES = [400, 250, 150, 100];

function blobs(seed: number): { data: Float32Array; truth: Int32Array; rows: number } {
  const random = seededRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const rows = SIZES.reduce((a, b) => a + b, 0);
  const data = new Float32Array(rows * 3);
  const truth = new Int32Array(rows);
  let r = 0;
  SIZES.forEach((size, c) => {
    for (let i = 0; i < size; i++, r++) {
      truth[r] = c;
      for (let j = 0; j < 3; j++) data[r * 3 + j] = CENTRES[c]![j]! + gaussian();
    }
  });
  return { data, truth, rows };
}

beforeAll(async () => {
  await useNodeBackend('wasm');
});

describe('k-means', () => {
  it('recovers known clusters exactly, with their centres and sizes', async () => {
    const { data, truth, rows } = blobs(1);
    const result = await kMeans(data, rows, 3, { k: 4, seed: 42 });
    // Each true cluster maps to exactly one found cluster, and no found cluster mixes two true ones.
    const mapping = new Map<number, number>();
    for (let r = 0; r < rows; r++) {
      const found = result.assignments[r]!;
      if (!mapping.has(truth[r]!)) mapping.set(truth[r]!, found);
      expect(mapping.get(truth[r]!)).toBe(found);
    }
    expect(new Set(mapping.values()).size).toBe(4);
    for (const [c, found] of mapping) {
      expect(result.sizes[found]).toBe(SIZES[c]);
      for (let j = 0; j < 3; j++) expect(Math.abs(result.centroids[found * 3 + j]! - CENTRES[c]![j]!)).toBeLessThan(0.3);
    }
    // Inertia ≈ 3 dimensions × unit variance × 900 rows.
    expect(result.inertia / rows).toBeGreaterThan(2.5);
    expect(result.inertia / rows).toBeLessThan(3.5);
  });

  it('gives the same clusters for the same seed', async () => {
    const { data, rows } = blobs(2);
    const a = await kMeans(data, rows, 3, { k: 5, seed: 7, restarts: 3 });
    const b = await kMeans(data, rows, 3, { k: 5, seed: 7, restarts: 3 });
    expect(Array.from(b.assignments)).toEqual(Array.from(a.assignments));
    expect(Array.from(b.centroids)).toEqual(Array.from(a.centroids));
    expect(b.inertia).toBe(a.inertia);
  });

  it('more restarts never end worse, and impossible requests are refused', async () => {
    const { data, rows } = blobs(3);
    const one = await kMeans(data, rows, 3, { k: 6, seed: 1, restarts: 1 });
    const five = await kMeans(data, rows, 3, { k: 6, seed: 1, restarts: 5 });
    expect(five.inertia).toBeLessThanOrEqual(one.inertia);
    await expect(kMeans(new Float32Array(6), 2, 3, { k: 3 })).rejects.toThrow(/at least as many rows as clusters/);
    await expect(kMeans(new Float32Array(6), 2, 3, { k: 0 })).rejects.toThrow(/whole number from 1/);
  });
});
