/**
 * One suite over every ingestion path: the same dataset in each format and encoding goes through
 * sniff -> decode -> a real DuckDB-WASM -> rows, and must come out exactly as it went in.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { tableToRows } from '../../../src/engine/rows';
import { decode } from '../../../src/ingest/decode';
import { loadRawTable } from '../../../src/ingest/raw-table';
import { sniff, sniffSource } from '../../../src/ingest/sniff';
import { bytesSource } from '../../../src/ingest/sources';
import { pathSource } from '../../../src/ingest/sources-node';
import type { ByteSource, SourceFormat, TextEncoding } from '../../../src/ingest/types';
import {
  alignedText,
  arrowBytes,
  COLUMNS,
  delimitedText,
  encodeText,
  jsonBytes,
  LATIN_ORDERS,
  ndjsonBytes,
  normaliseRow,
  ORDERS,
  parquetBytes,
  xlsxBytes,
  type Order,
} from './dataset';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => {
  await db.close();
});

interface PathCase {
  name: string;
  file: string;
  bytes: () => Uint8Array | Promise<Uint8Array>;
  format: SourceFormat;
  encoding: TextEncoding | null;
  delimiter?: string | null;
  /** Whether DuckDB reads the original bytes (no transcoded copy). */
  zeroCopy?: boolean;
  rows?: Order[];
  /** DuckDB types of the raw columns (CSV paths: all VARCHAR). */
  types?: string[];
}

const ALL_VARCHAR = COLUMNS.map(() => 'VARCHAR');
const TYPED = ['VARCHAR', 'VARCHAR', 'TIMESTAMP', 'DOUBLE', 'BIGINT', 'VARCHAR', 'VARCHAR'];

const utf8 = (text: string) => new TextEncoder().encode(text);

