import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { tableToRows } from '../../../src/engine/rows';
import { buildChurnFeatures, buildScoringFeatures, ChurnSetupError, churnFeaturesSql } from '../../../src/analyses/churn-features';

// Cutoff C = 2024-04-01, horizon 30: the label window is [2024-04-01, 2024-05-01).
// A buys 2024-01-01 (10, products P1 X + P2 Y), 2024-03-15 (30, P1 X) and at exactly 2024-04-01 00:00 (100, P3 Z):
//   the purchase at C must not reach any feature, and it does make A a non-churner.
// B buys 2023-12-31 23:59:59 (50, P2 Y) and next at 2024-05-01 (20) — the first day after the window: churned.
// E buys only 2024-04-10: not in the population (nothing before C).
// D buys twice on 2024-03-31 (5 and 7, no category) and on 2024-04-30 23:00 (in the window).
const LINES = [
  ['A', 'a1', '2024-01-01 10:00:00', 'P1', 'X', 6],
  ['A', 'a1', '2024-01-01 10:00:00', 'P2', 'Y', 4],
  ['A', 'a2', '2024-03-15 12:00:00', 'P1', 'X', 30],
  ['A', 'a3', '2024-04-01 00:00:00', 'P3', 'Z', 100],
  ['B', 'b1', '2023-12-31 23:59:59', 'P2', 'Y', 50],
  ['B', 'b2', '2024-05-01 00:00:00', 'P2', 'Y', 20],
  ['E', 'e1', '2024-04-10 09:00:00', 'P1', 'X', 15],
  ['D', 'd1', '2024-03-31 08:00:00', 'P4', null, 5],
  ['D', 'd2', '2024-03-31 18:00:00', 'P4', null, 7],
  ['D', 'd3', '2024-04-30 23:00:00', 'P4', null, 9],
] as const;
// A: views 2024-02-01 (S0, before the 30 days), two views and a cart 2024-03-10 (S1), a view at C (excluded).
// D: a purchase event 2024-03-31 (S9). B: no events.
const EVENTS = [
  ['A', '2024-02-01 10:00:00', 'view', 'S0'],
  ['A', '2024-03-10 10:00:00', 'view', 'S1'],
  ['A', '2024-03-10 10:01:00', 'view', 'S1'],
  ['A', '2024-03-10 10:02:00', 'cart', 'S1'],
  ['A', '2024-04-01 00:00:00', 'view', 'S2'],
  ['D', '2024-03-31 08:00:00', 'purchase', 'S9'],
] as const;

const sqlText = (v: string | number | null) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v}'`);

async function canonical(db: Db, events: boolean) {
  await db.exec(`CREATE OR REPLACE TABLE cb_lines AS SELECT * FROM (VALUES ${LINES.map(
    ([c, o, ts, p, cat, rev]) => `(${sqlText(c)}, ${sqlText(o)}, TIMESTAMP ${sqlText(ts)}, ${sqlText(p)}, ${sqlText(cat)}, 1.0, ${rev}.0)`,
  ).join(', ')}) t(customer_id, order_id, ts, product_id, category, quantity, revenue)`);
  await db.exec(`CREATE OR REPLACE TABLE cb_orders AS
    SELECT customer_id, order_id, min(ts) AS ts, sum(revenue) AS revenue, sum(quantity) AS items FROM cb_lines GROUP BY ALL`);
  const rows = events
    ? EVENTS.map(([c, ts, type, session]) => `(${sqlText(c)}, TIMESTAMP ${sqlText(ts)}, ${sqlText(type)}, NULL, NULL, ${sqlText(session)})`).join(', ')
    : `(NULL, NULL, NULL, NULL, NULL, NULL)`;
  await db.exec(`CREATE OR REPLACE TABLE cb_events AS
    SELECT customer_id::VARCHAR AS customer_id, ts::TIMESTAMP AS ts, event_type::VARCHAR AS event_type, product_id::VARCHAR AS product_id,
           category::VARCHAR AS category, session_id::VARCHAR AS session_id
    FROM (VALUES ${rows}) t(customer_id, ts, event_type, product_id, category, session_id)
    WHERE ${events ? 'TRUE' : 'FALSE'}`);
}

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => db.close());

