/**
 * Survival charts: Kaplan–Meier step curves with their 95% band (rows grp, days, survival, lower, upper,
 * at_risk) and the inter-purchase histogram (rows bin_start, bin_end, gaps).
 */
import type { ChartSpec } from './spec';

export interface KmChartOptions {
  /** What the curve is the survival of, for the axis title. */
  yTitle?: string;
  xTitle?: string;
}

/** Step curves, one colour per group, the confidence band shaded, and a dashed line at 50%. */
export function kmCurveSpec(options: KmChartOptions = {}): ChartSpec {
  const x = { field: 'days', type: 'quantitative', title: options.xTitle ?? 'Days since the last purchase' };
  const color = { field: 'grp', type: 'nominal', title: 'Group', scale: { scheme: 'tableau10' }, legend: { symbolOpacity: 1 } };
  return {
    description: 'Kaplan–Meier curves with 95% confidence bands',
    width: 560,
    height: 320,
    layer: [
      {
        mark: { type: 'area', interpolate: 'step-after', opacity: 0.18 },
        encoding: { x, y: { field: 'lower', type: 'quantitative' }, y2: { field: 'upper' }, color },
      },
      {
        mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 },
        encoding: {
          x,
          y: {
            field: 'survival',
            type: 'quantitative',
            title: options.yTitle ?? 'Share not yet bought again',
            axis: { format: '.0%' },
            scale: { domain: [0, 1] },
          },
          color,
          tooltip: [
            { field: 'grp', type: 'nominal', title: 'Group' },
            { field: 'days', type: 'quantitative', title: 'Days' },
            { field: 'survival', type: 'quantitative', title: 'Not yet bought again', format: '.1%' },
            { field: 'lower', type: 'quantitative', title: '95% lower', format: '.1%' },
            { field: 'upper', type: 'quantitative', title: '95% upper', format: '.1%' },
            { field: 'at_risk', type: 'quantitative', title: 'Still waiting', format: ',' },
          ],
        },
      },
      {
        data: { values: [{ half: 0.5 }] },
        mark: { type: 'rule', strokeDash: [4, 4], color: '#888888', aria: false },
        encoding: { y: { field: 'half', type: 'quantitative' } },
      },
    ],
  } as ChartSpec;
}

/** Histogram of the days between consecutive purchase dates. */
export function gapHistogramSpec(): ChartSpec {
  return {
    description: 'Days between one purchase and the next',
    width: 560,
    height: 260,
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'bin_start', type: 'quantitative', bin: { binned: true }, title: 'Days between purchases' },
      x2: { field: 'bin_end' },
      y: { field: 'gaps', type: 'quantitative', title: 'Repeat purchases' },
      tooltip: [
        { field: 'bin_start', type: 'quantitative', title: 'From day' },
        { field: 'bin_end', type: 'quantitative', title: 'To day (excl.)' },
        { field: 'gaps', type: 'quantitative', title: 'Repeat purchases', format: ',' },
      ],
    },
  } as ChartSpec;
}
