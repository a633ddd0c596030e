/**
 * One open notebook in the browser: the document and its undo history (src/notebook/history.ts), the
 * runner's results cell by cell, a results grid per SQL output, and what the user is doing (editing,
 * report mode). Components read this and call its methods; all notebook logic is the core's.
 */
import type { SQLNamespace } from '@codemirror/lang-sql';
import { withRequestOptions, type Db } from '../../engine/db';
import { customerListCsv, customerListSql, customerRowsCsv, segmentCounts, type CustomerList, type SegmentCount } from '../../analyses/customer-lists';
import { ident } from '../../sql/quote';
import { campaignFigures, campaignName, campaignSources, campaignSql, type CampaignFigures } from '../../analyses/campaign';
import type { TableInfo } from '../../engine/catalog';
import * as doc from '../../notebook/document';
import { canRedo, canUndo, createHistory, record, redo, undo, type History } from '../../notebook/history';
import { placeCells, type PlacedDraft } from '../../notebook/place-cells';
import type { CellResult, RunSummary, TableOutput } from '../../notebook/results';
import type { Runner } from '../../notebook/runner';
import type { HelloOptions } from '../../../workers/train/trainer';
import type { Cell, CellKind, Notebook } from '../../notebook/types';
import type { ExportEncoder } from '../../../workers/export/client';
import { relationReader } from '../../engine/relation';
import { GridState } from '../grid/grid-state.svelte';
import { ModelTraining } from './model-training.svelte';
import { trainOptionsFromQuery } from './train-options';

/** What a session needs from the app. */
export interface SessionDeps {
  /** The database (started on first use). */
  db(): Promise<Db>;
  /** Tables and views with their columns, for completion. */
  tables(db: Db): Promise<TableInfo[]>;
  /** Called after a run changed the tables (the table list refreshes). */
  tablesChanged?(): void;
  /** Called after every change of the document (autosave). */
  changed?(nb: Notebook): void;
  /** Encodes results as CSV/Parquet off the page. */
  exporter?: ExportEncoder;
  /** Hands a finished file to the user. */
  download?(filename: string, blob: Blob): void;
  now(): number;
  /** Trainer start-up options; default: the test-only switches in the page's URL (train-options.ts). */
  trainOptions?: HelloOptions;
}

/** Starting text of new cells. */
const STARTER: Record<CellKind, string> = {
  markdown: '',
  sql: 'SELECT *\nFROM cb_orders\nLIMIT 100',
  chart: '',
  model: '{\n  "data": ""\n}',
};

/** The open notebook and everything shown about it. */
export class NotebookSession {
  history = $state.raw<History<Notebook>>(createHistory(doc.createNotebook()));
  results = $state.raw<ReadonlyMap<string, CellResult>>(new Map());
  grids = $state.raw<Record<string, GridState>>({});
  /** The source each cell had when it last started running (to show "edited since the last run"). */
  ranSources = $state.raw<Record<string, string>>({});
  schema = $state.raw<SQLNamespace>({});
  /** The Markdown cell in edit mode. */
  editing = $state<string | null>(null);
  /** The cell that should take the keyboard focus (after add, Shift+Enter…). */
  focusRequest = $state<{ id: string; at: number } | null>(null);
  reportMode = $state(false);
  /** Runs asked for and not finished yet (they queue one after another in the runner). */
  pendingRuns = $state(0);
  runStartedAt = $state(0);

  /** Model cells: the training worker (started on the first model run) and their live state. */
  readonly models: ModelTraining;

  private runner: Runner | null = null;
  private runnerDb: Db | null = null;

  constructor(private readonly deps: SessionDeps) {
    this.models = new ModelTraining({
      db: () => deps.db(),
      download: deps.download,
      trainOptions: deps.trainOptions ?? trainOptionsFromQuery(globalThis.location?.search ?? ''),
    });
  }

  get notebook(): Notebook {
    return this.history.present;
  }

  /** Whether any run is queued or running. */
  get running(): boolean {
    return this.pendingRuns > 0;
  }

