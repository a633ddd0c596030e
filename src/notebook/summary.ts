/** A plain summary of a run, one entry per code cell: what the command line prints with --json. */
import { isNamed } from './names';
import type { CellResult } from './results';
import type { Notebook } from './types';

/** One code cell's outcome. */
export interface CellSummary {
  name: string;
  kind: 'sql' | 'chart' | 'model';
  status: CellResult['status'];
  rows: number | null;
  ms: number | null;
  error?: string;
  line?: number;
  column?: number;
  note?: string;
}

/** The summary of every SQL, chart and model cell of `nb`, in notebook order. */
export function summariseRun(nb: Notebook, results: ReadonlyMap<string, CellResult>): CellSummary[] {
  return nb.cells.filter(isNamed).map((cell) => {
    const result = results.get(cell.id);
    const output = result?.output;
    const rows = output?.kind === 'table' ? output.rowCount : output?.kind === 'chart' ? output.rows : output?.kind === 'model' ? output.summary.rows : null;
    const note =
      result?.status === 'stale'
        ? result.staleReason
        : output?.kind === 'info'
          ? output.message
          : output?.kind === 'chart'
            ? output.notice
            : output?.kind === 'model'
              ? [output.summary.kind === 'churn' ? output.summary.verdict.warning : null, output.summary.sentence].filter(Boolean).join(' ')
              : undefined;
    return {
      name: cell.name,
      kind: cell.kind,
      status: result?.status ?? 'idle',
      rows: result?.status === 'ok' ? rows : null,
      ms: result?.ms ?? null,
      ...(result?.error ? { error: result.error.message } : {}),
      ...(result?.error?.line ? { line: result.error.line } : {}),
      ...(result?.error?.column ? { column: result.error.column } : {}),
      ...(note ? { note } : {}),
    };
  });
}
