/**
 * Keeps loaded data files in the browser's private file system (OPFS) so a reload can re-attach them
 * without asking. The copy streams (File.stream → createWritable), so the page never blocks on it.
 * Where OPFS or writable streams are missing, nothing is kept and the notebook asks for the file by name.
 */

/** Files kept between visits. */
export interface FileKeeper {
  /** Whether this browser can keep files. */
  readonly available: boolean;
  keep(file: File): Promise<boolean>;
  recall(name: string): Promise<File | null>;
  forget(name: string): Promise<void>;
  /** The files kept, with their sizes in bytes. */
  list(): Promise<KeptFile[]>;
}

/** A file kept in this browser. */
export interface KeptFile {
  name: string;
  size: number;
}

const FOLDER = 'cohortbook-data';

/** A keeper over OPFS (navigator.storage.getDirectory), or one that keeps nothing. */
export function opfsFileKeeper(): FileKeeper {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  const writable = typeof FileSystemFileHandle !== 'undefined' && 'createWritable' in FileSystemFileHandle.prototype;
  if (!storage || typeof storage.getDirectory !== 'function' || !writable) return noFileKeeper();
  const folder = async () => (await storage.getDirectory()).getDirectoryHandle(FOLDER, { create: true });
  return {
    available: true,
    async keep(file) {
      try {
        const handle = await (await folder()).getFileHandle(fileKey(file.name), { create: true });
        const out = await handle.createWritable();
        await file.stream().pipeTo(out);
        return true;
      } catch {
        await this.forget(file.name);
        return false;
      }
    },
    async recall(name) {
      try {
        const handle = await (await folder()).getFileHandle(fileKey(name));
        const stored = await handle.getFile();
        return new File([stored], name, { type: stored.type });
      } catch {
        return null;
      }
    },
    async forget(name) {
      try {
        await (await folder()).removeEntry(fileKey(name));
      } catch {
        /* not there */
      }
    },
    async list() {
      const kept: KeptFile[] = [];
      try {
        for await (const [key, handle] of (await folder()) as unknown as AsyncIterable<[string, FileSystemHandle]>) {
          if (handle.kind === 'file') kept.push({ name: decodeURIComponent(key), size: (await (handle as FileSystemFileHandle).getFile()).size });
        }
      } catch {
        /* storage refused: nothing to list */
      }
      return kept.sort((a, b) => a.name.localeCompare(b.name));
    },
  };
}

/** A keeper for browsers without OPFS. */
export function noFileKeeper(): FileKeeper {
  return { available: false, keep: async () => false, recall: async () => null, forget: async () => {}, list: async () => [] };
}

/** Asks the browser not to evict what we keep (best effort; browsers may say no). */
export async function requestPersistentStorage(): Promise<boolean> {
  try {
    return (await navigator.storage?.persist?.()) ?? false;
  } catch {
    return false;
  }
}

function fileKey(name: string): string {
  return encodeURIComponent(name);
}