const CASES: PathCase[] = [
  { name: 'CSV, UTF-8', file: 'orders.csv', bytes: () => utf8(delimitedText(',')), format: 'csv', encoding: 'utf-8', delimiter: ',', zeroCopy: true },
  { name: 'CSV, UTF-8, CRLF', file: 'orders.csv', bytes: () => utf8(delimitedText(',', ORDERS, { eol: '\r\n' })), format: 'csv', encoding: 'utf-8', delimiter: ',', zeroCopy: true },
  { name: 'CSV, UTF-8 with BOM', file: 'orders.csv', bytes: () => encodeText(delimitedText(','), 'utf-8', true), format: 'csv', encoding: 'utf-8', delimiter: ',', zeroCopy: true },
  { name: 'TSV', file: 'orders.tsv', bytes: () => utf8(delimitedText('\t')), format: 'csv', encoding: 'utf-8', delimiter: '\t', zeroCopy: true },
  { name: 'semicolon CSV', file: 'orders.csv', bytes: () => utf8(delimitedText(';')), format: 'csv', encoding: 'utf-8', delimiter: ';', zeroCopy: true },
  { name: 'pipe-delimited', file: 'orders.txt', bytes: () => utf8(delimitedText('|')), format: 'csv', encoding: 'utf-8', delimiter: '|', zeroCopy: true },
  { name: 'whitespace-aligned', file: 'orders.txt', bytes: () => utf8(alignedText()), format: 'whitespace', encoding: 'utf-8', delimiter: null },
  { name: 'CSV, UTF-16LE with BOM', file: 'orders.csv', bytes: () => encodeText(delimitedText(','), 'utf-16le', true), format: 'csv', encoding: 'utf-16le', delimiter: ',' },
  { name: 'CSV, UTF-16BE with BOM', file: 'orders.csv', bytes: () => encodeText(delimitedText(','), 'utf-16be', true), format: 'csv', encoding: 'utf-16be', delimiter: ',' },
  { name: 'TSV, UTF-16LE without BOM', file: 'orders.tsv', bytes: () => encodeText(delimitedText('\t'), 'utf-16le'), format: 'csv', encoding: 'utf-16le', delimiter: '\t' },
  { name: 'CSV, GB18030', file: 'orders.csv', bytes: () => encodeText(delimitedText(','), 'gb18030'), format: 'csv', encoding: 'gb18030', delimiter: ',' },
  { name: 'CSV, GBK', file: 'orders.csv', bytes: () => encodeText(delimitedText(','), 'gbk'), format: 'csv', encoding: 'gb18030', delimiter: ',' },
  { name: 'CSV, Windows-1252', file: 'orders.csv', bytes: () => encodeText(delimitedText(',', LATIN_ORDERS), 'windows-1252'), format: 'csv', encoding: 'windows-1252', delimiter: ',', rows: LATIN_ORDERS },
  { name: 'whitespace-aligned, GB18030', file: 'orders.txt', bytes: () => encodeText(alignedText(), 'gb18030'), format: 'whitespace', encoding: 'gb18030', delimiter: null },
  { name: 'JSON array', file: 'orders.json', bytes: () => jsonBytes(), format: 'json', encoding: 'utf-8', types: ['VARCHAR', 'VARCHAR', 'VARCHAR', 'DOUBLE', 'BIGINT', 'VARCHAR', 'VARCHAR'] },
  { name: 'JSON array, UTF-16LE with BOM', file: 'orders.json', bytes: () => encodeText(new TextDecoder().decode(jsonBytes()), 'utf-16le', true), format: 'json', encoding: 'utf-16le' },
  { name: 'NDJSON', file: 'orders.json', bytes: () => ndjsonBytes(), format: 'ndjson', encoding: 'utf-8' },
  { name: 'NDJSON, GB18030', file: 'orders.jsonl', bytes: () => encodeText(new TextDecoder().decode(ndjsonBytes()), 'gb18030'), format: 'ndjson', encoding: 'gb18030' },
  { name: 'Parquet, snappy', file: 'orders.parquet', bytes: () => parquetBytes('SNAPPY'), format: 'parquet', encoding: null, types: TYPED },
  { name: 'Parquet, uncompressed', file: 'orders.parquet', bytes: () => parquetBytes('UNCOMPRESSED'), format: 'parquet', encoding: null, types: TYPED },
  { name: 'Parquet, gzip', file: 'orders.parquet', bytes: () => parquetBytes('GZIP'), format: 'parquet', encoding: null, types: TYPED },
  { name: 'Parquet, brotli', file: 'orders.parquet', bytes: () => parquetBytes('BROTLI'), format: 'parquet', encoding: null, types: TYPED },
  { name: 'Arrow IPC file', file: 'orders.arrow', bytes: () => arrowBytes('file'), format: 'arrow', encoding: null, types: ['VARCHAR', 'VARCHAR', 'VARCHAR', 'DOUBLE', 'INTEGER', 'VARCHAR', 'VARCHAR'] },
  { name: 'Arrow IPC stream', file: 'orders.arrows', bytes: () => arrowBytes('stream'), format: 'arrow', encoding: null },
  { name: 'Excel workbook', file: 'orders.xlsx', bytes: () => xlsxBytes(), format: 'xlsx', encoding: null, types: TYPED },
];

async function readBack(source: ByteSource, table: string) {
  const sniffed = await sniffSource(source);
  const decoded = await decode(source, sniffed);
  const loaded = await loadRawTable(db, source, decoded, table);
  const rows = tableToRows(await db.query(`SELECT * FROM ${table}`));
  const described = tableToRows(await db.query(`DESCRIBE ${table}`));
  const columns = described.map((r) => String(r.column_name));
  const types = described.map((r) => String(r.column_type));
  return { sniffed, decoded, loaded, rows, columns, types };
}

describe('every ingestion path gives back the dataset exactly', () => {
  it.each(CASES)('$name', async (c) => {
    const expected = c.rows ?? ORDERS;
    const source = bytesSource(c.file, await c.bytes());
    const { sniffed, decoded, loaded, rows, columns, types } = await readBack(source, 'raw_orders');

    expect(sniffed.format).toBe(c.format);
    expect(sniffed.encoding).toBe(c.encoding);
    if (c.delimiter !== undefined) expect(sniffed.delimiter).toBe(c.delimiter);
    expect(sniffed.hasHeader).toBe(true);
    if (decoded.kind === 'csv') expect(decoded.bytes === null).toBe(c.zeroCopy === true);
    expect(columns).toEqual([...COLUMNS]);
    expect(types).toEqual(c.types ?? (decoded.kind === 'csv' ? ALL_VARCHAR : types));
    expect(loaded).toMatchObject({ rows: expected.length, rejected: [] });
    expect(rows.map(normaliseRow)).toEqual(expected);
  });
});

