/**
 * Puts the notebook beside the workspace: one session (the open notebook), the shelf (the list,
 * autosave, files in and out) and the data files re-attached after a reload, wired to the workspace's
 * engine and loads. The App component only calls `start` and `dataChanged`.
 */
import { listTables } from '../../engine/catalog';
import type { ExportEncoder } from '../../../workers/export/client';
import type { Workspace } from '../workspace.svelte';
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
  tourText: string;
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
  private dataSeen: unknown = null;

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
      tourText: deps.tourText,
      opened: () => this.runIfData(),
      download: downloadBlob,
      dataName: () => workspace.analysisSource?.name,
      now: () => Date.now(),
    });
    this.analyses = new NotebookAnalyses({ session: this.session, db: () => workspace.database() });
    this.files = new DataFiles({
      keeper,
      load: () => store.files(),
      save: (files) => store.setFiles(files),
      open: (files) => workspace.openFiles(files),
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
    this.runIfData();
    await this.files.restore();
  }

  /** A file was loaded: keep it for the next visit. */
  loaded(file: File): void {
    void this.files.loaded(file);
  }

  /** The analysis tables changed (a file loaded or was re-mapped): every cell runs again. */
  dataChanged(source: unknown): void {
    if (source === this.dataSeen) return;
    this.dataSeen = source;
    this.runIfData();
    void this.analyses.refreshHeadline(!!this.deps.workspace.analysisSource);
  }

  private runIfData(): void {
    if (this.deps.workspace.analysisSource && this.shelf.started) void this.session.runAll();
  }
}

/** Creates the notebook side of the app. */
export function createNotebookApp(deps: NotebookAppDeps): NotebookApp {
  return new NotebookApp(deps);
}
