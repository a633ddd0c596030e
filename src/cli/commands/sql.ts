/** `sql <file> "<query>"`: the query's rows, with the file's canonical tables available. */
import { tableToRows, type Cell } from '../../engine/rows';
import type { Command } from '../command';
import { loadForAnalysis } from '../load';
import { UsageError } from '../errors';

export const sqlCommand: Command = async (args) => {
  const query = args.positionals[1];
  if (!query) throw new UsageError('sql needs a query: npm run cli -- sql <file> "SELECT * FROM cb_orders LIMIT 5"');
  const { db } = await loadForAnalysis(args, 'tables');
  const rows = tableToRows(await db.query(query));
  await db.close();
  return { json: rows, text: formatTable(rows) };
};

/** Renders rows as an aligned text table. */
export function formatTable(rows: Record<string, Cell>[]): string {
  if (rows.length === 0) return '(no rows)';
  const columns = Object.keys(rows[0] ?? {});
  const cells = rows.map((row) => columns.map((c) => (row[c] === null ? 'NULL' : String(row[c]))));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]?.length ?? 0)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line), `(${rows.length} rows)`].join('\n');
}
