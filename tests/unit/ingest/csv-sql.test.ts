import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { tableToRows } from '../../../src/engine/rows';
import { csvReadSql, type DecodedCsv } from '../../../src/ingest/csv-sql';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => {
  await db.close();
});

const decoded: DecodedCsv = { kind: 'csv', bytes: null, delimiter: ';', hasHeader: true, columns: ['id', "it's"] };

it('renders every option, with names and values as literals', () => {
  expect(csvReadSql("o'brien.csv", decoded)).toBe(
    "read_csv('o''brien.csv', delim=';', header=TRUE, quote='\"', escape='\"', " +
      "columns={'id': 'VARCHAR', 'it''s': 'VARCHAR'}, auto_detect=false, null_padding=FALSE, " +
      "ignore_errors=true, store_rejects=true, rejects_table='reject_errors', rejects_scan='reject_scans')",
  );
  expect(csvReadSql('x.csv', decoded, { nullPadding: true })).toContain('null_padding=TRUE');
});

it('binds and reads in DuckDB-WASM, every column VARCHAR', async () => {
  await db.registerFile("o'brien.csv", { kind: 'buffer', bytes: new TextEncoder().encode("id;it's\n1;2.5\n") });
  const sql = `SELECT * FROM ${csvReadSql("o'brien.csv", decoded)}`;
  expect(tableToRows(await db.query(sql))).toEqual([{ id: '1', "it's": '2.5' }]);
  expect(tableToRows(await db.query(`DESCRIBE ${sql}`)).map((r) => r.column_type)).toEqual(['VARCHAR', 'VARCHAR']);
});

it('a tab delimiter and a headerless file', async () => {
  await db.registerFile('t.tsv', { kind: 'buffer', bytes: new TextEncoder().encode('1\ta\n2\tb\n') });
  const sql = csvReadSql('t.tsv', { kind: 'csv', bytes: null, delimiter: '\t', hasHeader: false, columns: ['column1', 'column2'] });
  expect(tableToRows(await db.query(`SELECT * FROM ${sql}`))).toEqual([
    { column1: '1', column2: 'a' },
    { column1: '2', column2: 'b' },
  ]);
});
