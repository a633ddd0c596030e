/**
 * Where notebooks live between visits: IndexedDB (via `idb`), one record per notebook holding its
 * `.cohortbook.md` text, plus which notebook was open last and which data files were loaded.
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

/** A notebook in the list (without its text). */
export type NotebookEntry = Omit<StoredNotebook, 'text'>;

/** A data file the session loaded, in load order. */
export interface StoredFileEntry {
  name: string;
  size: number;
  /** Its bytes are kept in the browser (OPFS) and can be re-attached without asking. */
  kept: boolean;
}

/** The notebook shelf. */
export interface NotebookStore {
  list(): Promise<NotebookEntry[]>;
  get(id: string): Promise<StoredNotebook | null>;
  put(notebook: StoredNotebook): Promise<void>;
  remove(id: string): Promise<void>;
  lastOpen(): Promise<string | null>;
  setLastOpen(id: string): Promise<void>;
  files(): Promise<StoredFileEntry[]>;
  setFiles(files: StoredFileEntry[]): Promise<void>;
}

const DB_NAME = 'cohortbook-notebooks';
const NOTEBOOKS = 'notebooks';
const META = 'meta';

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
    (opened ??= openDB(DB_NAME, 1, {
      upgrade(db) {
        db.createObjectStore(NOTEBOOKS, { keyPath: 'id' });
        db.createObjectStore(META);
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
        return all.map(({ id, title, updatedAt }) => ({ id, title, updatedAt })).sort((a, b) => b.updatedAt - a.updatedAt);
      }, fallback.list),
    get: (id) => use(async (db) => ((await db.get(NOTEBOOKS, id)) as StoredNotebook | undefined) ?? null, () => fallback.get(id)),
    put: (notebook) => write(async (db) => void (await db.put(NOTEBOOKS, { ...notebook })), () => fallback.put(notebook)),
    remove: (id) => use(async (db) => db.delete(NOTEBOOKS, id), () => fallback.remove(id)),
    lastOpen: () => use(async (db) => ((await db.get(META, 'lastOpen')) as string | undefined) ?? null, fallback.lastOpen),
    setLastOpen: (id) => write(async (db) => void (await db.put(META, id, 'lastOpen')), () => fallback.setLastOpen(id)),
    files: () => use(async (db) => ((await db.get(META, 'files')) as StoredFileEntry[] | undefined) ?? [], fallback.files),
    setFiles: (files) => use(async (db) => void (await db.put(META, files.map((f) => ({ ...f })), 'files')), () => fallback.setFiles(files)),
  };
}

/** A store that forgets everything on reload. */
export function memoryNotebookStore(): NotebookStore {
  const notebooks = new Map<string, StoredNotebook>();
  let last: string | null = null;
  let files: StoredFileEntry[] = [];
  return {
    list: async () => [...notebooks.values()].map(({ id, title, updatedAt }) => ({ id, title, updatedAt })).sort((a, b) => b.updatedAt - a.updatedAt),
    get: async (id) => notebooks.get(id) ?? null,
    put: async (notebook) => void notebooks.set(notebook.id, { ...notebook }),
    remove: async (id) => void notebooks.delete(id),
    lastOpen: async () => last,
    setLastOpen: async (id) => void (last = id),
    files: async () => files,
    setFiles: async (next) => void (files = [...next]),
  };
}
