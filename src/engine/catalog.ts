/** What the database holds, for the table list and the preview grid. Engine-agnostic (any Db). */
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
  // DuckDB's catalog functions, not information_schema: its first query in a new database takes 100 ms in WASM.
  const result = await db.query(`
    SELECT c.table_name AS name,
           CASE WHEN v.view_name IS NULL THEN 'table' ELSE 'view' END AS kind,
           c.column_name AS column, c.data_type AS type
    FROM duckdb_columns() c
    LEFT JOIN duckdb_views() v ON v.database_oid = c.database_oid AND v.schema_oid = c.schema_oid AND v.view_name = c.table_name
    WHERE c.database_name = current_database() AND c.schema_name = 'main' AND NOT c.internal
    ORDER BY c.table_name, c.column_index`);
  const tables = new Map<string, TableInfo>();
  for (const row of result.toArray() as { name: string; kind: 'table' | 'view'; column: string; type: string }[]) {
    let table = tables.get(row.name);
    if (!table) tables.set(row.name, (table = { name: row.name, kind: row.kind, columns: [] }));
    table.columns.push({ name: row.column, type: row.type });
  }
  return [...tables.values()];
}

/** Who holds a name, as seen by a writer that marks its own tables with a comment. */
export type RelationOwner = 'none' | 'mine' | 'other';

/**
 * Whether `name` (case-insensitively, as DuckDB resolves names) is free, held only by tables carrying
 * the comment `mark` (the writer's own), or held by anything else: the loaded data, a view, another
 * writer's table. Writers use it so that none ever replaces a table it did not create.
 */
export async function relationOwner(db: Db, name: string, mark: string): Promise<RelationOwner> {
  const notes = await db.query(
    `SELECT coalesce("comment", '') AS note FROM duckdb_tables() WHERE lower(table_name) = lower(${literal(name)})
     UNION ALL
     SELECT NULL AS note FROM duckdb_views() WHERE NOT internal AND lower(view_name) = lower(${literal(name)})`,
  );
  if (notes.numRows === 0) return 'none';
  return (notes.toArray() as { note: string | null }[]).every((row) => row.note === mark) ? 'mine' : 'other';
}

/** Drops `table` (a table or a view) if it exists. */
export async function dropRelation(db: Db, name: string, kind: 'table' | 'view' = 'table'): Promise<void> {
  await db.exec(`DROP ${kind === 'view' ? 'VIEW' : 'TABLE'} IF EXISTS ${ident(name)}`);
}
