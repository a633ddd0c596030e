/** Tables of cases for the sniffer: formats, encodings, delimiters, headers and bad input. */
import { describe, expect, it } from 'vitest';
import { IngestError } from '../../../src/ingest/errors';
import { sniff } from '../../../src/ingest/sniff';
import { encodeText } from './dataset';

const utf8 = (text: string) => new TextEncoder().encode(text);
const bytes = (...values: number[]) => new Uint8Array(values);

describe('format by magic bytes and content', () => {
  it.each([
    { name: 'Parquet', head: utf8('PAR1\u0015\u0004'), file: 'x.bin', format: 'parquet' },
    { name: 'Arrow IPC file', head: utf8('ARROW1\0\0'), file: 'x.arrow', format: 'arrow' },
    { name: 'Arrow IPC stream', head: bytes(0xff, 0xff, 0xff, 0xff, 0x10, 0, 0, 0), file: 'x', format: 'arrow' },
    { name: 'xlsx by name', head: bytes(0x50, 0x4b, 0x03, 0x04, 1, 2), file: 'Orders.XLSX', format: 'xlsx' },
    { name: 'xlsx by content', head: new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...utf8('....xl/workbook.xml')]), file: 'export', format: 'xlsx' },
    { name: 'JSON array', head: utf8('[{"a":1},\n{"a":2}]'), file: 'x.json', format: 'json' },
    { name: 'pretty JSON array', head: utf8('[\n  {\n    "a": 1\n  }\n]\n'), file: 'x.json', format: 'json' },
    { name: 'JSON object', head: utf8('{\n  "orders": [\n    {"a": 1}\n  ]\n}'), file: 'x.json', format: 'json' },
    { name: 'single-line JSON object', head: utf8('{"a": 1}'), file: 'x.json', format: 'json' },
    { name: 'NDJSON', head: utf8('{"a":1}\n{"a":2}\n{"a":3}\n'), file: 'x.json', format: 'ndjson' },
    { name: 'NDJSON with leading blank lines', head: utf8('\n\n{"a":1}\r\n{"a":2}\r\n'), file: 'x.txt', format: 'ndjson' },
    { name: 'NDJSON by extension, one line', head: utf8('{"a":1}\n'), file: 'x.jsonl', format: 'ndjson' },
    { name: 'CSV', head: utf8('a,b\n1,2\n'), file: 'x.csv', format: 'csv' },
    { name: 'whitespace-aligned', head: utf8(' 001  19970101   2  29.33\n 002  19970102  10   1.00\n'), file: 'x.txt', format: 'whitespace' },
  ])('$name -> $format', ({ head, file, format }) => {
    expect(sniff(head, file).format).toBe(format);
  });

  it('binary formats have no encoding or delimiter and name their columns', () => {
    expect(sniff(utf8('PAR1xxxx'), 'x.parquet')).toEqual({
      format: 'parquet',
      encoding: null,
      hasBom: false,
      delimiter: null,
      hasHeader: true,
      warnings: [],
    });
  });
});

describe('encoding', () => {
  const text = 'name,product\nAndré,绿茶\nJürgen,乌龙茶\nRenée,普洱茶\n';
  const latin = 'name,city\nAndré,Zürich\nRenée,Besançon\nJosé,Málaga\nZoë,Köln\n';
  it.each([
    { name: 'ASCII', head: utf8('a,b\n1,2\n'), encoding: 'utf-8', hasBom: false },
    { name: 'UTF-8', head: utf8(text), encoding: 'utf-8', hasBom: false },
    { name: 'UTF-8 with BOM', head: encodeText(text, 'utf-8', true), encoding: 'utf-8', hasBom: true },
    { name: 'UTF-16LE with BOM', head: encodeText(text, 'utf-16le', true), encoding: 'utf-16le', hasBom: true },
    { name: 'UTF-16BE with BOM', head: encodeText(text, 'utf-16be', true), encoding: 'utf-16be', hasBom: true },
    { name: 'UTF-16LE without BOM', head: encodeText(latin, 'utf-16le'), encoding: 'utf-16le', hasBom: false },
    { name: 'UTF-16BE without BOM', head: encodeText(latin, 'utf-16be'), encoding: 'utf-16be', hasBom: false },
    { name: 'GB18030', head: encodeText(text, 'gb18030'), encoding: 'gb18030', hasBom: false },
    { name: 'GBK, Chinese only', head: encodeText('订单编号,买家会员名,实付金额\n1001,张三,19.90\n1002,李四,5.00\n', 'gbk'), encoding: 'gb18030', hasBom: false },
    { name: 'Windows-1252', head: encodeText(latin, 'windows-1252'), encoding: 'windows-1252', hasBom: false },
    { name: 'Windows-1252 with € and curly quotes', head: encodeText('item,price\n“Thé” vert,5 €\nCafé,3 €\n', 'windows-1252'), encoding: 'windows-1252', hasBom: false },
  ])('$name -> $encoding', ({ head, encoding, hasBom }) => {
    expect(sniff(head, 'x.csv')).toMatchObject({ encoding, hasBom, format: 'csv', delimiter: ',' });
  });

  it('warns when the text was not UTF-8', () => {
    expect(sniff(encodeText(text, 'gb18030'), 'x.csv').warnings).toEqual([
      {
        en: 'The file is not UTF-8; its text was read as GB18030 (Chinese). If names look garbled, save the file as UTF-8.',
        'zh-CN': '文件不是 UTF-8 编码；已按 GB18030 (Chinese) 读取文本。如果名称显示为乱码，请把文件另存为 UTF-8。',
      },
    ]);
    expect(sniff(utf8(text), 'x.csv').warnings).toEqual([]);
  });
});

