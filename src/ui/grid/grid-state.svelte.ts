/**
 * The results grid's state: the columns, the row count, the sort, and a small cache of row windows
 * fetched on demand around what is on screen. Scrolling only asks for the windows it lacks, one at a
 * time and nearest first, so a million rows never travel to the page at once.
 */
import type { Table } from 'apache-arrow';
import { formatCell, type CellType, type NumberDisplay } from '../cell-format';
import { locale } from '../locale.svelte';
import { isSegmentColumn, segmentLabel } from '../../analyses/customer-lists';
import { numberMeaning } from '../number-meaning';
import { shopMoney } from '../money.svelte';
import type { ColumnSummary, RelationColumn, RelationReader } from '../../engine/relation';
import type { RowFilter, SortOrder } from '../../engine/relation-sql';

/** Rows fetched per query. */
export const WINDOW_ROWS = 200;
/** Windows kept in memory; those furthest from the view are dropped first. */
const KEEP_WINDOWS = 24;

/** A selected cell, or a whole row when `column` is null. */
export interface GridSelection {
  row: number;
  column: number | null;
}

/** The state of a summary popover for one column. */
export type SummaryState = { status: 'loading' } | { status: 'ready'; summary: ColumnSummary } | { status: 'failed'; message: string };

/** One grid over one source. */
export class GridState {
  columns = $state.raw<RelationColumn[]>([]);
  types = $state.raw<CellType[]>([]);
  total = $state(0);
  sort = $state.raw<SortOrder | null>(null);
  /** Text the rows must contain (in any column); '' shows every row. */
  search = $state('');
  /** Rows of the whole result, whatever the search. */
  unfiltered = $state(0);
  status = $state<'opening' | 'ready' | 'failed'>('opening');
  error = $state<string | null>(null);
  elapsedMs = $state(0);
  /** Column widths in pixels, fitted to the names and the first rows. */
  widths = $state.raw<number[]>([]);
  selection = $state.raw<GridSelection | null>(null);
  summaries = $state.raw<Record<string, SummaryState>>({});
  /** Bumped whenever a window arrives; rendering reads it so visible rows refresh. */
  version = $state(0);

  private windows = new Map<number, Table>();
  private inFlight: number | null = null;
  private wanted = { first: 0, last: 0 };
  private generation = 0;

