/** Runs one SQL cell: materialises its query as the table named after the cell, then previews it. */
import type { Db } from '../engine/db';
import { scalarNumber } from '../engine/rows';
import { ident, literal } from '../sql/quote';
import { CELL_TABLE_COMMENT, tableOwner } from './cell-tables';
import type { CellError, TableOutput } from './results';
import { parseSqlError } from './sql-error';
import type { SqlCell } from './types';

/** A cell's outcome: an output or an error. */
export type SqlOutcome = { output: TableOutput } | { error: CellError };

/** The message for a name no cell and no table defines. */
export function missingNameMessage(name: string): string {
  return `No cell or table named ${name}. Check the name, or add a SQL cell named ${name}.`;
}

/** Runs `cell` on `db`, keeping the first `previewRows` rows as the preview. */
export async function runSqlCell(db: Db, cell: SqlCell, previewRows: number): Promise<SqlOutcome> {
  const query = cell.source.replace(/[\s;]+$/, '');
  if (query.trim() === '') {
    return { error: { kind: 'empty', message: `This cell is empty. Write a query; other cells can then read its result as ${cell.name}.` } };
  }
  if ((await tableOwner(db, cell.name)) === 'other') {
    return {
      error: {
        kind: 'name',
        message: `A table named ${cell.name} already exists (from your data or an analysis). Rename this cell so it does not replace it.`,
      },
    };
  }
  const wrapper = `CREATE OR REPLACE TABLE ${ident(cell.name)} AS\n`;
  try {
    await db.exec(wrapper + query);
  } catch (error) {
    return { error: sqlCellError(error, cell.source) };
  }
  await db.exec(`COMMENT ON TABLE ${ident(cell.name)} IS ${literal(CELL_TABLE_COMMENT)}`);
  const rowCount = scalarNumber(await db.query(`SELECT count(*) FROM ${ident(cell.name)}`));
  const preview = await db.query(`SELECT * FROM ${ident(cell.name)} LIMIT ${previewRows}`);
  const columns = preview.schema.fields.map((f) => ({ name: f.name, type: String(f.type) }));
  return { output: { kind: 'table', name: cell.name, preview, rowCount, columns } };
}

/** A DuckDB failure of a cell's query as the error the cell shows (position relative to its source). */
export function sqlCellError(error: unknown, source: string): CellError {
  const raw = error instanceof Error ? error.message : String(error);
  const parsed = parseSqlError(raw, source, 1);
  const position = { ...(parsed.line ? { line: parsed.line } : {}), ...(parsed.column ? { column: parsed.column } : {}) };
  if (parsed.missingTable) {
    return { kind: 'missing', message: missingNameMessage(parsed.missingTable), names: [parsed.missingTable], detail: raw, ...position };
  }
  return { kind: 'sql', message: parsed.message, detail: raw, ...position };
}
