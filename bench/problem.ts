/** A churn-shaped classification problem for the training benches: normal features, a recency-like effect and an interaction. */
import { seededRandom } from '../src/models/split';

/** `rows` × `cols` features (row-major) and 0/1 labels, the same for the same seed. */
export function churnShapedProblem(rows: number, cols: number, seed: number): { x: Float32Array; y: Uint8Array; rows: number; cols: number } {
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const x = new Float32Array(rows * cols);
  const y = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) x[r * cols + j] = normal();
    const eta = 1.2 * x[r * cols]! - 0.8 * x[r * cols + 1]! + 0.6 * x[r * cols + 2]! * x[r * cols + 3]! - 0.3;
    y[r] = random() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  }
  return { x, y, rows, cols };
}
