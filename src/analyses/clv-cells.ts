/**
 * Cells of the "Customer lifetime value" analysis: ordinary notebook cells. The summary is a SQL cell;
 * the fit is a model cell whose settings are JSON (the notebook runs `customerLifetimeValue` in the
 * training worker and `writeClvTables`, which writes `clv_scores`, `clv_tracking`, `clv_holdout`,
 * `clv_grid` and `clv_fit`); the charts read those tables.
 */
import type { ModelCell } from '../notebook/types';
import { clvFrequencyRecencySpec, clvHoldoutSpec, clvPAliveHistogramSpec, clvTrackingSpec } from '../charts/clv';
import { chartCell, markdownCell, sqlCell, type CellDraft, type CellOptions } from './cells/draft';
import { clvSummarySelectSql, type DataDate } from './clv-summary';
import { CLV_TABLES } from './clv-tables';

const ORIGIN = 'clv';

export interface ClvCellOptions extends CellOptions {
  /** Dates, or `auto` (the default): derived from the data loaded when the cells run. */
  calibrationEnd?: DataDate;
  holdoutEnd?: DataDate;
  months?: number;
  monthlyDiscount?: number;
}

/** The settings a CLV model cell keeps as JSON. */
export interface ClvModelSettings {
  model: 'bgnbd+gamma_gamma';
  summary: string;
  calibration_end: DataDate;
  holdout_end: DataDate;
  months: number;
  monthly_discount: number;
}

const INTRO = `## Customer lifetime value

How many more purchases will each customer make, and what are they worth? The BG/NBD model learns how often
customers buy and how likely they are to have quietly left, from each customer's number of repeat purchase days
(frequency), the time of the last one (recency) and their age (T), measured in weeks up to the calibration end.
The purchases after it (the holdout) check the forecast. With "auto" dates the model learns from the first two
thirds of the history of the data loaded and is checked on the last third; write dates instead to fix them. The Gamma-Gamma model adds the expected spend per
purchase, and CLV is expected purchases × spend over the next months, discounted monthly.`;

/** Markdown, the `clv_summary` SQL, the model cell `clv_scores`, and the tracking, P(alive) and holdout charts. */
export function clvCells(options: ClvCellOptions = {}): (CellDraft | (Omit<ModelCell, 'id'> & { id?: string }))[] {
  const settings: ClvModelSettings = {
    model: 'bgnbd+gamma_gamma',
    summary: 'clv_summary',
    calibration_end: options.calibrationEnd ?? 'auto',
    holdout_end: options.holdoutEnd ?? 'auto',
    months: options.months ?? 12,
    monthly_discount: options.monthlyDiscount ?? 0.01,
  };
  const cells = [
    markdownCell(ORIGIN, INTRO),
    sqlCell(ORIGIN, { name: 'clv_summary', sql: clvSummarySelectSql(settings.calibration_end, settings.holdout_end) }),
    { kind: 'model' as const, origin: ORIGIN, name: CLV_TABLES.scores, source: JSON.stringify(settings, null, 2) + '\n' },
    chartCell(ORIGIN, 'clv_tracking_chart', CLV_TABLES.tracking, clvTrackingSpec()),
    chartCell(ORIGIN, 'clv_p_alive_chart', CLV_TABLES.scores, clvPAliveHistogramSpec()),
    chartCell(ORIGIN, 'clv_holdout_chart', CLV_TABLES.holdout, clvHoldoutSpec()),
    chartCell(ORIGIN, 'clv_grid_chart', CLV_TABLES.grid, clvFrequencyRecencySpec()),
    sqlCell(ORIGIN, {
      name: 'clv_top_customers',
      sql: `SELECT customer_id, x, t_x, T, p_alive, expected_purchases, expected_spend, clv\nFROM ${CLV_TABLES.scores}\nORDER BY clv DESC\nLIMIT 100`,
    }),
  ];
  return options.newId ? cells.map((cell) => ({ ...cell, id: options.newId!() })) : cells;
}
