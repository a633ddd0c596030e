/** What running a cell produces: plain data (Arrow tables, specs, messages) the UI and the report render. */
import type { Table } from 'apache-arrow';
import type { ModelSummary } from './model-summary';

/** Where a cell stands. `stale`: not run because something upstream failed or the run was cancelled. */
export type CellStatus = 'idle' | 'queued' | 'running' | 'ok' | 'error' | 'stale' | 'info';

/** Why a cell failed. */
export type CellErrorKind = 'sql' | 'missing' | 'cycle' | 'name' | 'chart' | 'model' | 'empty';

/** A failure shown on the cell, with the position in its source when DuckDB gave one (1-based). */
export interface CellError {
  kind: CellErrorKind;
  message: string;
  line?: number;
  column?: number;
  /** The missing name (kind `missing`) or the cycle's cell names (kind `cycle`). */
  names?: string[];
  /** DuckDB's full message, for a "details" toggle. */
  detail?: string;
}

/** A column of a result. */
export interface ResultColumn {
  name: string;
  type: string;
}

/** A SQL cell's result: materialised as the table `name`; `preview` holds its first rows. */
export interface TableOutput {
  kind: 'table';
  name: string;
  preview: Table;
  rowCount: number;
  columns: ResultColumn[];
}

/** A chart cell's result: the checked Vega-Lite spec and its rows as Arrow (src/notebook/chart-data.ts). */
export interface ChartOutput {
  kind: 'chart';
  /** The spec, without data. */
  spec: Record<string, unknown>;
  /** The rows it draws, as an Arrow IPC stream. */
  data: Uint8Array;
  /** How many rows `data` holds. */
  rows: number;
  /** Rows of the source result. */
  totalRows: number;
  truncated: boolean;
  /** Said to the user beside the chart (e.g. that the data was cut), or absent. */
  notice?: string;
}

/** A message in place of a result (e.g. a model cell before models exist). */
export interface InfoOutput {
  kind: 'info';
  message: string;
}

/** A model cell's result: metrics, curves, baseline, backend and a plain sentence (src/models/model-summary.ts). */
export interface ModelOutput {
  kind: 'model';
  summary: ModelSummary;
}

/** Any cell output. */
export type CellOutput = TableOutput | ChartOutput | InfoOutput | ModelOutput;

/** The state and last output of one cell. */
export interface CellResult {
  cellId: string;
  status: CellStatus;
  output?: CellOutput;
  error?: CellError;
  /** For `stale`: what the user reads ("blocked by orders_by_month"). */
  staleReason?: string;
  /** For `stale`: the upstream cell name that blocks this one. */
  blockedBy?: string;
  /** Milliseconds of the last run. */
  ms?: number;
  /** How many times the runner executed this cell. */
  runs: number;
}

/** An event of the runner, for the UI to update one cell at a time. */
export interface RunEvent {
  type: 'queued' | 'started' | 'finished' | 'failed' | 'stale' | 'info';
  cellId: string;
  result: CellResult;
}

/** What a run did, in order of execution. */
export interface RunSummary {
  /** Cells executed (or attempted) in this run, in order. */
  ran: string[];
  /** Cells that failed. */
  failed: string[];
  /** Cells left stale (blocked or cancelled). */
  stale: string[];
  cancelled: boolean;
}
