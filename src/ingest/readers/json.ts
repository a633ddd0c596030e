/** Reads a JSON document: an array of records, or an object holding one such array (`{"orders": [...]}`). */
import { IngestError } from '../errors';
import { checkJsonDepth } from './json-depth';
import { rowsToColumns } from './rows';
import { columnsToIpc } from './to-arrow';

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
    throw new IngestError(
      `${fileName} is not valid JSON (${(error as Error).message}). ` +
        'The file may be cut short or damaged: export it again, or save it as CSV.',
      { cause: error },
    );
  }
  const rows = recordsOf(document);
  if (rows.length === 0) throw new IngestError(`${fileName} holds no records (an empty JSON array). Export the data again.`);
  return columnsToIpc(rowsToColumns(rows));
}
