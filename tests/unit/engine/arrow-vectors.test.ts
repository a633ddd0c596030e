import { Table, tableFromIPC, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { boolVector, float64Vector, int32Vector, utf8Strings, utf8Vector } from '../../../src/engine/arrow-vectors';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';

describe('arrow vectors built from buffers (no new Function under the CSP)', () => {
  it('round-trips text, floats with nulls, integers and booleans through IPC', () => {
    const table = new Table({
      id: utf8Vector(['a', '', 'ünï', '=SUM(1)']),
      p: float64Vector([0.5, NaN, Infinity, -1.25]),
      rank: int32Vector([3, 1, 4, 2]),
      flag: boolVector([true, false, false, true]),
    });
    const back = tableFromIPC(tableToIPC(table, 'stream'));
    expect(back.toArray().map((r) => r.toJSON())).toEqual([
      { id: 'a', p: 0.5, rank: 3, flag: true },
      { id: '', p: null, rank: 1, flag: false },
      { id: 'ünï', p: null, rank: 4, flag: false },
      { id: '=SUM(1)', p: -1.25, rank: 2, flag: true },
    ]);
  });

  it('handles empty columns', () => {
    const back = tableFromIPC(tableToIPC(new Table({ id: utf8Vector([]), p: float64Vector([]), flag: boolVector([]) }), 'stream'));
    expect(back.numRows).toBe(0);
  });
});

describe('utf8Strings', () => {
  it('reads DuckDB text columns (ASCII, non-ASCII, NULL, several chunks) exactly as Arrow does', async () => {
    const db: Db = await openNodeDb();
    try {
      const cases = [
        "SELECT 'C' || lpad(i::VARCHAR, 6, '0') AS id FROM range(5000) t(i)",
        "SELECT CASE WHEN i % 7 = 0 THEN NULL WHEN i % 3 = 0 THEN '张三' || i ELSE 'c' || i END AS id FROM range(3000) t(i)",
        "SELECT * FROM (VALUES ('a'), (''), (NULL), ('ünï')) t(id)",
        "SELECT 'x' AS id WHERE false",
      ];
      for (const sql of cases) {
        const column = (await db.query(sql)).getChild('id')!;
        expect(utf8Strings(column)).toEqual(Array.from(column.toArray() as ArrayLike<string | null>));
      }
      const big = (await db.query("SELECT 'k' || i AS id FROM range(300000) t(i)")).getChild('id')!;
      expect(big.data.length).toBeGreaterThan(1);
      const strings = utf8Strings(big);
      expect(strings.length).toBe(300000);
      expect([strings[0], strings[122880], strings[299999]]).toEqual(['k0', 'k122880', 'k299999']);
    } finally {
      await db.close();
    }
  });
});