describe('headerless files', () => {
  it.each([
    { name: 'CSV', bytes: utf8(delimitedText(',', ORDERS, { header: false })) },
    { name: 'whitespace-aligned', bytes: utf8(alignedText(ORDERS, { header: false })) },
  ])('$name gets positional column names and keeps its first row', async ({ bytes }) => {
    const { sniffed, rows, columns } = await readBack(bytesSource('orders.txt', bytes), 'raw_headerless');
    expect(sniffed.hasHeader).toBe(false);
    expect(columns).toEqual(['column1', 'column2', 'column3', 'column4', 'column5', 'column6', 'column7']);
    const renamed = rows.map((row) => Object.fromEntries(COLUMNS.map((name, i) => [name, row[`column${i + 1}`]])));
    expect(renamed.map(normaliseRow)).toEqual(ORDERS);
  });
});

describe('files on disk', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cohortbook-decode-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a UTF-8 CSV with BOM is read by DuckDB straight from the file (no copy), BOM not in the first name', async () => {
    const file = path.join(dir, 'orders-bom.csv');
    fs.writeFileSync(file, encodeText(delimitedText(','), 'utf-8', true));
    const { decoded, rows, columns } = await readBack(pathSource(file), 'raw_disk');
    expect(decoded).toMatchObject({ kind: 'csv', bytes: null });
    expect(columns[0]).toBe('customer');
    expect(rows.map(normaliseRow)).toEqual(ORDERS);
  });

  it('loading a second file into the same table replaces it', async () => {
    const file = path.join(dir, 'orders-2.csv');
    fs.writeFileSync(file, delimitedText(',', ORDERS.slice(0, 3)));
    const first = await readBack(pathSource(file), 'raw_again');
    fs.writeFileSync(file, delimitedText(',', ORDERS.slice(0, 5)));
    const second = await readBack(pathSource(file), 'raw_again');
    expect([first.loaded.rows, second.loaded.rows]).toEqual([3, 5]);
  });
});

describe('CDNOW files from the shared datasets', () => {
  const dir = path.resolve(__dirname, '../../../../shared/datasets/cdnow');
  const master = path.join(dir, 'CDNOW_master.txt');
  it.runIf(fs.existsSync(master))('CDNOW_master.txt: whitespace-aligned with a header, every line loaded', async () => {
    const { sniffed, loaded, columns, rows } = await readBack(pathSource(master), 'raw_cdnow');
    expect(sniffed).toMatchObject({ format: 'whitespace', hasHeader: true, encoding: 'utf-8' });
    expect(columns).toEqual(['customer_id', 'date', 'number_of_cds', 'dollar_value']);
    expect(loaded).toMatchObject({ rows: 69659, rejected: [] });
    expect(rows[0]).toEqual({ customer_id: '00001', date: '19970101', number_of_cds: '1', dollar_value: '11.77' });
  });
  it.runIf(fs.existsSync(path.join(dir, 'CDNOW_sample.txt')))('CDNOW_sample.txt: whitespace-aligned without a header', async () => {
    const { sniffed, columns, rows } = await readBack(pathSource(path.join(dir, 'CDNOW_sample.txt')), 'raw_cdnow_sample');
    expect(sniffed).toMatchObject({ format: 'whitespace', hasHeader: false });
    expect(columns).toHaveLength(5);
    expect(rows[0]).toEqual({ column1: '00004', column2: '0001', column3: '19970101', column4: '2', column5: '29.33' });
  });
});

it('sniffing a head cut inside a multibyte character still finds UTF-8, the delimiter and the header', () => {
  const bytes = utf8(delimitedText(',', Array.from({ length: 3000 }, (_, i) => ORDERS[i % ORDERS.length]!)));
  let end = 64 * 1024;
  while (bytes[end - 1]! < 0xc0) end++;
  const cuts = [end, end + 1, end + 2].filter((e) => (bytes[e]! & 0xc0) === 0x80);
  expect(cuts.length).toBeGreaterThan(0);
  for (const cut of cuts) {
    expect(sniff(bytes.subarray(0, cut), 'big.csv', false)).toMatchObject({ encoding: 'utf-8', delimiter: ',', hasHeader: true });
  }
});
