/** What the database holds, for the table list and the preview grid. Engine-agnostic (any Db). */
import type { Table } from 'apache-arrow';
import { ident, literal } from '../sql/quote';
import type { Db } from './db';

/** One column of a table, as DuckDB types it. */
export interface ColumnInfo {
  name: string;
  type: string;
}

/** A table or view in the main schema. */
export interface TableInfo {
  name: string;
  kind: 'table' | 'view';
  columns: ColumnInfo[];
}

/** Lists the tables and views of the main schema (not temporary ones) with their columns, in name order. */
export async function listTables(db: Db): Promise<TableInfo[]> {
  const result = await db.query(`
    SELECT t.table_name AS name,
           CASE WHEN t.table_type = 'VIEW' THEN 'view' ELSE 'table' END AS kind,
           c.column_name AS column, c.data_type AS type
    FROM information_schema.tables t
    JOIN information_schema.columns c USING (table_catalog, table_schema, table_name)
    WHERE t.table_schema = 'main' AND t.table_type IN ('BASE TABLE', 'VIEW')
    ORDER BY t.table_name, c.ordinal_position`);
  const tables = new Map<string, TableInfo>();
  for (const row of result.toArray() as { name: string; kind: 'table' | 'view'; column: string; type: string }[]) {
    let table = tables.get(row.name);
    if (!table) tables.set(row.name, (table = { name: row.name, kind: row.kind, columns: [] }));
    table.columns.push({ name: row.column, type: row.type });
  }
  return [...tables.values()];
}

/** The first `limit` rows of a table and its total row count. */
export interface Preview {
  table: string;
  rows: Table;
  totalRows: number;
  elapsedMs: number;
}

/** Reads the first `limit` rows of `table` (as Arrow) and counts all of them. */
export async function previewTable(db: Db, table: string, limit = 100_000, now = () => performance.now()): Promise<Preview> {
  const started = now();
  const rows = await db.query(`SELECT * FROM ${ident(table)} LIMIT ${literal(Math.max(0, Math.floor(limit)))}`);
  const count = await db.query(`SELECT count(*)::DOUBLE AS n FROM ${ident(table)}`);
  return { table, rows, totalRows: Number(count.get(0)?.n ?? 0), elapsedMs: now() - started };
}

/** Drops `table` (a table or a view) if it exists. */
export async function dropRelation(db: Db, name: string, kind: 'table' | 'view' = 'table'): Promise<void> {
  await db.exec(`DROP ${kind === 'view' ? 'VIEW' : 'TABLE'} IF EXISTS ${ident(name)}`);
}
