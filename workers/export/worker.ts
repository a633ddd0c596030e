/// <reference lib="webworker" />
/** Encodes results as CSV or Parquet away from the page, so saving a million rows never freezes it. */
import { tableFromIPC } from 'apache-arrow';
import { tableToCsv } from '../../src/export/csv';
import { tableToParquet } from '../../src/export/parquet';
import type { RpcPort } from '../../src/rpc/protocol';
import { serveRpc } from '../../src/rpc/server';
import type { ExportApi } from './protocol';

serveRpc<ExportApi>(self as unknown as RpcPort, {
  encode: async ({ format, ipc }) => {
    const table = tableFromIPC(ipc);
    if (format === 'csv') return new Blob([tableToCsv(table)], { type: 'text/csv;charset=utf-8' });
    return new Blob([tableToParquet(table)], { type: 'application/vnd.apache.parquet' });
  },
});
