/**
 * Tables written from typed arrays (model outputs): the columns go in as one Arrow IPC stream, built from
 * buffers (src/engine/arrow-vectors.ts, safe under the page's CSP).
 */
import { Table, tableToIPC, type Vector } from 'apache-arrow';
import type { Db } from './db';
import { ident } from '../sql/quote';

/** Replaces the table `name` by `columns`. */
export async function replaceTable(db: Db, name: string, columns: Record<string, Vector>): Promise<void> {
  await db.exec(`DROP TABLE IF EXISTS ${ident(name)}`);
  await db.insertArrow(name, tableToIPC(new Table(columns), 'stream'));
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
