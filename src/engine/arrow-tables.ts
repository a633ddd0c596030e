/**
 * Tables written from typed arrays (model outputs): the columns go in as Arrow IPC streams, built from buffers
 * (src/engine/arrow-vectors.ts, safe under the page's CSP), a slice of rows at a time, so that serialising a
 * million-row result never holds the page for long (each slice is a few milliseconds, and the page breathes
 * while the engine's worker takes it in).
 */
import { Table, tableToIPC, type Vector } from 'apache-arrow';
import type { Db } from './db';
import { copyNumericColumn, type NumericArray } from './arrow-vectors';
import { countSql } from './relation-sql';
import { ident } from '../sql/quote';

/** Rows per IPC stream. */
export const ROWS_PER_SLICE = 1 << 16;

/** Replaces the table `name` by `columns` (of equal length). */
export async function replaceTable(db: Db, name: string, columns: Record<string, Vector>, rowsPerSlice = ROWS_PER_SLICE): Promise<void> {
  await db.exec(`DROP TABLE IF EXISTS ${ident(name)}`);
  const table = new Table(columns);
  if (table.numRows <= rowsPerSlice) return db.insertArrow(name, tableToIPC(table, 'stream'));
  for (let from = 0; from < table.numRows; from += rowsPerSlice) {
    await db.insertArrow(name, tableToIPC(table.slice(from, from + rowsPerSlice), 'stream'), { append: from > 0 });
  }
}

/**
 * Writes `columns` to the staging table `staging`, runs `finish` (SQL that reads it, e.g. joins ids back on
 * numbers), and drops the staging table whatever happens.
 */
export async function withStagedTable(db: Db, staging: string, columns: Record<string, Vector>, finish: () => Promise<void>): Promise<void> {
  await replaceTable(db, staging, columns);
  try {
    await finish();
  } finally {
    await db.exec(`DROP TABLE IF EXISTS ${ident(staging)}`);
  }
}

/**
 * Numeric columns of `table` in its row order, as typed arrays, a slice of rows per query: the page parses
 * each result (hundreds of small record batches for a million rows) in its own turn, never all at once.
 */
export async function readNumericColumns<K extends string>(
  db: Db,
  table: string,
  columns: Record<K, new (length: number) => NumericArray>,
  rowsPerQuery = ROWS_PER_SLICE,
): Promise<{ rows: number; columns: Record<K, NumericArray> }> {
  const rows = await countRows(db, table);
  const names = Object.keys(columns) as K[];
  const out = Object.fromEntries(names.map((name) => [name, new columns[name](rows)])) as Record<K, NumericArray>;
  for await (const { part, from } of rowSlices(db, table, names.map((n) => ident(n)).join(', '), rows, rowsPerQuery)) {
    for (const name of names) copyNumericColumn(part.getChild(name)!, out[name], from);
  }
  return { rows, columns: out };
}

/** The number of rows of `table`. */
export async function countRows(db: Db, table: string): Promise<number> {
  return Number((await db.query(countSql(table))).get(0)?.n ?? 0);
}

/** `columnsSql` of the `rows` rows of `table` in rowid order, a query per slice of rows, with the slice's first row. */
export async function* rowSlices(db: Db, table: string, columnsSql: string, rows: number, rowsPerQuery = ROWS_PER_SLICE): AsyncGenerator<{ part: Table; from: number }> {
  for (let from = 0; from < rows; from += rowsPerQuery) {
    const part = await db.query(`SELECT ${columnsSql} FROM ${ident(table)} WHERE rowid >= ${from} AND rowid < ${from + rowsPerQuery} ORDER BY rowid`);
    yield { part, from };
  }
}
