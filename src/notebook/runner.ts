/**
 * The notebook's dataflow. `runAll` runs every cell in dependency order; `runCell` runs one cell and
 * the cells downstream of it, and nothing else (plus upstream cells that have no good result yet).
 * A failing cell leaves its dependents stale ("blocked by <name>") and every other cell untouched.
 * Runs are queued one after another; `cancel()` stops between cells (and interrupts the running
 * query when the engine supports it). Results are plain data: Arrow tables, specs and messages.
 */
import type { Table } from 'apache-arrow';
import { withRequestOptions, type Db, type Priority } from '../engine/db';
import { dropOrphanTables, tableOwner } from './cell-tables';
import { relationReader } from '../engine/relation';
import { buildGraph, modelInput, upstreamOf, downstreamOf, type DependencyGraph } from './graph';
import { isNamed } from './names';
import type { CellError, CellOutput, CellResult, RunEvent, RunSummary } from './results';
import { runChartCell, CHART_ROW_LIMIT } from './run-chart';
import { placeholderModel, type ModelHook } from './run-model';
import { runSqlCell, missingNameMessage } from './run-sql';
import type { Cell, Notebook } from './types';

/** How the runner behaves. */
export interface RunnerOptions {
  /** Rows kept in a SQL result's preview (default 1,000; the grid pages the rest with `page`). */
  previewRows?: number;
  /** Rows a chart inlines at most (default 5,000). */
  chartRowLimit?: number;
  /** Called on every change of a cell's state. */
  onEvent?: (event: RunEvent) => void;
  /** Runs model cells (default: an info saying models arrive with the churn model). */
  model?: ModelHook;
  /** Interrupts the query running now; called by `cancel()` (default: `db.interrupt` when the engine has it). */
  interrupt?: () => void | Promise<void>;
  /** Milliseconds clock, injectable for tests (default performance.now). */
  clock?: () => number;
}

/** Runs a notebook's cells and remembers their results. */
export interface Runner {
  /** Runs every cell in dependency order. */
  runAll(nb: Notebook): Promise<RunSummary>;
  /** Runs the cell `cellId` and everything downstream of it, only. */
  runCell(nb: Notebook, cellId: string): Promise<RunSummary>;
  /** Runs the cells `cellIds` (e.g. an inserted analysis) and everything downstream of them, each once. */
  runCells(nb: Notebook, cellIds: readonly string[]): Promise<RunSummary>;
  /** Stops the running and queued runs after the current cell (interrupting its query if possible). */
  cancel(): void;
  /** The last result of a cell. */
  result(cellId: string): CellResult | undefined;
  /** All results by cell id. */
  results(): ReadonlyMap<string, CellResult>;
  /** How many times a cell was executed. */
  runCount(cellId: string): number;
  /** The dependency graph of the last run. */
  graph(): DependencyGraph | undefined;
  /** Rows of a SQL cell's result table, for paging a virtualised grid. */
  page(name: string, offset: number, limit: number): Promise<Table>;
}

type Outcome = { output: CellOutput } | { error: CellError };

