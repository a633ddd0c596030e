/**
 * Churn model charts, built from a model cell's summary (data inlined, no URLs): the live loss chart,
 * ROC and precision-recall curves, calibration, cumulative gains by decile and permutation importance.
 */
import { withValues, type ChartRow, type ChartSpec } from './spec';
import { localizeSpec, type ChartLang } from './words';
import { modelName } from '../text/model-names';

/** One epoch of training, as the loss chart draws it. */
export interface LossPoint {
  epoch: number;
  loss: number;
  valLoss?: number;
}

/** What the churn charts draw: plain numbers from a model's evaluation (a churn model summary has them). */
export interface ChurnChartData {
  metrics: { auc: number; prAuc: number };
  positives: number;
  negatives: number;
  curves: {
    roc: readonly { fpr: number; tpr: number; threshold: number }[];
    pr: readonly { recall: number; precision: number; threshold: number }[];
    calibration: readonly { meanScore: number | null; observedRate: number | null; count: number }[];
    gains: readonly { share: number; gain: number; lift: number }[];
  };
  importance: readonly { feature: string; aucDrop: number }[];
  loss: readonly LossPoint[];
  /** With several models compared: each one's cross-validated AUC and test ROC curve, best first. */
  compared?: readonly { kind: string; cvAucMean: number; roc?: readonly { fpr: number; tpr: number }[] }[];
}

const SIZE = { width: 300, height: 220 };

/** Training and validation loss per epoch (redraw it with every progress event for the live chart). */
export function lossChartSpec(epochs: readonly LossPoint[], lang: ChartLang = 'en'): ChartSpec {
  const rows: ChartRow[] = epochs.flatMap((e) => [
    { epoch: e.epoch, series: 'Training loss', value: e.loss },
    ...(e.valLoss !== undefined ? [{ epoch: e.epoch, series: 'Validation loss', value: e.valLoss }] : []),
  ]);
  const spec = withValues(
    {
      description: 'Loss per epoch',
      ...SIZE,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'epoch', type: 'quantitative', title: 'Epoch', axis: { tickMinStep: 1 } },
        y: { field: 'value', type: 'quantitative', title: 'Loss', scale: { zero: false }, axis: { format: '.2~f', tickCount: 5 } },
        color: { field: 'series', type: 'nominal', title: 'Series', legend: { orient: 'top-right', title: null } },
        tooltip: [
          { field: 'epoch', type: 'quantitative', title: 'Epoch' },
          { field: 'series', type: 'nominal', title: 'Series' },
          { field: 'value', type: 'quantitative', title: 'Loss', format: '.3f' },
        ],
      },
    } as ChartSpec,
    rows,
  );
  return localizeSpec(spec, lang);
}

/** ROC curve with the chance diagonal. */
export function rocChartSpec(summary: ChurnChartData, lang: ChartLang = 'en'): ChartSpec {
  const rows: ChartRow[] = [
    ...summary.curves.roc.map((p) => ({ fpr: p.fpr, tpr: p.tpr, threshold: p.threshold, series: modelSeries(lang, `AUC ${summary.metrics.auc.toFixed(2)}`) })),
    { fpr: 0, tpr: 0, threshold: null, series: 'Chance' },
    { fpr: 1, tpr: 1, threshold: null, series: 'Chance' },
  ];
  return curve('ROC curve', rows, 'fpr', 'False positive rate', 'tpr', 'True positive rate (churners found)');
}

/** Every compared model's test ROC curve on one chart, labelled with its cross-validated AUC, the winner first. */
export function rocCompareChartSpec(summary: ChurnChartData, lang: ChartLang = 'en'): ChartSpec {
  const rows: ChartRow[] = [
    ...(summary.compared ?? []).flatMap((m) => {
      const series = `${modelName(m.kind, lang)} (${m.cvAucMean.toFixed(3)})`;
      return (m.roc ?? []).map((p) => ({ fpr: p.fpr, tpr: p.tpr, series }));
    }),
    { fpr: 0, tpr: 0, series: 'Chance' },
    { fpr: 1, tpr: 1, series: 'Chance' },
  ];
  const spec = curve('ROC curves of every model (cross-validated AUC)', rows, 'fpr', 'False positive rate', 'tpr', 'True positive rate (churners found)');
  // Eight series: one legend entry per line, with whole names.
  const encoding = (spec as unknown as { encoding: Record<string, { legend?: Record<string, unknown> }> }).encoding;
  for (const channel of ['color', 'strokeDash']) encoding[channel]!.legend = { ...encoding[channel]!.legend, columns: 1, labelLimit: 260 };
  return spec;
}

/** Precision-recall curve with the churn rate as the no-skill line. */
export function prChartSpec(summary: ChurnChartData, lang: ChartLang = 'en'): ChartSpec {
  const rate = summary.positives / Math.max(1, summary.positives + summary.negatives);
  const rows: ChartRow[] = [
    ...summary.curves.pr.map((p) => ({ recall: p.recall, precision: p.precision, threshold: p.threshold, series: modelSeries(lang, `AP ${summary.metrics.prAuc.toFixed(2)}`) })),
    { recall: 0, precision: rate, threshold: null, series: 'No skill' },
    { recall: 1, precision: rate, threshold: null, series: 'No skill' },
  ];
  return curve('Precision-recall curve', rows, 'recall', 'Recall', 'precision', 'Precision');
}

