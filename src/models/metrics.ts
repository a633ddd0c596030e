/**
 * Classification metrics of DESIGN.md section 4, for a binary label (1 = positive, e.g. churned)
 * and a score in [0, 1]. Ties are handled as groups everywhere: customers with the same score are
 * switched to positive together, so the curves never depend on the order of tied rows.
 * A prediction is positive when score >= threshold.
 */

/** Labels as 0/1 numbers. */
export type Labels = ArrayLike<number>;
/** Scores, one per label. */
export type Scores = ArrayLike<number>;

/** Counts at one threshold. */
export interface Confusion {
  threshold: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** Point-metrics at one threshold. */
export interface ThresholdMetrics extends Confusion {
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
}

/** One point of the ROC curve, reached by predicting positive for every score >= threshold. */
export interface RocPoint {
  threshold: number;
  fpr: number;
  tpr: number;
}

/** One point of the precision-recall curve. */
export interface PrPoint {
  threshold: number;
  recall: number;
  precision: number;
}

/** One calibration bin: scores in [lo, hi) (the last bin includes 1). */
export interface CalibrationBin {
  lo: number;
  hi: number;
  count: number;
  meanScore: number | null;
  observedRate: number | null;
}

/** Cumulative gains at one decile of customers ranked by score (riskiest first). */
export interface GainsRow {
  decile: number;
  /** Share of all customers targeted (0.1, 0.2, …). */
  share: number;
  customers: number;
  positives: number;
  /** Share of all positives captured so far. */
  gain: number;
  /** gain / share. */
  lift: number;
}

/** Everything the churn report shows about one set of scores. */
export interface ClassificationReport {
  n: number;
  positives: number;
  auc: number;
  prAuc: number;
  logLoss: number;
  atHalf: ThresholdMetrics;
  best: ThresholdMetrics;
  roc: RocPoint[];
  pr: PrPoint[];
  calibration: CalibrationBin[];
  /** Expected calibration error: the count-weighted mean gap between predicted and observed rates over the bins. */
  calibrationError: number;
  gains: GainsRow[];
}

/** Distinct thresholds, highest first, with cumulative positives/negatives at or above each. */
interface Steps {
  thresholds: number[];
  tp: number[];
  fp: number[];
  positives: number;
  negatives: number;
}

function steps(labels: Labels, scores: Scores): Steps {
  checkInputs(labels, scores);
  const order = Array.from({ length: labels.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const thresholds: number[] = [];
  const tp: number[] = [];
  const fp: number[] = [];
  let t = 0;
  let f = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (labels[i] === 1) t++;
    else f++;
    const next = order[k + 1];
    if (next === undefined || scores[next] !== scores[i]) {
      thresholds.push(scores[i]!);
      tp.push(t);
      fp.push(f);
    }
  }
  return { thresholds, tp, fp, positives: t, negatives: f };
}

function checkInputs(labels: Labels, scores: Scores): void {
  if (labels.length !== scores.length) throw new Error(`${labels.length} labels but ${scores.length} scores.`);
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i])) throw new Error(`Score ${i} is not a number.`);
  }
}

/** ROC curve from (0, 0) to (1, 1), one point per distinct score. */
export function rocCurve(labels: Labels, scores: Scores): RocPoint[] {
  const s = steps(labels, scores);
  const points: RocPoint[] = [{ threshold: Infinity, fpr: 0, tpr: 0 }];
  s.thresholds.forEach((threshold, k) => {
    points.push({ threshold, fpr: ratio(s.fp[k]!, s.negatives), tpr: ratio(s.tp[k]!, s.positives) });
  });
  return points;
}

/** Area under the ROC curve by the trapezoid rule (a tie counts one half); NaN with one class only. */
export function rocAuc(labels: Labels, scores: Scores): number {
  const s = steps(labels, scores);
  if (s.positives === 0 || s.negatives === 0) return NaN;
  let area = 0;
  let prevTp = 0;
  let prevFp = 0;
  for (let k = 0; k < s.thresholds.length; k++) {
    area += ((s.fp[k]! - prevFp) * (s.tp[k]! + prevTp)) / 2;
    prevTp = s.tp[k]!;
    prevFp = s.fp[k]!;
  }
  return area / (s.positives * s.negatives);
}

/** Precision-recall curve, one point per distinct score, highest threshold first. */
export function prCurve(labels: Labels, scores: Scores): PrPoint[] {
  const s = steps(labels, scores);
  return s.thresholds.map((threshold, k) => ({
    threshold,
    recall: ratio(s.tp[k]!, s.positives),
    precision: ratio(s.tp[k]!, s.tp[k]! + s.fp[k]!),
  }));
}

/** Average precision: Σ (R_k − R_{k−1}) · P_k over distinct thresholds; NaN without positives. */
export function averagePrecision(labels: Labels, scores: Scores): number {
  const s = steps(labels, scores);
  if (s.positives === 0) return NaN;
  let ap = 0;
  let prevTp = 0;
  for (let k = 0; k < s.thresholds.length; k++) {
    const tp = s.tp[k]!;
    ap += ((tp - prevTp) / s.positives) * (tp / (tp + s.fp[k]!));
    prevTp = tp;
  }
  return ap;
}

