import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { tableToRows } from '../../../src/engine/rows';
import { atRiskCsv, retentionTier, riskBand, writeChurnScores } from '../../../src/analyses/churn-scores';
import { sha256Hex } from '../../../src/export/hash';
import { logisticReasons, reasonText, type Reasons } from '../../../src/models/explain';
import type { FittedTransform } from '../../../src/models/preprocess';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(() => db.close());

describe('retention tiers and risk bands (DESIGN.md section 4)', () => {
  it('puts retention 0.8 in high, 0.5 in medium, just below 0.5 in low; risk mirrors it; thresholds are editable', () => {
    expect([0.8, 0.79, 0.5, 0.49].map((p) => retentionTier(p))).toEqual(['high', 'medium', 'medium', 'low']);
    expect([0.2, 0.21, 0.5, 0.51].map((p) => riskBand(p))).toEqual(['low', 'medium', 'medium', 'high']);
    expect(retentionTier(0.85, { high: 0.9, medium: 0.6 })).toBe('medium');
  });
});

describe('explanations', () => {
  it('logistic reasons: coefficient × standardised value, summed per feature, risk-raising only', () => {
    const transform: FittedTransform = {
      version: 1,
      features: ['recency_days', 'frequency'],
      categoricals: [],
      columns: [
        { kind: 'numeric', source: 'recency_days', log1p: false, impute: 0, mean: 0, scale: 1 },
        { kind: 'numeric', source: 'frequency', log1p: false, impute: 0, mean: 0, scale: 1 },
        { kind: 'missing', source: 'frequency' },
      ],
      names: ['recency_days', 'frequency', 'frequency_missing'],
    };
    const x = Float32Array.from([2, -1, 0, /* row 2 */ -1, 0, 1]);
    const reasons = logisticReasons(transform, [0.5, -0.8, 2], x, 2, 3);
    expect(reasonText(reasons, 0)).toBe('recency_days (high), frequency (low)');
    expect(Array.from(reasons.strength.subarray(0, 2))).toEqual([1, expect.closeTo(0.8, 6)]);
    expect(reasonText(reasons, 1)).toBe('frequency (missing)');
  });
});

