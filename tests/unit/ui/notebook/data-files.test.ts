import { describe, expect, it } from 'vitest';
import { DataFiles, type FileOnScreen } from '../../../../src/ui/notebook/data-files.svelte';
import type { FileKeeper } from '../../../../src/ui/notebook/file-keeper';
import { memoryNotebookStore, type StoredFileEntry } from '../../../../src/ui/notebook/notebook-store';

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
    list: async () => [...kept.values()].map((f) => ({ name: f.name, size: f.size })),
  };
}

/** A browser tab: a workspace that records what it opened, over one store and one keeper. */
function tab(store: ReturnType<typeof memoryNotebookStore>, files: ReturnType<typeof keeper>) {
  const screen = { files: [] as FileOnScreen[], analysed: null as FileOnScreen | null };
  const opened: string[][] = [];
  const data = new DataFiles({
    keeper: files,
    store,
    onScreen: () => screen,
    open: async (list) => {
      opened.push(list.map((f) => f.name));
      for (const file of list) await load(file, file.name !== 'products.csv');
    },
  });
  async function load(file: File, analysable: boolean): Promise<void> {
    screen.files = [...screen.files.filter((f) => f.name !== file.name), { name: file.name, size: file.size }];
    if (analysable) screen.analysed = { name: file.name, size: file.size };
    await data.loaded(file, analysable);
  }
  return { data, opened, load, screen };
}

const names = (entries: StoredFileEntry[]) => entries.map((e) => `${e.name}:${e.role}:${e.kept}`);

describe('DataFiles', () => {
  it('binds a notebook to the file its analyses read, brings back only that data, and lets go of superseded bytes', async () => {
    const store = memoryNotebookStore();
    const kept = keeper(['huge.csv']);
    const first = tab(store, kept);
    await first.data.attach('nb1', false);
    await first.load(new File(['a'], 'orders.csv'), true);
    await first.load(new File(['pp'], 'products.csv'), false);
    await first.load(new File(['ccc'], 'events.csv'), true);
    expect(names((await store.dataOf('nb1'))!)).toEqual(['products.csv:supporting:true', 'events.csv:analysed:true']);
    // orders.csv was superseded by events.csv and no notebook uses it: its bytes are gone.
    expect([...kept.kept.keys()].sort()).toEqual(['events.csv', 'products.csv']);

    // Reload: only this notebook's files come back, supporting ones first.
    const second = tab(store, kept);
    expect(await second.data.attach('nb1', false)).toBe(2);
    expect(second.opened).toEqual([['products.csv', 'events.csv']]);
    expect(second.screen.analysed?.name).toBe('events.csv');

    // A new notebook beside loaded data takes that data; opening the first again loads nothing.
    await second.data.attach('nb2', true);
    expect(names((await store.dataOf('nb2'))!)).toEqual(['events.csv:analysed:true']);
    expect(await second.data.attach('nb1', false)).toBe(0);
    expect(second.opened).toHaveLength(1);
  });

  it('asks again for a file it could not keep, and for a kept file the user removed', async () => {
    const store = memoryNotebookStore();
    const kept = keeper(['huge.csv']);
    const first = tab(store, kept);
    await first.data.attach('nb1', false);
    await first.load(new File(['b'], 'huge.csv'), true);
    await first.load(new File(['pp'], 'products.csv'), false);
    await first.data.removeKept('products.csv');
    expect(first.data.kept).toEqual([]);

    const second = tab(store, kept);
    expect(await second.data.attach('nb1', false)).toBe(0);
    expect(second.data.missing.sort()).toEqual(['huge.csv', 'products.csv']);
    await second.load(new File(['b'], 'huge.csv'), true);
    expect(second.data.missing).toEqual(['products.csv']);
  });

  it('carries the single file list of older versions over to the last open notebook', async () => {
    const store = { ...memoryNotebookStore(), legacyFiles: async (): Promise<StoredFileEntry[]> => [{ name: 'shop.csv', size: 3, kept: true, role: 'analysed' }] };
    const kept = keeper();
    await kept.keep(new File(['abc'], 'shop.csv'));
    const page = tab(store, kept);
    expect(await page.data.attach('nb1', false)).toBe(1);
    expect(names((await store.dataOf('nb1'))!)).toEqual(['shop.csv:analysed:true']);
  });
});
