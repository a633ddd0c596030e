/** Sales charts over `sales_by_month`: revenue per period (bars) and the average order value (a line). */
import { MONEY_AXIS_FORMAT, MONEY_FORMAT } from './money';
import type { ChartSpec } from './spec';

const tooltip = [
  { field: 'period', type: 'temporal', title: 'Period', format: '%Y-%m-%d' },
  { field: 'orders', type: 'quantitative', title: 'Orders', format: ',' },
  { field: 'revenue', type: 'quantitative', title: 'Revenue', format: MONEY_FORMAT },
  { field: 'average_order_value', type: 'quantitative', title: 'Average order', format: MONEY_FORMAT },
];

/** Revenue per period, one bar each. */
export function salesRevenueSpec(): ChartSpec {
  return {
    description: 'Revenue per period',
    width: 560,
    height: 240,
    mark: { type: 'bar', color: '#4c78a8' },
    encoding: {
      x: { field: 'period', type: 'temporal', title: 'Period', axis: { format: '%Y-%m' } },
      y: { field: 'revenue', type: 'quantitative', title: 'Revenue', axis: { format: MONEY_AXIS_FORMAT } },
      tooltip,
    },
  } as ChartSpec;
}

/** Orders and the average order value per period, as lines on their own axes. */
export function salesOrdersSpec(): ChartSpec {
  return {
    description: 'Orders and average order value per period',
    width: 560,
    height: 240,
    encoding: { x: { field: 'period', type: 'temporal', title: 'Period', axis: { format: '%Y-%m' } }, tooltip },
    layer: [
      { mark: { type: 'line', point: true, color: '#4c78a8' }, encoding: { y: { field: 'orders', type: 'quantitative', title: 'Orders', axis: { format: '~s' } } } },
      {
        mark: { type: 'line', point: true, color: '#f58518', strokeDash: [4, 3] },
        encoding: { y: { field: 'average_order_value', type: 'quantitative', title: 'Average order', axis: { format: MONEY_AXIS_FORMAT } } },
      },
    ],
    resolve: { scale: { y: 'independent' } },
  } as ChartSpec;
}
