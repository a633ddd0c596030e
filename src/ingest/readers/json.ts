/** Reads a JSON document: an array of records, or an object holding one such array (`{"orders": [...]}`). */
import { IngestError } from '../errors';
import { checkJsonDepth } from './json-depth';
import { rowsToColumns } from './rows';
import { columnsToIpc } from './to-arrow';
import { say } from '../../text/language';

function recordsOf(document: unknown): unknown[] {
  if (Array.isArray(document)) return document;
  if (typeof document === 'object' && document !== null) {
    const arrays = Object.values(document).filter(Array.isArray);
    if (arrays.length === 1) return arrays[0]!;
  }
  return [document];
}

/** Parses JSON text and returns its records as an Arrow IPC stream. */
export function jsonToIpc(text: string, fileName: string): Uint8Array {
  checkJsonDepth(text, fileName);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const why = (error as Error).message;
    throw new IngestError(
      say(
        `${fileName} is not valid JSON (${why}). The file may be cut short or damaged: export it again, or save it as CSV.`,
        `${fileName} 不是有效的 JSON（${why}）。文件可能不完整或已损坏：请重新导出，或另存为 CSV。`,
      ),
      { cause: error },
    );
  }
  const rows = recordsOf(document);
  if (rows.length === 0) throw new IngestError(say(`${fileName} holds no records (an empty JSON array). Export the data again.`, `${fileName} 里没有记录（空的 JSON 数组）。请重新导出数据。`));
  return columnsToIpc(rowsToColumns(rows));
}