  get canUndo(): boolean {
    return canUndo(this.history);
  }

  get canRedo(): boolean {
    return canRedo(this.history);
  }

  /** Replaces the document (a notebook opened from the list or a file): a fresh history and no results. */
  load(nb: Notebook): void {
    this.runner?.cancel();
    this.history = createHistory(nb);
    this.results = new Map();
    this.grids = {};
    this.ranSources = {};
    this.editing = null;
    this.runner = null;
  }

  /** The last result of a cell. */
  result(id: string): CellResult | undefined {
    return this.results.get(id);
  }

  /** Whether the cell's code changed since it last ran. */
  edited(cell: Cell): boolean {
    const ran = this.ranSources[cell.id];
    return ran !== undefined && ran !== signature(cell);
  }

  // ── editing ──────────────────────────────────────────────────────────────

  /** Changes a cell's source (typing in one cell merges into one undo step). */
  setSource(id: string, source: string): void {
    this.commit(doc.updateCell(this.notebook, id, { source }), `source:${id}`);
  }

  /** Points a chart at another result. */
  setChartData(id: string, data: string): void {
    this.commit(doc.updateCell(this.notebook, id, { data }));
  }

  /** Renames a cell; returns the reason when the name cannot be used. */
  rename(id: string, name: string): string | null {
    const result = doc.renameCell(this.notebook, id, name);
    if (!result.ok) return result.error;
    this.commit(result.notebook);
    return null;
  }

  setTitle(title: string): void {
    this.commit(doc.setTitle(this.notebook, title), 'title');
  }

  /** Adds a cell of `kind` after position `after` (-1: at the top) and focuses it. */
  add(kind: CellKind, after: number = this.notebook.cells.length - 1): string {
    const cell = doc.createCell(this.notebook, kind, { source: STARTER[kind], ...(kind === 'chart' ? { data: this.lastResultName(after) } : {}) });
    this.commit(doc.insertCell(this.notebook, after + 1, cell));
    if (kind === 'markdown') this.editing = cell.id;
    this.focus(cell.id);
    return cell.id;
  }

  remove(id: string): void {
    const index = doc.indexOf(this.notebook, id);
    this.commit(doc.deleteCell(this.notebook, id));
    const next = this.notebook.cells[Math.min(index, this.notebook.cells.length - 1)];
    if (next) this.focus(next.id);
  }

  /** Moves a cell up (-1) or down (+1). */
  move(id: string, delta: number): void {
    this.commit(doc.moveCell(this.notebook, id, doc.indexOf(this.notebook, id) + delta));
    this.focus(id);
  }

  duplicate(id: string): void {
    this.commit(doc.duplicateCell(this.notebook, id));
  }

  toggleCollapsed(id: string): void {
    const cell = this.notebook.cells.find((c) => c.id === id);
    if (cell) this.commit(doc.updateCell(this.notebook, id, { collapsed: !cell.collapsed }));
  }

  undo(): void {
    this.history = undo(this.history);
    this.deps.changed?.(this.notebook);
  }

  redo(): void {
    this.history = redo(this.history);
    this.deps.changed?.(this.notebook);
  }

  /** Opens or closes the Markdown editor of a cell. */
  editMarkdown(id: string | null): void {
    this.editing = id;
  }

  /** Asks the cell `id` to take the focus. */
  focus(id: string): void {
    this.focusRequest = { id, at: this.deps.now() };
  }

  // ── running ──────────────────────────────────────────────────────────────

  /** Runs every cell (after the data changed or a notebook was opened). */
  runAll(): Promise<RunSummary | null> {
    const nb = this.notebook;
    return this.track((runner) => runner.runAll(nb), nb.cells.filter((c) => c.kind !== 'markdown'));
  }

  /** Runs one cell and the cells downstream of it. */
  async run(id: string): Promise<RunSummary | null> {
    const nb = this.notebook;
    const cell = nb.cells.find((c) => c.id === id);
    if (!cell) return null;
    if (cell.kind === 'markdown') {
      this.editing = null;
      return null;
    }
    return this.track((runner) => runner.runCell(nb, id), [cell]);
  }