/** Creates a runner over `db`. */
export function createRunner(db: Db, options: RunnerOptions = {}): Runner {
  const previewRows = options.previewRows ?? 1000;
  const chartRowLimit = options.chartRowLimit ?? CHART_ROW_LIMIT;
  const model = options.model ?? placeholderModel;
  const clock = options.clock ?? (() => performance.now());
  const results = new Map<string, CellResult>();
  const counts = new Map<string, number>();
  let lastGraph: DependencyGraph | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let generation = 0;
  let controller = new AbortController();

  const set = (cellId: string, patch: Omit<CellResult, 'cellId' | 'runs'>, type: RunEvent['type']): void => {
    const result: CellResult = { cellId, runs: counts.get(cellId) ?? 0, ...patch };
    const previous = results.get(cellId);
    if (patch.status === 'running' || patch.status === 'queued' || patch.status === 'stale') {
      if (previous?.output && !result.output) result.output = previous.output;
    }
    results.set(cellId, result);
    options.onEvent?.({ type, cellId, result });
  };

  /** Whole-notebook runs queue as background work on the engine; the cells a user ran go ahead of them. */
  const enqueue = (nb: Notebook, pick: (graph: DependencyGraph) => Set<string>, priority: Priority): Promise<RunSummary> => {
    const myGeneration = generation;
    const run = queue.then(() => execute(withRequestOptions(db, { priority }), nb, pick, myGeneration));
    queue = run.catch(() => undefined);
    return run;
  };

  const execute = async (db: Db, nb: Notebook, pick: (g: DependencyGraph) => Set<string>, myGeneration: number): Promise<RunSummary> => {
    const summary: RunSummary = { ran: [], failed: [], stale: [], cancelled: false };
    const graph = await buildGraph(nb, (sql) => db.identifiers(sql));
    lastGraph = graph;
    for (const id of results.keys()) if (!graph.cells.includes(id)) results.delete(id);
    await dropOrphanTables(db, nb.cells.filter((c) => c.kind === 'sql').map((c) => (c as { name: string }).name));
    const planned = pick(graph);
    const cells = new Map(nb.cells.map((c) => [c.id, c]));
    const nameOf = (id: string): string => {
      const cell = cells.get(id);
      return cell && isNamed(cell) ? cell.name : id;
    };
    const targets = nb.cells.filter((c) => planned.has(c.id) && c.kind !== 'markdown').map((c) => c.id);
    for (const id of targets) set(id, { status: 'queued' }, 'queued');

    for (const id of targets.filter((t) => graph.cycles.has(t))) {
      const names = graph.cycles.get(id) as string[];
      const message = `These cells read each other in a circle: ${names.join(' → ')} → ${names[0]}. Remove one of the references.`;
      set(id, { status: 'error', error: { kind: 'cycle', message, names } }, 'failed');
      summary.failed.push(id);
    }
    for (const id of graph.order.filter((o) => planned.has(o) && targets.includes(o))) {
      const cell = cells.get(id) as Cell;
      if (myGeneration !== generation) {
        set(id, { status: 'stale', staleReason: 'Cancelled. Run the cell again to finish.' }, 'stale');
        summary.stale.push(id);
        summary.cancelled = true;
        continue;
      }
      const blocker = (graph.upstream.get(id) ?? []).find((u) => results.get(u)?.status !== 'ok');
      if (blocker !== undefined) {
        const name = nameOf(blocker);
        set(id, { status: 'stale', staleReason: `Blocked by ${name}.`, blockedBy: name }, 'stale');
        summary.stale.push(id);
        continue;
      }
      counts.set(id, (counts.get(id) ?? 0) + 1);
      summary.ran.push(id);
      set(id, { status: 'running' }, 'started');
      const started = clock();
      const outcome = await runOne(db, cell, graph, nameOf);
      const ms = Math.round((clock() - started) * 10) / 10;
      if ('error' in outcome) {
        const cancelled = myGeneration !== generation;
        if (cancelled) {
          set(id, { status: 'stale', staleReason: 'Cancelled. Run the cell again to finish.', ms }, 'stale');
          summary.stale.push(id);
          summary.cancelled = true;
        } else {
          set(id, { status: 'error', error: outcome.error, ms }, 'failed');
          summary.failed.push(id);
        }
      } else if (outcome.output.kind === 'info') {
        set(id, { status: 'info', output: outcome.output, ms }, 'info');
      } else {
        set(id, { status: 'ok', output: outcome.output, ms }, 'finished');
      }
    }
    return summary;
  };

  const runOne = async (db: Db, cell: Cell, graph: DependencyGraph, nameOf: (id: string) => string): Promise<Outcome> => {
    if (graph.duplicates.has(cell.id) && isNamed(cell)) {
      const first = graph.byName.get(cell.name.toLowerCase()) as string;
      return { error: { kind: 'name', message: `Another cell is already named ${nameOf(first)}. Rename this cell: names must be unique.` } };
    }
    try {
      if (cell.kind === 'sql') return await runSqlCell(db, cell, previewRows);
      if (cell.kind === 'chart') return await runChartCell(db, cell, chartRowLimit);
      if (cell.kind === 'model') return await runModel(db, cell);
    } catch (error) {
      return { error: { kind: 'sql', message: error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error) } };
    }
    return { error: { kind: 'empty', message: 'Nothing to run.' } };
  };

  const runModel = async (db: Db, cell: Extract<Cell, { kind: 'model' }>): Promise<Outcome> => {
    const input = modelInput(cell.source);
    if (input !== null && (await tableOwner(db, input)) === 'none') {
      return { error: { kind: 'missing', message: missingNameMessage(input), names: [input] } };
    }
    return model(cell, { db, signal: controller.signal });
  };

  const runCells = (nb: Notebook, cellIds: readonly string[]): Promise<RunSummary> =>
    enqueue(nb, (g) => {
      const chosen = new Set(cellIds.flatMap((id) => [id, ...downstreamOf(g, id)]));
      for (const id of [...chosen]) {
        for (const mate of g.cycles.get(id) ? g.cells.filter((c) => g.cycles.get(c) === g.cycles.get(id)) : []) chosen.add(mate);
        for (const up of upstreamOf(g, id)) if (results.get(up)?.status !== 'ok') chosen.add(up);
      }
      return chosen;
    }, 'normal');

  return {
    runAll: (nb) => enqueue(nb, (g) => new Set(g.cells), 'background'),
    runCell: (nb, cellId) => runCells(nb, [cellId]),
    runCells: (nb, cellIds) => runCells(nb, cellIds),
    cancel: () => {
      generation++;
      controller.abort();
      controller = new AbortController();
      void (options.interrupt ? options.interrupt() : db.interrupt?.());
    },
    result: (cellId) => results.get(cellId),
    results: () => results,
    runCount: (cellId) => counts.get(cellId) ?? 0,
    graph: () => lastGraph,
    page: (name, offset, limit) => relationReader(db, name).rows(offset, limit, null),
  };
}
