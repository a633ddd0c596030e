/** A model cell in the exported report: the plain sentence, the key figures, and the result charts as SVG. */
import { churnResultCharts } from '../charts/churn';
import type { ModelSummary } from './model-summary';
import { escapeHtml } from './html';

/** HTML of a model summary; `chart` renders one Vega-Lite spec (as inline SVG). */
export async function renderModelHtml(
  summary: ModelSummary,
  chart: (spec: Record<string, unknown>) => Promise<string>,
  parts: { sentence: boolean; charts: boolean } = { sentence: true, charts: true },
): Promise<string> {
  const warning = summary.kind === 'churn' && summary.verdict.warning ? `<p class="note warning">${escapeHtml(summary.verdict.warning)}</p>` : '';
  const sentence = parts.sentence ? `${warning}<p class="note">${escapeHtml(summary.sentence)}</p>` : '';
  const figures =
    summary.kind === 'churn'
      ? churnFigures(summary)
      : summary.kind === 'clv'
        ? clvFigures(summary)
        : summary.kind === 'clusters'
          ? clusterFigures(summary)
          : summary.kind === 'recommendations'
            ? recommendationFigures(summary)
            : summary.kind === 'abtest'
              ? abTestFigures(summary)
              : summary.kind === 'survival'
                ? survivalFigures(summary)
                : summary.kind === 'forecast'
                  ? forecastFigures(summary)
                  : summary.kind === 'risk'
                    ? riskFigures(summary)
                    : summary.kind === 'profile'
                      ? profileFigures(summary)
                      : countsFigures(summary);
  const table = `<table class="result"><tbody>${figures
    .map(([label, value]) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('')}</tbody></table>`;
  if (summary.kind !== 'churn' || !parts.charts) return sentence + table;
  const charts: string[] = [];
  for (const { spec } of churnResultCharts(summary).filter((c) => c.name !== 'loss')) {
    try {
      charts.push(await chart(spec as unknown as Record<string, unknown>));
    } catch (error) {
      charts.push(`<p class="error">${escapeHtml(`The chart could not be drawn: ${(error as Error).message}`)}</p>`);
    }
  }
  return sentence + table + charts.join('');
}

function clusterFigures(s: Extract<ModelSummary, { kind: 'clusters' }>): [string, string][] {
  const pct = (v: number) => `${(v * 100).toFixed(0)}%`;
  return [
    ['Customers / clusters', `${s.customers} / ${s.k} (${s.chosenBy === 'silhouette' ? 'k by silhouette' : 'k as set'})`],
    ...s.clusters.map((c, i) => [`${i + 1}. ${c.name.en}`, `${c.customers} customers (${pct(c.share)}), ${pct(c.revenueShare)} of revenue`] as [string, string]),
  ];
}

function recommendationFigures(s: Extract<ModelSummary, { kind: 'recommendations' }>): [string, string][] {
  const e = s.evaluation;
  const n = (v: number) => v.toFixed(4);
  return [
    ['Recommender', s.recommender === 'bpr' ? 'matrix factorisation (BPR)' : 'item-item collaborative filtering'],
    ['Customers / products / list length', `${s.customers} / ${s.products} / ${s.k}`],
    ['Holdout', `${s.holdoutDays} days after ${s.split}${e ? `, ${e.test_customers} customers` : ': nothing to test on'}`],
    ...(e
      ? ([
          [`Suggestions: precision@${s.k} / NDCG@${s.k}`, `${n(e.model.precision)} / ${n(e.model.ndcg)}`],
          [`Best sellers: precision@${s.k} / NDCG@${s.k}`, `${n(e.popularity.precision)} / ${n(e.popularity.ndcg)}`],
        ] as [string, string][])
      : []),
  ];
}

function abTestFigures(s: Extract<ModelSummary, { kind: 'abtest' }>): [string, string][] {
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  const group = (g: typeof s.control) => `${g.converted} of ${g.size} (${pct(g.rate)})${g.meanValue === null ? '' : `, value ${g.meanValue.toFixed(2)} per customer`}`;
  return [
    [`Control: ${s.control.name}`, group(s.control)],
    [`Variant: ${s.variant.name}`, group(s.variant)],
    [`Difference (${Math.round(s.confidence * 100)}% interval)`, `${pct(s.difference)} (${pct(s.interval[0])} to ${pct(s.interval[1])})`],
    ['z / p-value', `${s.z.toFixed(2)} / ${s.pValue < 0.001 ? '< 0.001' : s.pValue.toFixed(3)}`],
  ];
}

function churnFigures(s: Extract<ModelSummary, { kind: 'churn' }>): [string, string][] {
  const n = (v: number) => v.toFixed(3);
  return [
    ['Model', `${s.model} (backend: ${s.backend})`],
    ['Cutoff / horizon', `${s.cutoff} / ${s.horizon} days`],
    ['Customers / churn rate', `${s.population} / ${(s.churnRate * 100).toFixed(1)}%`],
    ['Test AUC / PR-AUC', `${n(s.metrics.auc)} / ${n(s.metrics.prAuc)}`],
    [`Cross-validated AUC (${s.metrics.folds} folds)`, `${n(s.metrics.cvAucMean)} ± ${n(s.metrics.cvAucStd)}`],
    ['Baseline AUC: recency rule / recency-only regression', `${n(s.baseline.recencyRuleAuc)} / ${n(s.baseline.recencyLogisticAuc)}`],
    ['At 0.5: accuracy, precision, recall, F1', [s.metrics.accuracy, s.metrics.precision, s.metrics.recall, s.metrics.f1].map(n).join(', ')],
    ...(s.bands ? [['Risk bands today (high / medium / low)', `${s.bands.high} / ${s.bands.medium} / ${s.bands.low}`] as [string, string]] : []),
  ];
}