/** Mean binary cross-entropy (natural log), scores clipped to [1e-15, 1 − 1e-15]. */
export function logLoss(labels: Labels, scores: Scores): number {
  checkInputs(labels, scores);
  const eps = 1e-15;
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(1 - eps, Math.max(eps, scores[i]!));
    sum -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / labels.length;
}

/** Confusion matrix predicting positive for score >= threshold. */
export function confusion(labels: Labels, scores: Scores, threshold: number): Confusion {
  checkInputs(labels, scores);
  const c: Confusion = { threshold, tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < labels.length; i++) {
    const positive = scores[i]! >= threshold;
    if (labels[i] === 1) positive ? c.tp++ : c.fn++;
    else positive ? c.fp++ : c.tn++;
  }
  return c;
}

/** Accuracy, precision, recall and F1 of a confusion matrix (0 where undefined). */
export function pointMetrics(c: Confusion): ThresholdMetrics {
  const n = c.tp + c.fp + c.tn + c.fn;
  const precision = ratio(c.tp, c.tp + c.fp);
  const recall = ratio(c.tp, c.tp + c.fn);
  return {
    ...c,
    accuracy: ratio(c.tp + c.tn, n),
    precision,
    recall,
    f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
  };
}

/** Metrics at `threshold`. */
export function metricsAt(labels: Labels, scores: Scores, threshold: number): ThresholdMetrics {
  return pointMetrics(confusion(labels, scores, threshold));
}

/** The threshold (one of the scores) with the highest F1; the higher threshold wins a tie. */
export function bestF1(labels: Labels, scores: Scores): ThresholdMetrics {
  const s = steps(labels, scores);
  let best: ThresholdMetrics | null = null;
  s.thresholds.forEach((threshold, k) => {
    const tp = s.tp[k]!;
    const fp = s.fp[k]!;
    const m = pointMetrics({ threshold, tp, fp, fn: s.positives - tp, tn: s.negatives - fp });
    if (!best || m.f1 > best.f1) best = m;
  });
  return best ?? metricsAt(labels, scores, 0.5);
}

/** Ten equal-width bins of the score with the observed positive rate in each. */
export function calibration(labels: Labels, scores: Scores, bins = 10): CalibrationBin[] {
  checkInputs(labels, scores);
  const count = new Array<number>(bins).fill(0);
  const sumScore = new Array<number>(bins).fill(0);
  const sumLabel = new Array<number>(bins).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(scores[i]! * bins)));
    count[b]!++;
    sumScore[b]! += scores[i]!;
    sumLabel[b]! += labels[i]!;
  }
  return count.map((n, b) => ({
    lo: b / bins,
    hi: (b + 1) / bins,
    count: n,
    meanScore: n > 0 ? sumScore[b]! / n : null,
    observedRate: n > 0 ? sumLabel[b]! / n : null,
  }));
}

/** Expected calibration error of calibration bins: Σ (count / n) · |mean score − observed rate|. */
export function calibrationError(bins: readonly CalibrationBin[]): number {
  const n = bins.reduce((s, b) => s + b.count, 0);
  if (n === 0) return Number.NaN;
  return bins.reduce((s, b) => (b.count > 0 ? s + (b.count / n) * Math.abs(b.meanScore! - b.observedRate!) : s), 0);
}

/**
 * Cumulative gains and lift by decile: customers sorted by score, riskiest first (ties broken by
 * their position, as a target list would be), decile d = the first round(n·d/10) customers.
 */
export function gainsByDecile(labels: Labels, scores: Scores): GainsRow[] {
  checkInputs(labels, scores);
  const n = labels.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i]!;
  const rows: GainsRow[] = [];
  let captured = 0;
  let taken = 0;
  for (let d = 1; d <= 10; d++) {
    const upTo = Math.round((n * d) / 10);
    for (; taken < upTo; taken++) captured += labels[order[taken]!]!;
    const share = d / 10;
    const gain = ratio(captured, positives);
    rows.push({ decile: d, share, customers: upTo, positives: captured, gain, lift: gain / share });
  }
  return rows;
}

/** Every metric of the report at once. */
export function classificationReport(labels: Labels, scores: Scores): ClassificationReport {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i]!;
  return {
    n: labels.length,
    positives,
    auc: rocAuc(labels, scores),
    prAuc: averagePrecision(labels, scores),
    logLoss: logLoss(labels, scores),
    atHalf: metricsAt(labels, scores, 0.5),
    best: bestF1(labels, scores),
    roc: rocCurve(labels, scores),
    pr: prCurve(labels, scores),
    calibration: calibration(labels, scores),
    calibrationError: calibrationError(calibration(labels, scores)),
    gains: gainsByDecile(labels, scores),
  };
}

/** The most points a chart draws of a curve (a full curve has a point per distinct score). */
export const CHART_CURVE_POINTS = 400;

/** Shrinks a curve to at most `max` points (always keeping the first and the last), for charts. */
export function thinCurve<T>(points: T[], max = 200): T[] {
  if (points.length <= max) return points;
  const out: T[] = [];
  const step = (points.length - 1) / (max - 1);
  for (let k = 0; k < max; k++) out.push(points[Math.round(k * step)]!);
  return out;
}

function ratio(a: number, b: number): number {
  return b > 0 ? a / b : 0;
}
