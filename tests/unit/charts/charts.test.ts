/** Chart spec builders (src/charts/*) tested as data: they compile cleanly, name no URL, and draw what the rows say. */
import { describe, expect, it } from 'vitest';
import { cohortHeatmapSpec, retentionCurvesSpec } from '../../../src/charts/cohort';
import { funnelSpec } from '../../../src/charts/funnel';
import { lifecycleSpec } from '../../../src/charts/lifecycle';
import { repurchaseRatesSpec, repurchaseTrendSpec } from '../../../src/charts/repurchase';
import { rfmGridSpec, segmentBarSpec } from '../../../src/charts/rfm';
import { gapHistogramSpec, kmCurveSpec } from '../../../src/charts/survival';
import { specSource, withValues, type ChartRow, type ChartSpec } from '../../../src/charts/spec';
import { compileStrict, drawnItems, urlKeys } from './render';
import { renderChartSvg } from '../../../src/notebook/chart-render';

/** The triangle of three monthly cohorts, as `cohort_retention` returns it (no rows after the data end). */
const COHORT_ROWS: ChartRow[] = [
  ...[2, 1, 1, 0].map((active, k) => ({ cohort: '2023-01-01', period_index: k, cohort_size: 2, active, retention: active / 2, revenue: active * 10, revenue_per_customer: active * 5 })),
  ...[2, 0, 1].map((active, k) => ({ cohort: '2023-02-01', period_index: k, cohort_size: 2, active, retention: active / 2, revenue: active * 10, revenue_per_customer: active * 5 })),
  ...[1, 0].map((active, k) => ({ cohort: '2023-03-01', period_index: k, cohort_size: 1, active, retention: active, revenue: active * 10, revenue_per_customer: active * 10 })),
];

const GRID_ROWS: ChartRow[] = [5, 4, 3, 2, 1].flatMap((r) => [1, 2, 3, 4, 5].map((f) => ({ r, f, customers: r * f, revenue: r * f * 10 })));

const SEGMENTS = ['champions', 'loyal', 'potential_loyalists', 'new_customers', 'promising', 'need_attention', 'about_to_sleep', 'cannot_lose_them', 'at_risk', 'hibernating'];
const SEGMENT_ROWS: ChartRow[] = SEGMENTS.map((segment, i) => ({ segment, customers: 10 - i, share: 0.1, revenue: 100 * (10 - i), revenue_share: 0.1, action: 'x' }));

const LIFECYCLE_ROWS: ChartRow[] = ['2023-01-01', '2023-02-01', '2023-03-01'].map((period, i) => ({ period, new: 3 - i, returning: i, reactivated: 1, at_risk: i, dormant: i * 2 }));

const KM_ROWS: ChartRow[] = ['all', 'loyal'].flatMap((grp) => [
  { grp, days: 0, at_risk: 7, survival: 1, lower: 1, upper: 1 },
  { grp, days: 10, at_risk: 6, survival: 2 / 3, lower: 0.19, upper: 0.9 },
  { grp, days: 20, at_risk: 4, survival: 0.5, lower: 0.11, upper: 0.8 },
]);

const CASES: [string, ChartSpec, ChartRow[]][] = [
  ['cohort heatmap', cohortHeatmapSpec(), COHORT_ROWS],
  ['cohort revenue heatmap (weeks)', cohortHeatmapSpec({ period: 'week', measure: 'revenue_per_customer' }), COHORT_ROWS],
  ['retention curves', retentionCurvesSpec(), COHORT_ROWS],
  ['revenue curves', retentionCurvesSpec({ measure: 'revenue_per_customer' }), COHORT_ROWS],
  ['RFM grid', rfmGridSpec('customers'), GRID_ROWS],
  ['RFM grid by revenue', rfmGridSpec('revenue'), GRID_ROWS],
  ['segment bars', segmentBarSpec(), SEGMENT_ROWS],
  ['lifecycle', lifecycleSpec(), LIFECYCLE_ROWS],
  ['KM curves', kmCurveSpec(), KM_ROWS],
  ['gap histogram', gapHistogramSpec(), [{ bin_start: 0, bin_end: 7, gaps: 3 }, { bin_start: 7, bin_end: 14, gaps: 5 }]],
  ['funnel', funnelSpec(), [{ step_order: 1, step: 'view', customers: 4, rate_from_start: 1, rate_from_previous: null }, { step_order: 2, step: 'cart', customers: 2, rate_from_start: 0.5, rate_from_previous: 0.5 }, { step_order: 3, step: 'purchase', customers: 1, rate_from_start: 0.25, rate_from_previous: 0.5 }]],
  ['repurchase rates', repurchaseRatesSpec(), [30, 60, 90].map((days, i) => ({ days, eligible: 10, repurchased: i + 1, rate: (i + 1) / 10 }))],
  ['repurchase trend', repurchaseTrendSpec(), ['2023-01-01', '2023-02-01'].flatMap((cohort) => [30, 90].map((days) => ({ cohort, days, eligible: 5, repurchased: 1, rate: 0.2 })))],
];

