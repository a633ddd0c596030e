/**
 * Everything Cohortbook keeps in this browser, counted and erased through the browser's own APIs:
 * IndexedDB databases (notebooks, role mappings), the private file system (OPFS: kept data files),
 * Cache Storage (the offline copy of the app), the service worker, localStorage and sessionStorage.
 * The page is served from its own origin, so everything there is ours.
 */

/** What this browser keeps for the page's origin. */
export interface StorageInventory {
  databases: number;
  files: number;
  caches: number;
  /** Keys in localStorage (the unsaved-change journal, language, theme). */
  settings: number;
  /** Bytes the browser counts for the origin (navigator.storage.estimate), when it says. */
  usage: number | null;
}

/** Counts what is kept now. */
export async function storageInventory(): Promise<StorageInventory> {
  const [databases, files, caches, usage] = await Promise.all([databaseNames(), opfsEntries(), cacheNames(), usageBytes()]);
  return { databases: databases.length, files: files.length, caches: caches.length, settings: safeLocalStorage()?.length ?? 0, usage };
}

/** True when nothing is kept (the usage figure is left out: browsers count a little bookkeeping). */
export function isEmpty(inventory: StorageInventory): boolean {
  return inventory.databases === 0 && inventory.files === 0 && inventory.caches === 0 && inventory.settings === 0;
}

/**
 * Erases everything, then counts again. Open IndexedDB connections must let go when asked (the stores
 * close on `versionchange`); a deletion still blocked after a few seconds is reported by the count.
 */
export async function eraseEverything(): Promise<StorageInventory> {
  const registrations = (await navigator.serviceWorker?.getRegistrations?.().catch(() => [])) ?? [];
  await Promise.all(registrations.map((r) => r.unregister().catch(() => false)));
  await Promise.all((await databaseNames()).map(deleteDatabase));
  const root = await opfsRoot();
  if (root) for (const name of await opfsEntries()) await root.removeEntry(name, { recursive: true }).catch(() => {});
  if (typeof caches !== 'undefined') await Promise.all((await cacheNames()).map((name) => caches.delete(name)));
  safeLocalStorage()?.clear();
  try {
    sessionStorage.clear();
  } catch {
    /* not available */
  }
  return storageInventory();
}

async function databaseNames(): Promise<string[]> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return [];
  try {
    return (await indexedDB.databases()).map((db) => db.name).filter((name): name is string => !!name);
  } catch {
    return [];
  }
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    const timer = setTimeout(resolve, 5000);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    request.onsuccess = done;
    request.onerror = done;
  });
}

async function opfsRoot(): Promise<FileSystemDirectoryHandle | null> {
  try {
    return (await navigator.storage?.getDirectory?.()) ?? null;
  } catch {
    return null;
  }
}

async function opfsEntries(): Promise<string[]> {
  const root = await opfsRoot();
  if (!root) return [];
  const names: string[] = [];
  for await (const [name] of root as unknown as AsyncIterable<[string, FileSystemHandle]>) names.push(name);
  return names;
}

async function cacheNames(): Promise<string[]> {
  return typeof caches === 'undefined' ? [] : caches.keys().catch(() => []);
}

async function usageBytes(): Promise<number | null> {
  try {
    return (await navigator.storage?.estimate?.())?.usage ?? null;
  } catch {
    return null;
  }
}

function safeLocalStorage(): Storage | null {
  try {
    return localStorage;
  } catch {
    return null;
  }
}
