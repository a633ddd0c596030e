/** Repurchase rate (src/analyses/repurchase.ts) against hand-worked answers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { checkDays, repurchaseRates } from '../../../src/analyses/repurchase';
import { loadOrders } from './fixture';
import { REPURCHASE } from './repurchase-data';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await loadOrders(db, REPURCHASE);
});
afterAll(async () => {
  await db.close();
});


describe('repurchaseRates', () => {
  it('counts eligible customers and second orders within 30, 60 and 90 days', async () => {
    const result = await repurchaseRates(db);
    expect(result.lastDate).toBe('2023-06-30');
    expect(result.rates).toEqual([
      { days: 30, eligible: 6, repurchased: 3, rate: 3 / 6 },
      { days: 60, eligible: 6, repurchased: 4, rate: 4 / 6 },
      { days: 90, eligible: 5, repurchased: 4, rate: 4 / 5 },
    ]);
  });

  it('takes other windows, and reports no rate where nobody is eligible', async () => {
    const result = await repurchaseRates(db, { days: [200, 5] });
    expect(result.rates).toEqual([
      { days: 5, eligible: 7, repurchased: 2, rate: 2 / 7 },
      { days: 200, eligible: 0, repurchased: 0, rate: null },
    ]);
  });

  it('gives the trend by month of first order', async () => {
    const result = await repurchaseRates(db);
    const table = result.byCohort.map((r) => [r.cohort, r.days, r.eligible, r.repurchased]);
    expect(table).toEqual([
      ['2023-01', 30, 2, 1],
      ['2023-01', 60, 2, 2],
      ['2023-01', 90, 2, 2],
      ['2023-02', 30, 1, 0],
      ['2023-02', 60, 1, 0],
      ['2023-02', 90, 1, 1],
      ['2023-03', 30, 2, 1],
      ['2023-03', 60, 2, 1],
      ['2023-03', 90, 2, 1],
      ['2023-05', 30, 1, 1],
      ['2023-05', 60, 1, 1],
      ['2023-05', 90, 0, 0],
      ['2023-06', 30, 0, 0],
      ['2023-06', 60, 0, 0],
      ['2023-06', 90, 0, 0],
    ]);
    expect(result.byCohort.find((r) => r.cohort === '2023-05' && r.days === 90)?.rate).toBeNull();
  });

  it('refuses windows that are not whole days', () => {
    expect(() => checkDays([30, 1.5])).toThrow(/whole number of days/);
    expect(() => checkDays([0])).toThrow(/whole number of days/);
  });
});
