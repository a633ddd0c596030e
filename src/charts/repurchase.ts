/** Repurchase charts: rates per window (`repurchase_rates`) and their trend by cohort month (`repurchase_by_cohort`). */
import type { ChartSpec } from './spec';

const rateTooltip = [
  { field: 'days', type: 'ordinal', title: 'Within days' },
  { field: 'eligible', type: 'quantitative', title: 'Eligible customers', format: ',' },
  { field: 'repurchased', type: 'quantitative', title: 'Ordered again', format: ',' },
  { field: 'rate', type: 'quantitative', title: 'Repurchase rate', format: '.1%' },
];

/** One bar per window: the share of customers who ordered again within N days. */
export function repurchaseRatesSpec(): ChartSpec {
  return {
    description: 'Repurchase rate within N days of the first order',
    width: 300,
    height: 240,
    mark: { type: 'bar', color: '#4c78a8' },
    encoding: {
      x: { field: 'days', type: 'ordinal', title: 'Second order within (days)', axis: { labelAngle: 0 } },
      y: { field: 'rate', type: 'quantitative', title: 'Repurchase rate', axis: { format: '.0%' } },
      tooltip: rateTooltip,
    },
  } as ChartSpec;
}

/** The rates by month of first order, one line per window. Cohorts too young for a window have no point. */
export function repurchaseTrendSpec(): ChartSpec {
  return {
    description: 'Repurchase rate by month of first order',
    width: 560,
    height: 280,
    transform: [{ filter: 'datum.eligible > 0' }],
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'cohort', type: 'temporal', timeUnit: 'utcyearmonth', title: 'Month of first order', axis: { format: '%Y-%m' } },
      y: { field: 'rate', type: 'quantitative', title: 'Repurchase rate', axis: { format: '.0%' } },
      color: { field: 'days', type: 'ordinal', title: 'Within days' },
      tooltip: [{ field: 'cohort', type: 'temporal', timeUnit: 'utcyearmonth', title: 'Cohort', format: '%Y-%m' }, ...rateTooltip],
    },
  } as ChartSpec;
}