describe('chart specs', () => {
  it.each(CASES)('%s compiles without warnings, names no URL and carries no data of its own', (_name, spec, rows) => {
    expect(urlKeys(spec)).toEqual([]);
    expect(specSource(spec)).not.toMatch(/https?:|"\$schema"/);
    expect((spec as { data?: unknown }).data).toBeUndefined();
    const compiled = compileStrict(withValues(spec, rows));
    expect(urlKeys(compiled.spec)).toEqual([]);
  });

  it('keeps the cohort triangle: one labelled cell per row, no cells after the data end, and a size per cohort', async () => {
    // 9 cells and their 9 labels, plus one size label per cohort (3).
    expect(await drawnItems(withValues(cohortHeatmapSpec(), COHORT_ROWS))).toEqual({ rect: 9, text: 12 });
    expect(await drawnItems(withValues(cohortHeatmapSpec(), COHORT_ROWS.slice(0, 5)))).toEqual({ rect: 5, text: 7 });
  });

  it('labels each heatmap cell with its share, white on the dark cells only', async () => {
    const svg = await renderChartSvg(withValues(cohortHeatmapSpec(), COHORT_ROWS) as unknown as Record<string, unknown>);
    const labels = [...svg.matchAll(/<text[^>]*fill="(#[0-9a-f]+)"[^>]*>(\d+%)<\/text>/g)].map((m) => `${m[2]}:${m[1]}`);
    // Period 0 is 100% on grey; 50% (the largest after period 0, 2023-01's first month) is dark, so its label is white.
    expect(labels).toEqual(expect.arrayContaining(['100%:#1d1d1b', '50%:#ffffff', '0%:#1d1d1b']));
    expect(svg).toContain('Customers still buying');
    expect(svg).toContain('Cohort size');
  });

  it('draws one curve per cohort plus the weighted average line', async () => {
    const drawn = await drawnItems(withValues(retentionCurvesSpec(), COHORT_ROWS));
    expect(drawn.line).toBe(4);
    expect(drawn.symbol).toBe(4);
  });

  it('draws the 25 cells of the RFM grid with their labels, and ten segment bars', async () => {
    expect(await drawnItems(withValues(rfmGridSpec(), GRID_ROWS))).toEqual({ rect: 25, text: 25 });
    expect(await drawnItems(withValues(segmentBarSpec(), SEGMENT_ROWS))).toEqual({ rect: 10 });
  });

  it('stacks five lifecycle stages per period, or four without dormant', async () => {
    expect(await drawnItems(withValues(lifecycleSpec(), LIFECYCLE_ROWS))).toEqual({ rect: 15 });
    expect(await drawnItems(withValues(lifecycleSpec({ includeDormant: false }), LIFECYCLE_ROWS))).toEqual({ rect: 12 });
  });

  it('draws a step line and a band per group, with the 50% rule', async () => {
    expect(await drawnItems(withValues(kmCurveSpec(), KM_ROWS))).toEqual({ area: 2, line: 2, rule: 1 });
  });

  it('draws one bar per histogram bin and per funnel step', async () => {
    expect(await drawnItems(withValues(gapHistogramSpec(), [{ bin_start: 0, bin_end: 7, gaps: 3 }, { bin_start: 14, bin_end: 21, gaps: 1 }]))).toEqual({ rect: 2 });
    const funnel = CASES.find(([name]) => name === 'funnel');
    expect(await drawnItems(withValues(funnelSpec(), funnel?.[2] ?? []))).toEqual({ rect: 3, text: 3 });
  });
});
