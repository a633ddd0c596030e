/** The JS-values-to-Arrow bridge: the types it picks, and that DuckDB-WASM inserts what it makes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { tableToRows } from '../../../src/engine/rows';
import { columnsToIpc, columnsToTable, valueToText } from '../../../src/ingest/readers/to-arrow';
import { rowsToColumns } from '../../../src/ingest/readers/rows';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => {
  await db.close();
});

const jan2 = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));

describe('column types', () => {
  it.each([
    { name: 'whole numbers', values: [1, 2, null], arrow: 'Int64', duck: 'BIGINT', out: [1, 2, null] },
    { name: 'bigints', values: [1n, null, 3n], arrow: 'Int64', duck: 'BIGINT', out: [1, null, 3] },
    { name: 'fractional numbers', values: [1.5, 2, null], arrow: 'Float64', duck: 'DOUBLE', out: [1.5, 2, null] },
    { name: 'numbers mixed with bigints', values: [1.5, 2n], arrow: 'Float64', duck: 'DOUBLE', out: [1.5, 2] },
    { name: 'booleans', values: [true, false, undefined], arrow: 'Bool', duck: 'BOOLEAN', out: [true, false, null] },
    { name: 'dates', values: [jan2, null, new Date(Number.NaN)], arrow: 'Timestamp<MICROSECOND>', duck: 'TIMESTAMP', out: ['2024-01-02 03:04:05', null, null] },
    { name: 'strings', values: ['André', '绿茶', ''], arrow: 'Utf8', duck: 'VARCHAR', out: ['André', '绿茶', ''] },
    { name: 'mixed', values: ['a', 1, true, jan2], arrow: 'Utf8', duck: 'VARCHAR', out: ['a', '1', 'true', '2024-01-02 03:04:05'] },
    { name: 'nested', values: [{ a: [1, 2n] }, [1, 'x']], arrow: 'Utf8', duck: 'VARCHAR', out: ['{"a":[1,"2"]}', '[1,"x"]'] },
    { name: 'all null', values: [null, undefined], arrow: 'Utf8', duck: 'VARCHAR', out: [null, null] },
  ])('$name -> $duck', async ({ values, arrow, duck, out }) => {
    const table = columnsToTable([{ name: 'v', values }]);
    expect(String(table.schema.fields[0]!.type)).toBe(arrow);
    await db.exec('DROP TABLE IF EXISTS t');
    await db.insertArrow('t', columnsToIpc([{ name: 'v', values }]));
    expect(tableToRows(await db.query('DESCRIBE t'))[0]!.column_type).toBe(duck);
    expect(tableToRows(await db.query('SELECT v FROM t')).map((r) => r.v)).toEqual(out);
  });
});

it('keeps column order, including number-like names, and makes names unique', () => {
  const table = tableFromIPC(columnsToIpc([{ name: 'b', values: [1] }, { name: '2020', values: [2] }, { name: 'b', values: [3] }, { name: '', values: [4] }]));
  expect(table.schema.fields.map((f) => f.name)).toEqual(['b', '2020', 'b_1', 'column4']);
});

it('valueToText writes dates as DuckDB timestamps and keeps milliseconds', () => {
  expect(valueToText(new Date(Date.UTC(2024, 1, 29, 23, 59, 59, 250)))).toBe('2024-02-29 23:59:59.250');
  expect(valueToText(null)).toBeNull();
});

it('rowsToColumns unions keys in first-seen order and keeps missing values null', () => {
  expect(rowsToColumns([{ a: 1 }, { b: 2, a: 3 }, 'x'])).toEqual([
    { name: 'a', values: [1, 3, null] },
    { name: 'b', values: [null, 2, null] },
    { name: 'value', values: [null, null, 'x'] },
  ]);
});

it('a large column inserts in one piece', async () => {
  const n = 200_000;
  const ids = Array.from({ length: n }, (_, i) => i);
  await db.exec('DROP TABLE IF EXISTS big');
  await db.insertArrow('big', columnsToIpc([{ name: 'id', values: ids }, { name: 'label', values: ids.map((i) => `c${i}`) }]));
  expect(tableToRows(await db.query("SELECT count(*) AS n, sum(id) AS s, max(label) AS m FROM big"))).toEqual([
    { n: n, s: (n * (n - 1)) / 2, m: 'c99999' },
  ]);
});
