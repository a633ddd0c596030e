import { parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { tableToParquet } from '../../../src/export/parquet';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => {
  await db?.close();
});

describe('tableToParquet', () => {
  it('writes numbers, text, booleans, decimals, dates and nulls that read back the same', async () => {
    const table = await db.query(`SELECT * FROM (VALUES
      (1::BIGINT, 7::INTEGER, 1.5::DOUBLE, 'a,"b"', TRUE, 12.34::DECIMAL(10,2), TIMESTAMP '2024-03-01 10:20:30', DATE '2024-03-02'),
      (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
    ) t(big, small, dbl, txt, flag, money, ts, day)`);
    const rows = await parquetReadObjects({ file: tableToParquet(table) });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ big: 1n, small: 7, dbl: 1.5, txt: 'a,"b"', flag: true, money: 12.34 });
    expect((rows[0]!.ts as Date).toISOString()).toBe('2024-03-01T10:20:30.000Z');
    expect((rows[0]!.day as Date).toISOString()).toBe('2024-03-02T00:00:00.000Z');
    expect(Object.values(rows[1]!).every((v) => v === null)).toBe(true);
  });
});
