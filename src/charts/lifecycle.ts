/** Lifecycle stages stacked over time, over the `lifecycle_stages` rows (period, new, returning, ...). */
import type { ChartSpec } from './spec';
import { periodFormat, periodTimeUnit } from './spec';

const STAGES = ['new', 'returning', 'reactivated', 'at_risk', 'dormant'];
const COLOURS = ['#2ca02c', '#1f77b4', '#9467bd', '#ff7f0e', '#c7c7c7'];

export interface LifecycleChartOptions {
  period?: 'month' | 'week';
  /** Dormant customers grow every period and can dwarf the rest; leave them out to see the others. */
  includeDormant?: boolean;
}

/** Stacked bars of customers per stage and period. */
export function lifecycleSpec(options: LifecycleChartOptions = {}): ChartSpec {
  const period = options.period ?? 'month';
  const stages = options.includeDormant === false ? STAGES.slice(0, 4) : STAGES;
  return {
    description: 'Customers by lifecycle stage per period',
    width: 600,
    height: 320,
    transform: [{ fold: stages, as: ['stage', 'customers'] }],
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'period', type: 'ordinal', timeUnit: periodTimeUnit(period), title: 'Period', axis: { title: null, format: periodFormat(period) } },
      y: { field: 'customers', type: 'quantitative', title: 'Customers', stack: 'zero' },
      // The colour's sort is the stack order: new at the bottom, dormant on top.
      color: { field: 'stage', type: 'nominal', title: 'Stage', sort: stages, scale: { domain: stages, range: COLOURS.slice(0, stages.length) } },
      tooltip: [
        { field: 'period', type: 'temporal', timeUnit: periodTimeUnit(period), title: 'Period', format: periodFormat(period) },
        { field: 'stage', type: 'nominal', title: 'Stage' },
        { field: 'customers', type: 'quantitative', title: 'Customers', format: ',' },
      ],
    },
  } as ChartSpec;
}
