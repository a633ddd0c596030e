import { describe, expect, it } from 'vitest';
import { DataFiles } from '../../../../src/ui/notebook/data-files.svelte';
import type { FileKeeper } from '../../../../src/ui/notebook/file-keeper';
import type { StoredFileEntry } from '../../../../src/ui/notebook/notebook-store';

function keeper(refuse: string[] = []): FileKeeper & { kept: Map<string, File> } {
  const kept = new Map<string, File>();
  return {
    available: true,
    kept,
    keep: async (file) => {
      if (refuse.includes(file.name)) return false;
      kept.set(file.name, file);
      return true;
    },
    recall: async (name) => kept.get(name) ?? null,
    forget: async (name) => void kept.delete(name),
  };
}

describe('DataFiles', () => {
  it('keeps loaded files, re-attaches them in load order and asks for the ones it could not keep', async () => {
    const store = { files: [] as StoredFileEntry[] };
    const files = keeper(['huge.csv']);
    const opened: string[][] = [];
    const deps = {
      keeper: files,
      load: async () => store.files,
      save: async (next: StoredFileEntry[]) => void (store.files = next),
      open: async (list: File[]) => void opened.push(list.map((f) => f.name)),
    };
    const first = new DataFiles(deps);
    await first.loaded(new File(['a'], 'orders.csv'));
    await first.loaded(new File(['b'], 'huge.csv'));
    await first.loaded(new File(['c'], 'events.csv'));
    expect(store.files.map((f) => `${f.name}:${f.kept}`)).toEqual(['orders.csv:true', 'huge.csv:false', 'events.csv:true']);

    const next = new DataFiles(deps);
    expect(await next.restore()).toBe(2);
    expect(opened).toEqual([['orders.csv', 'events.csv']]);
    expect(next.missing).toEqual(['huge.csv']);

    const restored = await files.recall('orders.csv');
    await next.loaded(restored!);
    expect(files.kept.size).toBe(2);
    await next.loaded(new File(['b'], 'huge.csv'));
    expect(next.missing).toEqual([]);
  });
});
