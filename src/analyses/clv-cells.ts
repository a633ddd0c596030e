/**
 * Cells of the "Customer lifetime value" analysis: ordinary notebook cells. The summary is a SQL cell;
 * the fit is a model cell whose settings are JSON (the notebook runs `customerLifetimeValue` in the
 * training worker and `writeClvTables`, which writes `clv_scores`, `clv_tracking`, `clv_holdout`,
 * `clv_grid` and `clv_fit`); the charts read those tables.
 */
import { WHOLE_DATA, type SourceTables } from './date-range';
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
  /** With a date range: learn from the customers won in the period (`new_customer_orders`). */
  tables?: SourceTables;
}

/** The settings a CLV model cell keeps as JSON. */
export interface ClvModelSettings {
  model: 'bgnbd+gamma_gamma';
  /** The orders the model learns from (absent: `cb_orders`, the whole data). */
  data?: string;
  summary: string;
  calibration_end: DataDate;
  holdout_end: DataDate;
  months: number;
  monthly_discount: number;
}

const INTRO_EN = `## Customer lifetime value

How many more purchases will each customer make, and what are they worth? The BG/NBD model learns how often
customers buy and how likely they are to have quietly left, from each customer's number of repeat purchase days
(frequency), the time of the last one (recency) and their age (T), measured in weeks up to the calibration end.
The purchases after it (the holdout) check the forecast. With "auto" dates the model learns from the first two
thirds of the history of the data loaded and is checked on the last third; write dates instead to fix them. The Gamma-Gamma model adds the expected spend per
purchase, and CLV is expected purchases × spend over the next months, discounted monthly.`;

const INTRO_ZH = `## 顾客终身价值

每位顾客还会再买几次，这些购买值多少钱？BG/NBD 模型根据每位顾客的复购天数（频次）、最近一次复购的时间（最近购买）和顾客的“年龄”（T），
以校准期结束为止按周计算，学习顾客多久买一次、以及悄悄流失的可能性有多大。校准期之后的购买（验证期）用来检验预测。
日期设为 "auto" 时，模型用已加载数据前三分之二的历史学习，用最后三分之一检验；也可以写上具体日期来固定它们。
Gamma-Gamma 模型再加上每次购买的预期金额；CLV 即未来若干个月的预期购买次数 × 金额，并按月折现。`;

/** Markdown, the `clv_summary` SQL, the model cell `clv_scores`, and the tracking, P(alive) and holdout charts. */
export function clvCells(options: ClvCellOptions = {}): (CellDraft | (Omit<ModelCell, 'id'> & { id?: string }))[] {
  const orders = (options.tables ?? WHOLE_DATA).newCustomerOrders;
  const settings: ClvModelSettings = {
    model: 'bgnbd+gamma_gamma',
    ...(orders === WHOLE_DATA.newCustomerOrders ? {} : { data: orders }),
    summary: 'clv_summary',
    calibration_end: options.calibrationEnd ?? 'auto',
    holdout_end: options.holdoutEnd ?? 'auto',
    months: options.months ?? 12,
    monthly_discount: options.monthlyDiscount ?? 0.01,
  };
  const words = { language: options.language };
  const cells = [
    markdownCell(ORIGIN, options.language === 'zh-CN' ? INTRO_ZH : INTRO_EN),
    sqlCell(ORIGIN, { name: 'clv_summary', sql: clvSummarySelectSql(settings.calibration_end, settings.holdout_end, 7, orders) }),
    { kind: 'model' as const, origin: ORIGIN, name: CLV_TABLES.scores, source: JSON.stringify(settings, null, 2) + '\n' },
    chartCell(ORIGIN, 'clv_tracking_chart', CLV_TABLES.tracking, clvTrackingSpec(), words),
    chartCell(ORIGIN, 'clv_p_alive_chart', CLV_TABLES.scores, clvPAliveHistogramSpec(), words),
    chartCell(ORIGIN, 'clv_holdout_chart', CLV_TABLES.holdout, clvHoldoutSpec(), words),
    chartCell(ORIGIN, 'clv_grid_chart', CLV_TABLES.grid, clvFrequencyRecencySpec(), words),
    sqlCell(ORIGIN, {
      name: 'clv_top_customers',
      sql: `SELECT customer_id, x, t_x, T, p_alive, expected_purchases, expected_spend, clv\nFROM ${CLV_TABLES.scores}\nORDER BY clv DESC\nLIMIT 100`,
    }),
    // Every customer with their value band: pick a band under the result to save it as a list.
    sqlCell(ORIGIN, {
      name: 'clv_value_bands',
      sql: `SELECT customer_id, value_band, round(clv, 2) AS clv, p_alive, expected_purchases\nFROM ${CLV_TABLES.scores}\nORDER BY clv DESC`,
    }),
  ];
  return options.newId ? cells.map((cell) => ({ ...cell, id: options.newId!() })) : cells;
}
