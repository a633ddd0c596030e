import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { readFeatureMatrix } from '../../../src/analyses/churn-matrix';

describe('readFeatureMatrix', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNodeDb();
    // 5,000 rows: the result arrives in several record batches; every seventh value of a is NULL.
    await db.exec(`CREATE TABLE features AS SELECT 'c' || lpad(i::VARCHAR, 5, '0') AS customer_id,
      CASE WHEN i % 7 = 0 THEN NULL ELSE i * 0.5 END AS a, (i % 3)::INTEGER AS b, (i % 2 = 0) AS churned FROM range(5000) t(i)`);
  });
  afterAll(() => db.close());

  it('lays the columns out row by row in customer order, NULL as NaN, across record batches', async () => {
    const m = await readFeatureMatrix(db, 'features', ['a', 'b'], [], 'churned');
    expect(m.rows).toBe(5000);
    for (const i of [0, 1, 6, 7, 2047, 2048, 2049, 4999]) {
      const a = m.x[i * 2]!;
      if (i % 7 === 0) expect(Number.isNaN(a)).toBe(true);
      else expect(a).toBe(i * 0.5);
      expect(m.x[i * 2 + 1]).toBe(i % 3);
      expect(m.labels![i]).toBe(i % 2 === 0 ? 1 : 0);
      expect(m.customerIds![i]).toBe(`c${String(i).padStart(5, '0')}`);
    }
  });

  it('reads a table of several slices (written out of order) in customer order: numbers, text codes, labels and ids', async () => {
    const n = 140_000; // more than two slices of ROWS_PER_SLICE
    await db.exec(`CREATE TABLE big AS SELECT 'c' || lpad(i::VARCHAR, 6, '0') AS customer_id, i::DOUBLE AS a,
      CASE WHEN i % 5 = 0 THEN NULL ELSE ['x', 'y', 'z'][i % 3 + 1] END AS kind, (i % 4 = 0) AS churned
      FROM range(${n}) t(i) ORDER BY i DESC`);
    const m = await readFeatureMatrix(db, 'big', ['a'], ['kind'], 'churned');
    expect(m.rows).toBe(n);
    const [kind] = m.categorical;
    for (const i of [0, 1, 65_535, 65_536, 65_537, 131_071, 131_072, n - 1]) {
      expect(m.x[i]).toBe(i);
      expect(m.customerIds![i]).toBe(`c${String(i).padStart(6, '0')}`);
      expect(m.labels![i]).toBe(i % 4 === 0 ? 1 : 0);
      expect(kind!.codes[i] === -1 ? null : kind!.levels[kind!.codes[i]!]).toBe(i % 5 === 0 ? null : ['x', 'y', 'z'][i % 3]);
    }
    expect(kind!.levels).toEqual(['y', 'z', 'x']); // first seen at rows 1, 2 and 3 (row 0 is NULL)
    const left = await db.query("SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE 'cb_matrix_read%'");
    expect(Number(left.getChildAt(0)!.get(0))).toBe(0);
  });
});
