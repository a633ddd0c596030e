import { describe, expect, it } from 'vitest';
import { cohortHeatmapSpec, retentionCurvesSpec } from '../../../src/charts/cohort';
import { clvFrequencyRecencySpec, clvHoldoutSpec, clvPAliveHistogramSpec, clvTrackingSpec } from '../../../src/charts/clv';
import { churnResultCharts } from '../../../src/charts/churn';
import { funnelSpec } from '../../../src/charts/funnel';
import { basketPairsSpec } from '../../../src/charts/basket';
import { recommendationScoresSpec } from '../../../src/charts/recommend';
import { clusterChoiceSpec, clusterMapSpec } from '../../../src/charts/clusters';
import { lifecycleSpec } from '../../../src/charts/lifecycle';
import { repurchaseRatesSpec, repurchaseTrendSpec } from '../../../src/charts/repurchase';
import { rfmGridSpec, segmentBarSpec } from '../../../src/charts/rfm';
import { salesOrdersSpec, salesRevenueSpec } from '../../../src/charts/sales';
import { withValues } from '../../../src/charts/spec';
import { gapHistogramSpec, kmCurveSpec } from '../../../src/charts/survival';
import { hasChartWord, localizeSpec } from '../../../src/charts/words';
import { forecastSpec } from '../../../src/charts/forecast';
import { riskReasonsSpec } from '../../../src/charts/risk';
import { customerTimelineSpec, segmentQuartilesSpec } from '../../../src/charts/profile';
import { countModelsSpec } from '../../../src/charts/counts';
import { SURVIVAL_WORDS } from '../../../src/analyses/cells/survival';
import { renderChartSvg } from '../../../src/notebook/chart-render';

const SUMMARY = {
  metrics: { auc: 0.8, prAuc: 0.5 },
  positives: 10,
  negatives: 20,
  curves: { roc: [{ fpr: 0.2, tpr: 0.6, threshold: 0.5 }], pr: [{ recall: 0.5, precision: 0.7, threshold: 0.5 }], calibration: [{ meanScore: 0.1, observedRate: 0.1, count: 3 }], gains: [{ share: 0.1, gain: 0.2, lift: 2 }] },
  importance: [{ feature: 'recency_days', aucDrop: 0.1 }],
  loss: [{ epoch: 1, loss: 1, valLoss: 1 }, { epoch: 2, loss: 0.5, valLoss: 0.6 }],
};

function everySpec(): unknown[] {
  const specs: unknown[] = [];
  for (const period of ['month', 'week'] as const) {
    for (const measure of ['retention', 'revenue_per_customer'] as const) specs.push(cohortHeatmapSpec({ period, measure }), retentionCurvesSpec({ period, measure }));
  }
  for (const measure of ['customers', 'revenue'] as const) specs.push(rfmGridSpec(measure), segmentBarSpec(measure));
  specs.push(clvTrackingSpec(), clvPAliveHistogramSpec(), clvFrequencyRecencySpec(), clvHoldoutSpec(), salesRevenueSpec(), salesOrdersSpec());
  specs.push(lifecycleSpec({}), lifecycleSpec({ period: 'week', includeDormant: false }), kmCurveSpec(), gapHistogramSpec(), repurchaseRatesSpec(), repurchaseTrendSpec(), funnelSpec(), basketPairsSpec(), recommendationScoresSpec(), clusterChoiceSpec(), clusterMapSpec(), forecastSpec(), riskReasonsSpec(), kmCurveSpec(SURVIVAL_WORDS), customerTimelineSpec(), countModelsSpec(), segmentQuartilesSpec());
  return [...specs, ...churnResultCharts(SUMMARY).map((c) => c.spec)];
}

function words(spec: unknown, found: string[] = []): string[] {
  if (Array.isArray(spec)) spec.forEach((item) => words(item, found));
  else if (spec && typeof spec === 'object') {
    for (const [key, value] of Object.entries(spec)) {
      if ((key === 'title' || key === 'description') && typeof value === 'string') found.push(value);
      else if (key === 'title' && value && typeof value === 'object' && typeof (value as { text?: unknown }).text === 'string') found.push((value as { text: string }).text);
      else words(value, found);
    }
  }
  return found;
}

describe('chart words', () => {
  it('has a Chinese text for every title and description a chart builder writes', () => {
    const missing = [...new Set(everySpec().flatMap((spec) => words(spec)))].filter((text) => /[A-Za-z]{2,}/.test(text) && !hasChartWord(text));
    expect(missing).toEqual([]);
  });

  it('leaves no English title in a localized chart, and relabels data values in axes, legends and tooltips alike', async () => {
    for (const spec of everySpec()) {
      const english = words(localizeSpec(spec, 'zh-CN')).filter((text) => /[A-Za-z]{3,}/.test(text.replace(/AUC|RFM|BG\/NBD|Kaplan|Meier|ROC|P\(alive\)|t_x/g, '')));
      expect(english).toEqual([]);
    }
    const tracking = localizeSpec(clvTrackingSpec(), 'zh-CN');
    const rows = [0, 1, 2].flatMap((period) => [
      { period, period_end: `2024-01-0${period + 1}`, series: 'Actual', cumulative_repeats: period * 2, calibration_end: period === 1 },
      { period, period_end: `2024-01-0${period + 1}`, series: 'Expected (BG/NBD)', cumulative_repeats: period * 2.1, calibration_end: period === 1 },
    ]);
    const svg = await renderChartSvg(withValues(tracking, rows) as unknown as Record<string, unknown>);
    expect(svg).toContain('实际');
    expect(svg).toContain('预期（BG/NBD）');
    expect(svg).toContain('累计复购次数');
    expect(svg).not.toMatch(/>Actual<|Cumulative repeat/);
    // The calibration-end rule still finds the actual series after relabelling.
    expect(svg).toContain('校准期结束');

    const segments = localizeSpec(segmentBarSpec('customers'), 'en', { segment: { cant_lose: "Can't lose them" } });
    const bars = await renderChartSvg(withValues(segments, [{ segment: 'cant_lose', customers: 3, share: 0.1, revenue: 9, revenue_share: 0.2, action: 'Call them' }]) as unknown as Record<string, unknown>);
    expect(bars).toContain("Can't lose them");
    expect(bars).not.toContain('cant_lose');
    expect(bars).not.toContain('X-axis titled');
  });
});
