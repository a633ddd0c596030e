/** The export worker's API: turns a result (Arrow IPC, transferred in) into a CSV or Parquet file. */

/** The file formats a result can be saved as. */
export type ExportFormat = 'csv' | 'parquet';

export type ExportApi = {
  encode: { params: { format: ExportFormat; ipc: Uint8Array }; result: Blob };
};
