/** Reads the first sheet of an Excel workbook; its first row is the header, date cells become timestamps. */
import { readSheet } from 'read-excel-file/universal';
import { IngestError } from '../errors';
import { columnsToIpc, type JsColumn } from './to-arrow';

/** The first sheet of an .xlsx workbook as an Arrow IPC stream. */
export async function xlsxToIpc(bytes: Uint8Array, fileName: string): Promise<Uint8Array> {
  let rows: unknown[][];
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    rows = (await readSheet(buffer)) as unknown[][];
  } catch (error) {
    throw new IngestError(
      `${fileName} could not be read as an Excel workbook (${(error as Error).message}). ` +
        'Open it in Excel and save it again as .xlsx, or as CSV.',
      { cause: error },
    );
  }
  const [header, ...body] = rows;
  if (!header || header.every((cell) => cell === null || cell === '')) {
    throw new IngestError(`The first sheet of ${fileName} is empty. Put the data on the first sheet, with column names in row 1.`);
  }
  const width = body.reduce((max, row) => Math.max(max, row.length), header.length);
  const columns: JsColumn[] = Array.from({ length: width }, (_, c) => ({
    name: header[c] === null || header[c] === undefined ? '' : String(header[c]),
    values: body.map((row) => row[c] ?? null),
  }));
  return columnsToIpc(columns);
}
