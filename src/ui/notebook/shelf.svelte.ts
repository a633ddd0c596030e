/**
 * The notebooks kept in this browser: which one is open, the list (new, open, rename, delete),
 * autosave of every change (debounced), and the `.cohortbook.md` file and HTML report the user
 * takes away. Reading and writing the file format is the core's (src/notebook/format.ts).
 */
import { moneyConfig } from '../../charts/money';
import { locale } from '../locale.svelte';
import { shopMoney } from '../money.svelte';
import { moneyMarks } from '../number-meaning';
import { parseNotebook, serialise } from '../../notebook/format';
import { randomIds } from '../../notebook/ids';
import type { ReportContents } from '../../notebook/report';
import type { Notebook } from '../../notebook/types';
import { safeFileName } from './download';
import type { NotebookEntry, NotebookStore } from './notebook-store';
import { memoryJournal, type SaveJournal } from './save-journal';
import type { NotebookSession } from './session.svelte';

/** Milliseconds of quiet before a change is written. */
export const AUTOSAVE_DELAY_MS = 400;

/** What the shelf needs. */
export interface ShelfDeps {
  store: NotebookStore;
  /** The synchronous copy of the last change, for a tab closed before autosave ran (default: memory). */
  journal?: SaveJournal;
  /** The guided tour opened on first start, in the UI language (samples/tour*.cohortbook.md). */
  tourText(): string;
  /**
   * A notebook was opened (`fresh`: just created or imported, with no data of its own yet): its data
   * comes back and it runs.
   */
  opened?(notebookId: string, fresh: boolean): void;
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
  /** `failed`: the notebook is not saved in this browser (storage off or failing); the user is offered a download. */
  saving = $state<'idle' | 'pending' | 'saved' | 'failed'>('idle');
  /** Why the last opened file could not be read, or null. */
  problem = $state<string | null>(null);

  private timer: ReturnType<typeof setTimeout> | null = null;
  private pending: Notebook | null = null;
  /** When the pending change was made (the journal and the store compare by it). */
  private pendingAt = 0;
  private readonly journal: SaveJournal;
  private stopped = false;

  constructor(
    readonly session: NotebookSession,
    private readonly deps: ShelfDeps,
  ) {
    this.journal = deps.journal ?? memoryJournal();
  }

  /** Opens the notebook that was open last (or its newer unsaved change), or the tour on first start. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const last = await this.deps.store.lastOpen();
    const stored = last ? await this.deps.store.get(last) : null;
    // A journal entry exists only while its text has not been confirmed written: it is the newest.
    const pending = this.journal.read();
    const newest = pending && (!stored || pending.id === stored.id) ? pending : stored;
    if (newest) {
      const restored = this.read(newest.text, newest.id, newest.title);
      if (restored) {
        this.session.load(restored);
        if (newest === pending) this.changed(restored);
        await this.refresh().catch(() => undefined);
        this.deps.opened?.(restored.id, false);
        return;
      }
    }
    await this.create(this.read(this.deps.tourText(), newId()) ?? emptyNotebook());
  }

  /**
   * The page is being hidden or closed: the pending change goes to the journal at once (synchronously)
   * and the asynchronous save starts, in case it still has time to finish.
   */
  flushNow(): void {
    const nb = this.pending;
    if (!nb || this.stopped) return;
    this.journal.write({ id: nb.id, title: nb.title, text: serialise(nb), updatedAt: this.pendingAt });
    void this.flush();
  }

  /** Called on every change of the open notebook: written after a short pause. */
  changed(nb: Notebook): void {
    if (this.stopped) return;
    this.pending = nb;
    this.pendingAt = this.deps.now();
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
    const changedAt = this.pendingAt;
    this.pending = null;
    try {
      await this.write(nb, changedAt);
      if (!this.pending) this.saving = 'saved';
      await this.refresh();
    } catch {
      this.saving = 'failed';
    }
  }

  /** True when the open notebook is kept in this browser (false: offer the download). */
  get saved(): boolean {
    return this.saving !== 'failed';
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
    await this.deps.store.setLastOpen(id).catch(() => (this.saving = 'failed'));
    await this.refresh();
    this.deps.opened?.(nb.id, false);
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
    if (nb) await this.write({ ...nb, title }).catch(() => (this.saving = 'failed'));
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

  /** Downloads the report (one self-contained HTML file) with `contents`; returns its name and size in bytes. */
  async exportReport(contents?: Partial<ReportContents>): Promise<{ name: string; bytes: number }> {
    const { renderReportHtml } = await import('../../notebook/report');
    const nb = this.session.notebook;
    const dataName = this.deps.dataName?.();
    const chartConfig = moneyConfig(moneyMarks(shopMoney.currency, locale.lang), locale.lang);
    const html = await renderReportHtml(nb, this.session.results, { chartConfig, contents, ...(dataName ? { dataName } : {}) });
    const blob = new Blob([html], { type: 'text/html;charset=utf-8' });
    const name = `${safeFileName(nb.title, 'report')}.html`;
    this.deps.download(name, blob);
    return { name, bytes: blob.size };
  }

  dismissProblem(): void {
    this.problem = null;
  }

  private async create(nb: Notebook): Promise<void> {
    await this.flush();
    this.session.load(nb);
    try {
      await this.write(nb);
      this.saving = 'idle';
    } catch {
      this.saving = 'failed';
    }
    await this.refresh().catch(() => undefined);
    this.deps.opened?.(nb.id, true);
  }

  /**
   * Writes `nb` (as changed at `changedAt`) to the store — NotSavedError when it only reached memory —
   * and then forgets a journal entry it makes obsolete.
   */
  private async write(nb: Notebook, changedAt = this.deps.now()): Promise<void> {
    if (this.stopped) return;
    await this.deps.store.put({ id: nb.id, title: nb.title, text: serialise(nb), updatedAt: this.deps.now() });
    await this.deps.store.setLastOpen(nb.id);
    this.journal.clear(nb.id, changedAt);
  }

  /** Re-reads the notebook list (a notebook's data changed). */
  async refresh(): Promise<void> {
    if (this.stopped) return;
    this.entries = await this.deps.store.list();
  }

  /** Writes nothing more (everything was erased; the page starts again on reload). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
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
