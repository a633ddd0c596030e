/** Runs one chart cell: checks its spec and reads (at most `rowLimit` rows of) its named result as Arrow. */
import type { Db } from '../engine/db';
import { scalarNumber } from '../engine/rows';
import { ident } from '../sql/quote';
import { tableOwner } from './cell-tables';
import { chartDataOf } from './chart-data';
import { checkChartSpec } from './chart-spec';
import type { CellError, ChartOutput } from './results';
import { missingNameMessage } from './run-sql';
import type { ChartCell } from './types';

/** Rows a chart inlines by default. */
export const CHART_ROW_LIMIT = 5000;

/** A chart's outcome: the final spec or an error. */
export type ChartOutcome = { output: ChartOutput } | { error: CellError };

/** Checks the spec of `cell` and reads the rows of the result it names. */
export async function runChartCell(db: Db, cell: ChartCell, rowLimit = CHART_ROW_LIMIT): Promise<ChartOutcome> {
  if (cell.data.trim() === '') {
    return { error: { kind: 'chart', message: 'Pick the result this chart draws: the name of a SQL cell.' } };
  }
  if ((await tableOwner(db, cell.data)) === 'none') {
    return { error: { kind: 'missing', message: missingNameMessage(cell.data), names: [cell.data] } };
  }
  const checked = checkChartSpec(cell.source);
  if (!checked.ok) {
    const { message, line, column } = checked;
    return { error: { kind: 'chart', message, ...(line ? { line } : {}), ...(column ? { column } : {}) } };
  }
  const totalRows = scalarNumber(await db.query(`SELECT count(*) FROM ${ident(cell.data)}`));
  const rows = await db.query(`SELECT * FROM ${ident(cell.data)} LIMIT ${rowLimit}`);
  const truncated = totalRows > rows.numRows;
  const notices = [
    ...(truncated
      ? [`The chart shows the first ${rows.numRows.toLocaleString('en')} of ${totalRows.toLocaleString('en')} rows; aggregate in SQL to draw them all.`]
      : []),
    ...(checked.removed.length > 0 ? [`Removed for safety: ${checked.removed.join(', ')}.`] : []),
  ];
  return {
    output: {
      kind: 'chart',
      spec: checked.spec,
      data: chartDataOf(rows),
      rows: rows.numRows,
      totalRows,
      truncated,
      ...(notices.length > 0 ? { notice: notices.join(' ') } : {}),
    },
  };
}
