/** The load's rehearsal (src/ingest/rehearsal.ts): it runs the whole pipeline and leaves the user's tables as they were. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { loadFile } from '../../../src/ingest/load';
import { rehearseLoad } from '../../../src/ingest/rehearsal';
import { bytesSource } from '../../../src/ingest/sources';
import { rows } from './csv-table';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => {
  await db.close();
});

const TABLES_SQL = `SELECT table_name FROM duckdb_tables() ORDER BY table_name`;
const CONTENT_SQL = `SELECT
  (SELECT count(*) FROM cb_lines) AS lines, (SELECT sum(revenue) FROM cb_lines) AS revenue,
  (SELECT count(*) FROM cb_orders) AS orders, (SELECT count(*) FROM cb_customers) AS customers,
  (SELECT count(*) FROM cb_returns) AS returns, (SELECT count(*) FROM cb_events) AS events`;

describe('rehearseLoad', () => {
  it('builds the canonical tables of its lines and keeps none of it: the loaded file’s tables stay as they were', async () => {
    await loadFile(db, bytesSource('shop-2k.csv', fs.readFileSync(path.resolve(__dirname, '../../../samples/shop-2k.csv'))));
    const tables = await rows(db, TABLES_SQL);
    const content = await rows(db, CONTENT_SQL);
    const statements: string[] = [];
    const watched: Db = {
      exec: (sql) => (statements.push(sql), db.exec(sql)),
      query: (sql, params) => (statements.push(sql), db.query(sql, params)),
      registerFile: (name, source) => db.registerFile(name, source),
      dropFile: (name) => db.dropFile(name),
      identifiers: (sql) => db.identifiers(sql),
      insertArrow: (table, ipc, options) => db.insertArrow(table, ipc, options),
      close: () => db.close(),
    };
    await rehearseLoad(watched);
    // It did rehearse: the raw read, the profile, the dates and every step of the canonical build ran.
    for (const step of ['read_csv(', 'UNPIVOT', 'CREATE OR REPLACE TABLE cb_stage', 'cb_copies', 'cb_lines__building', 'cb_customers__building']) {
      expect(statements.some((sql) => sql.includes(step)), step).toBe(true);
    }
    expect(await rows(db, TABLES_SQL)).toEqual(tables);
    expect(await rows(db, CONTENT_SQL)).toEqual(content);
    expect(content[0]!.lines).toBeGreaterThan(1000);
  });
});
