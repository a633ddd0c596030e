/**
 * One small order dataset written in every format and encoding the ingest pipeline reads, generated in
 * memory by the tests (no committed binaries). `expectedRows` is what every path must give back.
 */
import { brotliCompressSync, gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { parquetWriteBuffer } from 'hyparquet-writer';
import writeXlsxFile from 'write-excel-file/node';

/** One order line of the test dataset. */
export interface Order {
  customer: string;
  order: string;
  date: string;
  amount: number;
  quantity: number;
  product: string;
  name: string;
}

/** The dataset: a dozen lines, Chinese product names, accented customer names (all encodable in GBK and Windows-1252 except the Chinese). */
export const ORDERS: Order[] = [
  { customer: 'C01', order: 'O1001', date: '2024-01-05', amount: 19.99, quantity: 1, product: '绿茶', name: 'André' },
  { customer: 'C01', order: 'O1002', date: '2024-02-11', amount: 5.25, quantity: 2, product: '乌龙茶', name: 'André' },
  { customer: 'C02', order: 'O1003', date: '2024-01-20', amount: 42.5, quantity: 3, product: '普洱', name: 'Jürgen' },
  { customer: 'C03', order: 'O1004', date: '2024-01-21', amount: 7.75, quantity: 1, product: '红茶', name: 'Renée' },
  { customer: 'C03', order: 'O1005', date: '2024-03-02', amount: 12.4, quantity: 4, product: '绿茶', name: 'Renée' },
  { customer: 'C04', order: 'O1006', date: '2024-02-14', amount: 99.95, quantity: 1, product: '茶具套装', name: 'Hélène' },
  { customer: 'C05', order: 'O1007', date: '2024-02-29', amount: 3.5, quantity: 6, product: '茉莉花茶', name: 'José' },
  { customer: 'C05', order: 'O1008', date: '2024-04-01', amount: 15.15, quantity: 2, product: '白茶', name: 'José' },
  { customer: 'C06', order: 'O1009', date: '2024-03-15', amount: 61.25, quantity: 5, product: '龙井', name: 'Clémence' },
  { customer: 'C06', order: 'O1010', date: '2024-05-05', amount: 8.8, quantity: 1, product: '普洱', name: 'Clémence' },
  { customer: 'C07', order: 'O1011', date: '2024-05-06', amount: 27.3, quantity: 3, product: '铁观音', name: 'Zoé' },
  { customer: 'C02', order: 'O1012', date: '2024-06-30', amount: 0.99, quantity: 1, product: '红茶', name: 'Jürgen' },
];

/** Column names in file order. */
export const COLUMNS = ['customer', 'order', 'date', 'amount', 'quantity', 'product', 'name'] as const;

/** The dataset with Latin product names (Windows-1252's €, Œ and curly quotes among them), for encodings without Chinese. */
export const LATIN_ORDERS: Order[] = ORDERS.map((o, i) => ({ ...o, product: ['Thé', 'Café', '“Crème”', 'Œuf€'][i % 4]! }));

function cells(o: Order): string[] {
  return [o.customer, o.order, o.date, o.amount.toFixed(2), String(o.quantity), o.product, o.name];
}

/** The dataset as delimited text. */
export function delimitedText(delimiter: string, rows: Order[] = ORDERS, options: { header?: boolean; eol?: string } = {}): string {
  const eol = options.eol ?? '\n';
  const lines = rows.map((o) => cells(o).join(delimiter));
  if (options.header ?? true) lines.unshift(COLUMNS.join(delimiter));
  return lines.join(eol) + eol;
}

/** The dataset as whitespace-aligned text (leading blank, columns padded with runs of spaces). */
export function alignedText(rows: Order[] = ORDERS, options: { header?: boolean } = {}): string {
  const table = rows.map(cells);
  if (options.header ?? true) table.unshift([...COLUMNS]);
  const widths = COLUMNS.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
  return table.map((r) => ' ' + r.map((cell, c) => cell.padEnd(widths[c]! + 2)).join('').trimEnd()).join('\r\n') + '\r\n';
}

/** Text encoded as `encoding` (iconv-lite names), with an optional BOM. */
export function encodeText(text: string, encoding: string, bom = false): Uint8Array {
  return new Uint8Array(iconv.encode(text, encoding, { addBOM: bom }));
}

function orderObjects(rows: Order[]): Record<string, unknown>[] {
  return rows.map((o) => ({ ...o }));
}

/** The dataset as a JSON array of objects. */
export function jsonBytes(rows: Order[] = ORDERS): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(orderObjects(rows), null, 2));
}