/** Predicted vs observed churn rate in ten score bins. */
export function calibrationChartSpec(summary: ChurnChartData): ChartSpec {
  const rows: ChartRow[] = [
    ...summary.curves.calibration
      .filter((b) => b.count > 0)
      .map((b) => ({ predicted: b.meanScore, observed: b.observedRate, customers: b.count, series: 'Model' })),
    { predicted: 0, observed: 0, customers: null, series: 'Perfect' },
    { predicted: 1, observed: 1, customers: null, series: 'Perfect' },
  ];
  return curve('Calibration', rows, 'predicted', 'Predicted churn probability', 'observed', 'Observed churn rate');
}

/** Cumulative share of churners captured by targeting the riskiest deciles. */
export function gainsChartSpec(summary: ChurnChartData): ChartSpec {
  const rows: ChartRow[] = [
    { share: 0, gain: 0, lift: null, series: 'Model' },
    ...summary.curves.gains.map((g) => ({ share: g.share, gain: g.gain, lift: g.lift, series: 'Model' })),
    { share: 0, gain: 0, lift: null, series: 'Random' },
    { share: 1, gain: 1, lift: null, series: 'Random' },
  ];
  return curve('Cumulative gains', rows, 'share', 'Share of customers targeted (riskiest first)', 'gain', 'Share of churners reached');
}

/** Permutation importance: how much the test AUC drops when a feature is shuffled. */
export function importanceChartSpec(summary: ChurnChartData): ChartSpec {
  const rows: ChartRow[] = summary.importance.map((i) => ({ feature: i.feature, drop: i.aucDrop }));
  return withValues(
    {
      description: 'Permutation feature importance',
      width: SIZE.width,
      height: Math.max(120, rows.length * 18),
      mark: 'bar',
      encoding: {
        y: { field: 'feature', type: 'nominal', sort: '-x', title: 'Feature', axis: { title: null } },
        x: { field: 'drop', type: 'quantitative', title: 'AUC drop when shuffled' },
        tooltip: [
          { field: 'feature', type: 'nominal', title: 'Feature' },
          { field: 'drop', type: 'quantitative', title: 'AUC drop when shuffled', format: '.4f' },
        ],
      },
    } as ChartSpec,
    rows,
  );
}

/** Every result chart of a churn summary, in display order, in `lang`. */
export function churnResultCharts(summary: ChurnChartData, lang: ChartLang = 'en'): { name: string; spec: ChartSpec }[] {
  const compared = (summary.compared ?? []).some((m) => m.roc && m.roc.length > 0);
  return [
    ...(compared ? [{ name: 'roc-compare', spec: localizeSpec(rocCompareChartSpec(summary, lang), lang) }] : []),
    { name: 'roc', spec: localizeSpec(rocChartSpec(summary, lang), lang) },
    { name: 'pr', spec: localizeSpec(prChartSpec(summary, lang), lang) },
    { name: 'gains', spec: localizeSpec(gainsChartSpec(summary), lang) },
    { name: 'calibration', spec: localizeSpec(calibrationChartSpec(summary), lang) },
    ...(summary.importance.length > 0 ? [{ name: 'importance', spec: localizeSpec(importanceChartSpec(summary), lang) }] : []),
    ...(summary.loss.length > 1 ? [{ name: 'loss', spec: lossChartSpec(summary.loss, lang) }] : []),
  ];
}

/** The model's series name with its headline figure (`Model (AUC 0.81)`). */
function modelSeries(lang: ChartLang, figure: string): string {
  return lang === 'zh-CN' ? `模型（${figure}）` : `Model (${figure})`;
}

/**
 * A model curve beside its reference line. The series keep the order of `rows` (model first), so the
 * model takes the theme's first colour and the reference its second, drawn dashed.
 */
function curve(title: string, rows: ChartRow[], x: string, xTitle: string, y: string, yTitle: string): ChartSpec {
  const series = [...new Set(rows.map((row) => String(row.series)))];
  return withValues(
    {
      description: title,
      title,
      ...SIZE,
      mark: { type: 'line', clip: true },
      encoding: {
        x: { field: x, type: 'quantitative', title: xTitle, scale: { domain: [0, 1] } },
        y: { field: y, type: 'quantitative', title: yTitle, scale: { domain: [0, 1] } },
        color: { field: 'series', type: 'nominal', title: 'Series', scale: { domain: series }, legend: { orient: 'bottom', title: null } },
        strokeDash: {
          field: 'series',
          type: 'nominal',
          title: 'Series',
          scale: { domain: series, range: series.map((_, i) => (i === 0 ? [1, 0] : [5, 4])) },
          legend: { orient: 'bottom', title: null },
        },
        // The points are drawn in the order of the rows (a curve may step back on x).
        order: { value: null },
      },
    } as unknown as ChartSpec,
    rows,
  );
}
