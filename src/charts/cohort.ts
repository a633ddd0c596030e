/**
 * Cohort charts over the `cohort_retention` rows (cohort, period_index, cohort_size, active, retention,
 * revenue, revenue_per_customer): a heatmap that keeps the triangle (cells after the data end have no
 * row, so they stay empty) and curves with a size-weighted average line.
 */
import { MONEY_FORMAT } from './money';
import type { ChartSpec } from './spec';
import { periodFormat, periodTimeUnit } from './spec';

/** What a cohort chart shows: share of the cohort still buying, or revenue per cohort customer. */
export type CohortMeasure = 'retention' | 'revenue_per_customer';

export interface CohortChartOptions {
  period?: 'month' | 'week';
  measure?: CohortMeasure;
}

const MEASURE_TITLE: Record<CohortMeasure, string> = {
  retention: 'Customers still buying',
  revenue_per_customer: 'Revenue per cohort customer',
};

const MEASURE_FORMAT: Record<CohortMeasure, string> = { retention: '.1%', revenue_per_customer: MONEY_FORMAT };

function tooltip(period: 'month' | 'week') {
  return [
    { field: 'cohort', type: 'temporal', timeUnit: periodTimeUnit(period), title: 'Cohort', format: periodFormat(period) },
    { field: 'period_index', type: 'quantitative', title: `${period === 'month' ? 'Months' : 'Weeks'} since first purchase` },
    { field: 'cohort_size', type: 'quantitative', title: 'Cohort size', format: ',' },
    { field: 'active', type: 'quantitative', title: 'Customers buying', format: ',' },
    { field: 'retention', type: 'quantitative', title: 'Retention', format: '.1%' },
    { field: 'revenue', type: 'quantitative', title: 'Revenue', format: MONEY_FORMAT },
  ] as const;
}

/**
 * Cohort x period-index heatmap. Period 0 (100% by definition) is drawn grey so the colour scale
 * spreads over the periods that matter.
 */
export function cohortHeatmapSpec(options: CohortChartOptions = {}): ChartSpec {
  const period = options.period ?? 'month';
  const measure = options.measure ?? 'retention';
  const unit = period === 'month' ? 'Months' : 'Weeks';
  const encoding = {
    x: { field: 'period_index', type: 'ordinal', title: `${unit} since first purchase`, axis: { labelAngle: 0 } },
    y: {
      field: 'cohort',
      type: 'ordinal',
      timeUnit: periodTimeUnit(period),
      title: period === 'month' ? 'Cohort (month of first purchase)' : 'Cohort (week of first purchase)',
      axis: { format: periodFormat(period) },
    },
    tooltip: tooltip(period),
  };
  return {
    description: `Cohort heatmap: ${MEASURE_TITLE[measure].toLowerCase()} by ${unit.toLowerCase()} since first purchase`,
    encoding,
    layer: [
      {
        transform: [{ filter: 'datum.period_index === 0' }],
        mark: { type: 'rect', color: '#d9d9d9' },
      },
      {
        transform: [{ filter: 'datum.period_index > 0' }],
        mark: { type: 'rect' },
        encoding: {
          color: {
            field: measure,
            type: 'quantitative',
            title: MEASURE_TITLE[measure],
            scale: { scheme: 'blues', zero: true },
            legend: { format: MEASURE_FORMAT[measure] },
          },
        },
      },
    ],
    config: { view: { strokeWidth: 0 }, axis: { grid: false } },
  } as ChartSpec;
}

/** One line per cohort plus the size-weighted average (sum of the measure's numerator / sum of sizes) in bold. */
export function retentionCurvesSpec(options: CohortChartOptions = {}): ChartSpec {
  const period = options.period ?? 'month';
  const measure = options.measure ?? 'retention';
  const numerator = measure === 'retention' ? 'active' : 'revenue';
  const x = { field: 'period_index', type: 'quantitative', title: `${period === 'month' ? 'Months' : 'Weeks'} since first purchase` };
  return {
    description: `${MEASURE_TITLE[measure]} by cohort, with the size-weighted average`,
    width: 560,
    height: 320,
    layer: [
      {
        mark: { type: 'line', strokeWidth: 1, opacity: 0.45 },
        encoding: {
          x,
          y: { field: measure, type: 'quantitative', title: MEASURE_TITLE[measure], axis: { format: MEASURE_FORMAT[measure] } },
          color: {
            field: 'cohort',
            type: 'ordinal',
            timeUnit: periodTimeUnit(period),
            title: 'Cohort',
            scale: { scheme: 'viridis' },
            legend: { format: periodFormat(period) },
          },
          tooltip: tooltip(period),
        },
      },
      {
        transform: [
          { aggregate: [{ op: 'sum', field: numerator, as: 'numerator' }, { op: 'sum', field: 'cohort_size', as: 'customers' }], groupby: ['period_index'] },
          { calculate: 'datum.numerator / datum.customers', as: 'average' },
        ],
        mark: { type: 'line', strokeWidth: 3, color: '#111111', point: true },
        encoding: {
          x,
          y: { field: 'average', type: 'quantitative' },
          tooltip: [
            { field: 'period_index', type: 'quantitative', title: 'Period' },
            { field: 'average', type: 'quantitative', title: 'Average (weighted by cohort size)', format: MEASURE_FORMAT[measure] },
          ],
        },
      },
    ],
  } as ChartSpec;
}
