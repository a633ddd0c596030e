/**
 * Role detection and the purchase rules on four real layouts nobody here wrote, against the independent
 * counts in shared/datasets/real-layouts/expected.json — or, where we cannot read the layout yet, a
 * plain refusal instead of a wrong number.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { loadFile, type LoadResult } from '../../../src/ingest/load';
import { isAnalysable } from '../../../src/ingest/load-problems';
import { pathSource } from '../../../src/ingest/sources-node';

const DIR = path.resolve(__dirname, '../../../../shared/datasets/real-layouts');

interface Expected {
  file: string;
  customers: number;
  orders: number;
  revenue: string;
  roles: Record<string, string | null>;
}
const expected: Expected[] = JSON.parse(fs.readFileSync(path.join(DIR, 'expected.json'), 'utf8'));
const byFile = (file: string) => expected.find((e) => e.file === file)!;

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => {
  await db.close();
});

const load = (file: string): Promise<LoadResult> => loadFile(db, pathSource(path.join(DIR, file)));

describe('real layouts', () => {
  it('ClassicModels order lines: the company name is the customer, SALES the amount, Cancelled excluded', async () => {
    const want = byFile('classicmodels_sales_data_sample.csv');
    const loaded = await load(want.file);
    expect(loaded.roles).toMatchObject({
      customer_id: want.roles.customer_id,
      order_id: want.roles.order_id,
      timestamp: want.roles.timestamp,
      amount: want.roles.amount,
      quantity: want.roles.quantity,
      status: want.roles.status,
    });
    expect(loaded.report).toMatchObject({ customers: want.customers, orders: want.orders, revenue: Number(want.revenue) });
    expect(loaded.problems).toEqual([]);
  });

  it('Amazon seller report: no customer column, so order level only, with the right orders and revenue', async () => {
    const want = byFile('amazon_in_sale_report_cut.csv');
    const loaded = await load(want.file);
    expect(loaded.roles.customer_id).toBeUndefined();
    expect(loaded.roles).toMatchObject({ order_id: want.roles.order_id, amount: want.roles.amount, status: want.roles.status });
    expect(loaded.report).toMatchObject({ level: 'order', customers: 0, orders: want.orders, revenue: Number(want.revenue) });
    expect(loaded.problems.map((p) => p.code)).toEqual(['no_customer_column']);
  });

  it('Stripe charges: every charge failed, so no order and no revenue, and the report says there is nothing to analyse', async () => {
    const want = byFile('stripe_charge_fivetran_seed.csv');
    const loaded = await load(want.file);
    expect(loaded.roles).toMatchObject({ customer_id: 'customer_id', order_id: 'id', amount: 'amount', refund: 'amount_refunded', status: 'status' });
    expect(loaded.report).toMatchObject({ orders: want.orders, revenue: Number(want.revenue), returnsExcluded: 16 });
    expect(loaded.problems.map((p) => p.code)).toEqual(['no_purchases']);
  });

  it('Snowplow events: purchases live inside JSON contexts we do not read, so it refuses instead of counting page views', async () => {
    const loaded = await load('snowplow_ecommerce_events.csv');
    expect(isAnalysable(loaded)).toBe(false);
    expect(loaded.problems[0]).toMatchObject({ code: 'no_purchases', blocking: true });
    expect(loaded.problems[0]!.message.en).toMatch(/nothing in it marks a purchase/);
    expect(loaded.roles).toMatchObject({ customer_id: 'domain_userid', timestamp: 'collector_tstamp' });
    expect(loaded.roles.amount).toBeUndefined();
  });
});
