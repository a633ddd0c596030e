import { describe, expect, it } from 'vitest';
import {
  addCell,
  createCell,
  createNotebook,
  deleteCell,
  duplicateCell,
  insertCell,
  moveCell,
  renameCell,
  updateCell,
} from '../../../src/notebook/document';
import { counterIds } from '../../../src/notebook/ids';
import type { Notebook } from '../../../src/notebook/types';

function sample(): Notebook {
  const ids = counterIds('c');
  let nb = createNotebook({ title: 'T', ids: counterIds('n') });
  nb = addCell(nb, createCell(nb, 'markdown', { ids, source: '# Hi' }));
  nb = addCell(nb, createCell(nb, 'sql', { ids, name: 'orders', source: 'SELECT 1' }));
  nb = addCell(nb, createCell(nb, 'chart', { ids, data: 'orders' }));
  return nb;
}

describe('document operations', () => {
  it('creates cells with injected ids and unique default names', () => {
    const ids = counterIds('x');
    let nb = createNotebook({ ids });
    nb = addCell(nb, createCell(nb, 'sql', { ids }));
    nb = addCell(nb, createCell(nb, 'sql', { ids }));
    nb = addCell(nb, createCell(nb, 'model', { ids }));
    expect(nb.id).toBe('x1');
    expect(nb.cells.map((c) => [c.id, 'name' in c ? c.name : ''])).toEqual([
      ['x2', 'query'],
      ['x3', 'query_2'],
      ['x4', 'model'],
    ]);
  });

  it('inserts, moves, deletes without touching the original', () => {
    const nb = sample();
    const frozen = JSON.stringify(nb);
    const inserted = insertCell(nb, 1, { id: 'new', kind: 'markdown', source: 'x' });
    expect(inserted.cells.map((c) => c.id)).toEqual(['c1', 'new', 'c2', 'c3']);
    expect(moveCell(inserted, 'c1', 3).cells.map((c) => c.id)).toEqual(['new', 'c2', 'c3', 'c1']);
    expect(moveCell(inserted, 'c3', 0).cells.map((c) => c.id)).toEqual(['c3', 'c1', 'new', 'c2']);
    expect(deleteCell(inserted, 'c2').cells.map((c) => c.id)).toEqual(['c1', 'new', 'c3']);
    expect(JSON.stringify(nb)).toBe(frozen);
  });

  it('renames an inserted cell whose name is taken', () => {
    const nb = insertCell(sample(), 9, { id: 'q', kind: 'sql', name: 'orders', source: '' });
    expect(nb.cells[3]).toMatchObject({ id: 'q', name: 'orders_2' });
  });

  it('duplicates a cell after itself with a new id and name', () => {
    const nb = duplicateCell(sample(), 'c2', () => 'dup');
    expect(nb.cells.map((c) => c.id)).toEqual(['c1', 'c2', 'dup', 'c3']);
    expect(nb.cells[2]).toMatchObject({ kind: 'sql', name: 'orders_copy', source: 'SELECT 1' });
  });

  it('updates source, chart data and collapsed', () => {
    let nb = updateCell(sample(), 'c3', { data: 'other', source: '{}', collapsed: true });
    expect(nb.cells[2]).toMatchObject({ data: 'other', source: '{}', collapsed: true });
    nb = updateCell(nb, 'c3', { collapsed: false });
    expect(nb.cells[2]).not.toHaveProperty('collapsed');
  });

  it.each([
    ['orders-2024', /not a valid name.*orders_2024/],
    ['2024', /not a valid name/],
    ['', /A name is needed/],
    ['select', /SQL word/],
    ['month', /SQL word/],
    ['cb_orders', /table built from your data/],
    ['ORDERS', /already named “orders”/],
  ])('refuses the name %j with a helpful message', (name, message) => {
    const nb = sample();
    const result = renameCell(nb, 'c3', name);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });

  it('renames a cell to a valid unique name, and may keep its own name', () => {
    const nb = sample();
    const result = renameCell(nb, 'c2', 'orders_by_month');
    expect(result.ok && result.notebook.cells[1]).toMatchObject({ name: 'orders_by_month' });
    expect(renameCell(nb, 'c2', 'orders').ok).toBe(true);
    expect(renameCell(nb, 'c1', 'x')).toEqual({ ok: false, error: 'Markdown cells have no name.' });
  });
});
