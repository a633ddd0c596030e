/**
 * Puts the notebook beside the workspace: one session (the open notebook), the shelf (the list,
 * autosave, files in and out) and the data files re-attached after a reload, wired to the workspace's
 * engine and loads. The App component only calls `start` and `dataChanged`.
 */
import { listTables } from '../../engine/catalog';
import type { ExportEncoder } from '../../../workers/export/client';
import type { Localized } from '../../text/language';
import type { StorageInventory } from '../browser-storage';
import { locale } from '../locale.svelte';
import type { LoadedFile, Workspace } from '../workspace.svelte';
import { NotebookAnalyses } from './analyses.svelte';
import { DataFiles } from './data-files.svelte';
import { downloadBlob } from './download';
import { requestPersistentStorage, type FileKeeper } from './file-keeper';
import type { NotebookStore } from './notebook-store';
import { NotebookSession } from './session.svelte';
import type { SaveJournal } from './save-journal';
import { NotebookShelf } from './shelf.svelte';

/** What the notebook needs from the app. */
export interface NotebookAppDeps {
  workspace: Workspace;
  store: NotebookStore;
  keeper: FileKeeper;
  exporter: ExportEncoder;
  /** The guided tour in each language. */
  tours: Localized;
  /** The synchronous copy of the last change (localStorage in the browser). */
  journal?: SaveJournal;
  now(): number;
}

/** The notebook side of the app. */
export class NotebookApp {
  readonly session: NotebookSession;
  readonly shelf: NotebookShelf;
  readonly files: DataFiles;
  /** The one-click analyses and the headline. */
  readonly analyses: NotebookAnalyses;
  private dataSeen: LoadedFile | null = null;

  constructor(private readonly deps: NotebookAppDeps) {
    const { workspace, store, keeper } = deps;
    this.session = new NotebookSession({
      db: () => workspace.database(),
      tables: (db) => listTables(db),
      tablesChanged: () => void workspace.refreshTableList(),
      changed: (nb) => this.shelf.changed(nb),
      exporter: deps.exporter,
      download: downloadBlob,
      now: deps.now,
    });
    this.shelf = new NotebookShelf(this.session, {
      store,
      journal: deps.journal,
      tourText: () => deps.tours[locale.lang],
      opened: (id, fresh) => void this.opened(id, fresh),
      download: downloadBlob,
      dataName: () => workspace.analysisSource?.name,
      now: () => Date.now(),
    });
    this.analyses = new NotebookAnalyses({ session: this.session, db: () => workspace.database() });
    this.files = new DataFiles({
      keeper,
      store,
      onScreen: () => ({ files: workspace.files, analysed: workspace.analysisSource }),
      open: (files) => workspace.openFiles(files),
      changed: () => void this.shelf.refresh().catch(() => undefined),
    });
  }

  /**
   * Saves the pending change at once when the page is hidden or goes away (a tab closed right after an
   * edit must not lose it); returns the function that stops listening.
   */
  saveOnLeave(target: Pick<Window, 'addEventListener' | 'removeEventListener'>, page: Pick<Document, 'visibilityState'>): () => void {
    const leave = () => this.shelf.flushNow();
    const hidden = () => {
      if (page.visibilityState === 'hidden') this.shelf.flushNow();
    };
    target.addEventListener('pagehide', leave);
    target.addEventListener('visibilitychange', hidden);
    return () => {
      target.removeEventListener('pagehide', leave);
      target.removeEventListener('visibilitychange', hidden);
    };
  }

  /** Restores the last notebook and its data files (the notebook shows once data is there). */
  async start(): Promise<void> {
    void requestPersistentStorage();
    await this.shelf.start();
  }

  /** A file was loaded: keep it for the next visit, as the open notebook's data. */
  loaded(file: File, analysable: boolean): void {
    void this.files.loaded(file, analysable);
  }

  /** The analysis tables changed (a file loaded or was re-mapped): every cell runs again. */
  dataChanged(source: LoadedFile | null): void {
    if (source === this.dataSeen) return;
    this.dataSeen = source;
    void this.files.sourceChanged(source);
    this.runIfData();
    void this.analyses.refreshHeadline(!!this.deps.workspace.analysisSource);
  }

  /**
   * Erases everything this browser keeps for Cohortbook (notebooks, data files, mappings, the offline
   * copy) and returns what is left. Nothing is written afterwards: the page starts afresh on reload.
   */
  async eraseEverything(): Promise<StorageInventory> {
    this.shelf.stop();
    this.files.stop();
    const { eraseEverything } = await import('../browser-storage');
    return eraseEverything();
  }

  /** A notebook was opened: its own data comes back (what is not loaded already), then it runs. */
  private async opened(id: string, fresh: boolean): Promise<void> {
    const source = this.deps.workspace.analysisSource;
    await this.files.attach(id, fresh).catch(() => 0);
    // A new analysis source runs the notebook through dataChanged; otherwise it runs here.
    if (this.deps.workspace.analysisSource === source) this.runIfData();
  }

  private runIfData(): void {
    if (this.deps.workspace.analysisSource && this.shelf.started) void this.session.runAll();
  }
}

/** Creates the notebook side of the app. */
export function createNotebookApp(deps: NotebookAppDeps): NotebookApp {
  return new NotebookApp(deps);
}
