/**
 * Campaigns (src/analyses/campaign.ts): the model tables are found by their columns; the campaign SQL keeps
 * exactly the segment's customers with their revenue, the models' columns and up to three recommended
 * products none of which they bought; the figures add up; the economics match a hand-worked example; the
 * CSV is formula-safe and hashes ids on request.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { tableToRows } from '../../../src/engine/rows';
import { loadFile } from '../../../src/ingest/load';
import { pathSource } from '../../../src/ingest/sources-node';
import { campaignEconomics, campaignFigures, campaignName, campaignSources, campaignSql } from '../../../src/analyses/campaign';
import { customerRowsCsv } from '../../../src/analyses/customer-lists';
import { writeRecommendations } from '../../../src/analyses/recommend';

const root = path.resolve(__dirname, '../../..');
let db: Db;
const rows = async (sql: string) => tableToRows(await db.query(sql));

beforeAll(async () => {
  db = await openNodeDb();
  await loadFile(db, pathSource(path.join(root, 'samples/shop-2k.csv')));
  // A segment table and churn scores of the shapes the notebook's cells write.
  await db.exec(`CREATE TABLE segments AS SELECT customer_id, CASE WHEN hash(customer_id) % 3 = 0 THEN 'at_risk' ELSE 'other' END AS segment FROM cb_customers`);
  await db.exec(`CREATE TABLE churn_scores AS SELECT customer_id, 0.25 AS probability, 'low' AS risk_band FROM cb_customers`);
  await writeRecommendations(db, { k: 5, holdoutDays: 60 });
});
afterAll(async () => {
  await db.close();
});

describe('campaigns', () => {
  it('finds the model tables by their columns, the usual name first', () => {
    expect(
      campaignSources({
        segments: ['customer_id', 'segment'],
        recs_b: ['customer_id', 'rank', 'product_id', 'product_name', 'score'],
        recommendations: ['customer_id', 'rank', 'product_id', 'product_name', 'score'],
        my_churn: ['customer_id', 'probability', 'retention', 'risk_band'],
      }),
    ).toEqual({ recommendations: 'recommendations', churn: 'my_churn', value: null });
    expect(campaignName({ table: 'rfm_segments', column: 'segment', value: "Can't lose" })).toBe('campaign_rfm_segments_can_t_lose');
  });

  it('lists exactly the segment with revenue, churn probability and three products each, none already bought', async () => {
    const list = { table: 'segments', column: 'segment', value: 'at_risk' };
    const tables: Record<string, string[]> = {};
    for (const r of await rows(`SELECT table_name, column_name FROM information_schema.columns`)) (tables[String(r.table_name)] ??= []).push(String(r.column_name));
    const sources = campaignSources(tables);
    expect(sources).toEqual({ recommendations: 'recommendations', churn: 'churn_scores', value: null });
    await db.exec(`CREATE TABLE campaign AS ${campaignSql(list, sources)}`);
    const [sizes] = await rows(`SELECT (SELECT count(*) FROM campaign)::INT AS campaign, (SELECT count(*) FROM segments WHERE segment = 'at_risk')::INT AS segment`);
    expect(sizes!.campaign).toBe(sizes!.segment);
    const columns = (await rows(`SELECT column_name FROM (DESCRIBE campaign)`)).map((r) => r.column_name);
    expect(columns).toEqual(['customer_id', 'orders', 'revenue', 'last_order', 'revenue_last_12_months', 'churn_probability', 'recommended_products']);
    const [owned] = await rows(`SELECT count(*)::INT AS n FROM (SELECT customer_id, unnest(string_split(recommended_products, '; ')) AS name FROM campaign) c
      JOIN cb_lines l ON l.customer_id = c.customer_id AND l.product_name = c.name`);
    expect(owned!.n).toBe(0);
    const [three] = await rows(`SELECT min(len(string_split(recommended_products, '; ')))::INT AS least, max(len(string_split(recommended_products, '; ')))::INT AS most FROM campaign`);
    expect(three).toEqual({ least: 3, most: 3 });
    const [revenue] = await rows(`SELECT round(sum(o.revenue), 2) AS expected FROM cb_orders o JOIN segments s USING (customer_id) WHERE s.segment = 'at_risk'`);
    const figures = await campaignFigures(db, 'campaign');
    expect(figures.customers).toBe(sizes!.segment);
    expect(figures.revenue).toBeCloseTo(Number(revenue!.expected), 0);
    expect(figures.meanChurn).toBeCloseTo(0.25, 9);
    expect(figures.expectedLoss).toBeCloseTo(0.25 * figures.revenueLast12Months, 6);
    expect(figures.withProducts).toBe(figures.customers);
    expect(figures.expectedValue).toBeNull();
  });

  /** 1,000 customers, 2,000 orders, revenue 100,000: average order 50; 5% answer: 50 orders, 2,500; cost 1,000 × 0.02 + 10% of 2,500 = 270. */
  it('works out the economics by hand', () => {
    const figures = { customers: 1000, orders: 2000, revenue: 100_000, revenueLast12Months: 30_000, expectedLoss: null, meanChurn: null, expectedValue: null, withProducts: null };
    const e = campaignEconomics(figures, { responseRate: 0.05, costPerContact: 0.02, discount: 0.1 });
    expect(e.averageOrder).toBe(50);
    expect(e.responders).toBeCloseTo(50, 9);
    expect(e.revenue).toBeCloseTo(2500, 9);
    expect(e.cost).toBeCloseTo(270, 9);
    expect(e.net).toBeCloseTo(2230, 9);
    expect(e.breakEvenRate).toBeCloseTo(0.02 / 45, 12);
    expect(campaignEconomics({ ...figures, orders: 0, revenue: 0 }, { responseRate: 0.05, costPerContact: 0.02, discount: 0.1 }).breakEvenRate).toBeNull();
  });

  it('exports a formula-safe CSV with ids hashed on request', async () => {
    await db.exec(`CREATE TABLE risky AS SELECT '=HYPERLINK("x")' AS customer_id, '+cmd' AS recommended_products`);
    const plain = await customerRowsCsv(db, 'SELECT * FROM risky');
    expect(plain).toBe(`customer_id,recommended_products\r\n"'=HYPERLINK(""x"")",'+cmd\r\n`);
    const hashed = await customerRowsCsv(db, 'SELECT * FROM risky', { hashIds: true });
    expect(hashed).toMatch(/^customer_hash,recommended_products\r\n[0-9a-f]{64},'\+cmd\r\n$/);
  });
});
