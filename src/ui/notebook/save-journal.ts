/**
 * A synchronous copy of the notebook's last change. Autosave to IndexedDB is asynchronous and waits for
 * a quiet moment; when the tab is hidden or closed right after an edit, that write may never finish.
 * So the pending text is also written here, synchronously, as the page goes away, and the next start
 * takes it when it is newer than what IndexedDB holds.
 */
import type { StoredNotebook } from './notebook-store';

/** Where the last unsaved change waits. */
export interface SaveJournal {
  write(entry: StoredNotebook): void;
  read(): StoredNotebook | null;
  /** Forgets the entry of notebook `id` once a change made at `savedUpTo` or later is safely in the store. */
  clear(id: string, savedUpTo: number): void;
}

const KEY = 'cohortbook-pending-notebook';

/** A journal in localStorage (synchronous, so it survives a closing tab); silent when storage is off. */
export function localStorageJournal(storage: Storage | undefined = globalThis.localStorage): SaveJournal {
  return {
    write(entry) {
      try {
        storage?.setItem(KEY, JSON.stringify(entry));
      } catch {
        /* quota or private mode: the asynchronous save is all there is */
      }
    },
    read() {
      try {
        const text = storage?.getItem(KEY);
        const entry = text ? (JSON.parse(text) as Partial<StoredNotebook>) : null;
        return entry && typeof entry.id === 'string' && typeof entry.text === 'string' && typeof entry.updatedAt === 'number'
          ? { id: entry.id, title: String(entry.title ?? ''), text: entry.text, updatedAt: entry.updatedAt }
          : null;
      } catch {
        return null;
      }
    },
    clear(id, savedUpTo) {
      try {
        const entry = this.read();
        if (entry?.id === id && entry.updatedAt <= savedUpTo) storage?.removeItem(KEY);
      } catch {
        /* nothing to clear */
      }
    },
  };
}

/** A journal that remembers nothing across page loads (tests, browsers without storage). */
export function memoryJournal(): SaveJournal {
  let entry: StoredNotebook | null = null;
  return {
    write: (next) => void (entry = { ...next }),
    read: () => entry,
    clear: (id, savedUpTo) => {
      if (entry?.id === id && entry.updatedAt <= savedUpTo) entry = null;
    },
  };
}
