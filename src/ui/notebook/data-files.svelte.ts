/**
 * The data each notebook works on, across reloads. A notebook belongs to one dataset: the file its
 * analyses read (the last file that loaded completely while it was open) plus any supporting files
 * loaded beside it that could not be analysed by themselves. Each file's bytes are copied into the
 * browser's private storage (OPFS) when it allows. Opening a notebook (or reloading the page) brings
 * back that notebook's files only, skipping the ones already loaded; a file that could not be kept is
 * asked for again by name. Bytes no notebook uses any more are let go.
 */
import type { FileKeeper, KeptFile } from './file-keeper';
import type { NotebookStore, StoredFileEntry } from './notebook-store';

/** A loaded file as the workspace holds it. */
export interface FileOnScreen {
  name: string;
  size: number;
}

/** What re-attaching needs. */
export interface DataFilesDeps {
  keeper: FileKeeper;
  store: Pick<NotebookStore, 'list' | 'dataOf' | 'setDataOf' | 'legacyFiles'>;
  /** The files loaded now, and the one the analyses read. */
  onScreen(): { files: FileOnScreen[]; analysed: FileOnScreen | null };
  /** Loads files into the workspace (as if the user opened them), in order. */
  open(files: File[]): Promise<void>;
  /** A notebook's data changed (the notebook list shows it). */
  changed?(): void;
}

/** The open notebook's data files, remembered and re-attached. */
export class DataFiles {
  /** The open notebook's files. */
  entries = $state.raw<StoredFileEntry[]>([]);
  /** Files the notebook uses that this browser could not keep: the user opens them again. */
  missing = $state.raw<string[]>([]);
  restoring = $state(false);
  /** Every file kept in this browser (for the "Kept in this browser" list). */
  kept = $state.raw<KeptFile[]>([]);

  private notebook: string | null = null;
  /** Files loaded before any notebook was attached (the page was still starting). */
  private early: StoredFileEntry[] = [];
  private readonly restored = new WeakSet<File>();
  private stopped = false;

  constructor(private readonly deps: DataFilesDeps) {}

  /**
   * Notebook `id` is now open: its data comes back (only what is not loaded already). A notebook with
   * no data recorded takes the data on screen when `adopt` (a new notebook beside loaded data), else
   * the file list of older versions. Returns how many files were opened.
   */
  async attach(id: string, adopt: boolean): Promise<number> {
    this.notebook = id;
    this.missing = [];
    let entries = await this.deps.store.dataOf(id).catch(() => null);
    if (!entries) {
      entries = adopt ? await this.adoptScreen() : await this.deps.store.legacyFiles().catch(() => []);
    }
    for (const file of this.early) entries = withFile(entries, file);
    this.early = [];
    await this.save(entries);
    return this.restore();
  }

  /** The workspace loaded `file` (analysable: its analyses can run on it): keep a copy and record it. */
  async loaded(file: File, analysable: boolean): Promise<void> {
    if (this.stopped) return;
    this.missing = this.missing.filter((name) => name !== file.name);
    const kept = this.restored.has(file) || (await this.deps.keeper.keep(file));
    const entry: StoredFileEntry = { name: file.name, size: file.size, kept, role: analysable ? 'analysed' : 'supporting' };
    if (!this.notebook) {
      this.early = withFile(this.early, entry);
      return;
    }
    await this.save(withFile(this.entries, entry));
  }

  /** The analyses now read `source` (a re-mapped file became analysable): it becomes the notebook's analysed file. */
  async sourceChanged(source: FileOnScreen | null): Promise<void> {
    if (this.stopped || !source || !this.notebook) return;
    const entry = this.entries.find((e) => e.name === source.name && e.size === source.size);
    if (!entry || entry.role === 'analysed') return;
    await this.save(withFile(this.entries, { ...entry, role: 'analysed' }));
  }

  /** Stops asking for a file: it leaves the notebook's data. */
  async forget(name: string): Promise<void> {
    this.missing = this.missing.filter((n) => n !== name);
    await this.save(this.entries.filter((e) => e.name !== name));
  }

  /** Re-reads the list of kept files. */
  async refreshKept(): Promise<void> {
    this.kept = await this.deps.keeper.list();
  }

  /** Lets go of a kept file's bytes: a notebook that uses it asks for the file again next time. */
  async removeKept(name: string): Promise<void> {
    await this.deps.keeper.forget(name);
    if (this.entries.some((e) => e.name === name && e.kept)) await this.save(this.entries.map((e) => (e.name === name ? { ...e, kept: false } : e)));
    await this.refreshKept();
  }

  /** Records nothing more (everything was erased; the page starts again on reload). */
  stop(): void {
    this.stopped = true;
  }

  private async restore(): Promise<number> {
    const screen = this.deps.onScreen();
    const loaded = (e: StoredFileEntry) => screen.files.some((f) => same(f, e)) && (e.role !== 'analysed' || (screen.analysed !== null && same(screen.analysed, e)));
    // Supporting files first: the analysed one loads last, so the analyses read it.
    const wanted = [...this.entries].sort((a, b) => Number(a.role === 'analysed') - Number(b.role === 'analysed')).filter((e) => !loaded(e));
    if (wanted.length === 0) return 0;
    this.restoring = true;
    try {
      const found: File[] = [];
      const missing: string[] = [];
      for (const entry of wanted) {
        const file = entry.kept ? await this.deps.keeper.recall(entry.name) : null;
        if (file && file.size === entry.size) {
          this.restored.add(file);
          found.push(file);
        } else {
          missing.push(entry.name);
        }
      }
      this.missing = missing;
      if (found.length > 0) await this.deps.open(found);
      return found.length;
    } finally {
      this.restoring = false;
    }
  }

  /** The files on screen as a new notebook's data. */
  private async adoptScreen(): Promise<StoredFileEntry[]> {
    const screen = this.deps.onScreen();
    if (!screen.analysed) return [];
    const kept = await this.deps.keeper.list();
    const isKept = (f: FileOnScreen) => kept.some((k) => same(k, f));
    return [{ ...screen.analysed, kept: isKept(screen.analysed), role: 'analysed' }];
  }

  private async save(entries: StoredFileEntry[]): Promise<void> {
    const before = this.entries;
    this.entries = entries;
    if (!this.notebook || this.stopped) return;
    await this.deps.store.setDataOf(this.notebook, entries).catch(() => {});
    if (before.some((e) => !entries.some((n) => same(n, e)))) await this.releaseUnused();
    this.deps.changed?.();
    await this.refreshKept();
  }

  /** Lets go of kept bytes no notebook uses any more (a file superseded by the next one, say). */
  private async releaseUnused(): Promise<void> {
    const listed = await this.deps.store.list().catch(() => null);
    if (!listed) return;
    const used = [...this.entries, ...this.early, ...listed.flatMap((nb) => nb.data)];
    for (const kept of await this.deps.keeper.list()) {
      if (!used.some((e) => e.kept && same(e, kept))) await this.deps.keeper.forget(kept.name);
    }
  }
}

/**
 * `entries` with `file` recorded: the same name is replaced; an analysed file replaces the notebook's
 * previous analysed file (one dataset per notebook) and keeps the supporting ones.
 */
export function withFile(entries: StoredFileEntry[], file: StoredFileEntry): StoredFileEntry[] {
  const others = entries.filter((e) => e.name !== file.name && !(file.role === 'analysed' && e.role === 'analysed'));
  return [...others, file];
}

function same(a: FileOnScreen, b: FileOnScreen): boolean {
  return a.name === b.name && a.size === b.size;
}