  constructor(
    readonly source: RelationReader,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Reads the column types, the row count and the first window. */
  async open(): Promise<void> {
    const started = this.now();
    const generation = ++this.generation;
    try {
      const [columns, total, first] = await Promise.all([this.source.describe(), this.source.count(), this.source.rows(0, WINDOW_ROWS, this.sort)]);
      if (generation !== this.generation) return;
      this.columns = columns;
      this.types = first.schema.fields.map((f) => f.type as CellType);
      this.total = total;
      this.unfiltered = total;
      this.windows = new Map([[0, first]]);
      this.widths = columns.map((column, c) => fitWidth(column, first, c, this.types[c]));
      this.elapsedMs = this.now() - started;
      this.status = 'ready';
      this.version++;
      this.pump();
    } catch (error) {
      if (generation !== this.generation) return;
      this.status = 'failed';
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  /** Tells the grid which rows are on screen (inclusive first, exclusive last); fetches what is missing. */
  show(first: number, last: number): void {
    this.wanted = { first: Math.max(0, first), last: Math.min(this.total, last) };
    this.pump();
  }

  /** Whether row `row` has arrived. */
  loaded(row: number): boolean {
    void this.version;
    return this.windows.has(Math.floor(row / WINDOW_ROWS));
  }

  /** The display text of a cell ('' while its window is on its way). */
  text(row: number, column: number): string {
    void this.version;
    const table = this.windows.get(Math.floor(row / WINDOW_ROWS));
    if (!table) return '';
    const type = this.types[column];
    if (!type) return '';
    const value = table.getChildAt(column)?.get(row % WINDOW_ROWS);
    const name = this.columns[column]?.name ?? '';
    // Segments read as people name them ("Can't lose them"); their snake_case stays in SQL.
    if (typeof value === 'string' && isSegmentColumn(name)) return segmentLabel(name, value, locale.lang).label;
    return formatCell(value, type, this.display(column));
  }

  /** How the numbers of each column are shown: by the meaning its name gives, in the UI language (once per column, not per cell). */
  private displays = $derived(this.columns.map((c): NumberDisplay => ({ meaning: numberMeaning(c.name), lang: locale.lang, currency: shopMoney.currency })));

  private display(column: number): NumberDisplay {
    return this.displays[column] ?? { meaning: numberMeaning(''), lang: locale.lang, currency: shopMoney.currency };
  }

  /** Sorts by `column` (ascending, then descending, then the original order), re-reading from the engine. */
  toggleSort(column: string): void {
    const current = this.sort;
    this.sort = current?.column !== column ? { column, descending: false } : current.descending ? null : { column, descending: true };
    this.windows = new Map();
    this.inFlight = null;
    this.generation++;
    this.version++;
    this.pump();
  }

  /** Shows only the rows containing `text` in any column (case-insensitive); '' shows them all again. */
  async setSearch(text: string): Promise<void> {
    this.search = text;
    const generation = ++this.generation;
    this.windows = new Map();
    this.inFlight = null;
    this.selection = null;
    try {
      const total = text === '' ? this.unfiltered : await this.source.count(this.filter());
      if (generation !== this.generation) return;
      this.total = total;
      this.error = null;
      this.version++;
      this.pump();
    } catch (error) {
      if (generation !== this.generation) return;
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  private filter(): RowFilter | null {
    return this.search === '' ? null : { text: this.search, columns: this.columns.map((c) => c.name) };
  }

  /** Computes the summary of `column` once (nulls, distinct, min/max, histogram). */
  async summarise(column: RelationColumn): Promise<void> {
    const known = this.summaries[column.name];
    if (known && known.status !== 'failed') return;
    this.summaries = { ...this.summaries, [column.name]: { status: 'loading' } };
    let next: SummaryState;
    try {
      next = { status: 'ready', summary: await this.source.summary(column) };
    } catch (error) {
      next = { status: 'failed', message: error instanceof Error ? error.message : String(error) };
    }
    this.summaries = { ...this.summaries, [column.name]: next };
  }

  select(selection: GridSelection | null): void {
    this.selection = selection;
  }

  /** Moves the selection by whole rows/columns (keyboard navigation). */
  moveSelection(rows: number, columns: number): void {
    const from = this.selection ?? { row: 0, column: 0 };
    const row = Math.min(Math.max(0, from.row + rows), Math.max(0, this.total - 1));
    const column = from.column === null ? (columns === 0 ? null : 0) : Math.min(Math.max(0, from.column + columns), this.columns.length - 1);
    this.selection = { row, column };
  }

  /** The selected cell, or the selected row as tab-separated text; null when nothing loaded is selected. */
  selectionText(): string | null {
    const selected = this.selection;
    if (!selected || !this.loaded(selected.row)) return null;
    if (selected.column !== null) return this.text(selected.row, selected.column);
    return this.columns.map((_, c) => this.text(selected.row, c).replace(/[\t\n\r]/g, ' ')).join('\t');
  }

  private pump(): void {
    if (this.inFlight !== null || this.status !== 'ready') return;
    const index = this.nextMissing();
    if (index === null) return;
    const generation = this.generation;
    this.inFlight = index;
    this.source.rows(index * WINDOW_ROWS, WINDOW_ROWS, this.sort, this.filter()).then(
      (table) => {
        if (generation !== this.generation) return;
        this.windows.set(index, table);
        this.evict();
        this.version++;
      },
      (error: unknown) => {
        if (generation !== this.generation) return;
        this.error = error instanceof Error ? error.message : String(error);
      },
    ).finally(() => {
      if (generation !== this.generation) return;
      this.inFlight = null;
      if (this.error === null) this.pump();
    });
  }

  /** The missing window nearest to the middle of the view, or null when the view is covered. */
  private nextMissing(): number | null {
    const { first, last } = this.wanted;
    if (last <= first) return null;
    const from = Math.floor(first / WINDOW_ROWS);
    const to = Math.floor((last - 1) / WINDOW_ROWS);
    const middle = Math.floor((first + last) / 2 / WINDOW_ROWS);
    let best: number | null = null;
    for (let i = from; i <= to; i++) {
      if (!this.windows.has(i) && (best === null || Math.abs(i - middle) < Math.abs(best - middle))) best = i;
    }
    return best;
  }

  private evict(): void {
    if (this.windows.size <= KEEP_WINDOWS) return;
    const middle = Math.floor((this.wanted.first + this.wanted.last) / 2 / WINDOW_ROWS);
    const far = [...this.windows.keys()].sort((a, b) => Math.abs(b - middle) - Math.abs(a - middle));
    for (const index of far.slice(0, this.windows.size - KEEP_WINDOWS)) this.windows.delete(index);
  }
}

/** A width that fits the column's name, type and its first rows' text (within limits). */
function fitWidth(column: RelationColumn, rows: Table, index: number, type: CellType | undefined): number {
  let longest = Math.max(column.name.length * 1.1, column.sqlType.length * 0.8);
  const vector = rows.getChildAt(index);
  const sample = Math.min(rows.numRows, 100);
  for (let r = 0; r < sample && type; r++) longest = Math.max(longest, formatCell(vector?.get(r), type).length);
  return Math.round(Math.min(320, Math.max(72, longest * 8.2 + 30)));
}