function clvFigures(s: Extract<ModelSummary, { kind: 'clv' }>): [string, string][] {
  const p = s.params;
  return [
    ['Calibration end / holdout end', `${s.calibrationEnd} / ${s.holdoutEnd ?? '—'}`],
    ['BG/NBD r, alpha, a, b', p ? [p.r, p.alpha, p.a, p.b].map((v) => v.toFixed(3)).join(', ') : `not converged: ${s.message}`],
    ['Log-likelihood', s.logLikelihood === null ? '—' : s.logLikelihood.toFixed(1)],
    ['Gamma-Gamma p, q, v', s.gammaGamma ? [s.gammaGamma.p, s.gammaGamma.q, s.gammaGamma.v].map((v) => v.toFixed(2)).join(', ') : '—'],
    ['Holdout repeat purchases: expected / actual', s.holdout ? `${s.holdout.expected.toFixed(0)} / ${s.holdout.actual.toFixed(0)}` : '—'],
  ];
}

function survivalFigures(s: Extract<ModelSummary, { kind: 'survival' }>): [string, string][] {
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  return [
    ['Customers / bought again / still waiting', `${s.customers} / ${s.events} / ${s.censored}`],
    ['Not yet bought again after 30 / 90 / 180 / 365 days', [s.km.s30, s.km.s90, s.km.s180, s.km.s365].map(pct).join(' / ')],
    ['Median days to a second purchase', s.km.medianDays === null ? 'not reached' : String(s.km.medianDays)],
    ['Weibull shape / scale (days)', `${s.weibull.shape.toFixed(3)} / ${s.weibull.scaleDays.toFixed(1)}`],
    ...s.cox.map((c) => [`Cox: ${c.covariate}`, `hazard ratio ${c.hazardRatio.toFixed(3)} (${c.lower.toFixed(3)}–${c.upper.toFixed(3)})`] as [string, string]),
  ];
}

function forecastFigures(s: Extract<ModelSummary, { kind: 'forecast' }>): [string, string][] {
  const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
  const b = s.backtest;
  return [
    ['Measure / period / method', `${s.measure} / ${s.period} / ${s.method}`],
    ...s.forecast.slice(0, 4).map((f) => [f.period, `${f.value.toFixed(1)} (${f.lo.toFixed(1)}–${f.hi.toFixed(1)})`] as [string, string]),
    ...(b ? ([[`Backtest MAPE: method / naive / seasonal naive`, `${pct(b.mape)} / ${pct(b.naiveMape)} / ${pct(b.seasonalNaiveMape)}`]] as [string, string][]) : []),
  ];
}

function riskFigures(s: Extract<ModelSummary, { kind: 'risk' }>): [string, string][] {
  return [
    ['Orders / customers flagged', `${s.ordersFlagged} / ${s.customersFlagged}`],
    ['Marked fine', String(s.markedFine)],
    ...s.review.slice(0, 10).map((r) => [r.orderId ? `Order ${r.orderId}` : `Customer ${r.customerId}`, r.text.en] as [string, string]),
  ];
}

function profileFigures(s: Extract<ModelSummary, { kind: 'profile' }>): [string, string][] {
  const c = s.customer;
  if (c) {
    return [
      ['Customer', `${c.customerId}: ${c.orders} orders, ${c.firstOrder} to ${c.lastOrder}, revenue ${c.revenue.toFixed(2)}`],
      ['RFM / segment / lifecycle', `${c.rfm.r}${c.rfm.f}${c.rfm.m} / ${c.rfm.segment} / ${c.lifecycle}`],
      ['Churn probability', c.churn ? `${(c.churn.probability * 100).toFixed(1)}% (${c.churn.reasons})` : 'not computed'],
      ['Expected value', c.value ? `${c.value.clv.toFixed(2)} (${c.value.expectedPurchases.toFixed(2)} purchases)` : 'not computed'],
      ['Risk flags', c.risk ? String(c.risk.flags.length) : 'not computed'],
    ];
  }
  const g = s.segment;
  return g ? [['Segment', `${g.segment}: ${g.customers} of ${g.everyone} customers`], ...g.measures.map((m) => [m.measure, `median ${m.segment.median.toFixed(1)} vs ${m.everyone.median.toFixed(1)}`] as [string, string])] : [];
}

function countsFigures(s: Extract<ModelSummary, { kind: 'counts' }>): [string, string][] {
  return [
    ['Horizon / train / test', `${s.horizon} days / from ${s.trainCutoff} / from ${s.testCutoff} (${s.testCustomers} customers, actual mean ${s.actualMean.toFixed(3)})`],
    ...s.models.map((m) => [m.model, `MAE ${m.mae.toFixed(4)}, Poisson deviance ${m.poissonDeviance.toFixed(4)}`] as [string, string]),
  ];
}
