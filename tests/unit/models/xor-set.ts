/**
 * An XOR-like churn set for the tree tests: a row is positive when exactly one of its two features is above 0.
 * Quadrants are lopsided (70% of rows above 0 on each feature), so a greedy first split has something to gain,
 * as in real data, while the classes still sit in opposite corners, beyond any straight line. With `noise`,
 * the labels are coin flips instead.
 */
import { seededRandom } from '../../../src/models/split';

export function xorSet(rows: number, seed: number, noise = false): { x: Float32Array; y: Uint8Array; rows: number } {
  const random = seededRandom(seed);
  const x = new Float32Array(rows * 2);
  const y = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    const a = random() < 0.7 ? random() : -random();
    const b = random() < 0.7 ? random() : -random();
    x[r * 2] = a;
    x[r * 2 + 1] = b;
    y[r] = noise ? (random() < 0.5 ? 1 : 0) : a > 0 !== b > 0 ? 1 : 0;
  }
  return { x, y, rows };
}
