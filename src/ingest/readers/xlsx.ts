/** Reads the first sheet of an Excel workbook; its first row is the header, date cells become timestamps. */
import { readSheet } from 'read-excel-file/universal';
import { IngestError } from '../errors';
import { columnsToIpc, type JsColumn } from './to-arrow';
import { say } from '../../text/language';

/** The first sheet of an .xlsx workbook as an Arrow IPC stream. */
export async function xlsxToIpc(bytes: Uint8Array, fileName: string): Promise<Uint8Array> {
  let rows: unknown[][];
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    rows = (await readSheet(buffer)) as unknown[][];
  } catch (error) {
    const why = (error as Error).message;
    throw new IngestError(
      say(
        `${fileName} could not be read as an Excel workbook (${why}). Open it in Excel and save it again as .xlsx, or as CSV.`,
        `${fileName} 无法按 Excel 工作簿读取（${why}）。请在 Excel 中打开并重新另存为 .xlsx 或 CSV。`,
      ),
      { cause: error },
    );
  }
  const [header, ...body] = rows;
  if (!header || header.every((cell) => cell === null || cell === '')) {
    throw new IngestError(say(`The first sheet of ${fileName} is empty. Put the data on the first sheet, with column names in row 1.`, `${fileName} 的第一个工作表是空的。请把数据放在第一个工作表上，第 1 行为列名。`));
  }
  const width = body.reduce((max, row) => Math.max(max, row.length), header.length);
  const columns: JsColumn[] = Array.from({ length: width }, (_, c) => ({
    name: header[c] === null || header[c] === undefined ? '' : String(header[c]),
    values: body.map((row) => row[c] ?? null),
  }));
  return columnsToIpc(columns);
}
