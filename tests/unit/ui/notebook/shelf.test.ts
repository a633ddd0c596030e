import { describe, expect, it } from 'vitest';
import type { Db } from '../../../../src/engine/db';
import { memoryNotebookStore, NotSavedError, type NotebookStore } from '../../../../src/ui/notebook/notebook-store';
import { memoryJournal, type SaveJournal } from '../../../../src/ui/notebook/save-journal';
import { NotebookSession } from '../../../../src/ui/notebook/session.svelte';
import { AUTOSAVE_DELAY_MS, NotebookShelf } from '../../../../src/ui/notebook/shelf.svelte';

const TOUR = '---\ntitle: Tour\n---\n\n# Hello\n\n```sql name=base\nSELECT 1 AS x\n```\n';

function shelfWith(store: NotebookStore = memoryNotebookStore(), downloads: { name: string; text: Promise<string> }[] = [], journal: SaveJournal = memoryJournal()) {
  let shelf: NotebookShelf | null = null;
  const session = new NotebookSession({
    db: async () => ({}) as Db,
    tables: async () => [],
    changed: (nb) => shelf?.changed(nb),
    now: () => 0,
  });
  shelf = new NotebookShelf(session, {
    store,
    journal,
    tourText: () => TOUR,
    download: (name, blob) => downloads.push({ name, text: blob.text() }),
    now: () => Date.now(),
  });
  return { shelf, session, store, downloads, journal };
}

/** A store whose writes fail the way indexedDbNotebookStore's do when IndexedDB is off. */
function failingStore(): NotebookStore {
  const memory = memoryNotebookStore();
  const refuse = async () => {
    throw new NotSavedError(new Error('IndexedDB is off'));
  };
  return { ...memory, put: (nb) => memory.put(nb).then(refuse), setLastOpen: (id) => memory.setLastOpen(id).then(refuse) };
}

describe('NotebookShelf', () => {
  it('never says saved when the store cannot keep the notebook', async () => {
    const { shelf, session } = shelfWith(failingStore());
    await shelf.start();
    expect(session.notebook.title).toBe('Tour');
    expect(shelf.saving).toBe('failed');
    session.setTitle('Edited');
    await new Promise((r) => setTimeout(r, AUTOSAVE_DELAY_MS + 50));
    expect(shelf.saving).toBe('failed');
    expect(shelf.saved).toBe(false);
  });

  it('keeps a change made just before the tab closes, through the journal', async () => {
    const store = memoryNotebookStore();
    let closing = false;
    // Once the tab is closing, a write to the store never lands.
    const closingStore: NotebookStore = { ...store, put: (nb) => (closing ? new Promise<void>(() => {}) : store.put(nb)) };
    const { shelf, session, journal } = shelfWith(closingStore);
    await shelf.start();
    closing = true;
    session.setTitle('Closed in a hurry');
    shelf.flushNow();
    expect(journal.read()?.text).toContain('title: Closed in a hurry');
    expect((await store.get(session.notebook.id))?.title).toBe('Tour');

    const reopened = shelfWith(store, [], journal);
    await reopened.shelf.start();
    expect(reopened.session.notebook.title).toBe('Closed in a hurry');
    await new Promise((r) => setTimeout(r, AUTOSAVE_DELAY_MS + 50));
    expect((await store.get(session.notebook.id))?.title).toBe('Closed in a hurry');
    expect(journal.read()).toBeNull();
  });

  it('opens the tour on first start and the last notebook afterwards', async () => {
    const { shelf, session, store } = shelfWith();
    await shelf.start();
    expect(session.notebook.title).toBe('Tour');
    expect(session.notebook.cells.map((c) => c.kind)).toEqual(['markdown', 'sql']);
    session.setTitle('My tour');
    session.add('sql');
    await new Promise((r) => setTimeout(r, AUTOSAVE_DELAY_MS + 50));
    expect(shelf.saving).toBe('saved');

    const again = shelfWith(store);
    await again.shelf.start();
    expect(again.session.notebook.title).toBe('My tour');
    expect(again.session.notebook.cells).toHaveLength(3);
    expect(again.session.notebook.id).toBe(session.notebook.id);
  });

  it('creates, renames, opens and deletes notebooks in the list', async () => {
    const { shelf, session } = shelfWith();
    await shelf.start();
    const tourId = session.notebook.id;
    await shelf.createEmpty('Second');
    expect(shelf.entries.map((e) => e.title).sort()).toEqual(['Second', 'Tour']);
    await shelf.rename(tourId, 'Renamed tour');
    expect(shelf.entries.find((e) => e.id === tourId)?.title).toBe('Renamed tour');
    await shelf.open(tourId);
    expect(session.notebook.title).toBe('Renamed tour');
    await shelf.remove(tourId);
    expect(session.notebook.title).toBe('Second');
    expect(shelf.entries).toHaveLength(1);
  });

  it('saves the file, imports it as a new notebook, and reports a file it cannot read', async () => {
    const { shelf, session, downloads } = shelfWith();
    await shelf.start();
    shelf.saveFile();
    expect(downloads[0]?.name).toBe('Tour.cohortbook.md');
    const text = await downloads[0]!.text;
    expect(text).toBe(TOUR);
    const before = session.notebook.id;
    expect(await shelf.importFile(new File([text], 'copy.cohortbook.md'))).toBe(true);
    expect(session.notebook.id).not.toBe(before);
    expect(shelf.fileText()).toBe(TOUR);
    expect(shelf.entries).toHaveLength(2);
    expect(await shelf.importFile(new File(['```sql name=a\nSELECT 1\n'], 'bad.cohortbook.md'))).toBe(false);
    expect(shelf.problem).toMatch(/Line \d+/);
  });
});
