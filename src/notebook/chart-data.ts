/**
 * A chart's rows travel as bytes: an Arrow IPC stream, made where DuckDB answered and turned into row
 * objects only where the chart is drawn (the chart worker, the HTML report, a live chart on the page,
 * the command line). This is the one inline-data path for all of them.
 */
import { tableFromIPC, tableToIPC, type Table } from 'apache-arrow';
import { tableToRows } from '../engine/rows';
import { inlineData } from './chart-spec';

/** The rows of `table` as an Arrow IPC stream. */
export function chartDataOf(table: Table): Uint8Array {
  return tableToIPC(table, 'stream');
}

/** `spec` with the rows of `data` (an Arrow IPC stream) inlined as its values; `spec` itself without data. */
export function specWithData(spec: Record<string, unknown>, data: Uint8Array | null | undefined): Record<string, unknown> {
  return data ? inlineData(spec, tableToRows(tableFromIPC(data))) : spec;
}
