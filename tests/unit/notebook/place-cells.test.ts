import { describe, expect, it } from 'vitest';
import { clvPeriods } from '../../../src/analyses/clv-summary';
import { oneClickCells } from '../../../src/analyses/one-click';
import { createNotebook } from '../../../src/notebook/document';
import { counterIds } from '../../../src/notebook/ids';
import { placeCells, renameInSql, type PlacedDraft } from '../../../src/notebook/place-cells';
import type { Cell } from '../../../src/notebook/types';

const facts = { firstDate: '2022-01-01', lastDate: '2024-12-31', orders: 100, customers: 40, viewEvents: 0, cartEvents: 0, productLines: 30 };
const context = { language: 'en' as const, facts };
const names = (cells: Cell[]) => cells.map((c) => (c.kind === 'markdown' ? `md:${c.origin ?? ''}` : c.name));
const sql = (name: string, source: string, origin?: string): Cell => ({ id: name, kind: 'sql', name, source, ...(origin ? { origin } : {}) });

describe('placeCells', () => {
  it('inserts after the given position, tagged with the origin', () => {
    const nb = createNotebook({ cells: [sql('a', 'SELECT 1'), sql('b', 'SELECT 2')] });
    const drafts: PlacedDraft[] = [{ kind: 'markdown', source: '# x' }, { kind: 'sql', name: 'x', source: 'SELECT * FROM a' }];
    const { notebook, placed } = placeCells(nb, drafts, { origin: 'demo', after: 0, ids: counterIds('n') });
    expect(names(notebook.cells)).toEqual(['a', 'md:demo', 'x', 'b']);
    expect(placed).toEqual(['n1', 'n2']);
    expect(notebook.cells.every((c) => c.id === 'a' || c.id === 'b' || c.origin === 'demo')).toBe(true);
  });

  it('replaces the cells of an earlier click in place, keeping ids of names that stay', () => {
    const ids = counterIds('n');
    const start = createNotebook({ cells: [sql('a', 'SELECT 1'), sql('b', 'SELECT 2')] });
    const once = placeCells(start, oneClickCells('cohort', context), { origin: 'cohort', after: 0, ids }).notebook;
    const twice = placeCells(once, oneClickCells('cohort', context), { origin: 'cohort', ids });
    expect(names(twice.notebook.cells)).toEqual(names(once.cells));
    expect(twice.notebook.cells.map((c) => c.id)).toEqual(once.cells.map((c) => c.id));
    expect(names(twice.notebook.cells).at(-1)).toBe('b');
  });

  it('shares a cell another analysis inserted with the same code (rfm_segments)', () => {
    const ids = counterIds('n');
    let nb = placeCells(createNotebook(), oneClickCells('rfm', context), { origin: 'rfm', ids }).notebook;
    nb = placeCells(nb, oneClickCells('time_to_next', context), { origin: 'time_to_next', ids }).notebook;
    expect(names(nb.cells).filter((n) => n === 'rfm_segments')).toHaveLength(1);
  });

  it('renames a draft whose name the user took and rewrites the analysis cells that read it', () => {
    const user = sql('first_orders', 'SELECT 42 AS answer');
    const { notebook } = placeCells(createNotebook({ cells: [user] }), oneClickCells('repurchase', context), { origin: 'repurchase', ids: counterIds('n') });
    expect(names(notebook.cells)).toContain('first_orders_2');
    const rates = notebook.cells.find((c) => c.kind === 'sql' && c.name === 'repurchase_rates') as Extract<Cell, { kind: 'sql' }>;
    expect(rates.source).toMatch(/\bfirst_orders_2\b/);
    expect(rates.source).not.toMatch(/\bfirst_orders\b(?!_2)/);
    expect(notebook.cells[0]).toBe(user);
  });
});

describe('renameInSql', () => {
  it('renames whole names only, not inside strings, quoted names, comments or after a dot', () => {
    const renames = new Map([['t', 't_2']]);
    expect(renameInSql(`SELECT t.x, 't', "t", s.t, tt FROM t -- t\nJOIN t ON true`, renames)).toBe(`SELECT t_2.x, 't', "t", s.t, tt FROM t_2 -- t\nJOIN t_2 ON true`);
  });
});

describe('clvPeriods', () => {
  it('calibrates on the first two thirds and checks on the rest', () => {
    expect(clvPeriods('2022-01-01', '2022-01-31')).toEqual({ calibrationEnd: '2022-01-21', holdoutEnd: '2022-01-31' });
  });
});
