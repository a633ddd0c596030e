/** RFM (src/analyses/rfm.ts): RANK tie rule, segments, grid, the rfm_segments table, and CDNOW independently. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { tableToRows } from '../../../src/engine/rows';
import { loadFile } from '../../../src/ingest/load';
import { pathSource } from '../../../src/ingest/sources-node';
import { createRfmSegmentsTable, rfmAnalysis } from '../../../src/analyses/rfm';
import { segmentOf } from '../../../src/analyses/rfm-segments';
import { CDNOW, cdnowRows, referenceRfm } from './cdnow-reference';
import { line, loadOrders, type Line } from './fixture';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => {
  await db.close();
});

/**
 * Ten customers, data ending 2023-12-31 (snapshot 2024-01-01), so score = 1 + floor((rank - 1) / 2).
 *
 *        last        R-days rank R | orders rank F | money rank M | segment
 *   c01  Dec 31        1     9   5 |  1      1   1 |  10    3   2 | new_customers
 *   c02  Dec 31        1     9   5 |  1      1   1 |  10    3   2 | new_customers
 *   c03  Dec 21       11     8   4 |  2      5   3 |  10    3   2 | potential_loyalists
 *   c04  Dec 1        31     6   3 |  1      1   1 |  50    8   4 | about_to_sleep
 *   c05  Dec 1        31     6   3 |  3      8   4 |  30    6   3 | loyal
 *   c06  Oct 2        91     5   3 |  2      5   3 |  40    7   4 | need_attention
 *   c07  May 5       241     4   2 |  5     10   5 |  50    8   4 | cannot_lose_them (two orders on May 5)
 *   c08  Apr 1       275     3   2 |  2      5   3 | 200   10   5 | at_risk
 *   c09  Feb 1       334     2   1 |  1      1   1 |   5    2   1 | hibernating (a returned order on Dec 30 ignored)
 *   c10  Jan 20      346     1   1 |  3      8   4 |   3    1   1 | at_risk
 */
const RFM: Line[] = [
  line('a1', 'c01', '2023-12-31', 10),
  line('b1', 'c02', '2023-12-31 08:00', 10),
  line('c1', 'c03', '2023-11-01', 5),
  line('c2', 'c03', '2023-12-21', 5),
  line('d1', 'c04', '2023-12-01', 50),
  line('e1', 'c05', '2023-06-01', 10),
  line('e2', 'c05', '2023-09-01', 10),
  line('e3', 'c05', '2023-12-01', 10),
  line('f1', 'c06', '2023-01-10', 20),
  line('f2', 'c06', '2023-10-02', 20),
  line('g1', 'c07', '2023-02-05', 10),
  line('g2', 'c07', '2023-03-05', 10),
  line('g3', 'c07', '2023-04-05', 10),
  line('g4', 'c07', '2023-05-05 09:00', 10),
  line('g5', 'c07', '2023-05-05 17:00', 4, { quantity: 1 }),
  line('g5', 'c07', '2023-05-05 17:00', 6, { product: 'P2' }),
  line('h1', 'c08', '2023-03-01', 100),
  line('h2', 'c08', '2023-04-01', 100),
  line('h2', 'c08', '2023-04-01', 100),
  line('i1', 'c09', '2023-02-01', 5),
  line('i2', 'c09', '2023-12-30', 80, { status: 'refunded' }),
  line('j1', 'c10', '2023-01-01', 1),
  line('j2', 'c10', '2023-01-15', 1),
  line('j3', 'c10', '2023-01-20', 1),
];

