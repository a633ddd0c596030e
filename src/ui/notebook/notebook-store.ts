/**
 * Where notebooks live between visits: IndexedDB (via `idb`), one record per notebook holding its
 * `.cohortbook.md` text, the data files each notebook works on, and which notebook was open last.
 * A memory store with the same interface serves tests and browsers without storage.
 */
import { openDB, type IDBPDatabase } from 'idb';

/** A saved notebook: its file text and when it last changed. */
export interface StoredNotebook {
  id: string;
  title: string;
  text: string;
  updatedAt: number;
}

/** A notebook in the list (without its text), with the data it works on. */
export type NotebookEntry = Omit<StoredNotebook, 'text'> & { data: StoredFileEntry[] };

/** A data file a notebook works on. */
export interface StoredFileEntry {
  name: string;
  size: number;
  /** Its bytes are kept in the browser (OPFS) and can be re-attached without asking. */
  kept: boolean;
  /**
   * `analysed`: the file the analyses read (the cb_* tables are built from it; one per notebook);
   * `supporting`: a file loaded beside it that could not be analysed by itself (a product list, say).
   */
  role: 'analysed' | 'supporting';
}

/** The notebook shelf. */
export interface NotebookStore {
  list(): Promise<NotebookEntry[]>;
  get(id: string): Promise<StoredNotebook | null>;
  put(notebook: StoredNotebook): Promise<void>;
  remove(id: string): Promise<void>;
  lastOpen(): Promise<string | null>;
  setLastOpen(id: string): Promise<void>;
  /** The data files of notebook `id`, or null when none was ever recorded. */
  dataOf(id: string): Promise<StoredFileEntry[] | null>;
  setDataOf(id: string, files: StoredFileEntry[]): Promise<void>;
  /** The one list of loaded files kept before notebooks had their own (read once, to carry it over). */
  legacyFiles(): Promise<StoredFileEntry[]>;
}

const DB_NAME = 'cohortbook-notebooks';
const NOTEBOOKS = 'notebooks';
const META = 'meta';
/** Notebook id -> its data files (version 2). */
const DATA = 'data';

/** A write that went to memory only: IndexedDB could not open or refused it. The notebook lives on in this tab, but is not saved. */
export class NotSavedError extends Error {
  constructor(cause: unknown) {
    super(`The notebook could not be saved in this browser: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'NotSavedError';
  }
}

/**
 * A store in this browser's IndexedDB. When IndexedDB cannot open or fails, reads fall back to memory
 * (so this tab keeps working) and every write still lands in memory but rejects with NotSavedError, so
 * nobody is told "saved" when nothing was.
 */
export function indexedDbNotebookStore(): NotebookStore {
  let opened: Promise<IDBPDatabase> | null = null;
  const fallback = memoryNotebookStore();
  const open = () =>
    (opened ??= openDB(DB_NAME, 2, {
      upgrade(db, oldVersion) {
        if (oldVersion < 1) {
          db.createObjectStore(NOTEBOOKS, { keyPath: 'id' });
          db.createObjectStore(META);
        }
        if (oldVersion < 2) db.createObjectStore(DATA);
      },
      // Another tab upgrades the database or "Erase everything" deletes it: let go at once.
      blocking() {
        void opened?.then((db) => db.close());
        opened = null;
      },
    }));
  async function use<T>(work: (db: IDBPDatabase) => Promise<T>, otherwise: () => Promise<T>): Promise<T> {
    let db: IDBPDatabase;
    try {
      db = await open();
    } catch {
      return otherwise();
    }
    return work(db);
  }
  /** A write: to IndexedDB, else to memory and a NotSavedError. */
  async function write(work: (db: IDBPDatabase) => Promise<void>, inMemory: () => Promise<void>): Promise<void> {
    try {
      await work(await open());
    } catch (error) {
      await inMemory();
      throw new NotSavedError(error);
    }
  }
  return {
    list: () =>
      use(async (db) => {
        const all = (await db.getAll(NOTEBOOKS)) as StoredNotebook[];
        const data = new Map<string, StoredFileEntry[]>();
        let cursor = await db.transaction(DATA).store.openCursor();
        for (; cursor; cursor = await cursor.continue()) data.set(String(cursor.key), cursor.value as StoredFileEntry[]);
        return entriesOf(all, (id) => data.get(id) ?? []);
      }, fallback.list),
    get: (id) => use(async (db) => ((await db.get(NOTEBOOKS, id)) as StoredNotebook | undefined) ?? null, () => fallback.get(id)),
    put: (notebook) => write(async (db) => void (await db.put(NOTEBOOKS, { ...notebook })), () => fallback.put(notebook)),
    remove: (id) =>
      use(
        async (db) => {
          const tx = db.transaction([NOTEBOOKS, DATA], 'readwrite');
          await Promise.all([tx.objectStore(NOTEBOOKS).delete(id), tx.objectStore(DATA).delete(id), tx.done]);
        },
        () => fallback.remove(id),
      ),
    lastOpen: () => use(async (db) => ((await db.get(META, 'lastOpen')) as string | undefined) ?? null, fallback.lastOpen),
    setLastOpen: (id) => write(async (db) => void (await db.put(META, id, 'lastOpen')), () => fallback.setLastOpen(id)),
    dataOf: (id) => use(async (db) => ((await db.get(DATA, id)) as StoredFileEntry[] | undefined) ?? null, () => fallback.dataOf(id)),
    setDataOf: (id, files) => use(async (db) => void (await db.put(DATA, files.map((f) => ({ ...f })), id)), () => fallback.setDataOf(id, files)),
    legacyFiles: () =>
      use(async (db) => {
        const files = ((await db.get(META, 'files')) as Omit<StoredFileEntry, 'role'>[] | undefined) ?? [];
        if (files.length > 0) await db.delete(META, 'files');
        // The old list was every file in load order; the last one was the one the analyses read.
        return files.map((f, i): StoredFileEntry => ({ ...f, role: i === files.length - 1 ? 'analysed' : 'supporting' }));
      }, fallback.legacyFiles),
  };
}

/** A store that forgets everything on reload. */
export function memoryNotebookStore(): NotebookStore {
  const notebooks = new Map<string, StoredNotebook>();
  const data = new Map<string, StoredFileEntry[]>();
  let last: string | null = null;
  return {
    list: async () => entriesOf([...notebooks.values()], (id) => data.get(id) ?? []),
    get: async (id) => notebooks.get(id) ?? null,
    put: async (notebook) => void notebooks.set(notebook.id, { ...notebook }),
    remove: async (id) => {
      notebooks.delete(id);
      data.delete(id);
    },
    lastOpen: async () => last,
    setLastOpen: async (id) => void (last = id),
    dataOf: async (id) => data.get(id) ?? null,
    setDataOf: async (id, files) => void data.set(id, files.map((f) => ({ ...f }))),
    legacyFiles: async () => [],
  };
}

/** The list rows, newest first. */
function entriesOf(notebooks: StoredNotebook[], dataOf: (id: string) => StoredFileEntry[]): NotebookEntry[] {
  return notebooks.map(({ id, title, updatedAt }) => ({ id, title, updatedAt, data: dataOf(id) })).sort((a, b) => b.updatedAt - a.updatedAt);
}
