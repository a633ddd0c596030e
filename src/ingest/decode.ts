/**
 * Turns a sniffed source into something DuckDB reads: UTF-8 delimited text (the original file when it
 * already is, with no copy), or an Arrow IPC stream for the formats read in JavaScript. The Parquet and
 * Excel readers (with their decompressors) are loaded only when such a file is opened.
 */
import { csvColumnNames } from './csv-columns';
import { needsNormalising, normaliseLineEndings, scanLineEndings } from './line-endings';
import { bytesSource } from './sources';
import { decodeText, toUtf8 } from './encoding';
import { IngestError } from './errors';
import { arrowToIpcStream } from './readers/arrow';
import { jsonToIpc } from './readers/json';
import { ndjsonToIpc } from './readers/ndjson';
import { SNIFF_BYTES } from './sniff';
import { whitespaceToTsv } from './whitespace';
import type { ByteSource, Decoded, Sniffed, TextEncoding } from './types';
import { say } from '../text/language';

export { csvReadSql, REJECT_TABLES, type CsvReadOptions, type DecodedCsv } from './csv-sql';

/** Decodes `source` as `sniffed` describes it. */
export async function decode(source: ByteSource, sniffed: Sniffed): Promise<Decoded> {
  const encoding: TextEncoding = sniffed.encoding ?? 'utf-8';
  switch (sniffed.format) {
    case 'csv':
      return decodeDelimited(source, sniffed, encoding);
    case 'whitespace': {
      const tsv = whitespaceToTsv(decodeText(await source.read(), encoding));
      return csv(new TextEncoder().encode(tsv), '\t', sniffed.hasHeader, csvColumnNames(tsv, '\t', sniffed.hasHeader));
    }
    case 'json':
      return { kind: 'arrow', ipc: jsonToIpc(decodeText(await source.read(), encoding), source.name) };
    case 'ndjson': {
      const { ipc, warnings } = ndjsonToIpc(decodeText(await source.read(), encoding), source.name);
      return { kind: 'arrow', ipc, warnings };
    }
    case 'parquet': {
      const { parquetToIpc } = await import('./readers/parquet');
      return { kind: 'arrow', ipc: await parquetToIpc(source) };
    }
    case 'arrow':
      return { kind: 'arrow', ipc: arrowToIpcStream(await source.read(), source.name) };
    case 'xlsx': {
      const { xlsxToIpc } = await import('./readers/xlsx');
      return { kind: 'arrow', ipc: await xlsxToIpc(await source.read(), source.name) };
    }
  }
}

async function decodeDelimited(source: ByteSource, sniffed: Sniffed, encoding: TextEncoding): Promise<Decoded> {
  const delimiter = sniffed.delimiter;
  if (delimiter === null || delimiter.length !== 1) {
    throw new IngestError(say(`Cannot read ${source.name}: no single-character column delimiter was found. Save it as CSV.`, `无法读取 ${source.name}：没有找到单字符的列分隔符。请把它另存为 CSV。`));
  }
  const head = decodeText(await source.read(0, Math.min(source.size, SNIFF_BYTES)), encoding);
  const sample = source.size > SNIFF_BYTES ? head.slice(0, Math.max(head.lastIndexOf('\n'), 0)) || head : head;
  const columns = csvColumnNames(sample, delimiter, sniffed.hasHeader);
  const utf8 = encoding === 'utf-8' ? null : toUtf8(await source.read(), encoding);
  if (sniffed.lineEndings !== 'normalise') return csv(utf8, delimiter, sniffed.hasHeader, columns);
  const endings = await scanLineEndings(utf8 ? bytesSource(source.name, utf8) : source);
  if (!needsNormalising(endings)) return csv(utf8, delimiter, sniffed.hasHeader, columns);
  const normalised = normaliseLineEndings(utf8 ?? (await source.read()));
  return { ...csv(normalised, delimiter, sniffed.hasHeader, columns), lineEndings: endings };
}

function csv(bytes: Uint8Array | null, delimiter: string, hasHeader: boolean, columns: string[]): Extract<Decoded, { kind: 'csv' }> {
  return { kind: 'csv', bytes, delimiter, hasHeader, columns };
}
