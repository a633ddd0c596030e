/**
 * Customer-lifetime-value charts: the tracking chart (cumulative repeat purchases, actual vs expected,
 * calibration end marked), the P(alive) histogram, the frequency/recency heat map of expected purchases
 * and the calibration-vs-holdout bars. Each spec has no data: the notebook inlines the named result
 * (the tables src/analyses/clv-tables.ts writes).
 */
import type { ChartSpec } from './spec';

/** Cumulative expected vs actual repeat purchases by week, with a rule at the calibration end. */
export function clvTrackingSpec(unit = 'Week'): ChartSpec {
  return {
    description: 'Cumulative repeat purchases: actual vs expected, calibration end marked',
    width: 'container',
    height: 280,
    layer: [
      {
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          x: { field: 'period', type: 'quantitative', title: unit },
          y: { field: 'cumulative_repeats', type: 'quantitative', title: 'Cumulative repeat purchases' },
          color: { field: 'series', type: 'nominal', title: 'Series', legend: { orient: 'top-left', title: null } },
          strokeDash: { field: 'series', type: 'nominal', title: 'Series', legend: null },
          tooltip: [
            { field: 'period_end', type: 'nominal', title: `${unit} ending` },
            { field: 'series', type: 'nominal', title: 'Series' },
            { field: 'cumulative_repeats', type: 'quantitative', title: 'Cumulative', format: ',.0f' },
          ],
        },
      },
      {
        transform: [{ filter: 'datum.calibration_end && datum.series === "Actual"' }],
        mark: { type: 'rule', strokeDash: [4, 4], color: '#666' },
        encoding: {
          x: { field: 'period', type: 'quantitative' },
          tooltip: [{ field: 'period_end', type: 'nominal', title: 'Calibration ends' }],
        },
      },
    ],
  } as ChartSpec;
}

/** Histogram of P(alive) over the per-customer scores (field `p_alive`, e.g. the `clv_scores` table). */
export function clvPAliveHistogramSpec(): ChartSpec {
  return {
    description: 'How many customers are probably still active: distribution of P(alive)',
    width: 'container',
    height: 220,
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: { field: 'p_alive', type: 'quantitative', bin: { extent: [0, 1], step: 0.05 }, title: 'P(alive)', axis: { format: '.0%' } },
      y: { aggregate: 'count', type: 'quantitative', title: 'Customers' },
    },
  } as ChartSpec;
}

/** Heat map of expected purchases in the next horizon by frequency (x) and recency (t_x). */
export function clvFrequencyRecencySpec(horizonLabel = 'next 52 weeks'): ChartSpec {
  return {
    description: `Expected purchases in the ${horizonLabel} by frequency and recency`,
    width: 'container',
    height: 280,
    mark: { type: 'rect' },
    encoding: {
      x: { field: 'frequency', type: 'ordinal', title: 'Repeat purchases in calibration (x)', axis: { labelAngle: 0 } },
      y: { field: 'recency', type: 'ordinal', title: 'Week of last purchase (t_x)', sort: 'descending' },
      color: { field: 'expected', type: 'quantitative', title: 'Expected purchases', scale: { scheme: 'viridis' } },
      tooltip: [
        { field: 'frequency', type: 'quantitative', title: 'Frequency' },
        { field: 'recency', type: 'quantitative', title: 'Recency (weeks)' },
        { field: 'expected', type: 'quantitative', title: 'Expected purchases', format: '.2f' },
      ],
    },
  } as ChartSpec;
}

/** Grouped bars: mean holdout purchases by calibration frequency, actual vs expected. */
export function clvHoldoutSpec(): ChartSpec {
  return {
    description: 'Holdout purchases per customer by calibration frequency: actual vs expected',
    width: 'container',
    height: 240,
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'frequency', type: 'ordinal', title: 'Repeat purchases in calibration', sort: null, axis: { labelAngle: 0 } },
      xOffset: { field: 'series', type: 'nominal', title: 'Series' },
      y: { field: 'mean_purchases', type: 'quantitative', title: 'Holdout purchases per customer' },
      color: { field: 'series', type: 'nominal', title: 'Series', legend: { title: null } },
      tooltip: [
        { field: 'frequency', type: 'nominal', title: 'Frequency' },
        { field: 'series', type: 'nominal', title: 'Series' },
        { field: 'mean_purchases', type: 'quantitative', title: 'Per customer', format: '.2f' },
        { field: 'customers', type: 'quantitative', title: 'Customers', format: ',' },
      ],
    },
  } as ChartSpec;
}