describe('rfmAnalysis on hand-made data', () => {
  beforeAll(async () => {
    await loadOrders(db, RFM);
  });

  it('scores with RANK (ties share the lowest rank) and segments by the first matching rule', async () => {
    await createRfmSegmentsTable(db);
    const rows = tableToRows(await db.query('SELECT * FROM rfm_segments ORDER BY customer_id'));
    expect(rows).toEqual([
      { customer_id: 'c01', recency: 1, frequency: 1, monetary: 10, r: 5, f: 1, m: 2, segment: 'new_customers' },
      { customer_id: 'c02', recency: 1, frequency: 1, monetary: 10, r: 5, f: 1, m: 2, segment: 'new_customers' },
      { customer_id: 'c03', recency: 11, frequency: 2, monetary: 10, r: 4, f: 3, m: 2, segment: 'potential_loyalists' },
      { customer_id: 'c04', recency: 31, frequency: 1, monetary: 50, r: 3, f: 1, m: 4, segment: 'about_to_sleep' },
      { customer_id: 'c05', recency: 31, frequency: 3, monetary: 30, r: 3, f: 4, m: 3, segment: 'loyal' },
      { customer_id: 'c06', recency: 91, frequency: 2, monetary: 40, r: 3, f: 3, m: 4, segment: 'need_attention' },
      { customer_id: 'c07', recency: 241, frequency: 5, monetary: 50, r: 2, f: 5, m: 4, segment: 'cannot_lose_them' },
      { customer_id: 'c08', recency: 275, frequency: 2, monetary: 200, r: 2, f: 3, m: 5, segment: 'at_risk' },
      { customer_id: 'c09', recency: 334, frequency: 1, monetary: 5, r: 1, f: 1, m: 1, segment: 'hibernating' },
      { customer_id: 'c10', recency: 346, frequency: 3, monetary: 3, r: 1, f: 4, m: 1, segment: 'at_risk' },
    ]);
  });

  it('reports the snapshot, all ten segments with sizes and value, and score counts', async () => {
    const result = await rfmAnalysis(db);
    expect(result.snapshot).toBe('2024-01-01');
    expect(result.customers).toBe(10);
    expect(result.segments.map((s) => [s.segment, s.customers, s.revenue])).toEqual([
      ['champions', 0, 0],
      ['loyal', 1, 30],
      ['potential_loyalists', 1, 10],
      ['new_customers', 2, 20],
      ['promising', 0, 0],
      ['need_attention', 1, 40],
      ['about_to_sleep', 1, 50],
      ['cannot_lose_them', 1, 50],
      ['at_risk', 2, 203],
      ['hibernating', 1, 5],
    ]);
    const atRisk = result.segments.find((s) => s.segment === 'at_risk');
    expect(atRisk?.share).toBe(0.2);
    expect(atRisk?.revenueShare).toBeCloseTo(203 / 408, 12);
    expect(atRisk?.avgRecency).toBe((275 + 346) / 2);
    expect(atRisk?.action.en).toMatch(/win-back/i);
    expect(atRisk?.action['zh-CN']).toMatch(/挽回/);
    expect(result.scores).toEqual([
      { r: 1, f: 1, m: 1, count: 1 },
      { r: 1, f: 4, m: 1, count: 1 },
      { r: 2, f: 3, m: 5, count: 1 },
      { r: 2, f: 5, m: 4, count: 1 },
      { r: 3, f: 1, m: 4, count: 1 },
      { r: 3, f: 3, m: 4, count: 1 },
      { r: 3, f: 4, m: 3, count: 1 },
      { r: 4, f: 3, m: 2, count: 1 },
      { r: 5, f: 1, m: 2, count: 2 },
    ]);
  });

  it('fills all 25 cells of the R x F grid, empty ones with zeros', async () => {
    const { grid } = await rfmAnalysis(db);
    expect(grid).toHaveLength(25);
    const cell = (r: number, f: number) => grid.find((g) => g.r === r && g.f === f);
    expect(cell(5, 1)).toEqual({ r: 5, f: 1, customers: 2, revenue: 20 });
    expect(cell(1, 4)).toEqual({ r: 1, f: 4, customers: 1, revenue: 3 });
    expect(cell(5, 5)).toEqual({ r: 5, f: 5, customers: 0, revenue: 0 });
    expect(grid.reduce((sum, g) => sum + g.customers, 0)).toBe(10);
  });
});

describe('segmentOf', () => {
  it('maps every (R, F) pair to its segment', () => {
    const table = [5, 4, 3, 2, 1].map((r) => [1, 2, 3, 4, 5].map((f) => segmentOf(r, f)));
    expect(table).toEqual([
      ['new_customers', 'potential_loyalists', 'potential_loyalists', 'champions', 'champions'],
      ['promising', 'potential_loyalists', 'potential_loyalists', 'loyal', 'loyal'],
      ['about_to_sleep', 'about_to_sleep', 'need_attention', 'loyal', 'loyal'],
      ['hibernating', 'hibernating', 'at_risk', 'at_risk', 'cannot_lose_them'],
      ['hibernating', 'hibernating', 'at_risk', 'at_risk', 'cannot_lose_them'],
    ]);
  });
});

describe('rfmAnalysis on CDNOW', () => {
  it('equals an independent RANK-based computation from the file rows', async () => {
    await loadFile(db, pathSource(CDNOW));
    const reference = referenceRfm(cdnowRows().rows);
    const result = await rfmAnalysis(db);
    expect(result.snapshot).toBe(new Date(reference.snapshotDay * 86_400_000).toISOString().slice(0, 10));
    expect(result.snapshot).toBe('1998-07-01');
    expect(result.customers).toBe(23570);
    const counts = Object.fromEntries(result.segments.filter((s) => s.customers > 0).map((s) => [s.segment, s.customers]));
    expect(counts).toEqual(reference.segments);
    expect(new Map(result.scores.map((s) => [`${s.r}${s.f}${s.m}`, s.count]))).toEqual(reference.scores);
  });
});