describe('buildChurnFeatures on hand-made data', () => {
  it('labels activity: no event at all in the 7 days after the cutoff, features from the 30 days before it', async () => {
    await canonical(db, true);
    const data = await buildChurnFeatures(db, { cutoff: '2024-04-01', label: 'activity' });
    // Active in [2024-03-02, 2024-04-01): A (two views and a cart on 03-10) and D (a purchase event on 03-31); B has no events.
    expect(data.customerIds).toEqual(['A', 'D']);
    expect(data.horizon).toBe(7);
    // A views at exactly C (in the window): stays; D does nothing after 03-31: churned.
    expect(Array.from(data.labels)).toEqual([0, 1]);
    expect(data.featureNames).toEqual(['events_30d', 'sessions_30d', 'views_30d', 'carts_30d', 'purchases_30d', 'active_days_30d', 'days_since_last_event', 'days_since_first_event']);
    // A: the view of 02-01 is older than 30 days (counted only in days since first seen: 29 + 31 = 60).
    expect(Array.from(data.x.subarray(0, 8))).toEqual([3, 1, 2, 1, 0, 1, 22, 60]);
    expect(Array.from(data.x.subarray(8, 16))).toEqual([1, 1, 0, 0, 1, 1, 1, 1]);
    await canonical(db, false);
    await expect(buildChurnFeatures(db, { cutoff: '2024-04-01', label: 'activity' })).rejects.toThrow(/needs an event log/);
  });

  it('reads each customer\'s purchases before the cutoff as steps, newest last, beside its row', async () => {
    await canonical(db, false);
    const data = await buildChurnFeatures(db, { cutoff: '2024-04-01', horizon: 30, sequences: true });
    const sequence = data.sequence!;
    expect(sequence.channels).toEqual(['present', 'first', 'gap_days', 'amount', 'items', 'age_days']);
    const width = sequence.channels.length;
    const steps = (row: number) =>
      Array.from({ length: sequence.steps }, (_, t) => Array.from(sequence.values.subarray((row * sequence.steps + t) * width, (row * sequence.steps + t + 1) * width)));
    const last = sequence.steps - 1;
    // A (row 0): 2024-01-01 (10, 2 items, first, 91 days before C) then 2024-03-15 (30, 74 days later); the order at C is not read.
    expect(steps(0)[last - 1]).toEqual([1, 1, 0, 10, 2, 91]);
    expect(steps(0)[last]).toEqual([1, 0, 74, 30, 1, 17]);
    expect(steps(0).slice(0, last - 1).every((step) => step.every((v) => v === 0))).toBe(true);
    // B (row 1): one order on 2023-12-31, 92 days before C.
    expect(steps(1)[last]).toEqual([1, 1, 0, 50, 1, 92]);
    expect(steps(1)[last - 1]).toEqual([0, 0, 0, 0, 0, 0]);
    // D (row 2): two orders on 2024-03-31, morning then evening: a gap of 0 days, the second one newest.
    expect(steps(2)[last - 1]).toEqual([1, 1, 0, 5, 1, 1]);
    expect(steps(2)[last]).toEqual([1, 0, 0, 7, 1, 1]);
  });

  it('labels and computes every feature as worked out by hand', async () => {
    await canonical(db, true);
    const data = await buildChurnFeatures(db, { cutoff: '2024-04-01', horizon: 30 });
    expect(data.customerIds).toEqual(['A', 'B', 'D']);
    expect(Array.from(data.labels)).toEqual([0, 1, 0]);
    expect(data.featureNames).toEqual([
      'recency_days', 'frequency', 'monetary', 'avg_order_value', 'tenure_days', 'orders_30d', 'orders_90d', 'orders_180d',
      'revenue_90d', 'distinct_products', 'distinct_categories', 'mean_days_between_orders',
      'views_30d', 'carts_30d', 'sessions_30d', 'view_to_purchase_rate',
    ]);
    const rows = tableToRows(await db.query('SELECT * FROM churn_features ORDER BY customer_id'));
    expect(rows).toEqual([
      {
        // 2024 is a leap year: 2024-01-01 → 2024-04-01 = 31 + 29 + 31 = 91 days; C − 90 = 2024-01-02 excludes Jan 1.
        customer_id: 'A', recency_days: 17, frequency: 2, monetary: 40, avg_order_value: 20, tenure_days: 91,
        orders_30d: 1, orders_90d: 1, orders_180d: 2, revenue_90d: 30, distinct_products: 2, distinct_categories: 2,
        mean_days_between_orders: 74, views_30d: 2, carts_30d: 1, sessions_30d: 1, view_to_purchase_rate: 2 / 3,
        one_time_buyer: 0, churned: 0,
      },
      {
        customer_id: 'B', recency_days: 92, frequency: 1, monetary: 50, avg_order_value: 50, tenure_days: 92,
        orders_30d: 0, orders_90d: 0, orders_180d: 1, revenue_90d: 0, distinct_products: 1, distinct_categories: 1,
        mean_days_between_orders: null, views_30d: 0, carts_30d: 0, sessions_30d: 0, view_to_purchase_rate: null,
        one_time_buyer: 1, churned: 1,
      },
      {
        customer_id: 'D', recency_days: 1, frequency: 2, monetary: 12, avg_order_value: 6, tenure_days: 1,
        orders_30d: 2, orders_90d: 2, orders_180d: 2, revenue_90d: 12, distinct_products: 1, distinct_categories: 0,
        mean_days_between_orders: 0, views_30d: 0, carts_30d: 0, sessions_30d: 1, view_to_purchase_rate: null,
        one_time_buyer: 0, churned: 0,
      },
    ]);
    const d = data.featureNames.length;
    expect(data.x[1 * d + 11]).toBeNaN(); // B's mean gap is missing in the matrix too
    expect(data.x[0 * d + 2]).toBe(40);
  });

  it('takes nothing from on or after the cutoff: removing those purchases changes no feature', async () => {
    await canonical(db, true);
    const all = await buildChurnFeatures(db, { cutoff: '2024-04-01', horizon: 30 });
    await db.exec(`DELETE FROM cb_orders WHERE ts >= TIMESTAMP '2024-04-01'; DELETE FROM cb_lines WHERE ts >= TIMESTAMP '2024-04-01';
                   DELETE FROM cb_events WHERE ts >= TIMESTAMP '2024-04-01'`);
    const before = await buildChurnFeatures(db, { cutoff: '2024-04-01', horizon: 30 });
    expect(before.x).toEqual(all.x);
    expect(Array.from(before.labels)).toEqual([1, 1, 1]);
  });

  it('defaults the cutoff to the last date − horizon and leaves event features out without events', async () => {
    await canonical(db, false);
    const data = await buildChurnFeatures(db, { horizon: 30 });
    expect(data.cutoff).toBe('2024-04-01'); // last purchase 2024-05-01
    expect(data.featureNames).not.toContain('views_30d');
    expect(data.featureNames).toContain('distinct_categories');
    expect(data.horizon).toBe(30);
  });

  it('joins a user feature table by customer id (numbers as features, text as categories)', async () => {
    await canonical(db, false);
    await db.exec(`CREATE OR REPLACE TABLE my_features AS SELECT * FROM (VALUES ('A', 3, 'gold'), ('D', 1, NULL)) t(customer_id, coupon_uses, tier)`);
    const data = await buildChurnFeatures(db, { cutoff: '2024-04-01', horizon: 30, extraTable: 'my_features' });
    const d = data.featureNames.length;
    expect(data.featureNames.at(-1)).toBe('coupon_uses');
    expect([data.x[d - 1], data.x[2 * d - 1], data.x[3 * d - 1]]).toEqual([3, NaN, 1]);
    expect(data.categorical).toEqual([{ name: 'tier', levels: ['gold'], codes: Int32Array.of(0, -1, -1) }]);
  });

  it('refuses a user table with repeated customers', async () => {
    await canonical(db, false);
    await db.exec(`CREATE OR REPLACE TABLE twice AS SELECT * FROM (VALUES ('A', 1), ('A', 2)) t(customer_id, n)`);
    await expect(buildChurnFeatures(db, { cutoff: '2024-04-01', extraTable: 'twice' })).rejects.toThrow('several rows for some customers');
  });

  it('explains a bad cutoff', async () => {
    await canonical(db, false);
    await expect(buildChurnFeatures(db, { cutoff: '2024-02-30' })).rejects.toThrow(ChurnSetupError);
    await expect(buildChurnFeatures(db, { cutoff: '2020-01-01' })).rejects.toThrow('No customer bought anything before 2020-01-01');
  });

  it('quotes table names and binds in DuckDB', async () => {
    await canonical(db, false);
    const sql = churnFeaturesSql({ table: 'odd "name"', cutoff: '2024-04-01', horizon: 30, features: [], shape: { products: false, categories: false, events: false } });
    await db.exec(sql);
    expect(tableToRows(await db.query('SELECT count(*) AS n FROM "odd ""name"""'))).toEqual([{ n: 3 }]);
  });
});

describe('buildScoringFeatures', () => {
  it('scores every customer as of the last date + 1, without a label', async () => {
    await canonical(db, false);
    const data = await buildScoringFeatures(db);
    expect(data.cutoff).toBe('2024-05-02');
    expect(data.rows).toBe(4);
    expect(['labels' in data, 'customerIds' in data]).toEqual([false, false]);
    const rows = tableToRows(await db.query('SELECT customer_id, recency_days, frequency, monetary FROM churn_score_features ORDER BY 1'));
    expect(rows[1]).toEqual({ customer_id: 'B', recency_days: 1, frequency: 2, monetary: 70 });
    expect(rows[0]).toEqual({ customer_id: 'A', recency_days: 31, frequency: 3, monetary: 140 });
  });
});
