import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { listTables, previewTable } from '../../../src/engine/catalog';
import { openNodeDb } from '../../../src/engine/node';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await db.exec(`CREATE TABLE "my ""odd"" table" (id INTEGER, name VARCHAR)`);
  await db.exec(`INSERT INTO "my ""odd"" table" SELECT i, 'n' || i FROM range(250) t(i)`);
  await db.exec(`CREATE VIEW cb_orders AS SELECT id AS order_id FROM "my ""odd"" table"`);
});
afterAll(() => db.close());

describe('listTables', () => {
  it('lists tables and views with their columns in order', async () => {
    expect(await listTables(db)).toEqual([
      { name: 'cb_orders', kind: 'view', columns: [{ name: 'order_id', type: 'INTEGER' }] },
      { name: 'my "odd" table', kind: 'table', columns: [{ name: 'id', type: 'INTEGER' }, { name: 'name', type: 'VARCHAR' }] },
    ]);
  });
});

describe('previewTable', () => {
  it('returns the first rows, the full count and the time taken', async () => {
    let t = 0;
    const preview = await previewTable(db, 'my "odd" table', 100, () => (t += 5));
    expect(preview.rows.numRows).toBe(100);
    expect(preview.totalRows).toBe(250);
    expect(preview.rows.getChild('name')?.get(99)).toBe('n99');
    expect(preview.elapsedMs).toBe(5);
  });
});

describe('listTables and temporary tables', () => {
  it('leaves out temporary tables (such as DuckDB reject tables)', async () => {
    await db.exec(`CREATE TEMP TABLE scratch_rejects (x INTEGER)`);
    expect((await listTables(db)).map((t) => t.name)).not.toContain('scratch_rejects');
  });
});
