/**
 * The tables SQL cells materialise. Each carries a comment naming it as a cell result, so the runner
 * never replaces a table it did not create (the loaded data, an analysis) and can drop the tables of
 * cells that were renamed or deleted.
 */
import type { Db } from '../engine/db';
import { tableToRows } from '../engine/rows';
import { ident, literal } from '../sql/quote';
import type { Table } from 'apache-arrow';

/** The comment on every table a SQL cell materialised. */
export const CELL_TABLE_COMMENT = 'cohortbook:cell';

/** How an existing name is used in the database. */
export type TableOwner = 'none' | 'cell' | 'other';

/** Whether `name` is free, a cell's table, or someone else's table or view. */
export async function tableOwner(db: Db, name: string): Promise<TableOwner> {
  const rows = tableToRows(
    await db.query(
      `SELECT coalesce("comment", '') AS note FROM duckdb_tables() WHERE lower(table_name) = lower(${literal(name)})
       UNION ALL
       SELECT '' AS note FROM duckdb_views() WHERE NOT internal AND lower(view_name) = lower(${literal(name)})`,
    ),
  );
  if (rows.length === 0) return 'none';
  return rows.every((r) => r.note === CELL_TABLE_COMMENT) ? 'cell' : 'other';
}

/** Names of all tables materialised by cells. */
export async function cellTables(db: Db): Promise<string[]> {
  const rows = tableToRows(
    await db.query(`SELECT table_name AS name FROM duckdb_tables() WHERE "comment" = ${literal(CELL_TABLE_COMMENT)}`),
  );
  return rows.map((r) => String(r.name));
}

/** Drops the cell tables whose names no cell of the notebook defines any more. */
export async function dropOrphanTables(db: Db, liveNames: Iterable<string>): Promise<string[]> {
  const live = new Set([...liveNames].map((n) => n.toLowerCase()));
  const orphans = (await cellTables(db)).filter((n) => !live.has(n.toLowerCase()));
  for (const name of orphans) await db.exec(`DROP TABLE IF EXISTS ${ident(name)}`);
  return orphans;
}

/** Rows `offset .. offset + limit` of a result table, for a virtualised grid. */
export async function fetchRows(db: Db, name: string, offset: number, limit: number): Promise<Table> {
  return db.query(`SELECT * FROM ${ident(name)} LIMIT ${Math.max(0, Math.floor(limit))} OFFSET ${Math.max(0, Math.floor(offset))}`);
}
