import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Table } from 'apache-arrow';
import { listTables } from '../../../../src/engine/catalog';
import type { Db } from '../../../../src/engine/db';
import { openNodeDb } from '../../../../src/engine/node';
import { NotebookSession } from '../../../../src/ui/notebook/session.svelte';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await db.exec(`CREATE TABLE cb_orders AS SELECT 'c' || (range % 5) AS customer_id, range::DOUBLE AS revenue FROM range(20)`);
});
afterAll(async () => {
  await db?.close();
});

function session(extra: Partial<ConstructorParameters<typeof NotebookSession>[0]> = {}): NotebookSession {
  let clock = 0;
  return new NotebookSession({ db: async () => db, tables: listTables, now: () => ++clock, ...extra });
}

function sqlIds(s: NotebookSession): Record<string, string> {
  return Object.fromEntries(s.notebook.cells.filter((c) => c.kind === 'sql').map((c) => [(c as { name: string }).name, c.id]));
}

describe('NotebookSession', () => {
  it('edits cells with undo and redo, merging typing into one step', () => {
    const s = session();
    const id = s.add('sql');
    s.setSource(id, 'SELECT 1');
    s.setSource(id, 'SELECT 12');
    expect(s.rename(id, 'select')).toMatch(/SQL word|keyword/);
    expect(s.rename(id, 'base_orders')).toBeNull();
    s.add('markdown');
    expect(s.notebook.cells.map((c) => c.kind)).toEqual(['sql', 'markdown']);
    s.undo();
    expect(s.notebook.cells).toHaveLength(1);
    s.undo();
    expect(s.notebook.cells[0]).toMatchObject({ name: 'query' });
    s.undo();
    expect(s.notebook.cells[0]).toMatchObject({ source: expect.stringContaining('cb_orders') });
    s.redo();
    s.redo();
    expect(s.notebook.cells[0]).toMatchObject({ name: 'base_orders', source: 'SELECT 12' });
    expect(s.canRedo).toBe(true);
  });

  it('moves, duplicates, collapses and deletes cells', () => {
    const s = session();
    const a = s.add('sql');
    const b = s.add('markdown');
    s.move(b, -1);
    expect(s.notebook.cells.map((c) => c.id)).toEqual([b, a]);
    s.duplicate(a);
    expect(s.notebook.cells).toHaveLength(3);
    expect(s.notebook.cells[2]).toMatchObject({ kind: 'sql', name: 'query_copy' });
    s.toggleCollapsed(a);
    expect(s.notebook.cells[1]?.collapsed).toBe(true);
    s.remove(b);
    expect(s.notebook.cells.map((c) => c.id)).not.toContain(b);
  });

  it('runs a cell and its downstream only, with a grid per result and changes reported', async () => {
    const changes: number[] = [];
    const s = session({ changed: (nb) => changes.push(nb.cells.length) });
    const base = s.add('sql');
    s.rename(base, 'base');
    s.setSource(base, 'SELECT customer_id, sum(revenue) AS revenue FROM cb_orders GROUP BY ALL');
    const top = s.add('sql');
    s.rename(top, 'top');
    s.setSource(top, 'SELECT * FROM base ORDER BY revenue DESC LIMIT 2');
    const other = s.add('sql');
    s.rename(other, 'other');
    s.setSource(other, 'SELECT 1 AS one');
    await s.runAll();
    expect([base, top, other].map((id) => s.result(id)?.status)).toEqual(['ok', 'ok', 'ok']);
    expect(s.grids[top]?.source.relation).toBe('top');
    s.setSource(base, 'SELECT customer_id, sum(revenue) * 2 AS revenue FROM cb_orders GROUP BY ALL');
    expect(s.edited(s.notebook.cells[0]!)).toBe(true);
    await s.run(base);
    expect([base, top, other].map((id) => s.result(id)?.runs)).toEqual([2, 2, 1]);
    expect(s.edited(s.notebook.cells[0]!)).toBe(false);
    expect((s.schema as Record<string, unknown>).base).toEqual(['customer_id', 'revenue']);
    expect(changes.length).toBeGreaterThan(5);
  });

  it('exports a whole result through the encoder, in the grid order', async () => {
    const files: { name: string; rows: number }[] = [];
    const s = session({
      exporter: { encode: async (table: Table, format) => new Blob([`${format}:${table.numRows}:${table.getChildAt(0)?.get(0)}`]) },
      download: (name, blob) => void blob.text().then((t) => files.push({ name, rows: Number(t.split(':')[1]) })),
    });
    const id = s.add('sql');
    s.rename(id, 'all_orders');
    s.setSource(id, 'SELECT * FROM cb_orders');
    await s.run(id);
    await s.exportResult(id, 'csv');
    await new Promise((r) => setTimeout(r, 10));
    expect(files).toEqual([{ name: 'all_orders.csv', rows: 20 }]);
    expect(sqlIds(s)).toHaveProperty('all_orders');
  });
});
