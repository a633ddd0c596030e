/**
 * The notebooks kept in this browser: which one is open, the list (new, open, rename, delete),
 * autosave of every change (debounced), and the `.cohortbook.md` file and HTML report the user
 * takes away. Reading and writing the file format is the core's (src/notebook/format.ts).
 */
import { parseNotebook, serialise } from '../../notebook/format';
import { randomIds } from '../../notebook/ids';
import type { Notebook } from '../../notebook/types';
import { safeFileName } from './download';
import type { NotebookEntry, NotebookStore } from './notebook-store';
import type { NotebookSession } from './session.svelte';

/** Milliseconds of quiet before a change is written. */
export const AUTOSAVE_DELAY_MS = 400;

/** What the shelf needs. */
export interface ShelfDeps {
  store: NotebookStore;
  /** The guided tour opened on first start (samples/tour.cohortbook.md). */
  tourText: string;
  /** Runs the notebook after it was opened (when data is there). */
  opened?(): void;
  /** Hands a finished file to the user. */
  download(filename: string, blob: Blob): void;
  /** The name of the data file the report mentions. */
  dataName?(): string | undefined;
  now(): number;
}

/** The notebook list and the open notebook's persistence. */
export class NotebookShelf {
  entries = $state.raw<NotebookEntry[]>([]);
  started = $state(false);
  saving = $state<'idle' | 'pending' | 'saved' | 'failed'>('idle');
  /** Why the last opened file could not be read, or null. */
  problem = $state<string | null>(null);

  private timer: ReturnType<typeof setTimeout> | null = null;
  private pending: Notebook | null = null;

  constructor(
    readonly session: NotebookSession,
    private readonly deps: ShelfDeps,
  ) {}

  /** Opens the notebook that was open last, or the tour on first start. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const last = await this.deps.store.lastOpen();
    const stored = last ? await this.deps.store.get(last) : null;
    if (stored) {
      const restored = this.read(stored.text, stored.id, stored.title);
      if (restored) {
        this.session.load(restored);
        await this.refresh();
        return;
      }
    }
    await this.create(this.read(this.deps.tourText, newId()) ?? emptyNotebook());
  }

  /** Called on every change of the open notebook: written after a short pause. */
  changed(nb: Notebook): void {
    this.pending = nb;
    this.saving = 'pending';
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), AUTOSAVE_DELAY_MS);
  }

  /** Writes a pending change now. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const nb = this.pending;
    if (!nb) return;
    this.pending = null;
    try {
      await this.write(nb);
      if (!this.pending) this.saving = 'saved';
      await this.refresh();
    } catch {
      this.saving = 'failed';
    }
  }

  /** Starts a new, empty notebook. */
  async createEmpty(title: string): Promise<void> {
    await this.create({ ...emptyNotebook(), title });
  }

  /** Opens a notebook from the list. */
  async open(id: string): Promise<void> {
    await this.flush();
    const stored = await this.deps.store.get(id);
    const nb = stored ? this.read(stored.text, stored.id, stored.title) : null;
    if (!nb) return;
    this.session.load(nb);
    await this.deps.store.setLastOpen(id);
    await this.refresh();
    this.deps.opened?.();
  }

  /** Renames a notebook of the list (the open one through its title). */
  async rename(id: string, title: string): Promise<void> {
    if (id === this.session.notebook.id) {
      this.session.setTitle(title);
      await this.flush();
      return;
    }
    const stored = await this.deps.store.get(id);
    const nb = stored ? this.read(stored.text, stored.id, stored.title) : null;
    if (nb) await this.write({ ...nb, title });
    await this.refresh();
  }

  /** Deletes a notebook; deleting the open one opens the next (or a new empty one). */
  async remove(id: string): Promise<void> {
    await this.deps.store.remove(id);
    await this.refresh();
    if (id !== this.session.notebook.id) return;
    this.pending = null;
    const next = this.entries[0];
    if (next) await this.open(next.id);
    else await this.create(emptyNotebook());
  }

  /** Reads a `.cohortbook.md` file and opens it as a new notebook of the list. */
  async importFile(file: File): Promise<boolean> {
    const text = await file.text();
    const nb = this.read(text, newId(), file.name.replace(/\.cohortbook\.md$|\.md$/i, ''));
    if (!nb) return false;
    await this.create(nb);
    return true;
  }

  /** The open notebook as `.cohortbook.md` text. */
  fileText(): string {
    return serialise(this.session.notebook);
  }

  /** Downloads the open notebook as a `.cohortbook.md` file. */
  saveFile(): void {
    const nb = this.session.notebook;
    this.deps.download(`${safeFileName(nb.title)}.cohortbook.md`, new Blob([this.fileText()], { type: 'text/markdown;charset=utf-8' }));
    void this.flush();
  }

  /** Downloads the report: one self-contained HTML file with prose, charts and tables. */
  async exportReport(): Promise<void> {
    const { renderReportHtml } = await import('../../notebook/report');
    const nb = this.session.notebook;
    const dataName = this.deps.dataName?.();
    const html = await renderReportHtml(nb, this.session.results, dataName ? { dataName } : {});
    this.deps.download(`${safeFileName(nb.title, 'report')}.html`, new Blob([html], { type: 'text/html;charset=utf-8' }));
  }

  dismissProblem(): void {
    this.problem = null;
  }

  private async create(nb: Notebook): Promise<void> {
    await this.flush();
    this.session.load(nb);
    await this.write(nb);
    await this.refresh();
    this.deps.opened?.();
  }

  private async write(nb: Notebook): Promise<void> {
    await this.deps.store.put({ id: nb.id, title: nb.title, text: serialise(nb), updatedAt: this.deps.now() });
    await this.deps.store.setLastOpen(nb.id);
  }

  private async refresh(): Promise<void> {
    this.entries = await this.deps.store.list();
  }

  /** Parses `text` as notebook `id`; a file without a title gets `fallbackTitle`. Sets `problem` on failure. */
  private read(text: string, id: string, fallbackTitle = ''): Notebook | null {
    try {
      const { notebook } = parseNotebook(text, { ids: randomIds() });
      this.problem = null;
      return { ...notebook, id, title: notebook.title || fallbackTitle || 'Untitled notebook' };
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
      return null;
    }
  }
}

function newId(): string {
  return randomIds()();
}

function emptyNotebook(): Notebook {
  return { id: newId(), title: 'Untitled notebook', cells: [] };
}
