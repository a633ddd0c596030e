/** Reads an Arrow IPC file or stream and re-writes it as the IPC stream DuckDB inserts. */
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { IngestError } from '../errors';

/** Any Arrow IPC bytes (file or stream format) as an IPC stream. */
export function arrowToIpcStream(bytes: Uint8Array, fileName: string): Uint8Array {
  try {
    return tableToIPC(tableFromIPC(bytes), 'stream');
  } catch (error) {
    throw new IngestError(
      `${fileName} looks like an Arrow file but could not be read (${(error as Error).message}). ` +
        'It may be damaged or cut short: export it again.',
      { cause: error },
    );
  }
}
