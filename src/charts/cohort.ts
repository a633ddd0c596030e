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
/** A cell's label: short enough for a 26-pixel cell. */
const CELL_FORMAT: Record<CohortMeasure, string> = { retention: '.0%', revenue_per_customer: '$,.0f' };

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
 * Cohort x period-index heatmap as the retention tables users know: the chart's title, a column with each
 * cohort's size, and every cell labelled with its value (white on dark cells, dark on light ones). Period 0
 * (100% by definition) is drawn grey so the colour scale spreads over the periods that matter.
 */
export function cohortHeatmapSpec(options: CohortChartOptions = {}): ChartSpec {
  const period = options.period ?? 'month';
  const measure = options.measure ?? 'retention';
  const unit = period === 'month' ? 'Months' : 'Weeks';
  const y = {
    field: 'cohort',
    type: 'ordinal',
    timeUnit: periodTimeUnit(period),
    title: period === 'month' ? 'Cohort (month of first purchase)' : 'Cohort (week of first purchase)',
    // The title sits above the labels, level: set vertically it would make a table of few cohorts taller than its rows.
    axis: { format: periodFormat(period), titleAngle: 0, titleAlign: 'right', titleBaseline: 'bottom', titleX: 60, titleY: -6 },
  };
  const sizes = {
    width: 64,
    title: { text: 'Cohort size', fontSize: 11, anchor: 'end', aria: false },
    transform: [{ filter: 'datum.period_index === 0' }],
    mark: { type: 'text', align: 'right', baseline: 'middle', x: 60 },
    encoding: { y, text: { field: 'cohort_size', type: 'quantitative', format: ',' }, tooltip: tooltip(period) },
  };
  const value = `datum[${JSON.stringify(measure)}]`;
  const heatmap = {
    width: { step: 26 },
    encoding: {
      x: { field: 'period_index', type: 'ordinal', title: `${unit} since first purchase`, axis: { labelAngle: 0, titleAnchor: 'start', titleAlign: 'left' } },
      y: { ...y, axis: null },
      tooltip: tooltip(period),
    },
    layer: [
      { transform: [{ filter: 'datum.period_index === 0' }], mark: { type: 'rect', color: '#d9d9d9' } },
      {
        transform: [{ filter: 'datum.period_index > 0' }],
        mark: { type: 'rect' },
        encoding: {
          color: {
            field: measure,
            type: 'quantitative',
            title: MEASURE_TITLE[measure],
            scale: { scheme: 'blues', zero: true },
            legend: { format: MEASURE_FORMAT[measure], orient: 'top', direction: 'horizontal', titleLimit: 0, gradientLength: 160 },
          },
        },
      },
      {
        // The label's colour follows the cell's: the shade is the value against the largest after period 0.
        transform: [
          { calculate: `datum.period_index > 0 ? ${value} : null`, as: 'shade' },
          { joinaggregate: [{ op: 'max', field: 'shade', as: 'darkest' }] },
        ],
        // Hidden from assistive technology and the pointer: the cell under it carries the same description, and
        // 800 copies of it were a third of the SVG the page parsed in one task.
        mark: { type: 'text', fontSize: 9, baseline: 'middle', aria: false },
        encoding: {
          text: { field: measure, type: 'quantitative', title: MEASURE_TITLE[measure], format: CELL_FORMAT[measure] },
          color: { condition: { test: 'datum.shade !== null && datum.shade > 0.55 * datum.darkest', value: '#ffffff' }, value: '#1d1d1b' },
        },
      },
    ],
  };
  return {
    title: MEASURE_TITLE[measure],
    description: `Cohort heatmap: ${MEASURE_TITLE[measure].toLowerCase()} by ${unit.toLowerCase()} since first purchase`,
    hconcat: [sizes, heatmap],
    spacing: 6,
    resolve: { scale: { y: 'shared' } },
    config: { view: { strokeWidth: 0 }, axis: { grid: false } },
  } as unknown as ChartSpec;
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
            // Every cohort listed (no "…12 entries"), in two columns so the legend stays beside the chart.
            legend: { format: periodFormat(period), symbolLimit: 0, columns: 2 },
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
          y: { field: 'average', type: 'quantitative', title: MEASURE_TITLE[measure] },
          tooltip: [
            { field: 'period_index', type: 'quantitative', title: 'Period' },
            { field: 'average', type: 'quantitative', title: 'Average (weighted by cohort size)', format: MEASURE_FORMAT[measure] },
          ],
        },
      },
    ],
  } as ChartSpec;
}
