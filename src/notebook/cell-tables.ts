/**
 * The tables SQL cells materialise. Each carries a comment naming it as a cell result, so the runner
 * never replaces a table it did not create (the loaded data, an analysis) and can drop the tables of
 * cells that were renamed or deleted.
 */
import { relationOwner, type RelationOwner } from '../engine/catalog';
import type { Db } from '../engine/db';
import { tableToRows } from '../engine/rows';
import { ident, literal } from '../sql/quote';

/** The comment on every table a SQL cell materialised. */
export const CELL_TABLE_COMMENT = 'cohortbook:cell';

/** Whether `name` is free, a cell's table (`mine`), or someone else's table or view. */
export function tableOwner(db: Db, name: string): Promise<RelationOwner> {
  return relationOwner(db, name, CELL_TABLE_COMMENT);
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
