import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { listTables, relationOwner } from '../../../src/engine/catalog';
import { relationReader } from '../../../src/engine/relation';
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

describe('relationReader', () => {
  it('reads a window of rows, in a sort order when asked, and counts all rows', async () => {
    const reader = relationReader(db, 'my "odd" table');
    const window = await reader.rows(100, 50, null);
    expect(window.numRows).toBe(50);
    expect(window.getChild('name')?.get(0)).toBe('n100');
    expect((await reader.rows(0, 3, { column: 'id', descending: true })).getChild('id')?.toArray()).toEqual(Int32Array.from([249, 248, 247]));
    expect((await reader.rows(240, 50, null)).numRows).toBe(10);
    expect((await reader.rows(-5, 2.7, null)).getChild('id')?.toArray()).toEqual(Int32Array.from([0, 1]));
    expect(await reader.count()).toBe(250);
    expect(await reader.describe()).toEqual([{ name: 'id', sqlType: 'INTEGER' }, { name: 'name', sqlType: 'VARCHAR' }]);
  });

  it('finds rows containing a text in any column, case-insensitive, quotes and wildcards taken literally', async () => {
    const reader = relationReader(db, 'my "odd" table');
    const both = { text: 'N24', columns: ['id', 'name'] };
    // n24, n240..n249 by name; no id contains "n24".
    expect(await reader.count(both)).toBe(11);
    expect((await reader.rows(0, 3, { column: 'id', descending: false }, both)).getChild('name')?.toArray()).toEqual(['n24', 'n240', 'n241']);
    // 7, 17, 27, … by id (as text) and by name alike: 25 rows have a 7.
    expect(await reader.count({ text: '7', columns: ['id'] })).toBe(await reader.count({ text: '7', columns: ['name'] }));
    expect(await reader.count({ text: "n1' OR '1'='1", columns: ['name'] })).toBe(0);
    expect(await reader.count({ text: '%', columns: ['name'] })).toBe(0);
  });
});

describe('relationOwner', () => {
  it('tells free names, the writer\'s own tables (by their comment, any case) and everything else apart', async () => {
    await db.exec(`CREATE TABLE mine (x INTEGER); COMMENT ON TABLE mine IS 'writer:a'`);
    expect(await relationOwner(db, 'free_name', 'writer:a')).toBe('none');
    expect(await relationOwner(db, 'MINE', 'writer:a')).toBe('mine');
    expect(await relationOwner(db, 'mine', 'writer:b')).toBe('other');
    expect(await relationOwner(db, 'cb_orders', 'writer:a')).toBe('other'); // a view
    expect(await relationOwner(db, 'my "odd" table', 'writer:a')).toBe('other'); // no comment
  });
});

describe('listTables and temporary tables', () => {
  it('leaves out temporary tables (such as DuckDB reject tables)', async () => {
    await db.exec(`CREATE TEMP TABLE scratch_rejects (x INTEGER)`);
    expect((await listTables(db)).map((t) => t.name)).not.toContain('scratch_rejects');
  });
});
