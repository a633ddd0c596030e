/** The view -> cart -> purchase funnel over `event_funnel` (step_order, step, customers, rates). */
import type { ChartSpec } from './spec';

/** Horizontal bars per step, labelled with the conversion from the step before. */
export function funnelSpec(): ChartSpec {
  const y = { field: 'step', type: 'nominal', title: 'Step', axis: { title: null }, sort: { field: 'step_order', op: 'min', order: 'ascending' } };
  return {
    description: 'Customers reaching each step: view, cart, purchase',
    width: 420,
    height: 150,
    layer: [
      {
        mark: { type: 'bar', color: '#4c78a8' },
        encoding: {
          y,
          x: { field: 'customers', type: 'quantitative', title: 'Customers' },
          tooltip: [
            { field: 'step', type: 'nominal', title: 'Step' },
            { field: 'customers', type: 'quantitative', title: 'Customers', format: ',' },
            { field: 'rate_from_previous', type: 'quantitative', title: 'From the step before', format: '.1%' },
            { field: 'rate_from_start', type: 'quantitative', title: 'From viewing', format: '.1%' },
          ],
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4 },
        encoding: {
          y,
          x: { field: 'customers', type: 'quantitative' },
          text: { field: 'rate_from_start', type: 'quantitative', format: '.1%' },
        },
      },
    ],
  } as ChartSpec;
}
