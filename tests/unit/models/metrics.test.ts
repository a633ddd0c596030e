import { describe, expect, it } from 'vitest';
import {
  averagePrecision,
  bestF1,
  calibration,
  classificationReport,
  confusion,
  gainsByDecile,
  logLoss,
  metricsAt,
  prCurve,
  rocAuc,
  rocCurve,
} from '../../../src/models/metrics';

// Six customers with ties across classes (0.8: one churner, one not; 0.3: one of each).
// Worked out by hand:
//   AUC: pairs (pos, neg) = 3 × 3 = 9. pos 0.9 beats all 3; pos 0.8 ties 0.8 (½) and beats 0.5, 0.3
//   (2.5); pos 0.3 ties 0.3 (½) → 6 / 9 = 2/3.
//   ROC points (fpr, tpr): (0,0) (0,⅓) (⅓,⅔) (⅔,⅔) (1,1); trapezoids 0 + 1/6 + 2/9 + 5/18 = 2/3.
//   AP: thresholds 0.9 (P 1, R ⅓), 0.8 (P ⅔, R ⅔), 0.5 (R unchanged), 0.3 (P ½, R 1)
//   → ⅓·1 + ⅓·⅔ + ⅓·½ = 13/18.
const y = [1, 0, 1, 0, 1, 0];
const s = [0.9, 0.8, 0.8, 0.5, 0.3, 0.3];

describe('rocAuc', () => {
  it('counts ties as one half (hand-worked 2/3)', () => {
    expect(rocAuc(y, s)).toBeCloseTo(2 / 3, 12);
  });

  it('does not depend on the order of tied rows', () => {
    expect(rocAuc([0, 1, 0, 1, 0, 1], [0.8, 0.8, 0.3, 0.3, 0.5, 0.9])).toBeCloseTo(2 / 3, 12);
  });

  it.each([
    [[0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], 0.75],
    [[1, 0, 1, 0], [0.5, 0.5, 0.5, 0.5], 0.5],
    [[0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4], 1],
    [[1, 1, 0, 0], [0.1, 0.2, 0.3, 0.4], 0],
  ])('%j × %j = %d', (labels, scores, auc) => {
    expect(rocAuc(labels, scores)).toBeCloseTo(auc, 12);
  });

  it('is NaN with one class only', () => {
    expect(rocAuc([1, 1], [0.2, 0.4])).toBeNaN();
  });
});

describe('rocCurve', () => {
  it('has one point per distinct score, from (0,0) to (1,1)', () => {
    const points = rocCurve(y, s).map((p) => [p.fpr, p.tpr]);
    const expected = [[0, 0], [0, 1 / 3], [1 / 3, 2 / 3], [2 / 3, 2 / 3], [1, 1]];
    points.forEach((p, i) => {
      expect(p[0]).toBeCloseTo(expected[i]![0]!, 12);
      expect(p[1]).toBeCloseTo(expected[i]![1]!, 12);
    });
    expect(points).toHaveLength(5);
  });
});

describe('averagePrecision', () => {
  it('sums recall steps times precision (hand-worked 13/18)', () => {
    expect(averagePrecision(y, s)).toBeCloseTo(13 / 18, 12);
  });

  it.each([
    [[0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], (1 / 2) * 1 + (1 / 2) * (2 / 3)],
    [[1, 0], [0.5, 0.5], 0.5],
    [[0, 1, 1], [0.9, 0.8, 0.1], (1 / 2) * (1 / 2) + (1 / 2) * (2 / 3)],
  ])('%j × %j', (labels, scores, ap) => {
    expect(averagePrecision(labels, scores)).toBeCloseTo(ap, 12);
  });

  it('gives the PR curve the same points', () => {
    expect(prCurve(y, s).map((p) => [p.threshold, p.recall, p.precision])).toEqual([
      [0.9, 1 / 3, 1],
      [0.8, 2 / 3, 2 / 3],
      [0.5, 2 / 3, 0.5],
      [0.3, 1, 0.5],
    ]);
  });
});

