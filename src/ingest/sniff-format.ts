/** Recognises binary data formats by their magic bytes, and refuses known formats we cannot read. */
import { IngestError } from './errors';
import { say } from '../text/language';

/** A binary format we read in JavaScript. */
export type BinaryFormat = 'parquet' | 'arrow' | 'xlsx';

const OPEN_INSTEAD = say('Open a CSV, TSV, Excel (.xlsx), Parquet, JSON or Arrow file.', '请打开 CSV、TSV、Excel（.xlsx）、Parquet、JSON 或 Arrow 文件。');

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.length <= bytes.length && prefix.every((b, i) => bytes[i] === b);
}

function ascii(text: string): number[] {
  return [...text].map((c) => c.charCodeAt(0));
}

function containsAscii(bytes: Uint8Array, text: string): boolean {
  const needle = ascii(text);
  outer: for (let i = 0; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** The binary format announced by the first bytes of a file, or null for text; throws for unreadable formats. */
export function detectBinaryFormat(head: Uint8Array, fileName: string): BinaryFormat | null {
  if (startsWith(head, ascii('PAR1'))) return 'parquet';
  if (startsWith(head, ascii('ARROW1'))) return 'arrow';
  if (startsWith(head, [0xff, 0xff, 0xff, 0xff])) return 'arrow';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    if (/\.xls[xm]$/i.test(fileName) || containsAscii(head, 'xl/')) return 'xlsx';
    throw new IngestError(say(`${fileName} is a ZIP archive. Unzip it and open the data file inside. ${OPEN_INSTEAD.en}`, `${fileName} 是 ZIP 压缩包。请先解压，再打开里面的数据文件。${OPEN_INSTEAD['zh-CN']}`));
  }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    throw new IngestError(
      say(
        `${fileName} is an old Excel 97-2003 workbook (.xls), which Cohortbook cannot read. Save it from Excel as .xlsx or CSV and open that.`,
        `${fileName} 是旧版 Excel 97-2003 工作簿（.xls），Cohortbook 无法读取。请在 Excel 中另存为 .xlsx 或 CSV 后再打开。`,
      ),
    );
  }
  if (startsWith(head, [0x1f, 0x8b])) {
    throw new IngestError(say(`${fileName} is compressed (gzip). Decompress it first, then open the file inside.`, `${fileName} 是压缩文件（gzip）。请先解压，再打开里面的文件。`));
  }
  if (startsWith(head, ascii('%PDF'))) {
    throw new IngestError(say(`${fileName} is a PDF document, not a data table. ${OPEN_INSTEAD.en}`, `${fileName} 是 PDF 文档，不是数据表。${OPEN_INSTEAD['zh-CN']}`));
  }
  return null;
}

/** The error for a file that is neither text nor a known data format. */
export function notTextError(fileName: string, what: string): IngestError {
  return new IngestError(say(`This file is not text or a known data format (${fileName}: ${what}). ${OPEN_INSTEAD.en}`, `这个文件不是文本，也不是已知的数据格式（${fileName}：${what}）。${OPEN_INSTEAD['zh-CN']}`));
}