  /**
   * Inserts a built-in analysis's cells after the cell `afterId` (default: at the end; `before` a cell
   * instead when given), or in place of the cells it inserted before, as one undo step; runs them and what
   * reads them. Returns the placed ids.
   */
  insertAnalysis(origin: string, drafts: readonly PlacedDraft[], afterId?: string | null, before?: string): { placed: string[]; run: Promise<RunSummary | null> } {
    const after = before !== undefined ? doc.indexOf(this.notebook, before) - 1 : afterId ? doc.indexOf(this.notebook, afterId) : -1;
    const { notebook, placed } = placeCells(this.notebook, drafts, { origin, ...(after >= 0 || before !== undefined ? { after } : {}) });
    this.commit(notebook);
    const runnable = notebook.cells.filter((c) => placed.includes(c.id) && c.kind !== 'markdown');
    const run = runnable.length ? this.track((runner) => runner.runCells(notebook, runnable.map((c) => c.id)), runnable) : Promise.resolve(null);
    return { placed, run };
  }

  /** Runs the cell, then focuses the next one (adding a SQL cell at the end). */
  async runAndNext(id: string): Promise<void> {
    const index = doc.indexOf(this.notebook, id);
    const next = this.notebook.cells[index + 1];
    if (next) this.focus(next.id);
    else this.add('sql', index);
    await this.run(id);
  }

  /** Stops the running cells (and the query in the engine when it can be interrupted). */
  cancel(): void {
    this.runner?.cancel();
  }

  private async track(start: (runner: Runner) => Promise<RunSummary>, cells: Cell[]): Promise<RunSummary | null> {
    this.ranSources = { ...this.ranSources, ...Object.fromEntries(cells.map((c) => [c.id, signature(c)])) };
    this.pendingRuns++;
    this.runStartedAt = this.deps.now();
    try {
      return await start(await this.ready());
    } finally {
      this.pendingRuns--;
      this.deps.tablesChanged?.();
      void this.refreshSchema();
    }
  }

  private async ready(): Promise<Runner> {
    const db = await this.deps.db();
    if (!this.runner || this.runnerDb !== db) {
      const { createRunner } = await import('../../notebook/runner');
      if (this.runner && this.runnerDb === db) return this.runner;
      this.runnerDb = db;
      this.runner = createRunner(db, {
        previewRows: 200,
        onEvent: (event) => this.onResult(db, event.result),
        interrupt: () => db.interrupt?.(),
        model: this.models.hook,
      });
    }
    return this.runner;
  }

  private onResult(db: Db, result: CellResult): void {
    const cell = this.notebook.cells.find((c) => c.id === result.cellId);
    if (cell && result.status === 'running' && !(cell.id in this.ranSources)) this.ranSources = { ...this.ranSources, [cell.id]: signature(cell) };
    this.results = new Map(this.results).set(result.cellId, result);
    if (result.status === 'ok' && result.output?.kind === 'table') this.openGrid(db, result.cellId, result.output);
  }

  private openGrid(db: Db, cellId: string, output: TableOutput): void {
    const grid = new GridState(relationReader(db, output.name), this.deps.now);
    this.grids = { ...this.grids, [cellId]: grid };
    void grid.open();
  }

  /** Saves a SQL cell's whole result (in the grid's sort order) as CSV or Parquet. */
  async exportResult(id: string, format: 'csv' | 'parquet'): Promise<void> {
    const output = this.results.get(id)?.output;
    const { exporter, download } = this.deps;
    if (output?.kind !== 'table' || !exporter || !download) return;
    const db = await this.deps.db();
    const table = await relationReader(db, output.name).all(this.grids[id]?.sort ?? null);
    download(`${output.name}.${format}`, await exporter.encode(table, format));
  }

  /** The segments of a per-customer result (RFM segments, churn risk bands) with their sizes. */
  async segments(table: string, column: string): Promise<SegmentCount[]> {
    const db = withRequestOptions(await this.deps.db(), { priority: 'interactive' });
    return segmentCounts(db, table, column);
  }

