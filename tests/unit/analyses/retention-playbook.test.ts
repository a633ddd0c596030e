/** Retention tiers and the playbook (src/analyses/retention-playbook.ts) on hand-made orders and scores. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { tableToRows } from '../../../src/engine/rows';
import { RETENTION_TIERS, retentionPlaybookSql, retentionTiersSql } from '../../../src/analyses/retention-playbook';
import { segmentLabel } from '../../../src/analyses/customer-lists';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  // The data ends 2024-12-31: A spent 100 in the last year and 50 before it; B 40; C 10 two years ago only.
  await db.exec(`CREATE TABLE cb_orders AS SELECT * FROM (VALUES
    ('A', 'a1', TIMESTAMP '2024-06-01', 60.0, 1.0), ('A', 'a2', TIMESTAMP '2024-12-31', 40.0, 1.0), ('A', 'a0', TIMESTAMP '2023-06-01', 50.0, 1.0),
    ('B', 'b1', TIMESTAMP '2024-03-01', 40.0, 2.0),
    ('C', 'c1', TIMESTAMP '2022-12-01', 10.0, 1.0)) t(customer_id, order_id, ts, revenue, items)`);
  await db.exec(`CREATE TABLE scores AS SELECT * FROM (VALUES
    ('A', 0.1, 0.9, 'high', 'recency_days (low)'), ('B', 0.6, 0.4, 'low', 'frequency (low)'), ('C', 0.95, 0.05, 'low', 'recency_days (high)')
  ) t(customer_id, probability, retention, retention_tier, top_reasons)`);
});
afterAll(async () => db.close());

describe('retention tiers and playbook', () => {
  it('puts the revenue at stake (last year × P(churn)) and the action beside each customer, most urgent first', async () => {
    const tiers = retentionTiersSql('scores');
    await db.exec(`CREATE TABLE ${tiers.name} AS ${tiers.sql}`);
    const rows = tableToRows(await db.query('SELECT * FROM retention_tiers'));
    expect(rows.map((r) => r.customer_id)).toEqual(['B', 'C', 'A']);
    const byId = Object.fromEntries(rows.map((r) => [r.customer_id, r]));
    expect(byId.A).toMatchObject({ retention_tier: 'high', revenue_12m: 100, revenue_at_stake: 10, action: RETENTION_TIERS.high.action.en });
    expect(byId.B).toMatchObject({ revenue_12m: 40, revenue_at_stake: 24, action: RETENTION_TIERS.low.action.en });
    expect(byId.C).toMatchObject({ revenue_12m: 0, revenue_at_stake: 0 });
    const segment = segmentLabel('segment', String(byId.A!.rfm_segment), 'en').label;
    expect(byId.A!.playbook_cell).toBe(`${RETENTION_TIERS.high.label.en} · ${segment}`);

    const playbook = retentionPlaybookSql();
    const cells = tableToRows(await db.query(playbook.sql));
    expect(cells.reduce((n, c) => n + Number(c.customers), 0)).toBe(3);
    expect(cells[0]!.retention_tier).toBe('low');
    expect(cells.at(-1)).toMatchObject({ retention_tier: 'high', customers: 1, revenue_at_stake: 10 });
  });

  it('names a retention tier with its action for the customer list bar', () => {
    expect(segmentLabel('retention_tier', 'high', 'zh-CN')).toEqual({ label: RETENTION_TIERS.high.label['zh-CN'], action: RETENTION_TIERS.high.action['zh-CN'] });
    expect(segmentLabel('risk_band', 'high', 'en').label).toBe('High risk');
  });
});
