/** The page's handle on the export worker: sends a result as Arrow IPC, gets the file back as a Blob. */
import type { Table } from 'apache-arrow';
import type { ExportApi, ExportFormat } from './protocol';
import { RpcClient } from '../../src/rpc/client';
import { workerEndpoint } from '../../src/rpc/worker-endpoint';

/** Encodes tables as files in a worker (started on first use). */
export interface ExportEncoder {
  encode(table: Table, format: ExportFormat): Promise<Blob>;
}

/** Starts (lazily) the export worker. */
export function createExportEncoder(): ExportEncoder {
  const client = new RpcClient<ExportApi>(
    workerEndpoint(() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'export' })),
  );
  return {
    async encode(table, format) {
      const { tableToIPC } = await import('apache-arrow');
      const ipc = tableToIPC(table, 'stream');
      return client.call('encode', { format, ipc }, { transfer: [ipc.buffer as ArrayBuffer] });
    },
  };
}
