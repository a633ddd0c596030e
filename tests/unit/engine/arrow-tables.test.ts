/** Tables from typed arrays (src/engine/arrow-tables.ts): a table larger than a slice arrives whole, in order, text and nulls included. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { tableToRows } from '../../../src/engine/rows';
import { float64Vector, int32Vector, utf8Vector } from '../../../src/engine/arrow-vectors';
import { replaceTable, withStagedTable } from '../../../src/engine/arrow-tables';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => {
  await db.close();
});

describe('tables from typed arrays', () => {
  it('writes a table slice by slice, every row once, in order', async () => {
    const n = 1000;
    const ids = Int32Array.from({ length: n }, (_, i) => i);
    const values = Float64Array.from({ length: n }, (_, i) => (i % 97 === 0 ? Number.NaN : i / 2));
    const names = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? `名${i}` : `n${i}`));
    await replaceTable(db, 'sliced', { id: int32Vector(ids), value: float64Vector(values), name: utf8Vector(names) }, 128);
    const [summary] = tableToRows(await db.query(`SELECT count(*)::INT AS n, count(DISTINCT id)::INT AS ids, count(value)::INT AS valued, sum(id)::INT AS total FROM sliced`));
    expect(summary).toEqual({ n, ids: n, valued: n - Math.ceil(n / 97), total: (n * (n - 1)) / 2 });
    const rows = tableToRows(await db.query(`SELECT id, value, name FROM sliced WHERE id IN (0, 1, 127, 128, 129, 999) ORDER BY id`));
    expect(rows).toEqual([
      { id: 0, value: null, name: '名0' },
      { id: 1, value: 0.5, name: 'n1' },
      { id: 127, value: 63.5, name: 'n127' },
      { id: 128, value: 64, name: 'n128' },
      { id: 129, value: 64.5, name: '名129' },
      { id: 999, value: 499.5, name: '名999' },
    ]);
    // Written again, it replaces (no rows kept from before).
    await replaceTable(db, 'sliced', { id: int32Vector([7]) });
    expect(tableToRows(await db.query('SELECT * FROM sliced'))).toEqual([{ id: 7 }]);
  });

  it('drops the staging table even when the work on it fails', async () => {
    await expect(withStagedTable(db, 'staged', { id: int32Vector([1]) }, () => db.exec('SELECT no_such_column FROM staged'))).rejects.toThrow();
    expect(tableToRows(await db.query(`SELECT count(*)::INT AS n FROM information_schema.tables WHERE table_name = 'staged'`))).toEqual([{ n: 0 }]);
  });
});