describe('delimiter', () => {
  it.each([
    { name: 'comma', text: 'a,b,c\n1,2,3\n4,5,6\n', format: 'csv', delimiter: ',' },
    { name: 'semicolon with decimal commas', text: 'id;amount;note\n1;1,50;x\n2;12,75;y\n3;0,99;z\n', format: 'csv', delimiter: ';' },
    { name: 'tab', text: 'id\tname\tcity\n1\tAnn Lee\tParis, France\n2\tBo\tLyon\n', format: 'csv', delimiter: '\t' },
    { name: 'pipe', text: 'id|name\n1|a, b\n2|c; d\n', format: 'csv', delimiter: '|' },
    { name: 'commas only inside quotes', text: 'id;name\n1;"Smith, John"\n2;"Doe, Jane"\n3;"Roe, R"\n', format: 'csv', delimiter: ';' },
    { name: 'quoted field with a newline', text: 'id,note\n1,"line one\nline two"\n2,plain\n', format: 'csv', delimiter: ',' },
    { name: 'quoted fields with escaped quotes', text: 'a,b\n"say ""hi"", ok",2\n"x",3\n', format: 'csv', delimiter: ',' },
    { name: 'CRLF line ends', text: 'a;b\r\n1;2\r\n3;4\r\n', format: 'csv', delimiter: ';' },
    { name: 'single column', text: 'email\na@x.com\nb@y.org\n', format: 'csv', delimiter: ',' },
    { name: 'single column of names with spaces', text: 'name\n' + 'Ann Lee\n'.repeat(30), format: 'csv', delimiter: ',' },
    { name: 'one ragged row still comma', text: 'a,b,c\n1,2,3\n4,5,6\n7,8,9\n10,11,12\n13,14,15\n16,17,18\n19,20,21\n22,23,24\n25,26,27\n28,29\n', format: 'csv', delimiter: ',' },
    { name: 'whitespace-aligned, leading blank', text: ' 00001 19970101  1  11.77\n 00002 19970112  1  12.00\n 00003 19970102  2  20.76\n', format: 'whitespace', delimiter: null },
    { name: 'single spaces between columns', text: 'id qty price\n1 2 3.5\n2 1 9.99\n', format: 'whitespace', delimiter: null },
    { name: 'tabs and spaces mixed, runs of them', text: 'id  \t qty\n1 \t 2\n3\t\t4\n', format: 'whitespace', delimiter: null },
  ])('$name', ({ text, format, delimiter }) => {
    expect(sniff(utf8(text), 'x.txt')).toMatchObject({ format, delimiter });
  });

  it('ignores the last, possibly cut, line of a head taken from a longer file', () => {
    const head = 'a;b;c\n1;2;3\n4;5;6\n7;8'.repeat(1);
    expect(sniff(utf8(head), 'x.csv', false)).toMatchObject({ delimiter: ';', warnings: [] });
    expect(sniff(utf8(head), 'x.csv', true).warnings).toHaveLength(1);
  });

  it('warns about rows with a different number of fields', () => {
    expect(sniff(utf8('a,b,c\n1,2,3\n4,5\n6,7,8\n'), 'x.csv').warnings.map((w) => w.en)).toEqual([
      '1 of the first 4 rows have a different number of fields than the others; they may be rejected when the file is read.',
    ]);
  });
});

