import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { tableToRows } from '../../../src/engine/rows';
import { loadFile } from '../../../src/ingest/load';
import { pathSource } from '../../../src/ingest/sources-node';
import { dayNumber } from '../../../src/analyses/calendar';
import { ClvInputError, clvSummary, clvSummarySelectSql } from '../../../src/analyses/clv-summary';

const cdnow = path.resolve(__dirname, '../../../../shared/datasets/cdnow');

// E = 2024-02-12, holdout end 2024-03-31.
// A: 2024-01-01 (two orders, 10 + 5), 2024-01-15 (two orders, 20 + 10), 2024-02-12 (40) -> x = 2,
//    t_x = T = 6 weeks, spend = (30 + 40) / 2 = 35; holdout: 2024-03-01 yes, 2024-04-01 no -> 1.
// B: 2024-02-01 only -> x = 0, t_x = 0, T = 11/7, spend 0; holdout 2024-02-13 -> 1.
// C: first purchase 2024-02-13, after E -> not in the summary.
const ORDERS = [
  ['A', 'a1', '2024-01-01 09:00:00', 10],
  ['A', 'a2', '2024-01-01 17:00:00', 5],
  ['A', 'a3', '2024-01-15 10:00:00', 20],
  ['A', 'a4', '2024-01-15 11:00:00', 10],
  ['A', 'a5', '2024-02-12 23:59:00', 40],
  ['A', 'a6', '2024-03-01 08:00:00', 12],
  ['A', 'a7', '2024-04-01 08:00:00', 12],
  ['B', 'b1', '2024-02-01 08:00:00', 7],
  ['B', 'b2', '2024-02-13 00:00:00', 9],
  ['C', 'c1', '2024-02-13 08:00:00', 3],
] as const;

describe('clvSummary on orders with a known answer', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNodeDb();
    const values = ORDERS.map(([c, o, ts, r]) => `('${c}', '${o}', TIMESTAMP '${ts}', ${r}.0, 1.0)`).join(', ');
    await db.exec(`CREATE TABLE cb_orders AS SELECT * FROM (VALUES ${values}) t(customer_id, order_id, ts, revenue, items)`);
  });
  afterAll(() => db.close());

  it('counts repeat purchase dates, recency, age, spend and holdout per DESIGN.md section 4', async () => {
    const s = await clvSummary(db, { calibrationEnd: '2024-02-12', holdoutEnd: '2024-03-31', customerIds: true });
    expect(s.customerIds).toEqual(['A', 'B']);
    expect(Array.from(s.x)).toEqual([2, 0]);
    expect(Array.from(s.tx)).toEqual([6, 0]);
    expect(s.T[0]).toBe(6);
    expect(s.T[1]).toBeCloseTo(11 / 7, 14);
    expect(Array.from(s.spend)).toEqual([35, 0]);
    expect(Array.from(s.holdout!)).toEqual([1, 1]);
    expect(Array.from(s.firstDay)).toEqual([dayNumber('2024-01-01'), dayNumber('2024-02-01')]);
    expect(s.holdoutLength).toBeCloseTo(48 / 7, 14);
    expect(Array.from(s.dailyRepeats.day)).toEqual(['2024-01-15', '2024-02-12', '2024-02-13', '2024-03-01'].map(dayNumber));
    expect(Array.from(s.dailyRepeats.count)).toEqual([1, 1, 1, 1]);
  });

  it('writes the named table other cells can read', async () => {
    await clvSummary(db, { calibrationEnd: '2024-02-12', table: 'my summary' });
    const rows = tableToRows(await db.query('SELECT customer_id, x, t_x, spend, first_revenue FROM "my summary" ORDER BY 1'));
    expect(rows).toEqual([
      { customer_id: 'A', x: 2, t_x: 6, spend: 35, first_revenue: 15 },
      { customer_id: 'B', x: 0, t_x: 0, spend: 0, first_revenue: 7 },
    ]);
  });

  it('defaults the holdout end to the last purchase date', async () => {
    const s = await clvSummary(db, { calibrationEnd: '2024-02-12' });
    expect(s.holdoutEnd).toBe('2024-04-01');
    expect(Array.from(s.holdout!)).toEqual([2, 1]);
  });

  it('derives both dates from the data with "auto": two thirds to calibrate, the rest to check', async () => {
    const s = await clvSummary(db, { calibrationEnd: 'auto', holdoutEnd: 'auto' });
    expect([s.calibrationEnd, s.holdoutEnd]).toEqual(['2024-03-02', '2024-04-01']);
    const cell = await db.query(clvSummarySelectSql('auto', 'auto'));
    const fromSql = await db.query(`SELECT customer_id, x, t_x, T, holdout FROM (${clvSummarySelectSql('2024-03-02', '2024-04-01')}) ORDER BY customer_id`);
    expect(cell.toArray().map((r) => [r.customer_id, r.x, r.t_x, r.T, r.holdout])).toEqual(fromSql.toArray().map((r) => [r.customer_id, r.x, r.t_x, r.T, r.holdout]));
  });

  it('has no holdout when the calibration ends on the last date', async () => {
    const s = await clvSummary(db, { calibrationEnd: '2024-04-01', customerIds: true });
    expect(s.holdoutEnd).toBeNull();
    expect(s.holdout).toBeNull();
    expect(s.customerIds).toEqual(['A', 'B', 'C']);
  });

  it.each([
    [{ calibrationEnd: '2024-02-30' }, /not a date/],
    [{ calibrationEnd: '12/02/2024' }, /YYYY-MM-DD/],
    [{ calibrationEnd: '2024-02-12', holdoutEnd: '2024-02-01' }, /must come after/],
    [{ calibrationEnd: '2023-06-30' }, /The calibration end 2023-06-30 is outside the data loaded \(the data runs from 2024-01-01 to 2024-04-01\)/],
    [{ calibrationEnd: '2024-05-01' }, /outside the data loaded.*write "auto" \(2024-03-02 for this data\)/],
    [{ calibrationEnd: '2024-02-12', holdoutEnd: '2024-06-30' }, /The holdout end 2024-06-30 is after the last purchase date/],
  ])('rejects %j with a clear message', async (options, message) => {
    await expect(clvSummary(db, options)).rejects.toThrow(ClvInputError);
    await expect(clvSummary(db, options)).rejects.toThrow(message);
  });
});

describe('clvSummary on the CDNOW sample', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNodeDb();
    const roles = { customer_id: '#2', timestamp: '#3', quantity: '#4', amount: '#5' };
    await loadFile(db, pathSource(path.join(cdnow, 'CDNOW_sample.txt')), { roles });
  });
  afterAll(() => db.close());

  it('equals the published summary (cdnow_customers_summary.csv) customer by customer', async () => {
    const s = await clvSummary(db, { calibrationEnd: '1997-09-30', customerIds: true });
    const published = fs
      .readFileSync(path.join(cdnow, 'cdnow_customers_summary.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',').map(Number));
    expect(s.customerIds).toHaveLength(2357);
    const byId = new Map(s.customerIds!.map((id, i) => [Number(id), i]));
    let mismatches = 0;
    for (const [id, frequency, recency, T] of published) {
      const i = byId.get(id)!;
      if (s.x[i] !== frequency || Math.abs(s.tx[i] - recency) > 0.006 || Math.abs(s.T[i] - T) > 0.006) mismatches++;
    }
    expect(mismatches).toBe(0);
    expect(s.x.reduce((a, b) => a + b, 0)).toBe(published.reduce((a, r) => a + r[1], 0));
  });
});
