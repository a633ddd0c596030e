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
});