describe('header', () => {
  it.each([
    { name: 'names over numbers', text: 'id,amount\n1,2.5\n2,3\n', header: true },
    { name: 'names over dates', text: 'customer,date\nA,2024-01-05\nB,2024-02-01\n', header: true },
    { name: 'names over text and numbers', text: 'name,city,total\nAnn,Paris,10\nBo,Lyon,20\n', header: true },
    { name: 'all-text columns, distinct names', text: 'first_name,last_name,email\nAnn,Lee,ann@x.com\nBo,Chen,bo@y.org\n', header: true },
    { name: 'Chinese header', text: '订单编号,买家会员名,付款时间,实付金额\n1001,张三,2024-01-05 10:00:00,19.90\n1002,李四,2024-01-06 11:30:00,5.00\n', header: true },
    { name: 'header with an empty first name (pandas index)', text: ',a,b\n0,1,2\n1,3,4\n', header: true },
    { name: 'header over currency amounts', text: 'order,total\nA1,"$1,234.50"\nA2,$5.00\n', header: true },
    { name: 'header only', text: 'customer_id,order_id,amount\n', header: true },
    { name: 'numbers on the first row', text: '1,2.5\n2,3\n3,4\n', header: false },
    { name: 'data row with text and numbers', text: 'C001,2024-01-05,19.99\nC002,2024-01-06,5.00\n', header: false },
    { name: 'text-only rows where the first repeats below', text: 'red,small\nblue,large\nred,large\n', header: false },
    { name: 'e-mail addresses on the first row', text: 'ann@x.com,Ann\nbo@y.org,Bo\n', header: false },
    { name: 'duplicate names on the first row', text: 'a,a\nx,y\nz,w\n', header: false },
    { name: 'CDNOW sample (headerless, whitespace)', text: ' 00004 0001 19970101  2   29.33\n 00004 0001 19970118  2   29.73\n', header: false },
    { name: 'CDNOW master (header, whitespace)', text: ' customer_id date number_of_cds dollar_value\r\n 00001 19970101  1  11.77\r\n 00002 19970112  1  12.00\r\n', header: true },
    { name: 'year-like first row is data', text: '2021,10\n2022,12\n', header: false },
  ])('$name -> $header', ({ text, header }) => {
    expect(sniff(utf8(text), 'x.txt').hasHeader).toBe(header);
  });
});

describe('bad input', () => {
  const expectIngestError = (fn: () => unknown, message: RegExp) => {
    expect(fn).toThrow(IngestError);
    expect(fn).toThrow(message);
  };
  it('an empty file', () => expectIngestError(() => sniff(new Uint8Array(0), 'orders.csv'), /^orders\.csv is empty\. Export the data again/));
  it('a file of blank lines', () => expectIngestError(() => sniff(utf8('\n\r\n  \n'), 'orders.csv'), /is empty/));
  it('a BOM and nothing else', () => expectIngestError(() => sniff(bytes(0xef, 0xbb, 0xbf), 'orders.csv'), /is empty/));
  it('a binary file renamed .csv', () => {
    const png = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52);
    expectIngestError(
      () => sniff(png, 'orders.csv'),
      /^This file is not text or a known data format \(orders\.csv: .*\)\. Open a CSV, TSV, Excel \(\.xlsx\), Parquet, JSON or Arrow file\.$/,
    );
  });
  it('random bytes', () => {
    let seed = 42;
    const random = new Uint8Array(4096).map(() => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff);
    expectIngestError(() => sniff(random, 'data.csv'), /not text or a known data format/);
  });
  it('control bytes without NULs', () => expectIngestError(() => sniff(utf8('a,b\n\u0001\u0002\u0003,\u0004\u0005\n'), 'x.csv'), /control/));
  it('an old .xls workbook', () => expectIngestError(() => sniff(bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0), 'a.xls'), /Save it from Excel as \.xlsx or CSV/));
  it('a zip that is not a workbook', () => expectIngestError(() => sniff(bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0), 'export.zip'), /ZIP archive\. Unzip it/));
  it('a gzip file', () => expectIngestError(() => sniff(bytes(0x1f, 0x8b, 8, 0), 'orders.csv.gz'), /compressed \(gzip\)/));
  it('a PDF', () => expectIngestError(() => sniff(utf8('%PDF-1.7\n'), 'report.pdf'), /PDF document/));
});
