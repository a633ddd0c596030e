/**
 * The page's handle on the ingest worker: a `decode` with the signature `LoadOptions.decode` expects,
 * which sends the file to the worker and gets the decoded bytes back transferred.
 */
import { IngestError } from '../../src/ingest/errors';
import type { ByteSource, Decoded, Sniffed } from '../../src/ingest/types';
import type { DecodeInput, IngestApi } from './protocol';
import { RpcClient } from '../../src/rpc/client';
import { workerEndpoint } from '../../src/rpc/worker-endpoint';

/** A decoder running in a worker; `cancel()` stops whatever it is doing. */
export interface WorkerDecoder {
  decode(source: ByteSource, sniffed: Sniffed, signal?: AbortSignal): Promise<Decoded>;
  cancel(): void;
}

/** Starts (lazily) the ingest worker and returns its decoder. */
export function createWorkerDecoder(): WorkerDecoder {
  const client = new RpcClient<IngestApi>(
    workerEndpoint(
      () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'ingest' }),
    ),
    { IngestError },
  );
  return {
    async decode(source, sniffed, signal) {
      const input = await decodeInput(source);
      const transfer = 'bytes' in input ? [input.bytes.buffer as ArrayBuffer] : [];
      return client.call('decode', { input, sniffed }, { transfer, signal });
    },
    cancel: () => client.terminate(),
  };
}

async function decodeInput(source: ByteSource): Promise<DecodeInput> {
  const file = source.fileSource();
  if (file.kind === 'blob') return { name: source.name, blob: file.blob };
  return { name: source.name, bytes: (await source.read()).slice() };
}
