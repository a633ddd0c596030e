/** Bad and awkward input on the real engine: what loads, what is rejected and reported, what is refused. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { tableToRows } from '../../../src/engine/rows';
import { decode } from '../../../src/ingest/decode';
import { IngestError } from '../../../src/ingest/errors';
import { loadRawTable, type RawTableResult } from '../../../src/ingest/raw-table';
import { sniffSource } from '../../../src/ingest/sniff';
import { bytesSource } from '../../../src/ingest/sources';
import type { Decoded } from '../../../src/ingest/types';
import { encodeText, jsonBytes, ndjsonBytes, parquetBytes, xlsxBytes, arrowBytes, ORDERS } from './dataset';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => {
  await db.close();
});

const utf8 = (text: string) => new TextEncoder().encode(text);

async function load(file: string, bytes: Uint8Array, options: { nullPadding?: boolean } = {}) {
  const source = bytesSource(file, bytes);
  const decoded: Decoded = await decode(source, await sniffSource(source));
  const result: RawTableResult = await loadRawTable(db, source, decoded, 'raw', options);
  return { decoded, result, rows: tableToRows(await db.query('SELECT * FROM raw')) };
}

describe('truncated and ragged CSV', () => {
  it('a last line cut mid-field loads the good lines and rejects the cut one', async () => {
    const { result, rows } = await load('cut.csv', utf8('id,name,amount\n1,Ann,10\n2,Bo,20\n3,Cy'));
    expect(rows).toEqual([
      { id: '1', name: 'Ann', amount: '10' },
      { id: '2', name: 'Bo', amount: '20' },
    ]);
    expect(result.rejected).toEqual([
      { line: 4, errorType: 'MISSING COLUMNS', message: 'Expected Number of Columns: 3 Found: 2', lines: 1, text: '3,Cy' },
    ]);
  });

  it('a last line cut inside a quoted field (unterminated quote) is rejected, the rest loads', async () => {
    const { result, rows } = await load('cut.csv', utf8('id,note,amount\n1,"fine, thanks",10\n2,"cut he'));
    expect(rows).toEqual([{ id: '1', note: 'fine, thanks', amount: '10' }]);
    expect(result.rejected).toMatchObject([{ line: 3, errorType: 'UNQUOTED VALUE', text: '2,"cut he' }]);
    expect(result.rows).toBe(1);
  });

  it('an unterminated quote early in a file swallows the lines after it: one rejected record that says how many lines it spans', async () => {
    const lines = ['id,note', '1,"ok"', '2,"broken', ...Array.from({ length: 30 }, (_, i) => `${i + 3},fine`)];
    const { result, rows } = await load('bad.csv', utf8(lines.join('\n') + '\n'));
    expect(rows.map((r) => r.id)).toEqual(['1']);
    expect(result.rejected).toMatchObject([{ line: 3, lines: 31, errorType: 'UNQUOTED VALUE' }]);
    expect(result.rejected[0]!.text.startsWith('2,"broken\n3,fine\n')).toBe(true);
  });

  it('an unterminated quote followed by quoted fields closes at the next quote: one record of two lines rejected', async () => {
    const lines = ['id,note', '1,"ok"', '2,"broken', ...Array.from({ length: 5 }, (_, i) => `${i + 3},"fine"`)];
    const { result, rows } = await load('bad.csv', utf8(lines.join('\n') + '\n'));
    expect(rows.map((r) => r.id)).toEqual(['1', '4', '5', '6', '7']);
    expect(result.rejected).toMatchObject([{ line: 3, lines: 2, text: '2,"broken\n3,"fine"' }]);
  });

  it('a ragged file: short and long rows are rejected and reported with their line numbers', async () => {
    const { result, rows } = await load('ragged.csv', utf8('a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n'));
    expect(rows.map((r) => r.a)).toEqual(['1', '10']);
    expect(result.rejected.map((r) => [r.line, r.errorType])).toEqual([
      [3, 'MISSING COLUMNS'],
      [4, 'TOO MANY COLUMNS'],
    ]);
  });

  it('with nullPadding, short rows are padded with NULLs and only long rows are rejected', async () => {
    const { result, rows } = await load('ragged.csv', utf8('a,b,c\n1,2,3\n4,5\n6,7,8,9\n'), { nullPadding: true });
    expect(rows).toEqual([
      { a: '1', b: '2', c: '3' },
      { a: '4', b: '5', c: null },
    ]);
    expect(result.rejected.map((r) => r.line)).toEqual([4]);
  });

  it('rejects of one load do not leak into the next', async () => {
    await load('ragged.csv', utf8('a,b\n1,2\n3\n'));
    const { result } = await load('clean.csv', utf8('a,b\n1,2\n3,4\n'));
    expect(result).toEqual({ table: 'raw', rows: 2, rejected: [] });
  });

  it('a transcoded (GB18030) file reports its bad line by line number too', async () => {
    const { decoded, result, rows } = await load('gb.csv', encodeText('编号,名称\n1,绿茶\n2,红茶,多余\n3,普洱\n', 'gb18030'));
    expect(decoded.kind === 'csv' && decoded.bytes !== null).toBe(true);
    expect(rows).toEqual([
      { 编号: '1', 名称: '绿茶' },
      { 编号: '3', 名称: '普洱' },
    ]);
    expect(result.rejected).toMatchObject([{ line: 3, errorType: 'TOO MANY COLUMNS', text: '2,红茶,多余' }]);
  });

  it('a UTF-8 file with an invalid byte past the sniffed head: that line is rejected as INVALID ENCODING, the rest loads', async () => {
    const good = utf8('id,name\n' + Array.from({ length: 10_000 }, (_, i) => `${i},n${i}`).join('\n') + '\n');
    const bytes = new Uint8Array([...good, ...utf8('10000,Andr'), 0xe9, ...utf8('\n10001,ok\n')]);
    const { decoded, result } = await load('late.csv', bytes);
    expect(decoded).toMatchObject({ kind: 'csv', bytes: null });
    expect(result.rows).toBe(10_001);
    expect(result.rejected).toMatchObject([{ line: 10_002, errorType: 'INVALID ENCODING' }]);
  });

  it('data rows with a trailing delimiter the header lacks get an extra positional column, not rejections', async () => {
    const { result, rows } = await load('trailing.csv', utf8('a,b\n1,2,\n3,4,\n'));
    expect(result.rejected).toEqual([]);
    expect(rows).toEqual([
      { a: '1', b: '2', column3: null },
      { a: '3', b: '4', column3: null },
    ]);
  });
});

describe('quoting, blank lines and awkward names', () => {
  it('keeps quoted delimiters, newlines and escaped quotes; empty fields are NULL', async () => {
    const text = 'id,note\r\n1,"a, b"\r\n2,"line one\r\nline two"\r\n3,"say ""hi"""\r\n4,\r\n';
    const { rows, result } = await load('q.csv', utf8(text));
    expect(result.rejected).toEqual([]);
    expect(rows).toEqual([
      { id: '1', note: 'a, b' },
      { id: '2', note: 'line one\r\nline two' },
      { id: '3', note: 'say "hi"' },
      { id: '4', note: null },
    ]);
  });

  it('a stray quote inside an unquoted field is kept as text', async () => {
    const { rows } = await load('inch.csv', utf8('item,qty\n5" screen,2\nok,3\n'));
    expect(rows).toEqual([
      { item: '5" screen', qty: '2' },
      { item: 'ok', qty: '3' },
    ]);
  });

  it('blank lines are skipped, not rejected', async () => {
    const { rows, result } = await load('blank.csv', utf8('a,b\n1,2\n\n3,4\n\n'));
    expect(result.rejected).toEqual([]);
    expect(rows.map((r) => r.a)).toEqual(['1', '3']);
  });

  it("duplicate, empty and quote-holding header names become unique, SQL-safe names", async () => {
    const { rows } = await load('names.csv', utf8(`id,id,,it's,"say ""x"""\n1,2,3,4,5\n`));
    expect(rows).toEqual([{ id: '1', id_1: '2', column3: '3', "it's": '4', 'say "x"': '5' }]);
  });
});

describe('damaged files in the JavaScript readers', () => {
  const truncate = (bytes: Uint8Array) => bytes.subarray(0, Math.floor(bytes.length * 0.6));

  it.each([
    { name: 'JSON cut short', file: 'o.json', bytes: () => truncate(jsonBytes()), message: /^o\.json is not valid JSON \(.*\)\. The file may be cut short or damaged/ },
    { name: 'an empty JSON array', file: 'o.json', bytes: () => utf8('[]'), message: /holds no records/ },
    { name: 'Parquet cut short', file: 'o.parquet', bytes: () => truncate(parquetBytes()), message: /^o\.parquet could not be read as Parquet/ },
    { name: 'Arrow cut short', file: 'o.arrow', bytes: () => truncate(arrowBytes('file')), message: /^o\.arrow looks like an Arrow file but could not be read/ },
    { name: 'xlsx cut short', file: 'o.xlsx', bytes: async () => truncate(await xlsxBytes()), message: /^o\.xlsx could not be read as an Excel workbook/ },
  ])('$name -> IngestError', async ({ file, bytes, message }) => {
    const source = bytesSource(file, await bytes());
    const attempt = (async () => decode(source, await sniffSource(source)))();
    await expect(attempt).rejects.toThrow(IngestError);
    await expect(attempt).rejects.toThrow(message);
  });

  it('NDJSON with a cut last line loads the good lines and warns about the bad one', async () => {
    const bytes = ndjsonBytes();
    const { decoded, result } = await load('o.ndjson', bytes.subarray(0, bytes.length - 20));
    expect(result.rows).toBe(ORDERS.length - 1);
    expect(decoded.warnings?.map((w) => w.en)).toEqual([`1 line(s) of o.ndjson are not valid JSON and were skipped (line ${ORDERS.length}).`]);
  });

  it('a JSON object holding one array of records reads the records', async () => {
    const { rows } = await load('o.json', utf8('{"count": 2, "orders": [{"id": 1, "tags": ["a"]}, {"id": 2, "extra": {"k": true}}]}'));
    expect(rows).toEqual([
      { id: 1, tags: '["a"]', extra: null },
      { id: 2, tags: null, extra: '{"k":true}' },
    ]);
  });
});
