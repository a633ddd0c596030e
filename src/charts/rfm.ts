/** RFM charts: the 5x5 R x F grid over `rfm_grid` and the segment bars over `rfm_segment_summary`. */
import { MONEY_FORMAT } from './money';
import type { ChartSpec } from './spec';

export type RfmMeasure = 'customers' | 'revenue';

const TITLE: Record<RfmMeasure, string> = { customers: 'Customers', revenue: 'Revenue' };
const FORMAT: Record<RfmMeasure, string> = { customers: ',', revenue: '$,.0f' };

/** The R x F grid (rows r, columns f), coloured by customers or revenue, each cell labelled. */
export function rfmGridSpec(measure: RfmMeasure = 'customers'): ChartSpec {
  return {
    description: `RFM grid: ${TITLE[measure].toLowerCase()} by recency and frequency score`,
    width: 300,
    height: 300,
    encoding: {
      x: { field: 'f', type: 'ordinal', title: 'Frequency score (5 = most orders)', scale: { domain: [1, 2, 3, 4, 5] }, axis: { labelAngle: 0 } },
      y: { field: 'r', type: 'ordinal', title: 'Recency score (5 = most recent)', scale: { domain: [5, 4, 3, 2, 1] } },
      tooltip: [
        { field: 'r', type: 'ordinal', title: 'R' },
        { field: 'f', type: 'ordinal', title: 'F' },
        { field: 'customers', type: 'quantitative', title: 'Customers', format: ',' },
        { field: 'revenue', type: 'quantitative', title: 'Revenue', format: MONEY_FORMAT },
      ],
    },
    layer: [
      {
        mark: { type: 'rect' },
        encoding: { color: { field: measure, type: 'quantitative', title: TITLE[measure], scale: { scheme: 'blues' } } },
      },
      {
        mark: { type: 'text', fontSize: 11, color: '#222222' },
        encoding: {
          text: { field: measure, type: 'quantitative', format: FORMAT[measure] },
        },
      },
    ],
    config: { view: { strokeWidth: 0 } },
  } as ChartSpec;
}

/** Segment sizes (or value) as horizontal bars, in the segments' rule order, with the suggested action on hover. */
export function segmentBarSpec(measure: RfmMeasure = 'customers'): ChartSpec {
  return {
    description: `RFM segments by ${TITLE[measure].toLowerCase()}`,
    width: 420,
    transform: [{ window: [{ op: 'row_number', as: 'rule_order' }] }],
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'segment', type: 'nominal', title: 'Segment', axis: { title: null }, sort: { field: 'rule_order', op: 'min', order: 'ascending' } },
      x: { field: measure, type: 'quantitative', title: TITLE[measure], axis: { format: FORMAT[measure] } },
      color: { field: 'segment', type: 'nominal', title: 'Segment', legend: null, scale: { scheme: 'tableau10' } },
      tooltip: [
        { field: 'segment', type: 'nominal', title: 'Segment' },
        { field: 'customers', type: 'quantitative', title: 'Customers', format: ',' },
        { field: 'share', type: 'quantitative', title: 'Share of customers', format: '.1%' },
        { field: 'revenue', type: 'quantitative', title: 'Revenue', format: MONEY_FORMAT },
        { field: 'revenue_share', type: 'quantitative', title: 'Share of revenue', format: '.1%' },
        { field: 'action', type: 'nominal', title: 'Suggested action' },
      ],
    },
  } as ChartSpec;
}