describe('threshold metrics', () => {
  it('counts score >= threshold as positive', () => {
    expect(confusion(y, s, 0.5)).toEqual({ threshold: 0.5, tp: 2, fp: 2, tn: 1, fn: 1 });
    const m = metricsAt(y, s, 0.5);
    expect(m.accuracy).toBeCloseTo(3 / 6, 12);
    expect(m.precision).toBeCloseTo(0.5, 12);
    expect(m.recall).toBeCloseTo(2 / 3, 12);
    expect(m.f1).toBeCloseTo(4 / 7, 12);
  });

  it('finds the F1-best threshold (0.8 and 0.3 both give 2/3; the higher wins)', () => {
    const best = bestF1(y, s);
    expect(best.threshold).toBe(0.8);
    expect(best.f1).toBeCloseTo(2 / 3, 12);
  });

  it('gives zeros, not NaN, when nothing is predicted positive', () => {
    expect(metricsAt(y, s, 2)).toMatchObject({ precision: 0, recall: 0, f1: 0, accuracy: 0.5 });
  });
});

describe('logLoss', () => {
  it('is the mean negative log-likelihood', () => {
    const expected = -(Math.log(0.9) + Math.log(0.2) + Math.log(0.8) + Math.log(0.5) + Math.log(0.3) + Math.log(0.7)) / 6;
    expect(logLoss(y, s)).toBeCloseTo(expected, 12);
  });

  it('clips certainties so a wrong 0 or 1 stays finite', () => {
    expect(logLoss([1, 0], [0, 1])).toBeCloseTo(-Math.log(1e-15), 2);
  });
});

describe('calibration', () => {
  it('puts scores in ten equal-width bins with the observed rate', () => {
    const bins = calibration(y, s);
    expect(bins).toHaveLength(10);
    expect(bins[8]).toMatchObject({ count: 2, observedRate: 0.5 });
    expect(bins[8]!.meanScore).toBeCloseTo(0.8, 12);
    expect(bins[9]).toMatchObject({ count: 1, observedRate: 1 });
    expect(bins[3]).toMatchObject({ count: 2, observedRate: 0.5 });
    expect(bins[0]).toMatchObject({ count: 0, meanScore: null, observedRate: null });
    expect(calibration([1], [1])[9]!.count).toBe(1);
  });
});

describe('gainsByDecile', () => {
  it('captures churners riskiest first (4 churners in 10)', () => {
    const labels = [1, 1, 0, 1, 0, 0, 1, 0, 0, 0];
    const scores = [1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1];
    const gains = gainsByDecile(labels, scores);
    expect(gains.map((g) => g.positives)).toEqual([1, 2, 2, 3, 3, 3, 4, 4, 4, 4]);
    expect(gains[0]!.gain).toBeCloseTo(0.25, 12);
    expect(gains[0]!.lift).toBeCloseTo(2.5, 12);
    expect(gains[2]!.lift).toBeCloseTo(0.5 / 0.3, 12);
    expect(gains[9]).toMatchObject({ gain: 1, lift: 1, customers: 10 });
  });
});

describe('classificationReport', () => {
  it('collects every metric', () => {
    const report = classificationReport(y, s);
    expect(report).toMatchObject({ n: 6, positives: 3 });
    expect(report.auc).toBeCloseTo(2 / 3, 12);
    expect(report.prAuc).toBeCloseTo(13 / 18, 12);
    expect(report.best.f1).toBeCloseTo(2 / 3, 12);
    expect(report.gains).toHaveLength(10);
  });

  it('refuses mismatched lengths and NaN scores', () => {
    expect(() => rocAuc([1, 0], [0.5])).toThrow('2 labels but 1 scores');
    expect(() => rocAuc([1, 0], [0.5, NaN])).toThrow('not a number');
  });
});
