/** A result as an HTML table for the report: the first rows, every value escaped, the row count said. */
import type { Table } from 'apache-arrow';
import { toCell } from '../engine/rows';
import { escapeHtml } from './html';

/** An HTML table of the first `maxRows` rows of `table`, captioned with the full `rowCount`. */
export function renderTableHtml(table: Table, rowCount: number, maxRows = 100, replaced?: ReadonlyMap<string, readonly (string | null)[]>): string {
  const fields = table.schema.fields;
  const columns = fields.map((_, i) => table.getChildAt(i));
  const shown = Math.min(maxRows, table.numRows);
  const head = fields.map((f) => `<th>${escapeHtml(f.name)}</th>`).join('');
  const body: string[] = [];
  for (let r = 0; r < shown; r++) {
    const cells = fields.map((field, i) => {
      const swap = replaced?.get(field.name);
      const value = swap ? (swap[r] ?? null) : toCell(columns[i]?.get(r), field);
      const numeric = typeof value === 'number';
      return `<td${numeric ? ' class="num"' : ''}>${value === null ? '<span class="null">null</span>' : escapeHtml(String(value))}</td>`;
    });
    body.push(`<tr>${cells.join('')}</tr>`);
  }
  const count = `${rowCount.toLocaleString('en')} ${rowCount === 1 ? 'row' : 'rows'}`;
  const caption = shown < rowCount ? `${count}; the first ${shown.toLocaleString('en')} are shown.` : count;
  return `<div class="table-wrap"><table><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body.join('')}</tbody></table></div>`;
}
