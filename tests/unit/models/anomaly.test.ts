/** Anomaly scores (src/models/anomaly.ts): robust z-scores by hand, and an isolation forest finding planted anomalies. */
import { describe, expect, it } from 'vitest';
import { fitIsolationForest, isolationScores, robustZScores } from '../../../src/models/anomaly';
import { seededRandom } from '../../../src/models/split';

describe('robust z-scores', () => {
  it('scores by the median and MAD: 1, 2, 3, 4, 100', () => {
    // median 3; absolute deviations 2, 1, 0, 1, 97 → MAD 1; z = 0.6745 · (x − 3).
    const z = robustZScores([1, 2, 3, 4, 100]);
    expect(Array.from(z)).toEqual([-2, -1, 0, 1, 97].map((d) => expect.closeTo(0.6744897501960817 * d, 12)));
  });

  it('falls back to the mean absolute deviation when most values are equal, and to 0 with no spread', () => {
    // median 5, deviations 0, 0, 0, 0, 4: MAD 0, mean absolute deviation 0.8.
    expect(robustZScores([5, 5, 5, 5, 9])[4]).toBeCloseTo(4 / (1.2533141373155 * 0.8), 10);
    expect(Array.from(robustZScores([2, 2, 2]))).toEqual([0, 0, 0]);
    const withGap = robustZScores([1, Number.NaN, 3]);
    expect(Number.isNaN(withGap[1]!)).toBe(true);
    expect(withGap[0]).toBeCloseTo(-0.6744897501960817, 12);
  });
});

describe('isolation forest', () => {
  /** 2,000 ordinary points (4 correlated normal features) and 40 planted far away in random directions. */
  function planted(seed: number) {
    const random = seededRandom(seed);
    const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const rows = 2040;
    const cols = 4;
    const x = new Float64Array(rows * cols);
    const anomalous = new Set<number>();
    for (let r = 0; r < rows; r++) {
      const base = normal();
      const far = r % 51 === 50;
      if (far) anomalous.add(r);
      for (let c = 0; c < cols; c++) x[r * cols + c] = far ? (random() < 0.5 ? -1 : 1) * (5 + 2 * random()) : 0.6 * base + 0.8 * normal();
    }
    return { x, rows, cols, anomalous };
  }

  it('ranks the planted anomalies first: precision and recall at least 0.8 among the top 40', () => {
    const { x, rows, cols, anomalous } = planted(5);
    expect(anomalous.size).toBe(40);
    const scores = isolationScores(fitIsolationForest(x, rows, cols, { seed: 1 }), x, rows);
    const top = Array.from(scores.keys()).sort((a, b) => scores[b]! - scores[a]!).slice(0, 40);
    const hits = top.filter((r) => anomalous.has(r)).length;
    expect(hits / 40).toBeGreaterThanOrEqual(0.8); // precision at 40 = recall at 40 here
    const plantedScores = Array.from(anomalous, (r) => scores[r]!);
    expect(Math.min(...plantedScores)).toBeGreaterThan(0.55);
  });

  it('is the same forest under the same seed, and another under another', () => {
    const { x, rows, cols } = planted(6);
    const a = isolationScores(fitIsolationForest(x, rows, cols, { seed: 3, trees: 20 }), x, rows);
    const b = isolationScores(fitIsolationForest(x, rows, cols, { seed: 3, trees: 20 }), x, rows);
    const c = isolationScores(fitIsolationForest(x, rows, cols, { seed: 4, trees: 20 }), x, rows);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });
});
