/**
 * What goes around k-means (src/models/kmeans.ts): standardising features, the silhouette of a clustering on
 * a seeded sample (exact silhouettes cost rows²), and the 2-D principal-component projection for the scatter
 * chart. Pure typed-array functions.
 */
import { seededRandom } from './split';

/** Column means and standard deviations of row-major `rows` × `columns` data (a constant column gets sd 1). */
export function columnMoments(data: ArrayLike<number>, rows: number, columns: number): { mean: Float64Array; sd: Float64Array } {
  const mean = new Float64Array(columns);
  const sd = new Float64Array(columns);
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) mean[c]! += data[r * columns + c]! / rows;
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) sd[c]! += (data[r * columns + c]! - mean[c]!) ** 2 / rows;
  for (let c = 0; c < columns; c++) sd[c] = sd[c]! > 0 ? Math.sqrt(sd[c]!) : 1;
  return { mean, sd };
}

/** z-scores of every column. */
export function standardise(data: ArrayLike<number>, rows: number, columns: number): Float32Array {
  const { mean, sd } = columnMoments(data, rows, columns);
  const out = new Float32Array(rows * columns);
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) out[r * columns + c] = (data[r * columns + c]! - mean[c]!) / sd[c]!;
  return out;
}

/**
 * The mean silhouette (−1 .. 1; higher: tighter, better separated clusters) over up to `sample` rows picked
 * with `seed`, each measured against the same sample.
 */
export function silhouette(data: ArrayLike<number>, rows: number, columns: number, assignments: ArrayLike<number>, k: number, sample = 2000, seed = 42): number {
  const picked = sampleRows(rows, sample, seed);
  const n = picked.length;
  let total = 0;
  let counted = 0;
  const sums = new Float64Array(k);
  const counts = new Int32Array(k);
  for (const i of picked) {
    sums.fill(0);
    counts.fill(0);
    for (const j of picked) {
      if (i === j) continue;
      let d = 0;
      for (let c = 0; c < columns; c++) d += (data[i * columns + c]! - data[j * columns + c]!) ** 2;
      sums[assignments[j]!]! += Math.sqrt(d);
      counts[assignments[j]!]!++;
    }
    const own = assignments[i]!;
    if (counts[own] === 0) continue; // a cluster of one in the sample: silhouette 0 by convention
    const a = sums[own]! / counts[own]!;
    let b = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++) if (c !== own && counts[c]! > 0) b = Math.min(b, sums[c]! / counts[c]!);
    if (!Number.isFinite(b)) continue;
    total += (b - a) / Math.max(a, b);
    counted++;
  }
  return n > 1 && counted > 0 ? total / n : 0;
}

/** `sample` distinct row numbers of `rows`, seeded, in increasing order (all rows when there are no more). */
export function sampleRows(rows: number, sample: number, seed: number): number[] {
  const all = Array.from({ length: rows }, (_, i) => i);
  if (rows <= sample) return all;
  const random = seededRandom(seed);
  for (let i = 0; i < sample; i++) {
    const j = i + Math.floor(random() * (rows - i));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, sample).sort((a, b) => a - b);
}

/** The first two principal components of centred data and each row's coordinates on them. */
export function project2d(data: ArrayLike<number>, rows: number, columns: number): { components: Float64Array[]; explained: number[]; x: Float32Array; y: Float32Array } {
  const { mean } = columnMoments(data, rows, columns);
  const covariance = Array.from({ length: columns }, () => new Float64Array(columns));
  for (let r = 0; r < rows; r++) {
    for (let a = 0; a < columns; a++) {
      const da = data[r * columns + a]! - mean[a]!;
      for (let b = a; b < columns; b++) covariance[a]![b]! += (da * (data[r * columns + b]! - mean[b]!)) / Math.max(1, rows - 1);
    }
  }
  for (let a = 0; a < columns; a++) for (let b = 0; b < a; b++) covariance[a]![b] = covariance[b]![a]!;
  const trace = covariance.reduce((sum, row, i) => sum + row[i]!, 0);
  const components: Float64Array[] = [];
  const explained: number[] = [];
  for (let p = 0; p < Math.min(2, columns); p++) {
    // Power iteration from a fixed start, on the covariance with the earlier components taken out.
    let v = Float64Array.from({ length: columns }, (_, i) => 1 / Math.sqrt(columns) + i * 1e-3);
    let value = 0;
    for (let iteration = 0; iteration < 500; iteration++) {
      const next = new Float64Array(columns);
      for (let a = 0; a < columns; a++) for (let b = 0; b < columns; b++) next[a]! += covariance[a]![b]! * v[b]!;
      for (const u of components) {
        const along = dot(next, u);
        for (let a = 0; a < columns; a++) next[a]! -= along * u[a]!;
      }
      const length = Math.sqrt(dot(next, next));
      if (length === 0) break;
      for (let a = 0; a < columns; a++) next[a]! /= length;
      const change = Math.abs(Math.abs(dot(next, v)) - 1);
      v = next;
      value = length;
      if (change < 1e-12) break;
    }
    // A fixed sign (largest entry positive) so the picture does not flip between runs.
    const largest = v.reduce((best, x, i) => (Math.abs(x) > Math.abs(v[best]!) ? i : best), 0);
    if (v[largest]! < 0) for (let a = 0; a < columns; a++) v[a] = -v[a]!;
    components.push(v);
    explained.push(trace > 0 ? value / trace : 0);
  }
  const x = new Float32Array(rows);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const centred = data[r * columns + c]! - mean[c]!;
      x[r]! += centred * components[0]![c]!;
      if (components[1]) y[r]! += centred * components[1][c]!;
    }
  }
  return { components, explained, x, y };
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
