/**
 * CSV export shared by the app and the command line. Text that a spreadsheet would run as a formula
 * (starting with = + - @ tab or CR) is prefixed with a single quote (DESIGN.md section 9).
 */
import type { Table } from 'apache-arrow';
import { toCell, type Cell } from '../engine/rows';

const FORMULA_START = /^[=+\-@\t\r]/;

/** The text with a leading `'` when a spreadsheet would read it as a formula. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One CSV field: text is neutralised, then quoted when it holds a comma, quote or line break. */
export function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const safe = neutraliseFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A CSV document (header row, CRLF line ends) from column names and rows of JSON-safe cells. */
export function rowsToCsv(columns: readonly string[], rows: Iterable<readonly Cell[]>): string {
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) lines.push(row.map(csvField).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** A CSV document of an Arrow table (numbers stay numbers; text is neutralised). */
export function tableToCsv(table: Table): string {
  const fields = table.schema.fields;
  const columns = fields.map((_, i) => table.getChildAt(i));
  function* rows(): Generator<Cell[]> {
    for (let r = 0; r < table.numRows; r++) yield fields.map((field, i) => toCell(columns[i]?.get(r), field));
  }
  return rowsToCsv(
    fields.map((f) => f.name),
    rows(),
  );
}