/** The dataset as NDJSON. */
export function ndjsonBytes(rows: Order[] = ORDERS): Uint8Array {
  return new TextEncoder().encode(rows.map((o) => JSON.stringify(o)).join('\n') + '\n');
}

function utcDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** Parquet compression codecs the tests write (zstd needs Node 22's zlib, so it is not written here). */
export type TestCodec = 'UNCOMPRESSED' | 'SNAPPY' | 'GZIP' | 'BROTLI';

/** The dataset as Parquet (dates as TIMESTAMP, quantity INT32). */
export function parquetBytes(codec: TestCodec = 'SNAPPY', rows: Order[] = ORDERS): Uint8Array {
  const buffer = parquetWriteBuffer({
    codec,
    compressors: {
      GZIP: (input: Uint8Array) => new Uint8Array(gzipSync(input)),
      BROTLI: (input: Uint8Array) => new Uint8Array(brotliCompressSync(input)),
    },
    columnData: [
      { name: 'customer', data: rows.map((o) => o.customer), type: 'STRING' },
      { name: 'order', data: rows.map((o) => o.order), type: 'STRING' },
      { name: 'date', data: rows.map((o) => utcDate(o.date)), type: 'TIMESTAMP' },
      { name: 'amount', data: rows.map((o) => o.amount), type: 'DOUBLE' },
      { name: 'quantity', data: rows.map((o) => o.quantity), type: 'INT32' },
      { name: 'product', data: rows.map((o) => o.product), type: 'STRING' },
      { name: 'name', data: rows.map((o) => o.name), type: 'STRING' },
    ],
  });
  return new Uint8Array(buffer);
}

/** The dataset as Arrow IPC, file or stream format (strings dictionary-encoded, as apache-arrow does). */
export function arrowBytes(format: 'file' | 'stream', rows: Order[] = ORDERS): Uint8Array {
  const table = tableFromArrays({
    customer: rows.map((o) => o.customer),
    order: rows.map((o) => o.order),
    date: rows.map((o) => o.date),
    amount: Float64Array.from(rows.map((o) => o.amount)),
    quantity: Int32Array.from(rows.map((o) => o.quantity)),
    product: rows.map((o) => o.product),
    name: rows.map((o) => o.name),
  });
  return tableToIPC(table, format);
}

/** The dataset as an Excel workbook (dates as real date cells). */
export async function xlsxBytes(rows: Order[] = ORDERS): Promise<Uint8Array> {
  const header = COLUMNS.map((name) => ({ value: name }));
  const body = rows.map((o) => [
    { value: o.customer },
    { value: o.order },
    { value: utcDate(o.date), format: 'yyyy-mm-dd' },
    { value: o.amount },
    { value: o.quantity },
    { value: o.product },
    { value: o.name },
  ]);
  return new Uint8Array(await writeXlsxFile([header, ...body]).toBuffer());
}

/** A row read back from DuckDB, normalised so text and typed formats compare equal. */
export function normaliseRow(row: Record<string, unknown>): Order {
  const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  return {
    customer: text(row.customer),
    order: text(row.order),
    date: text(row.date).slice(0, 10),
    amount: Number(row.amount),
    quantity: Number(row.quantity),
    product: text(row.product),
    name: text(row.name),
  };
}
