/**
 * The first screen's state and behaviour: the engine, the loaded files, the current canonical source,
 * the tables, the preview, the running task and the message to show. Components read this and call
 * its methods; everything here is reachable without the DOM except `File`/`fetch`, which are injected.
 */
import type { Db } from '../engine/db';
import { dropRelation, listTables, type TableInfo } from '../engine/catalog';
import type * as LoadModule from '../ingest/load';
import type * as RolesModule from '../ingest/roles';
import type { LoadResult } from '../ingest/load';
import { isAnalysable } from '../ingest/load-problems';
import { blobSource } from '../ingest/sources';
import type { Currency, DateChoice, RoleMap } from '../ingest/types';
import { each } from '../text/language';
import type { WorkerDecoder } from '../../workers/ingest/client';
import type { MessageKey, MessageParams } from './i18n';
import { isCancellation, noticeFor, type Notice } from './notice';
import { relationReader } from '../engine/relation';
import { GridState } from './grid/grid-state.svelte';
import type { RoleMemory } from './role-memory';
import { Task, abortable } from './task.svelte';

/** The ingest functions, loaded on first use so they stay out of the first-paint bundle. */
export interface IngestModule {
  loadFile: typeof LoadModule.loadFile;
  remapRoles: typeof LoadModule.remapRoles;
  /** Identifies a file layout by its column names (src/ingest/roles.ts). */
  layoutKey(columnNames: string[]): string;
  /** The role -> column map of detected roles (src/ingest/roles.ts). */
  roleMapOf: typeof RolesModule.roleMapOf;
  /** Runs the load on a few built-in lines, keeping nothing, so the engine's code is compiled before the first file (src/ingest/rehearsal.ts). */
  rehearseLoad?(db: Db): Promise<void>;
}

/** What the workspace needs from the outside world. */
export interface WorkspaceDeps {
  openDb(): Promise<Db>;
  ingest(): Promise<IngestModule>;
  decoder: WorkerDecoder;
  roleMemory: RoleMemory;
  /** Fetches the sample file (built into the app at build time). */
  fetchSample(): Promise<Response>;
  now(): number;
  /** Told about every file that loaded, and whether its analyses can run (the notebook keeps a copy to re-attach it after a reload). */
  onLoaded?(file: File, analysable: boolean): void;
}

/** A file loaded into the database. */
export interface LoadedFile {
  name: string;
  size: number;
  result: LoadResult;
  /** Layout key under which its mapping is remembered. */
  layout: string;
  /** The roles came from a mapping the user chose earlier for this layout. */
  rolesRemembered: boolean;
  /** How money is shown: as detected ('auto'), with no currency ('none'), or in an ISO currency the user picked. */
  currencyChoice: string;
  /** The currency money is shown in (the choice applied to the one detected). */
  currency: Currency | null;
}

/** The currency `choice` gives for a file whose amounts showed `detected`. */
export function chosenCurrency(choice: string, detected: Currency | null): Currency | null {
  if (choice === 'auto') return detected ?? null;
  if (choice === 'none') return null;
  return { code: choice, symbol: choice };
}

/** The rows of one table on screen: the grid fetches windows of them as the user scrolls. */
export interface TablePreview {
  table: string;
  totalRows: number;
  elapsedMs: number;
  grid: GridState;
}

/** The workspace of the first screen. */
export class Workspace {
  engine = $state<'off' | 'starting' | 'ready' | 'failed'>('off');
  /** The load has been rehearsed (warmUp): the first file meets compiled engine code. */
  rehearsed = $state(false);
  files = $state.raw<LoadedFile[]>([]);
  /** The file on screen: its load report and role mapping (the last one loaded). */
  current = $state.raw<LoadedFile | null>(null);
  /** The file the canonical tables (cb_*) are built from; null until a file maps completely. */
  analysisSource = $state.raw<LoadedFile | null>(null);
  tables = $state.raw<TableInfo[]>([]);
  selected = $state<string | null>(null);
  preview = $state.raw<TablePreview | null>(null);
  task = $state.raw<Task | null>(null);
  notice = $state.raw<Notice | null>(null);

