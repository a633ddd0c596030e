/** Time to next / second purchase (src/analyses/time-to-next.ts, kaplan-meier.ts) against hand-worked Kaplan–Meier. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { timeToNextPurchase, timeToSecondPurchase } from '../../../src/analyses/time-to-next';
import { survivalAt } from '../../../src/analyses/kaplan-meier';
import { line, loadOrders } from './fixture';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  // Data ends 2023-03-02.
  await loadOrders(db, [
    line('1', 'K1', '2023-01-01', 1),
    line('2', 'K1', '2023-01-11', 1),
    line('3', 'K1', '2023-01-31', 1),
    line('4', 'K2', '2023-01-01', 1),
    line('5', 'K2', '2023-01-11 09:00', 1),
    line('6', 'K2', '2023-01-11 18:00', 1),
    line('7', 'K3', '2023-01-21', 1),
    line('8', 'K4', '2023-03-02', 1),
  ]);
});
afterAll(async () => {
  await db.close();
});

describe('timeToNextPurchase', () => {
  /**
   * Gaps between purchase dates (two orders on one day are one date), the last one censored at Mar 2:
   *   K1: 10 (event), 20 (event), 30 (censored) · K2: 10 (event), 50 (censored) · K3: 40 (censored) · K4: 0 (censored)
   * KM: t=0 n=7 d=0 S=1 · t=10 n=6 d=2 S=2/3 · t=20 n=4 d=1 S=1/2 · then censored only.
   * Greenwood sums 2/(6*4)=1/12 and +1/(4*3) -> 1/6; log-log 95% band (R survfit, conf.type "log-log"):
   *   t=10: [0.194617, 0.904434] · t=20: [0.110948, 0.803709].
   */
  it('estimates the curve, its log-log band and the median', async () => {
    const result = await timeToNextPurchase(db);
    expect(result.groups).toHaveLength(1);
    const [all] = result.groups;
    expect(all).toMatchObject({ group: 'all', events: 3, censored: 4, medianDays: 20 });
    const curve = all?.curve ?? [];
    expect(curve.map((p) => [p.days, p.atRisk, p.events, p.censored])).toEqual([
      [0, 7, 0, 1],
      [10, 6, 2, 0],
      [20, 4, 1, 0],
      [30, 3, 0, 1],
      [40, 2, 0, 1],
      [50, 1, 0, 1],
    ]);
    expect(curve.map((p) => p.survival)).toEqual([1, expect.closeTo(2 / 3, 12), expect.closeTo(0.5, 12), expect.closeTo(0.5, 12), expect.closeTo(0.5, 12), expect.closeTo(0.5, 12)]);
    expect(curve[1]?.lower).toBeCloseTo(0.194617, 5);
    expect(curve[1]?.upper).toBeCloseTo(0.904434, 5);
    expect(curve[2]?.lower).toBeCloseTo(0.110948, 5);
    expect(curve[2]?.upper).toBeCloseTo(0.803709, 5);
    expect(curve[0]).toMatchObject({ lower: 1, upper: 1 });
    // Median band: first day the lower band reaches 0.5 (10); the upper band never does.
    expect(all?.medianLower).toBe(10);
    expect(all?.medianUpper).toBeNull();
  });

  it('histograms the observed gaps in weekly bins', async () => {
    const result = await timeToNextPurchase(db, { binDays: 7 });
    expect(result.histogram).toEqual([
      { binStart: 7, binEnd: 14, gaps: 2 },
      { binStart: 14, binEnd: 21, gaps: 1 },
    ]);
  });

  it('splits the curves by cohort month and by RFM segment', async () => {
    const byCohort = await timeToNextPurchase(db, { groupBy: 'cohort' });
    expect(byCohort.groups.map((g) => [g.group, g.events, g.censored])).toEqual([
      ['2023-01', 3, 3],
      ['2023-03', 0, 1],
    ]);
    const bySegment = await timeToNextPurchase(db, { groupBy: 'segment' });
    expect(bySegment.groups.reduce((n, g) => n + g.events + g.censored, 0)).toBe(7);
    expect(bySegment.groups.every((g) => g.curve.length > 0)).toBe(true);
  });
});

describe('timeToSecondPurchase', () => {
  /** K1 10 (event), K2 10 (event), K3 40 (censored), K4 0 (censored): t=10 n=3 d=2 -> S = 1/3. */
  it('follows DESIGN.md: distinct purchase dates, censored at the last date', async () => {
    const result = await timeToSecondPurchase(db);
    expect(result).toMatchObject({ customers: 4, events: 2, censored: 2 });
    expect(result.kaplan_meier.median_days).toBe(10);
    expect(result.kaplan_meier.s30).toBeCloseTo(1 / 3, 12);
    expect(result.kaplan_meier.s365).toBeCloseTo(1 / 3, 12);
    expect(survivalAt(result.curve, 9)).toBe(1);
  });
});
