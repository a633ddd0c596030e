/**
 * The notebook's date range as cells (src/analyses/date-range.ts): a short explanation, the one-row `period`
 * and the tables every one-click analysis reads. Choosing another range rewrites these cells in place, and
 * the notebook runs again what reads them.
 */
import { periodMarkdown, periodSteps, rangeOfPeriodSql, type DateRange } from '../date-range';
import type { Cell, Notebook } from '../../notebook/types';
import { finishCells, markdownCell, sqlCell, type CellDraft, type CellOptions } from './draft';

/** The origin of the period cells. */
export const PERIOD_ORIGIN = 'period';

/** Markdown, `period`, `orders_in_period`, `new_customer_orders` and `events_in_period`. */
export function periodCells(range: DateRange, options: CellOptions = {}): CellDraft[] {
  const language = options.language ?? 'en';
  return finishCells([markdownCell(PERIOD_ORIGIN, periodMarkdown(range, language)), ...periodSteps(range).map((step) => sqlCell(PERIOD_ORIGIN, step))], options);
}

/** The notebook's `period` cell, when it has one. */
export function periodCellOf(nb: Notebook): Extract<Cell, { kind: 'sql' }> | undefined {
  return nb.cells.find((c): c is Extract<Cell, { kind: 'sql' }> => c.kind === 'sql' && c.name === 'period' && c.origin === PERIOD_ORIGIN);
}

/**
 * The notebook's date range: "all" without period cells, the range its `period` cell was written for, or
 * `edited` when someone changed that SQL by hand (the control then says so instead of guessing).
 */
export function notebookRange(nb: Notebook): DateRange | 'edited' {
  const cell = periodCellOf(nb);
  if (!cell) return { kind: 'all' };
  return rangeOfPeriodSql(cell.source) ?? 'edited';
}
