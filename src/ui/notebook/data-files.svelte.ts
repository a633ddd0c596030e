/**
 * The data files a notebook works on, across reloads: each file the user loads is copied into the
 * browser's private storage (OPFS) when it allows; a reload re-attaches them in load order. A file
 * that could not be kept is asked for again by name.
 */
import type { StoredFileEntry } from './notebook-store';
import type { FileKeeper } from './file-keeper';

/** What re-attaching needs. */
export interface DataFilesDeps {
  keeper: FileKeeper;
  /** The remembered list of loaded files. */
  load(): Promise<StoredFileEntry[]>;
  save(files: StoredFileEntry[]): Promise<void>;
  /** Loads files into the workspace (as if the user opened them). */
  open(files: File[]): Promise<void>;
}

/** Loaded files, remembered and re-attached. */
export class DataFiles {
  /** Files the notebook used that this browser could not keep: the user opens them again. */
  missing = $state.raw<string[]>([]);
  restoring = $state(false);

  private entries: StoredFileEntry[] = [];
  private readonly restored = new WeakSet<File>();

  constructor(private readonly deps: DataFilesDeps) {}

  /** Re-attaches the files of the last visit; returns how many came back. */
  async restore(): Promise<number> {
    this.entries = await this.deps.load().catch(() => []);
    if (this.entries.length === 0) return 0;
    this.restoring = true;
    try {
      const found: File[] = [];
      const missing: string[] = [];
      for (const entry of this.entries) {
        const file = entry.kept ? await this.deps.keeper.recall(entry.name) : null;
        if (file) {
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

  /** Called when the workspace loaded `file`: keep a copy (unless it came from the keeper) and remember it. */
  async loaded(file: File): Promise<void> {
    this.missing = this.missing.filter((name) => name !== file.name);
    if (this.restored.has(file)) return;
    const kept = await this.deps.keeper.keep(file);
    this.entries = [...this.entries.filter((e) => e.name !== file.name), { name: file.name, size: file.size, kept }];
    await this.deps.save(this.entries).catch(() => {});
  }

  /** Stops asking for a file. */
  forget(name: string): void {
    this.missing = this.missing.filter((n) => n !== name);
    this.entries = this.entries.filter((e) => e.name !== name);
    void this.deps.save(this.entries).catch(() => {});
    void this.deps.keeper.forget(name);
  }
}
