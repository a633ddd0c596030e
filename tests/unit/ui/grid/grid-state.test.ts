import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../../src/engine/db';
import { openNodeDb } from '../../../../src/engine/node';
import { relationReader } from '../../../../src/engine/relation';
import { GridState, WINDOW_ROWS } from '../../../../src/ui/grid/grid-state.svelte';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await db.exec(`CREATE TABLE numbers AS SELECT range AS i, CASE WHEN range % 10 = 0 THEN NULL ELSE 'v' || (range % 3) END AS label,
    DATE '2024-01-01' + CAST(range % 30 AS INTEGER) AS day FROM range(1000)`);
  await db.exec(`CREATE TABLE "odd ""name""" AS SELECT 1 AS "a,b"`);
});
afterAll(async () => {
  await db?.close();
});

async function settle(grid: GridState): Promise<void> {
  for (let i = 0; i < 50; i++) await new Promise((r) => setTimeout(r, 5));
  void grid.version;
}

describe('GridState over a relation', () => {
  it('reads the columns, the count and the first window, and fetches windows on demand', async () => {
    const grid = new GridState(relationReader(db, 'numbers'), () => 0);
    await grid.open();
    expect(grid.status).toBe('ready');
    expect(grid.total).toBe(1000);
    expect(grid.columns.map((c) => `${c.name}:${c.sqlType}`)).toEqual(['i:BIGINT', 'label:VARCHAR', 'day:DATE']);
    expect(grid.text(0, 0)).toBe('0');
    expect(grid.loaded(WINDOW_ROWS * 3)).toBe(false);
    grid.show(WINDOW_ROWS * 3 + 5, WINDOW_ROWS * 3 + 30);
    await settle(grid);
    expect(grid.loaded(WINDOW_ROWS * 3 + 5)).toBe(true);
    expect(grid.text(WINDOW_ROWS * 3 + 5, 0)).toBe(String(WINDOW_ROWS * 3 + 5));
    expect(grid.text(WINDOW_ROWS * 3 + 5, 2)).toMatch(/^2024-01-\d\d$/);
  });

  it('shows segment values by their human names, and other text as it is', async () => {
    await db.exec(`CREATE TABLE segments AS SELECT * FROM (VALUES ('c1', 'cannot_lose_them', 'high', 'x_y'), ('c2', 'made_up', 'low', 'at_risk')) t(customer_id, segment, risk_band, note)`);
    const grid = new GridState(relationReader(db, 'segments'), () => 0);
    await grid.open();
    expect([0, 1, 2, 3].map((c) => grid.text(0, c))).toEqual(['c1', "Can't lose them", 'High risk', 'x_y']);
    expect([1, 2, 3].map((c) => grid.text(1, c))).toEqual(['made_up', 'Low risk', 'at_risk']);
  });

  it('sorts in SQL: ascending, descending, then back to the original order', async () => {
    const grid = new GridState(relationReader(db, 'numbers'));
    await grid.open();
    grid.show(0, 20);
    grid.toggleSort('i');
    grid.toggleSort('i');
    await settle(grid);
    expect(grid.sort).toEqual({ column: 'i', descending: true });
    expect(grid.text(0, 0)).toBe('999');
    grid.toggleSort('i');
    await settle(grid);
    expect(grid.sort).toBeNull();
    expect(grid.text(0, 0)).toBe('0');
  });

  it('summarises a column: nulls, distinct values, range and a histogram', async () => {
    const grid = new GridState(relationReader(db, 'numbers'));
    await grid.open();
    await grid.summarise(grid.columns[1]!);
    await grid.summarise(grid.columns[0]!);
    await grid.summarise(grid.columns[2]!);
    const label = grid.summaries.label;
    expect(label?.status).toBe('ready');
    if (label?.status !== 'ready') return;
    expect(label.summary.nulls).toBe(100);
    expect(label.summary.distinct).toBe(3);
    expect(label.summary.bins.reduce((a, b) => a + b, 0)).toBe(900);
    const numbers = grid.summaries.i;
    if (numbers?.status !== 'ready') throw new Error('no summary');
    expect([numbers.summary.min, numbers.summary.max]).toEqual(['0', '999']);
    expect(numbers.summary.bins).toHaveLength(16);
    expect(numbers.summary.bins.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(grid.summaries.day?.status).toBe('ready');
  });

  it('copies a cell or a whole row as tab-separated text', async () => {
    const grid = new GridState(relationReader(db, 'numbers'));
    await grid.open();
    grid.select({ row: 1, column: 1 });
    expect(grid.selectionText()).toBe('v1');
    grid.select({ row: 1, column: null });
    expect(grid.selectionText()).toBe('1\tv1\t2024-01-02');
    grid.moveSelection(1, 0);
    expect(grid.selection).toEqual({ row: 2, column: null });
    grid.select({ row: 2, column: 0 });
    grid.moveSelection(0, 2);
    expect(grid.selection).toEqual({ row: 2, column: 2 });
  });

  it('quotes awkward table and column names', async () => {
    const grid = new GridState(relationReader(db, 'odd "name"'));
    await grid.open();
    expect(grid.status).toBe('ready');
    expect(grid.columns[0]?.name).toBe('a,b');
    await grid.summarise(grid.columns[0]!);
    expect(grid.summaries['a,b']?.status).toBe('ready');
  });

  it('reports a relation that does not exist as a failed grid', async () => {
    const grid = new GridState(relationReader(db, 'missing_table'));
    await grid.open();
    expect(grid.status).toBe('failed');
    expect(grid.error).toMatch(/missing_table/);
  });
});
