/**
 * k-means on the active TF.js backend (WebGL/WebGPU in the browser's worker, wasm or cpu in Node): k-means++
 * initialisation, Lloyd iterations as matrix products (squared distances ‖x‖² − 2x·c + ‖c‖², centroids as
 * one-hot(assignment)ᵀ · X), several restarts keeping the lowest inertia. Seeded: the same seed, data and
 * backend give the same clusters. The caller standardises the features first.
 */
import * as tf from '@tensorflow/tfjs';
import { nextTurn, throwIfCancelled, type TrainControl } from './model';
import { seededRandom } from './split';

export interface KMeansOptions {
  k: number;
  /** Independent starts; the one with the lowest inertia wins (default 5). */
  restarts?: number;
  /** Lloyd iterations per start at most (default 100). */
  maxIterations?: number;
  /** Stop when no centroid moves more than this (squared distance; default 1e-8). */
  tolerance?: number;
  seed?: number;
}

export interface KMeansResult {
  k: number;
  /** Row-major k × columns. */
  centroids: Float32Array;
  /** The cluster of each row, 0 .. k-1. */
  assignments: Int32Array;
  sizes: Int32Array;
  /** Sum of squared distances of rows to their centroid. */
  inertia: number;
  /** Iterations the winning start took. */
  iterations: number;
}

/** Clusters `rows` × `columns` values (row-major) into `options.k` groups. */
export async function kMeans(data: Float32Array, rows: number, columns: number, options: KMeansOptions, control: TrainControl = {}): Promise<KMeansResult> {
  const { k } = options;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a whole number from 1, got ${k}.`);
  if (rows < k) throw new RangeError(`k-means needs at least as many rows as clusters (${rows} rows, k = ${k}).`);
  if (data.length !== rows * columns) throw new RangeError(`Expected ${rows * columns} values, got ${data.length}.`);
  const restarts = Math.max(1, options.restarts ?? 5);
  const x = tf.tensor2d(data, [rows, columns]);
  const xNorm = tf.tidy(() => x.square().sum(1, true)) as tf.Tensor2D;
  try {
    let best: KMeansResult | null = null;
    for (let start = 0; start < restarts; start++) {
      throwIfCancelled(control.signal);
      const initial = plusPlusCentres(x, xNorm, data, rows, columns, k, seededRandom((options.seed ?? 42) + 7919 * start));
      const result = await lloyd(x, xNorm, initial, columns, k, options, control);
      if (!best || result.inertia < best.inertia) best = result;
      await nextTurn();
    }
    return best!;
  } finally {
    x.dispose();
    xNorm.dispose();
  }
}

/** Squared distances (rows × centres) of every row to `centres` (never below 0: float error). */
function squaredDistances(x: tf.Tensor2D, xNorm: tf.Tensor2D, centres: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const cNorm = centres.square().sum(1).reshape([1, -1]);
    return tf.relu(xNorm.sub(x.matMul(centres, false, true).mul(2)).add(cNorm)) as tf.Tensor2D;
  });
}

/** k-means++: the first centre at random, each next one with probability proportional to D², the squared distance to the nearest chosen centre. */
function plusPlusCentres(x: tf.Tensor2D, xNorm: tf.Tensor2D, data: Float32Array, rows: number, columns: number, k: number, random: () => number): Float32Array {
  const centres = new Float32Array(k * columns);
  const pick = (c: number, row: number) => centres.set(data.subarray(row * columns, (row + 1) * columns), c * columns);
  pick(0, Math.floor(random() * rows));
  const nearest = new Float64Array(rows).fill(Number.POSITIVE_INFINITY);
  for (let c = 1; c < k; c++) {
    const latest = tf.tensor2d(centres.subarray((c - 1) * columns, c * columns), [1, columns]);
    const distances = squaredDistances(x, xNorm, latest);
    const values = distances.dataSync();
    latest.dispose();
    distances.dispose();
    let total = 0;
    for (let r = 0; r < rows; r++) {
      if (values[r]! < nearest[r]!) nearest[r] = values[r]!;
      total += nearest[r]!;
    }
    let row = rows - 1;
    if (total > 0) {
      let target = random() * total;
      for (let r = 0; r < rows; r++) {
        target -= nearest[r]!;
        if (target < 0) {
          row = r;
          break;
        }
      }
    } else {
      row = Math.floor(random() * rows);
    }
    pick(c, row);
  }
  return centres;
}

async function lloyd(
  x: tf.Tensor2D,
  xNorm: tf.Tensor2D,
  initial: Float32Array,
  columns: number,
  k: number,
  options: KMeansOptions,
  control: TrainControl,
): Promise<KMeansResult> {
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-8;
  let centres = tf.tensor2d(initial, [k, columns]);
  let iterations = 0;
  try {
    for (; iterations < maxIterations; iterations++) {
      throwIfCancelled(control.signal);
      const [next, moved] = tf.tidy(() => {
        const assignment = squaredDistances(x, xNorm, centres).argMin(1);
        const members = tf.oneHot(assignment, k).toFloat();
        const sums = members.matMul(x, true, false);
        const counts = members.sum(0).reshape([k, 1]);
        // An empty cluster keeps its centre (k-means++ makes this rare; a restart may do better).
        const updated = tf.where(counts.greater(0).tile([1, columns]), sums.div(counts.maximum(1)), centres) as tf.Tensor2D;
        return [updated, updated.sub(centres).square().sum(1).max()] as const;
      });
      const shift = (await moved.data())[0]!;
      moved.dispose();
      centres.dispose();
      centres = next;
      if (shift <= tolerance) {
        iterations++;
        break;
      }
    }
    const [assignmentTensor, inertiaTensor] = tf.tidy(() => {
      const distances = squaredDistances(x, xNorm, centres);
      return [distances.argMin(1), distances.min(1).sum()] as const;
    });
    const assignments = Int32Array.from(await assignmentTensor.data());
    const inertia = (await inertiaTensor.data())[0]!;
    assignmentTensor.dispose();
    inertiaTensor.dispose();
    const sizes = new Int32Array(k);
    for (const a of assignments) sizes[a]!++;
    return { k, centroids: Float32Array.from(await centres.data()), assignments, sizes, inertia, iterations };
  } finally {
    centres.dispose();
  }
}
