import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { tableToRows } from '../../../src/engine/rows';
import { suggestName, uniqueName } from '../../../src/notebook/names';
import { SQL_KEYWORDS } from '../../../src/notebook/sql-keywords';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(() => db.close());

describe('names', () => {
  it('knows exactly the keywords of the running DuckDB (its tokenizer hides them from dependency tracking)', async () => {
    const rows = tableToRows(await db.query('SELECT keyword_name FROM duckdb_keywords()'));
    expect(new Set(rows.map((r) => String(r.keyword_name)))).toEqual(SQL_KEYWORDS);
    expect(await db.identifiers('SELECT * FROM month JOIN revenue_trend')).toEqual(['revenue_trend']);
  });

  it('suggests valid names from any text', () => {
    expect(['Orders by month', '2024 sales', '', 'select', 'Café'].map(suggestName)).toEqual(['orders_by_month', 't_2024_sales', 'result', 'select_1', 'cafe']);
  });

  it('numbers a taken name', () => {
    const nb = { id: 'n', title: '', cells: [{ id: 'a', kind: 'sql' as const, name: 'q', source: '' }, { id: 'b', kind: 'sql' as const, name: 'q_2', source: '' }] };
    expect(uniqueName(nb, 'q')).toBe('q_3');
    expect(uniqueName(nb, 'q', 'a')).toBe('q');
  });
});