  /** Saves one segment of a result as a CSV list of its customers (formulas neutralised, ids hashed on request). */
  async saveList(list: CustomerList, hashIds: boolean): Promise<void> {
    const { download } = this.deps;
    if (!download) return;
    const csv = await customerListCsv(await this.deps.db(), list, { hashIds });
    download(`${list.table}-${list.value}.csv`, new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  }

  /** Opens one segment as a table of its own: a SQL cell after `cellId` (opening it again replaces it). */
  openList(cellId: string, list: CustomerList): void {
    const name = `${list.table}_${list.value}`.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
    const origin = `list:${list.table}:${list.column}:${list.value}`;
    this.insertAnalysis(origin, [{ kind: 'sql', origin, name, source: customerListSql(list) + '\n' }], cellId);
  }

  /**
   * Builds a campaign for one segment: a SQL cell at the end of the notebook joining the segment's customers
   * with their revenue and whatever the models present add (churn probability, expected value, recommended
   * products). Building it again for the same segment replaces it.
   */
  async buildCampaign(list: CustomerList): Promise<void> {
    const db = withRequestOptions(await this.deps.db(), { priority: 'interactive' });
    const tables = await this.deps.tables(db);
    const sources = campaignSources(Object.fromEntries(tables.map((t) => [t.name, t.columns.map((c) => c.name)])));
    const origin = `campaign:${list.table}:${list.column}:${list.value}`;
    const existing = this.notebook.cells.find((c) => c.origin === origin);
    const last = this.notebook.cells.at(-1);
    const after = existing ? null : (last?.id ?? null);
    const { placed, run } = this.insertAnalysis(origin, [{ kind: 'sql', origin, name: campaignName(list), source: campaignSql(list, sources) + '\n' }], after);
    if (placed[0]) this.focus(placed[0]);
    await run;
  }

  /** The size, revenue at stake and model figures of a campaign cell's table. */
  async campaignFigures(table: string): Promise<CampaignFigures> {
    return campaignFigures(withRequestOptions(await this.deps.db(), { priority: 'interactive' }), table);
  }

  /** Saves a campaign's table as CSV for an e-mail or SMS tool (formulas neutralised, ids hashed on request). */
  async exportCampaign(table: string, hashIds: boolean): Promise<void> {
    const { download, exporter } = this.deps;
    if (!download) return;
    const db = await this.deps.db();
    const sql = `SELECT * FROM ${ident(table)}`;
    // Without hashing, the CSV is written by the export worker, so a large campaign never blocks the page.
    if (exporter && !hashIds) return download(`${table}.csv`, await exporter.encode(await db.query(sql), 'csv'));
    const csv = await customerRowsCsv(db, sql, { hashIds });
    download(`${table}.csv`, new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  }

  /** Re-reads the schema used for completion. */
  async refreshSchema(): Promise<void> {
    try {
      const db = await this.deps.db();
      const tables = await this.deps.tables(withRequestOptions(db, { priority: 'interactive' }));
      this.schema = Object.fromEntries(tables.map((t) => [t.name, t.columns.map((c) => c.name)]));
    } catch {
      /* completion keeps the names it had */
    }
  }

  private lastResultName(before: number): string {
    for (let i = Math.min(before, this.notebook.cells.length - 1); i >= 0; i--) {
      const cell = this.notebook.cells[i];
      if (cell?.kind === 'sql') return cell.name;
    }
    return '';
  }

  private commit(next: Notebook, group?: string): void {
    if (next === this.notebook) return;
    this.history = record(this.history, next, group === undefined ? {} : { group });
    this.deps.changed?.(next);
  }
}

/** What decides whether a cell must run again: its code (and, for charts, its data). */
function signature(cell: Cell): string {
  return cell.kind === 'chart' ? `${cell.data}\n${cell.source}` : 'name' in cell ? `${cell.name}\n${cell.source}` : cell.source;
}
