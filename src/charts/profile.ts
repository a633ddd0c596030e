/** Charts of the customer profile: one customer's timeline, and a segment beside everyone. */
import { MONEY_AXIS_FORMAT, MONEY_FORMAT } from './money';
import type { ChartSpec } from './spec';

/**
 * The customer profile's timeline (rows ts, kind, event, revenue, items, orderId): each order as a bar at its date, each
 * return below the axis, and behaviour events (views, carts…; `event` true) as marks on the axis. The layers split on
 * the `event` flag, not on `kind`, whose values a Chinese chart relabels.
 */
export function customerTimelineSpec(): ChartSpec {
  const x = { field: 'ts', type: 'temporal', title: 'Date', axis: { format: '%Y-%m-%d' } };
  const color = { field: 'kind', type: 'nominal', title: 'Kind', scale: { scheme: 'tableau10' } };
  return {
    description: 'Orders and returns over time',
    width: 520,
    height: 180,
    layer: [
      {
        transform: [{ filter: '!datum.event' }],
        mark: { type: 'bar', width: 4 },
        encoding: {
          x,
          y: { field: 'revenue', type: 'quantitative', title: 'Revenue', axis: { format: MONEY_AXIS_FORMAT } },
          color,
          tooltip: [
            { field: 'ts', type: 'temporal', title: 'Date', format: '%Y-%m-%d %H:%M' },
            { field: 'orderId', type: 'nominal', title: 'Order' },
            { field: 'revenue', type: 'quantitative', title: 'Revenue', format: MONEY_FORMAT },
            { field: 'items', type: 'quantitative', title: 'Items', format: ',' },
          ],
        },
      },
      {
        transform: [{ filter: 'datum.event' }],
        mark: { type: 'point', shape: 'diamond', size: 30, filled: true, opacity: 0.7 },
        encoding: {
          x,
          y: { datum: 0 },
          color,
          tooltip: [
            { field: 'ts', type: 'temporal', title: 'Date', format: '%Y-%m-%d %H:%M' },
            { field: 'kind', type: 'nominal', title: 'Kind' },
          ],
        },
      },
    ],
  } as ChartSpec;
}

/** A segment beside everyone (rows measure, grp, p25, median, p75): the middle half as a bar, the median as a tick. */
export function segmentQuartilesSpec(): ChartSpec {
  const y = { field: 'grp', type: 'nominal', title: null, sort: ['segment', 'everyone'] };
  return {
    description: 'The segment beside everyone: median and middle half of the customers',
    facet: { row: { field: 'measure', type: 'nominal', title: null, sort: ['recency', 'frequency', 'monetary'], header: { labelAngle: 0, labelAlign: 'left' } } },
    resolve: { scale: { x: 'independent' } },
    spec: {
      width: 420,
      height: { step: 22 },
      layer: [
        { mark: { type: 'bar', height: 12, color: '#9ecae9' }, encoding: { y, x: { field: 'p25', type: 'quantitative', title: 'Value' }, x2: { field: 'p75' } } },
        {
          mark: { type: 'tick', thickness: 3, color: '#1f4e79' },
          encoding: {
            y,
            x: { field: 'median', type: 'quantitative' },
            tooltip: [
              { field: 'grp', type: 'nominal', title: 'Group' },
              { field: 'median', type: 'quantitative', title: 'Median', format: ',.1f' },
              { field: 'p25', type: 'quantitative', title: '25th percentile', format: ',.1f' },
              { field: 'p75', type: 'quantitative', title: '75th percentile', format: ',.1f' },
            ],
          },
        },
      ],
    },
  } as ChartSpec;
}
