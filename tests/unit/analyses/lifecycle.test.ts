/** Lifecycle stages (src/analyses/lifecycle.ts) and the event funnel (src/analyses/funnel.ts), by hand. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { loadFile } from '../../../src/ingest/load';
import { bytesSource } from '../../../src/ingest/sources';
import { lifecycleStages } from '../../../src/analyses/lifecycle';
import { eventFunnel } from '../../../src/analyses/funnel';
import { line, loadOrders } from './fixture';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => {
  await db.close();
});

/**
 * Months bought:  A Jan Feb Apr Jun · B Jan Mar · C Feb Mar Apr · D Mar · E Jan. Nobody buys in May.
 *
 *        new returning reactivated at_risk dormant
 *   Jan   3     0          0          0       0     A B E new
 *   Feb   1     1          0          2       0     C new; A returning; B E at risk
 *   Mar   1     1          1          1       1     D new; C returning; B reactivated; A at risk; E dormant
 *   Apr   0     1          1          2       1     C returning; A reactivated; B D at risk; E dormant
 *   May   0     0          0          2       3     A C at risk; B D E dormant
 *   Jun   0     0          1          0       4     A reactivated; B C D E dormant
 */
const MONTHS = [
  line('1', 'A', '2023-01-03', 1),
  line('2', 'A', '2023-02-03', 1),
  line('3', 'A', '2023-04-03', 1),
  line('4', 'A', '2023-06-03', 1),
  line('5', 'B', '2023-01-10', 1),
  line('6', 'B', '2023-03-10', 1),
  line('7', 'C', '2023-02-20', 1),
  line('8', 'C', '2023-03-20', 1),
  line('9', 'C', '2023-04-20', 1),
  line('10', 'D', '2023-03-15', 1),
  line('11', 'E', '2023-01-25', 1),
  line('12', 'E', '2023-05-25', 1, { status: 'cancelled' }),
];

describe('lifecycleStages', () => {
  it('puts every known customer in exactly one stage per month, including reactivated and dormant', async () => {
    await loadOrders(db, MONTHS);
    const result = await lifecycleStages(db, { period: 'month' });
    expect(result.period).toBe('month');
    expect(result.rows.map((r) => [r.period, r.new, r.returning, r.reactivated, r.at_risk, r.dormant])).toEqual([
      ['2023-01', 3, 0, 0, 0, 0],
      ['2023-02', 1, 1, 0, 2, 0],
      ['2023-03', 1, 1, 1, 1, 1],
      ['2023-04', 0, 1, 1, 2, 1],
      ['2023-05', 0, 0, 0, 2, 3],
      ['2023-06', 0, 0, 1, 0, 4],
    ]);
  });

  it('uses ISO weeks, so the previous week of 2023-01-02 is 2022-12-26', async () => {
    await loadOrders(db, [
      line('1', 'A', '2022-12-27', 1),
      line('2', 'A', '2023-01-01', 1),
      line('3', 'A', '2023-01-03', 1),
      line('4', 'B', '2023-01-08', 1),
      line('5', 'B', '2023-01-16', 1),
    ]);
    const result = await lifecycleStages(db, { period: 'week' });
    expect(result.rows).toEqual([
      { period: '2022-12-26', new: 1, returning: 0, reactivated: 0, at_risk: 0, dormant: 0 },
      { period: '2023-01-02', new: 1, returning: 1, reactivated: 0, at_risk: 0, dormant: 0 },
      { period: '2023-01-09', new: 0, returning: 0, reactivated: 0, at_risk: 2, dormant: 0 },
      { period: '2023-01-16', new: 0, returning: 0, reactivated: 1, at_risk: 0, dormant: 1 },
    ]);
  });
});

describe('eventFunnel', () => {
  it('is null without events', async () => {
    await loadOrders(db, MONTHS);
    expect(await eventFunnel(db)).toBeNull();
  });

  it('counts customers reaching view, then cart, then purchase', async () => {
    const events = [
      'event_time,event_type,product_id,category,price,customer_id,session_id',
      '2023-01-01 10:00:00,view,P1,Mugs,5.00,x1,s1',
      '2023-01-01 10:01:00,cart,P1,Mugs,5.00,x1,s1',
      '2023-01-01 10:02:00,purchase,P1,Mugs,5.00,x1,s1',
      '2023-01-01 11:00:00,view,P2,Mugs,6.00,x2,s2',
      '2023-01-01 11:01:00,cart,P2,Mugs,6.00,x2,s2',
      '2023-01-02 09:00:00,view,P3,Mugs,7.00,x3,s3',
      '2023-01-02 09:30:00,view,P3,Mugs,7.00,x3,s3',
      '2023-01-03 09:00:00,cart,P1,Mugs,5.00,x4,s4',
      '2023-01-03 09:05:00,purchase,P1,Mugs,5.00,x4,s4',
      '2023-01-04 09:00:00,view,P1,Mugs,5.00,x5,s5',
      '2023-01-04 09:05:00,purchase,P1,Mugs,5.00,x5,s5',
    ].join('\n');
    const loaded = await loadFile(db, bytesSource('events.csv', new TextEncoder().encode(events)));
    expect(loaded.roles).toMatchObject({ event_type: 'event_type', customer_id: 'customer_id' });
    expect(await eventFunnel(db)).toEqual([
      { step: 'view', customers: 4, rateFromStart: 1, rateFromPrevious: null },
      { step: 'cart', customers: 2, rateFromStart: 0.5, rateFromPrevious: 0.5 },
      { step: 'purchase', customers: 1, rateFromStart: 0.25, rateFromPrevious: 0.5 },
    ]);
  });
});
