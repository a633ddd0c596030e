/// <reference lib="webworker" />
/** Runs `decode` away from the page, so a large transcode or Parquet/xlsx parse never freezes it. */
import { decode } from '../../src/ingest/decode';
import { blobSource, bytesSource } from '../../src/ingest/sources';
import type { Decoded } from '../../src/ingest/types';
import type { RpcPort } from '../../src/rpc/protocol';
import { serveRpc } from '../../src/rpc/server';
import { transferring } from '../../src/rpc/transfer';
import type { IngestApi } from './protocol';

serveRpc<IngestApi>(self as unknown as RpcPort, {
  decode: async ({ input, sniffed }) => {
    const source = 'blob' in input ? blobSource(input.name, input.blob) : bytesSource(input.name, input.bytes);
    const decoded = await decode(source, sniffed);
    return transferring(decoded, buffersOf(decoded));
  },
});

function buffersOf(decoded: Decoded): Transferable[] {
  const bytes = decoded.kind === 'csv' ? decoded.bytes : decoded.ipc;
  return bytes ? [bytes.buffer as ArrayBuffer] : [];
}
