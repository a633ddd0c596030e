/**
 * The customer profile (issue 24): one customer's figures from the canonical tables, their lifecycle stage in the
 * data's last month, what model tables say (found by their columns, whatever their name), a clear refusal with the
 * closest ids for an unknown customer, and a segment's quartiles beside everyone's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { closestCustomers, customerProfile, customerTimelineSql, findProfileSources, ProfileNotFoundError, segmentProfile } from '../../../src/analyses/profile';
import { queryRows } from '../../../src/analyses/named';
import { line, loadOrders } from './fixture';

describe('customer profile', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNodeDb();
    await loadOrders(db, [
      line('a1', 'alice', '2024-01-05', 30, { quantity: 2 }),
      line('a2', 'alice', '2024-05-20', 50),
      line('a3', 'alice', '2024-06-10', 20),
      line('a3', 'alice', '2024-06-12 09:00', 20, { status: 'returned' }),
      line('b1', 'bob', '2024-03-01', 10),
      line('b2', 'bob', '2024-05-02', 15),
      line('c1', 'carol', '2024-06-20', 99),
      line('d1', 'dave', '2024-02-11', 5),
      line('e1', 'erin', '2024-04-02', 12),
      line('e2', 'erin', '2024-06-01', 12),
    ]);
  });
  afterAll(() => db?.close());

  it('sums the customer up and places them in the data’s last month', async () => {
    const alice = await customerProfile(db, 'alice');
    expect(alice).toMatchObject({ customerId: 'alice', firstOrder: '2024-01-05', lastOrder: '2024-06-10', orders: 3, revenue: 130, items: 4, returnedLines: 1, events: 0 });
    // Alice bought in May and June (June is the last month): returning. Bob bought in May only: at risk.
    expect(alice.lifecycle).toBe('returning');
    expect((await customerProfile(db, 'bob')).lifecycle).toBe('at_risk');
    expect((await customerProfile(db, 'carol')).lifecycle).toBe('new');
    expect((await customerProfile(db, 'dave')).lifecycle).toBe('dormant');
    expect((await customerProfile(db, 'erin')).lifecycle).toBe('reactivated');
    expect(alice.rfm.frequency).toBe(3);
    expect(alice.rfm.segment).toMatch(/^[a-z_]+$/);
    expect(alice.churn).toBeNull();
    expect(alice.risk).toBeNull();
    const timeline = await queryRows(db, [customerTimelineSql('alice')]);
    expect(timeline.map((r) => [r.kind, r.order_id, Number(r.revenue)])).toEqual([
      ['order', 'a1', 60],
      ['order', 'a2', 50],
      ['order', 'a3', 20],
      ['return', 'a3', -20],
    ]);
  });

  it('reads what model tables say, found by their columns', async () => {
    await db.exec(`CREATE OR REPLACE TABLE my_churn AS SELECT * FROM (VALUES ('alice', 0.2, 'high', 'ordered recently'), ('bob', 0.7, 'low', 'no order for 49 days')) AS t(customer_id, probability, retention_tier, top_reasons)`);
    await db.exec(`CREATE OR REPLACE TABLE picks AS SELECT * FROM (VALUES ('alice', 2, 'P2', 'Mug', 0.5), ('alice', 1, 'P1', 'Cup', 0.9)) AS t(customer_id, rank, product_id, product_name, score)`);
    expect(await findProfileSources(db)).toEqual({ churn: 'my_churn', recommendations: 'picks' });
    const alice = await customerProfile(db, 'alice');
    expect(alice.churn).toEqual({ table: 'my_churn', probability: 0.2, retentionTier: 'high', reasons: 'ordered recently' });
    expect(alice.recommendations).toEqual({ table: 'picks', products: ['Cup', 'Mug'] });
    expect((await customerProfile(db, 'carol')).churn).toBeNull();
    await db.exec('DROP TABLE my_churn; DROP TABLE picks');
  });

  it('refuses an unknown customer, naming the closest ids', async () => {
    await expect(customerProfile(db, 'ALI')).rejects.toThrow(ProfileNotFoundError);
    await expect(customerProfile(db, 'ALI')).rejects.toThrow('No customer “ALI” in the data. Did you mean “alice”?');
    // Ids containing the text, biggest spenders first.
    expect(await closestCustomers(db, 'e')).toEqual(['alice', 'erin', 'dave']);
  });

  it('compares a segment with everyone by quartiles', async () => {
    const [row] = await queryRows(db, [], `SELECT count(*) AS n FROM cb_customers`);
    const alice = await customerProfile(db, 'alice');
    const profile = await segmentProfile(db, alice.rfm.segment);
    expect(profile.everyone).toBe(Number(row!.n));
    expect(profile.customers).toBeGreaterThanOrEqual(1);
    const frequency = profile.measures.find((m) => m.measure === 'frequency')!;
    // Everyone's orders: 3, 2, 1, 1, 2 -> median 2, quartiles 1 and 2, mean 1.8.
    expect(frequency.everyone).toEqual({ p25: 1, median: 2, p75: 2, mean: 1.8 });
    await expect(segmentProfile(db, 'nobody')).rejects.toThrow(/No customer is in the segment “nobody”\. The segments with customers are /);
  });
});
