/** Cohort retention (src/analyses/cohort.ts) against hand-worked answers and an independent CDNOW computation. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { loadFile } from '../../../src/ingest/load';
import { pathSource } from '../../../src/ingest/sources-node';
import { cohortRetention, cohortRetentionSql } from '../../../src/analyses/cohort';
import { CDNOW, cdnowRows, referenceCohorts } from './cdnow-reference';
import { line, loadOrders } from './fixture';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => {
  await db.close();
});

/**
 * Jan cohort: a (Jan 5, Jan 20, Mar 2 — that line also duplicated), b (Jan 31, Feb 1).
 * Feb cohort: c (Feb 10, Apr 15), d (Feb 14; a returned order on Mar 1 does not count).
 * Mar cohort: f, two orders on Mar 10. A guest line in March counts nowhere. Data ends in April.
 */
const MONTHLY = [
  line('o1', 'a', '2023-01-05', 10, { category: 'Tea' }),
  line('o2', 'a', '2023-01-20', 5),
  line('o3', 'a', '2023-03-02', 7),
  line('o3', 'a', '2023-03-02', 7),
  line('o4', 'b', '2023-01-31 23:59', 20),
  line('o5', 'b', '2023-02-01 00:01', 3, { category: 'Tea' }),
  line('o6', 'c', '2023-02-10', 8, { country: 'FR' }),
  line('o7', 'c', '2023-04-15', 2, { category: 'Tea', country: 'FR' }),
  line('o8', 'd', '2023-02-14', 4),
  line('o9', 'd', '2023-03-01', 30, { status: 'returned' }),
  line('o10', '', '2023-03-05', 99),
  line('o11', 'f', '2023-03-10 09:00', 6, { country: 'FR' }),
  line('o12', 'f', '2023-03-10 15:00', 9),
];

describe('cohortRetention by month', () => {
  beforeAll(async () => {
    await loadOrders(db, MONTHLY);
  });

  it('gives each cohort its arrays from k = 0 to the last month in the data, zeros included', async () => {
    const result = await cohortRetention(db, { period: 'month' });
    expect(result.period).toBe('month');
    expect(result.cohorts).toEqual([
      { cohort: '2023-01', size: 2, active: [2, 1, 1, 0], retention: [1, 0.5, 0.5, 0], revenue: [35, 3, 7, 0] },
      { cohort: '2023-02', size: 2, active: [2, 0, 1], retention: [1, 0, 0.5], revenue: [12, 0, 2] },
      { cohort: '2023-03', size: 1, active: [1, 0], retention: [1, 0], revenue: [15, 0] },
    ]);
  });

  it('weights the average curve by cohort size over the cohorts that reach each period', async () => {
    const result = await cohortRetention(db, { period: 'month' });
    expect(result.averageRetention).toEqual([1, 1 / 5, 2 / 4, 0]);
  });

  it('can start cohorts at the first purchase of a category, counting any purchase after it', async () => {
    const result = await cohortRetention(db, { entry: { kind: 'category', value: 'Tea' } });
    expect(result.cohorts).toEqual([
      // a: first Tea order Jan 5; buys Jan, Mar.
      { cohort: '2023-01', size: 1, active: [1, 0, 1, 0], retention: [1, 0, 1, 0], revenue: [15, 0, 7, 0] },
      // b: first Tea order Feb 1 (its January order is before the cohort starts).
      { cohort: '2023-02', size: 1, active: [1, 0, 0], retention: [1, 0, 0], revenue: [3, 0, 0] },
      // c: first Tea order Apr 15.
      { cohort: '2023-04', size: 1, active: [1], retention: [1], revenue: [2] },
    ]);
  });

  it('can keep only the orders of one country', async () => {
    const result = await cohortRetention(db, { country: 'FR' });
    expect(result.cohorts).toEqual([
      // c: both orders in France (Feb, Apr); f: only the 09:00 order of Mar 10 is French. Data (in France) ends in April.
      { cohort: '2023-02', size: 1, active: [1, 0, 1], retention: [1, 0, 1], revenue: [8, 0, 2] },
      { cohort: '2023-03', size: 1, active: [1, 0], retention: [1, 0], revenue: [6, 0] },
    ]);
  });

  it('quotes a category value instead of pasting it into SQL', async () => {
    const result = await cohortRetention(db, { entry: { kind: 'category', value: "Tea' OR '1'='1" } });
    expect(result.cohorts).toEqual([]);
    expect(cohortRetentionSql({ entry: { kind: 'product', value: "x'y" } }).sql).toContain("product_id = 'x''y'");
  });
});

describe('cohortRetention by ISO week', () => {
  it('starts weeks on Monday across a year boundary', async () => {
    // Sat 2022-12-31 and Sun 2023-01-01 both belong to the week of Mon 2022-12-26.
    await loadOrders(db, [
      line('w1', 'g', '2022-12-31', 1),
      line('w2', 'g', '2023-01-02', 1),
      line('w3', 'h', '2023-01-01 23:00', 1),
      line('w4', 'h', '2023-01-09', 1),
      line('w5', 'i', '2023-01-04', 1),
    ]);
    const weeks = await cohortRetention(db, { period: 'week' });
    expect(weeks.cohorts.map(({ cohort, size, active }) => ({ cohort, size, active }))).toEqual([
      { cohort: '2022-12-26', size: 2, active: [2, 1, 1] },
      { cohort: '2023-01-02', size: 1, active: [1, 0] },
    ]);
    const months = await cohortRetention(db, { period: 'month' });
    expect(months.cohorts.map(({ cohort, active }) => ({ cohort, active }))).toEqual([
      { cohort: '2022-12', active: [1, 1] },
      { cohort: '2023-01', active: [2] },
    ]);
  });
});

describe('cohortRetention on CDNOW', () => {
  it('equals an independent computation from the file rows', async () => {
    const loaded = await loadFile(db, pathSource(CDNOW));
    const { rows, duplicates } = cdnowRows();
    expect(loaded.report.duplicatesDropped).toBe(duplicates);
    expect(duplicates).toBe(255);
    const expected = referenceCohorts(rows);
    const result = await cohortRetention(db, { period: 'month' });
    expect(result.cohorts.map((c) => ({ cohort: c.cohort, size: c.size, active: c.active }))).toEqual(
      expected.map((c) => ({ cohort: c.cohort, size: c.size, active: c.active })),
    );
    expect(result.cohorts.map((c) => c.revenue.map((x) => Math.round(x * 100)))).toEqual(expected.map((c) => c.revenueCents));
    expect(expected.map((c) => c.size)).toEqual([7846, 8476, 7248]);
    expect(expected[0]?.active.length).toBe(18);
  });
});