  private dbPromise: Promise<Db> | null = null;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly deps: WorkspaceDeps) {}

  /** Names of tables that hold a loaded file's rows as read. */
  get sourceTables(): Set<string> {
    return new Set(this.files.map((f) => f.result.table));
  }

  /** The database, started on first use (the notebook runs its cells on it). */
  database(): Promise<Db> {
    return this.db();
  }

  /** Re-reads the table list (after the notebook created or dropped tables). */
  async refreshTableList(): Promise<void> {
    if (!this.dbPromise) return;
    await this.refreshTables(await this.dbPromise).catch(() => {});
  }

  /**
   * Starts the engine in the background so the first load does not wait for it, then rehearses a load on a few
   * built-in lines (queued like a load, so it never runs beside one) so the first file meets compiled code. A file
   * loaded before the rehearsal's turn has warmed the engine already: the rehearsal is then skipped.
   */
  warmUp(): void {
    void this.db().then(
      () =>
        this.enqueue(async () => {
          try {
            if (this.files.length === 0) {
              const [db, ingest] = await Promise.all([this.db(), this.deps.ingest()]);
              await ingest.rehearseLoad?.(db);
            }
          } finally {
            // A rehearsal that failed has still warmed what it ran; the first file is not kept waiting for it.
            this.rehearsed = true;
          }
        }).catch(() => {}),
      () => {},
    );
  }

  /** Loads files one after another; a failure leaves earlier tables untouched. */
  openFiles(files: File[]): Promise<void> {
    return this.enqueue(async () => {
      for (const file of files) await this.loadOne(file);
    });
  }

  /** Fetches the sample export shipped with the app and loads it. */
  loadSample(): Promise<void> {
    return this.enqueue(async () => {
      const task = this.begin('task.sample', {});
      let file: File;
      try {
        const response = await abortable(this.deps.fetchSample(), task.signal);
        if (!response.ok) {
          this.notice = { kind: 'error', key: 'error.sampleMissing', params: { status: response.status } };
          return;
        }
        const name = new URL(response.url || 'shop.csv', 'http://x/').pathname.split('/').pop() || 'shop.csv';
        file = new File([await abortable(response.blob(), task.signal)], name, { type: 'text/csv' });
      } catch (error) {
        this.fail(error, 'shop.csv');
        return;
      } finally {
        this.end(task);
      }
      await this.loadOne(file);
    });
  }

  /** Shows the rows of `table` in the preview grid (and, for a loaded file's table, its report and mapping). */
  showTable(table: string): Promise<void> {
    return this.enqueue(async () => {
      const file = this.files.find((f) => f.result.table === table);
      if (file) this.current = file;
      await this.readPreview(table);
    });
  }

  /**
   * Rebuilds the canonical tables of the current file with `roles` (and a date reading) and remembers the
   * roles for its layout; a new currency choice is remembered too (alone, it needs no rebuild).
   */
  applyRoles(roles: RoleMap, dateChoice?: DateChoice, currencyChoice?: string): Promise<void> {
    return this.enqueue(async () => {
      const loaded = this.current;
      if (!loaded) return;
      const currency = currencyChoice ?? loaded.currencyChoice;
      if (currency !== loaded.currencyChoice) await this.deps.roleMemory.rememberCurrency?.(loaded.layout, currency);
      const sameRolesAndDates = sameRoles(roles, loaded.result.roles) && (dateChoice ?? loaded.result.dateChoice) === loaded.result.dateChoice;
      if (sameRolesAndDates) {
        this.setCurrent({ ...loaded, currencyChoice: currency, currency: chosenCurrency(currency, loaded.result.report.currency) });
        return;
      }
      const task = this.begin('task.remapping', {});
      try {
        const [db, ingest] = await Promise.all([this.db(), this.deps.ingest()]);
        const result = await abortable(ingest.remapRoles(db, loaded.result, roles, dateChoice), task.signal);
        await this.deps.roleMemory.remember(loaded.layout, roles);
        this.setCurrent({ ...loaded, result, rolesRemembered: false, currencyChoice: currency, currency: chosenCurrency(currency, result.report.currency) });
        this.notice = problemsNotice(result);
        await this.refreshTables(db);
        if (this.selected && this.selected !== loaded.result.table) await this.readPreview(this.selected);
      } catch (error) {
        this.fail(error, loaded.name);
      } finally {
        this.end(task);
      }
    });
  }

  /** Cancels the running task, if any. */
  cancelTask(): void {
    this.task?.cancel();
  }

  dismissNotice(): void {
    this.notice = null;
  }

  /** Shows `notice` (for messages raised outside the workspace, e.g. by a component). */
  tell(key: MessageKey, params: MessageParams = {}, kind: Notice['kind'] = 'info'): void {
    this.notice = { kind, key, params };
  }

  private async loadOne(file: File): Promise<void> {
    const task = this.begin('task.loading', { file: file.name });
    let run: Promise<LoadResult> | null = null;
    try {
      const [db, ingest] = await Promise.all([this.db(), this.deps.ingest()]);
      let layout = '';
      let remembered: RoleMap | null = null;
      run = ingest.loadFile(db, blobSource(file.name, file), {
        decode: (source, sniffed) => this.deps.decoder.decode(source, sniffed, task.signal),
        onProgress: (progress) => task.update(progress),
        rolesFor: async (columnNames) => {
          layout = ingest.layoutKey(columnNames);
          return (remembered = await this.deps.roleMemory.recall(layout));
        },
      });
      const result = await abortable(run, task.signal);
      const useRemembered = remembered !== null && !sameRoles(remembered, ingest.roleMapOf(result.guesses));
      const currencyChoice = (await this.deps.roleMemory.recallCurrency?.(layout)) ?? 'auto';
      const currency = chosenCurrency(currencyChoice, result.report.currency);
      this.files = [
        ...this.files.filter((f) => f.result.table !== result.table),
        { name: file.name, size: file.size, result, layout, rolesRemembered: useRemembered, currencyChoice, currency },
      ];
      this.current = this.files.at(-1)!;
      if (isAnalysable(result)) this.analysisSource = this.current;
      this.notice = problemsNotice(result);
      await this.refreshTables(db);
      await this.readPreview(result.table);
      this.deps.onLoaded?.(file, isAnalysable(result));
    } catch (error) {
      this.fail(error, file.name);
      this.end(task);
      if (isCancellation(error) && run) await this.undoCancelledLoad(run);
      else if (this.dbPromise) await this.refreshTables(await this.dbPromise).catch(() => {});
    } finally {
      this.end(task);
    }
  }

  /**
   * A cancelled load may still be running in the engine (SQL cannot be interrupted between the
   * steps it checks). Hold the queue until it settles, then drop what it created and rebuild the
   * analysis tables from the current file, so they match what the screen says.
   */
  private async undoCancelledLoad(run: Promise<LoadResult>): Promise<void> {
    const orphan = await run.catch(() => null);
    if (!orphan) return;
    try {
      const [db, ingest] = await Promise.all([this.db(), this.deps.ingest()]);
      if (!this.sourceTables.has(orphan.table)) await dropRelation(db, orphan.table);
      const source = this.analysisSource;
      if (source) this.setCurrent({ ...source, result: await ingest.remapRoles(db, source.result, source.result.roles) }, false);
      await this.refreshTables(db);
    } catch (error) {
      this.fail(error, orphan.report.file);
    }
  }

  private async readPreview(table: string): Promise<void> {
    try {
      const db = await this.db();
      this.selected = table;
      const grid = new GridState(relationReader(db, table), this.deps.now);
      await grid.open();
      if (grid.status === 'failed') throw new Error(grid.error ?? `Could not read ${table}.`);
      this.preview = { table, totalRows: grid.total, elapsedMs: grid.elapsedMs, grid };
    } catch (error) {
      this.fail(error, table);
    }
  }

  private async refreshTables(db: Db): Promise<void> {
    this.tables = await listTables(db);
  }

  /** Replaces a file's state after a rebuild; it becomes the analysis source when it mapped completely. */
  private setCurrent(loaded: LoadedFile, show = true): void {
    this.files = this.files.map((f) => (f.result.table === loaded.result.table ? loaded : f));
    if (show || this.current?.result.table === loaded.result.table) this.current = loaded;
    if (isAnalysable(loaded.result)) this.analysisSource = loaded;
    else if (this.analysisSource?.result.table === loaded.result.table) this.analysisSource = null;
  }

  private db(): Promise<Db> {
    if (!this.dbPromise) {
      this.engine = 'starting';
      const opening = this.deps.openDb().catch((error: unknown) => {
        throw engineStartError(error);
      });
      this.dbPromise = opening;
      opening.then(
        () => {
          if (this.dbPromise === opening) this.engine = 'ready';
        },
        (error: unknown) => {
          if (this.dbPromise !== opening) return;
          this.dbPromise = null;
          this.engine = 'failed';
          this.notice = noticeFor(error, '');
        },
      );
    }
    return this.dbPromise;
  }

  private fail(error: unknown, file: string): void {
    this.notice = noticeFor(error, file);
    if (error instanceof Error && error.name === 'EngineCrashedError') this.forgetEngine();
  }

  /** The engine died with everything in it: start over with an empty workspace on next use. */
  private forgetEngine(): void {
    this.dbPromise = null;
    this.engine = 'off';
    this.files = [];
    this.current = null;
    this.analysisSource = null;
    this.tables = [];
    this.selected = null;
    this.preview = null;
  }

  private begin(label: MessageKey, params: MessageParams): Task {
    const task = new Task(label, params, this.deps.now());
    this.task = task;
    return task;
  }

  private end(task: Task): void {
    if (this.task === task) this.task = null;
  }

  private enqueue(job: () => Promise<void>): Promise<void> {
    const next = this.queue.then(job, job);
    this.queue = next.catch(() => {});
    return next;
  }
}

/** A loaded file that cannot be analysed yet says why (e.g. no timestamp column), or nothing. */
function problemsNotice(result: LoadResult): Notice | null {
  const blocking = result.problems.filter((p) => p.blocking);
  if (blocking.length === 0) return null;
  return { kind: 'error', key: 'notice.problems', params: { file: result.report.file }, text: each((lang) => blocking.map((p) => p.message[lang]).join(lang === 'en' ? ' ' : '')) };
}

function engineStartError(cause: unknown): Error {
  const error = new Error(cause instanceof Error ? cause.message : String(cause), { cause });
  error.name = 'EngineStartError';
  return error;
}

function sameRoles(a: RoleMap, b: RoleMap): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof RoleMap>;
  return [...keys].every((k) => (a[k] ?? null) === (b[k] ?? null));
}

/** Creates the workspace of the first screen. */
export function createWorkspace(deps: WorkspaceDeps): Workspace {
  return new Workspace(deps);
}
