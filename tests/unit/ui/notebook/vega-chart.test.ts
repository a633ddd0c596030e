/** Which charts need a live Vega view on the page, and how a mark's hover label reads. */
import { describe, expect, it } from 'vitest';
import { cohortHeatmapSpec } from '../../../../src/charts/cohort';
import { withValues } from '../../../../src/charts/spec';
import { markLabelLines, needsLiveView } from '../../../../src/ui/notebook/vega-chart';

describe('needsLiveView', () => {
  it('is false for the built-in charts, even when a data row has a field named params', () => {
    expect(needsLiveView(withValues(cohortHeatmapSpec(), [{ params: 1, cohort: '2024-01-01' }]) as unknown)).toBe(false);
  });

  it('is true for params at the top or inside a layer, and not for params only inside datasets', () => {
    expect(needsLiveView({ params: [{ name: 'brush', select: 'interval' }], mark: 'point' })).toBe(true);
    expect(needsLiveView({ layer: [{ mark: 'bar' }, { mark: 'rule', params: [{ name: 'pick', select: 'point' }] }] })).toBe(true);
    expect(needsLiveView({ datasets: { rows: [{ params: 'x' }] }, mark: 'bar' })).toBe(false);
  });
});

describe('markLabelLines', () => {
  it('splits Vega-Lite ARIA descriptions into one line per field', () => {
    expect(markLabelLines('Cohort: 2024-01; Retention: 12.5%; Revenue: 1,200.00')).toEqual(['Cohort: 2024-01', 'Retention: 12.5%', 'Revenue: 1,200.00']);
    expect(markLabelLines('')).toEqual([]);
  });
});
