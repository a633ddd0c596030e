/**
 * `basket` on the real Online Retail file (DESIGN.md section 7): the JSON shape, rules ordered by lift with
 * the strongest pairs in the tens, and the strongest pair's order count checked by a plain query over the raw
 * CSV (purchases: an invoice not starting with C, a customer, a positive quantity, a price not below 0).
 */
import { describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../src/engine/node';
import { tableToRows } from '../../../src/engine/rows';
import { literal } from '../../../src/sql/quote';
import { cli } from './run-cli';

const RETAIL = '../shared/datasets/online-retail/online_retail.csv';

describe('cli basket', () => {
  it('prints the association rules of Online Retail, strongest first, with counts a plain query agrees with', async () => {
    const run = await cli('basket', RETAIL, '--min-support', '0.01', '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json)).toEqual(['orders', 'min_support', 'rules']);
    expect(json.orders).toBeGreaterThan(18_000);
    expect(json.rules.length).toBeGreaterThan(100);
    const lifts = json.rules.map((r: { lift: number }) => r.lift);
    expect(lifts).toEqual([...lifts].sort((a, b) => b - a));
    expect(lifts[0]).toBeGreaterThan(20);
    for (const r of json.rules) {
      expect(Object.keys(r)).toEqual(['antecedent', 'consequent', 'orders', 'support', 'confidence', 'lift']);
      expect(r.support).toBeGreaterThanOrEqual(0.01);
      expect(r.support).toBeCloseTo(r.orders / json.orders, 12);
    }

    const top = json.rules[0];
    const db = await openNodeDb();
    try {
      await db.registerFile('retail.csv', { kind: 'path', path: RETAIL });
      const rows = tableToRows(
        await db.query(`WITH purchases AS (
  SELECT DISTINCT InvoiceNo AS invoice, StockCode AS item
  FROM read_csv('retail.csv', header = true, all_varchar = true)
  WHERE InvoiceNo NOT LIKE 'C%' AND CustomerID IS NOT NULL AND TRY_CAST(Quantity AS DOUBLE) > 0 AND TRY_CAST(UnitPrice AS DOUBLE) >= 0
)
SELECT
  (SELECT count(DISTINCT invoice) FROM purchases) AS orders,
  (SELECT count(*) FROM purchases a JOIN purchases b USING (invoice) WHERE a.item = ${literal(top.antecedent)} AND b.item = ${literal(top.consequent)}) AS together`),
      );
      expect(rows[0]).toEqual({ orders: json.orders, together: top.orders });
    } finally {
      await db.close();
    }
  }, 180_000);

  it('refuses a file without a product column in one line', async () => {
    const run = await cli('basket', '../shared/datasets/cdnow/CDNOW_master.txt');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^cohortbook: Market basket needs a product column/);
  });
});
