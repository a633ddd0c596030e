/**
 * Sniffs a file from its first bytes: the data format by magic bytes, then for text the encoding,
 * JSON vs NDJSON, the delimiter (or whitespace alignment) and whether the first row is a header.
 */
import { decodeText } from './encoding';
import { IngestError } from './errors';
import { sniffDelimiter } from './sniff-delimiter';
import { detectEncoding } from './sniff-encoding';
import { detectBinaryFormat } from './sniff-format';
import { sniffHeader } from './sniff-header';
import { sniffJson } from './sniff-json';
import type { ByteSource, Sniffed } from './types';
import { say } from '../text/language';

/** How many leading bytes the sniffer looks at. */
export const SNIFF_BYTES = 64 * 1024;

/** Sniffs the first SNIFF_BYTES of a source. */
export async function sniffSource(source: ByteSource): Promise<Sniffed> {
  const head = await source.read(0, Math.min(source.size, SNIFF_BYTES));
  return sniff(head, source.name, source.size <= SNIFF_BYTES);
}

/**
 * Sniffs `head`, the first bytes of `fileName`. `complete` says the head is the whole file (default:
 * when it is shorter than SNIFF_BYTES); otherwise its last, possibly cut, line is ignored.
 */
export function sniff(head: Uint8Array, fileName: string, complete = head.length < SNIFF_BYTES): Sniffed {
  if (head.length === 0) throw emptyFileError(fileName);
  const binary = detectBinaryFormat(head, fileName);
  if (binary) return { format: binary, encoding: null, hasBom: false, delimiter: null, hasHeader: true, warnings: [] };

  const { encoding, hasBom, warnings } = detectEncoding(head, fileName);
  const text = decodeText(head, encoding);
  if (text.trim() === '') throw emptyFileError(fileName);
  const base = { encoding, hasBom, warnings };

  const json = sniffJson(text, fileName, complete);
  if (json) return { format: json, delimiter: null, hasHeader: true, ...base };

  const guess = sniffDelimiter(completeLines(text, complete));
  if (guess.consistency < 1 && guess.records.length > 1) {
    const odd = guess.records.length - Math.round(guess.consistency * guess.records.length);
    warnings.push(
      say(
        `${odd} of the first ${guess.records.length} rows have a different number of fields than the others; they may be rejected when the file is read.`,
        `前 ${guess.records.length} 行中有 ${odd} 行的字段数与其他行不同；读取文件时它们可能被拒绝。`,
      ),
    );
  }
  return { format: guess.format, delimiter: guess.delimiter, hasHeader: sniffHeader(guess.records), ...base };
}

/** The text without its last line when the sample was cut from a longer file. */
function completeLines(text: string, complete: boolean): string {
  if (complete) return text;
  const end = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
  return end > 0 ? text.slice(0, end + 1) : text;
}

function emptyFileError(fileName: string): IngestError {
  return new IngestError(say(`${fileName} is empty. Export the data again, or pick another file.`, `${fileName} 是空的。请重新导出数据，或选择另一个文件。`));
}
