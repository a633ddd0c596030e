/** Reads an Arrow IPC file or stream and re-writes it as the IPC stream DuckDB inserts. */
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { IngestError } from '../errors';
import { say } from '../../text/language';

/** Any Arrow IPC bytes (file or stream format) as an IPC stream. */
export function arrowToIpcStream(bytes: Uint8Array, fileName: string): Uint8Array {
  try {
    return tableToIPC(tableFromIPC(bytes), 'stream');
  } catch (error) {
    const why = (error as Error).message;
    throw new IngestError(
      say(
        `${fileName} looks like an Arrow file but could not be read (${why}). It may be damaged or cut short: export it again.`,
        `${fileName} 看起来是 Arrow 文件，但无法读取（${why}）。它可能已损坏或不完整：请重新导出。`,
      ),
      { cause: error },
    );
  }
}