describe('writeChurnScores and the at-risk CSV', () => {
  it('writes the scores table and exports high-risk customers, formulas neutralised, ids optionally hashed', async () => {
    // The ids stay in the feature table; scores follow its rows in customer-id (text) order.
    await db.exec(`CREATE OR REPLACE TABLE feats AS SELECT * FROM (VALUES ('d'), ('a'), ('c'), ('=HYPERLINK("x")')) t(customer_id)`);
    const counts = await writeChurnScores(db, 'churn_scores', {
      featuresTable: 'feats',
      probabilities: Float32Array.from([0.7, 0.9, 0.3, 0.1]),
      asOf: '2024-01-01',
    });
    expect(counts).toEqual({ high: 2, medium: 1, low: 1 });
    expect(tableToRows(await db.query('SELECT customer_id, risk_band, retention_tier, risk_rank, top_reasons FROM churn_scores ORDER BY risk_rank'))).toEqual([
      { customer_id: 'a', risk_band: 'high', retention_tier: 'low', risk_rank: 1, top_reasons: '' },
      { customer_id: '=HYPERLINK("x")', risk_band: 'high', retention_tier: 'low', risk_rank: 2, top_reasons: '' },
      { customer_id: 'c', risk_band: 'medium', retention_tier: 'medium', risk_rank: 3, top_reasons: '' },
      { customer_id: 'd', risk_band: 'low', retention_tier: 'high', risk_rank: 4, top_reasons: '' },
    ]);
    expect(await db.query(`SELECT count(*) FROM information_schema.tables WHERE table_name = 'churn_scores__scores'`).then((t) => Number(t.getChildAt(0)!.get(0)))).toBe(0);
    const csv = await atRiskCsv(db);
    expect(csv.split('\r\n')).toEqual([
      'customer_id,churn_probability,retention,risk_band,top_reasons',
      'a,0.9,0.1,high,',
      `"'=HYPERLINK(""x"")",0.7,0.3,high,`,
      '',
    ]);
    const hashed = await atRiskCsv(db, { hashIds: true, bands: ['high', 'medium'], limit: 1 });
    expect(hashed.split('\r\n')[1]).toBe(`${await sha256Hex('a')},0.9,0.1,high,`);
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it("writes each customer's reasons exactly as reasonText words them, and breaks ties in rank by row", async () => {
    await db.exec(`CREATE OR REPLACE TABLE feats2 AS SELECT * FROM (VALUES ('u1'), ('u2'), ('u3'), ('u4')) t(customer_id)`);
    const reasons: Reasons = {
      k: 3,
      features: ["recency_days", "it's quoted", 'channel'],
      index: Int16Array.from([0, 1, 2, /* u2 */ 1, -1, -1, /* u3 */ -1, -1, -1, /* u4 */ 2, 0, -1]),
      strength: new Float32Array(12).fill(1),
      direction: Int8Array.from([1, -1, 0, /* u2 */ 2, 0, 0, /* u3 */ 0, 0, 0, /* u4 */ 0, 1, 0]),
    };
    await writeChurnScores(db, 'scores2', { featuresTable: 'feats2', probabilities: Float32Array.from([0.5, 0.5, 0.2, 0.9]), reasons, asOf: '2024-01-01' });
    const rows = tableToRows(await db.query('SELECT customer_id, risk_rank, top_reasons FROM scores2 ORDER BY customer_id'));
    expect(rows.map((r) => r.top_reasons)).toEqual([0, 1, 2, 3].map((r) => reasonText(reasons, r)));
    expect(rows.map((r) => r.top_reasons)).toEqual(["recency_days (high), it's quoted (low), channel", "it's quoted (missing)", '', 'channel, recency_days (high)']);
    expect(rows.map((r) => r.risk_rank)).toEqual([2, 3, 4, 1]);
  });

  it('words the reasons of known features as sentences with the customer\'s own figures', async () => {
    await db.exec(`CREATE OR REPLACE TABLE feats3 AS SELECT * FROM (VALUES ('u1', 143.0, 40.2, 1), ('u2', 3.0, NULL, 1)) t(customer_id, recency_days, mean_days_between_orders, orders_90d)`);
    const reasons: Reasons = {
      k: 3,
      features: ['recency_days', 'mean_days_between_orders', 'orders_90d'],
      index: Int16Array.from([0, 1, 2, /* u2 */ 1, 2, -1]),
      strength: new Float32Array(6).fill(1),
      direction: Int8Array.from([1, 1, -1, /* u2 */ 2, -1, 0]),
    };
    await writeChurnScores(db, 'scores3', { featuresTable: 'feats3', probabilities: Float32Array.from([0.9, 0.4]), reasons, asOf: '2024-01-01' });
    const rows = tableToRows(await db.query('SELECT customer_id, top_reasons FROM scores3 ORDER BY customer_id'));
    expect(rows.map((r) => r.top_reasons)).toEqual([
      'no order for 143 days, usually orders every 40 days, 1 order in the last 90 days',
      'mean_days_between_orders (missing), 1 order in the last 90 days',
    ]);
    // In Chinese when the notebook runs in Chinese: the same figures, the column name kept where there is no sentence.
    await writeChurnScores(db, 'scores3_zh', { featuresTable: 'feats3', probabilities: Float32Array.from([0.9, 0.4]), reasons, asOf: '2024-01-01' }, undefined, 'zh-CN');
    const zh = tableToRows(await db.query('SELECT customer_id, top_reasons FROM scores3_zh ORDER BY customer_id'));
    expect(zh.map((r) => r.top_reasons)).toEqual(['143 天没有下单；通常每 40 天下一单；最近 90 天下单 1 次', 'mean_days_between_orders（缺失）；最近 90 天下单 1 次']);
  });
});
