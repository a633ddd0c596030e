/** Reads Parquet in JavaScript (hyparquet, with every common compression codec) into an Arrow IPC stream. */
import { parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { IngestError } from '../errors';
import type { ByteSource } from '../types';
import { columnsToIpc, type JsColumn } from './to-arrow';
import { say } from '../../text/language';

function asyncBuffer(source: ByteSource): AsyncBuffer {
  return {
    byteLength: source.size,
    slice: async (start, end) => {
      const bytes = await source.read(start, end);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    },
  };
}

/** Reads every row and top-level column of a Parquet source as an Arrow IPC stream. */
export async function parquetToIpc(source: ByteSource): Promise<Uint8Array> {
  try {
    const file = asyncBuffer(source);
    const metadata = await parquetMetadataAsync(file);
    const names = parquetSchema(metadata).children.map((child) => child.element.name);
    const rowCount = Number(metadata.num_rows);
    const values = new Map<string, unknown[]>(names.map((name) => [name, new Array<unknown>(rowCount).fill(null)]));
    await parquetRead({
      file,
      metadata,
      compressors,
      onChunk: ({ columnName, columnData, rowStart, rowEnd }) => {
        const target = values.get(columnName);
        if (!target) return;
        for (let i = 0; i < rowEnd - rowStart && rowStart + i < rowCount; i++) target[rowStart + i] = columnData[i];
      },
    });
    const columns: JsColumn[] = names.map((name) => ({ name, values: values.get(name)! }));
    return columnsToIpc(columns);
  } catch (error) {
    const why = (error as Error).message;
    throw new IngestError(
      say(
        `${source.name} could not be read as Parquet (${why}). It may be damaged or cut short, or use a feature we do not support: export it again, or save it as CSV.`,
        `${source.name} 无法按 Parquet 读取（${why}）。它可能已损坏或不完整，或用到了我们不支持的功能：请重新导出，或另存为 CSV。`,
      ),
      { cause: error },
    );
  }
}
