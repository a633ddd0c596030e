/**
 * Issue 19, must-show 1: a small bad file per way a real export gave a wrong answer, each loaded the way
 * the app and the command line load it, with its exact counts, or its exact refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cohortRetention } from '../../../src/analyses/cohort';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { IngestError } from '../../../src/ingest/errors';
import { loadFile, type LoadResult } from '../../../src/ingest/load';
import { NO_CUSTOMER_COLUMN } from '../../../src/ingest/load-problems';
import { bytesSource } from '../../../src/ingest/sources';
import * as files from './bad-files';
import { rows } from './csv-table';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => {
  await db.close();
});

function load(name: string, text: string, options: Parameters<typeof loadFile>[2] = {}): Promise<LoadResult> {
  return loadFile(db, bytesSource(name, new TextEncoder().encode(text)), { now: files.CORPUS_NOW, ...options });
}

const codes = (loaded: LoadResult) => loaded.problems.map((p) => p.code);
const excluded = (loaded: LoadResult) => Object.fromEntries(loaded.report.excluded.map((i) => [i.reason.en, i.count]));

describe('bad files: line endings', () => {
  it('reads every row of a file that mixes CRLF and LF, and says so', async () => {
    const loaded = await load('mixed.csv', files.MIXED_LINE_ENDINGS);
    expect(loaded.report).toMatchObject({ rowsRead: 4, rowsRejected: 0, customers: 3, orders: 4, revenue: 65 });
    expect(loaded.report.warnings.map((w) => w.en)).toContain('Lines end in two ways (3 with CRLF, 2 with LF); all were read.');
    expect(codes(loaded)).toEqual([]);
    expect(await rows(db, `SELECT DISTINCT customer_id FROM cb_customers ORDER BY 1`)).toEqual([{ customer_id: 'a' }, { customer_id: 'b' }, { customer_id: 'c' }]);
  });

  it('locates a carriage return alone inside a line instead of splitting the record', async () => {
    const loaded = await load('lone-cr.csv', files.LONE_CR);
    expect(loaded.report).toMatchObject({ rowsRead: 3, rowsRejected: 0, customers: 2, revenue: 60 });
    expect(codes(loaded)).toEqual(['stray_carriage_return']);
    expect(loaded.problems[0]!.message.en).toMatch(/1 carriage return \(CR\) stand alone inside a line \(line 3\)/);
  });
});

describe('bad files: implausible values never reach the tables', () => {
  it('leaves out NaN, infinite and huge amounts with their reasons', async () => {
    const loaded = await load('amounts.csv', files.IMPLAUSIBLE_AMOUNTS);
    expect(loaded.report).toMatchObject({ rowsRead: 6, lines: 2, customers: 2, revenue: 22.5 });
    expect(excluded(loaded)).toEqual({
      'amount, quantity or price not a real number or beyond 1e12 (NaN, infinite, huge)': 3,
      'amount missing or not a number': 1,
    });
    expect(codes(loaded)).toEqual(['rows_left_out', 'rows_left_out']);
    expect(await rows(db, `SELECT max(revenue) AS top, bool_and(isfinite(revenue)) AS finite FROM cb_lines`)).toEqual([{ top: 12.5, finite: true }]);
  });

  it('leaves out dates before 1990 and over a year ahead, so no cohort spans centuries', async () => {
    const loaded = await load('dates.csv', files.FAR_DATES);
    expect(loaded.report).toMatchObject({ rowsRead: 7, lines: 3, customers: 3 });
    expect(excluded(loaded)).toEqual({ 'date before 1990 or more than a year from now': 4 });
    expect(loaded.report.dateRange).toEqual({ min: '1990-01-01 00:00:00', max: '2027-12-05 00:00:00' });
    const { cohorts } = await cohortRetention(db, { period: 'month' });
    expect(Math.max(...cohorts.map((c) => c.retention.length))).toBe((2027 - 1990) * 12 + 12);
  });
});

describe('bad files: roles are never mapped on weak evidence', () => {
  it('does not take an all-zero column as the quantity, nor a second money column', async () => {
    const loaded = await load('zero-qty.csv', files.ZERO_QUANTITY);
    expect(loaded.roles).toEqual({ customer_id: 'customer', timestamp: 'date', amount: 'amount' });
    expect(loaded.guesses.find((g) => g.role === 'quantity')!.reason.en).toMatch(/“qty”.*most of its values are zero or negative/);
    expect(loaded.report).toMatchObject({ lines: 4, returnsExcluded: 0, revenue: 40.85 });
  });

  it('finds the user, not the item, in a headerless pv/cart/fav/buy log with epoch seconds', async () => {
    const loaded = await load('UserBehavior.csv', files.headerlessEventLog());
    expect(loaded.sniffed.hasHeader).toBe(false);
    expect(loaded.roles).toEqual({
      customer_id: 'column1',
      product_id: 'column2',
      category: 'column3',
      event_type: 'column4',
      timestamp: 'column5',
    });
    expect(loaded.report.dateFormat).toBe('Unix time in seconds');
    const buyers = await rows(db, `SELECT count(DISTINCT column1) AS n FROM ${loaded.table} WHERE column4 = 'buy'`);
    expect(loaded.report.customers).toBe(buyers[0]!.n);
  });
});

describe('bad files: missing values and customers', () => {
  it('makes guests of NA, N/A, null, -, blank, None and nan, never a customer called NA', async () => {
    const loaded = await load('na.csv', files.NA_CUSTOMERS);
    expect(loaded.report).toMatchObject({ rowsRead: 12, guestRows: 7, customers: 3, lines: 5, revenue: 77 });
    expect(await rows(db, `SELECT customer_id FROM cb_customers ORDER BY 1`)).toEqual([{ customer_id: 'a' }, { customer_id: 'b' }, { customer_id: 'c' }]);
  });

  it('analyses a file without a customer column at order level and says why', async () => {
    const loaded = await load('marketplace.csv', files.NO_BUYER_MARKETPLACE);
    expect(loaded.roles.customer_id).toBeUndefined();
    expect(loaded.roles).toMatchObject({ order_id: '订单编号', timestamp: '下单时间', amount: '实付金额', status: '订单状态' });
    expect(loaded.report).toMatchObject({ level: 'order', orders: 5, lines: 6, customers: 0, guestRows: 0, returnsExcluded: 1 });
    expect(loaded.report.revenue).toBeCloseTo(654.6, 6);
    expect(codes(loaded)).toEqual(['no_customer_column']);
    expect(loaded.problems[0]!.message.en.startsWith(NO_CUSTOMER_COLUMN.en)).toBe(true);
    expect(loaded.problems[0]!.message['zh-CN'].startsWith(NO_CUSTOMER_COLUMN['zh-CN'])).toBe(true);
    expect(loaded.guesses.find((g) => g.role === 'customer_id')!.reason.en).toMatch(/customer id/);
    expect(await rows(db, `SELECT count(*) AS n FROM cb_customers`)).toEqual([{ n: 0 }]);
  });

  it('folds the case of e-mail ids only in a column of e-mail addresses', async () => {
    expect((await load('emails.csv', files.EMAIL_CASE)).report.customers).toBe(2);
    expect((await load('at-ids.csv', files.AT_IDS)).report.customers).toBe(3);
  });
});

describe('bad files: dates', () => {
  it('reads 2- and 4-digit years, with and without seconds, and ISO values in one month-first column', async () => {
    const loaded = await load('forms.csv', files.MIXED_DATE_FORMS);
    expect(loaded.report).toMatchObject({ rowsRead: 5, lines: 5, revenue: 45 });
    expect(codes(loaded)).toEqual([]);
    expect(loaded.report.dateFormat).toMatch(/month first/);
    expect(await rows(db, `SELECT strftime(ts, '%Y-%m-%d %H:%M:%S') AS ts FROM cb_lines ORDER BY ts`)).toEqual(
      ['2010-12-06 10:08:00', '2010-12-25 23:59:00', '2011-01-03 08:05:30', '2011-02-20 11:39:00', '2011-02-21 09:00:00'].map((ts) => ({ ts })),
    );
  });

  it('makes dates in the other day/month order a problem with the readings to pick, and reads them when picked', async () => {
    const loaded = await load('orders.csv', files.MIXED_DATE_ORDERS);
    const problem = loaded.problems.find((p) => p.code === 'unreadable_timestamp')!;
    expect(problem).toMatchObject({ blocking: false, rows: 3, dateChoices: ['auto', 'day-first', 'month-first', 'year-first'] });
    expect(problem.message.en).toMatch(/^3 rows \(37\.5%\) have a “date” value that is not a M\/D\/YYYY \(month first\) date/);
    expect(problem.message.en).toMatch(/2 rows of them only make sense with day and month the other way round/);
    expect(loaded.report.lines).toBe(5);

    const dayFirst = await load('orders.csv', files.MIXED_DATE_ORDERS, { dateChoice: 'day-first' });
    expect(dayFirst.report.dateFormat).toMatch(/day first/);
    expect(dayFirst.report.lines).toBe(4);
  });
});

describe('bad files: refusals and money', () => {
  it('refuses a JSON document nested 10,000 levels deep with a clear message', async () => {
    const loading = load('deep.json', files.NESTED_JSON);
    await expect(loading).rejects.toBeInstanceOf(IngestError);
    await expect(load('deep.json', files.NESTED_JSON)).rejects.toThrow(/nests its data more than 64 levels deep/);
  });

  it('takes refunds off the revenue and counts a full refund as a return', async () => {
    const loaded = await load('refunds.csv', files.REFUNDS);
    expect(loaded.roles.refund).toBe('refunded_amount');
    expect(loaded.report).toMatchObject({ lines: 4, orders: 4, customers: 3, revenue: 215, returnsExcluded: 1 });
    expect(loaded.report.refunds).toEqual({ amount: 20, fullyRefundedOrders: 1 });
  });

  it('reads Stripe amounts in cents, except in zero-decimal currencies', async () => {
    const loaded = await load('charges.csv', files.STRIPE_SUCCEEDED);
    expect(loaded.roles).toMatchObject({ order_id: 'id', amount: 'amount', refund: 'amount_refunded', currency: 'currency', status: 'status' });
    expect(loaded.report).toMatchObject({ orders: 3, revenue: 530, returnsExcluded: 1 });
    expect(loaded.report.warnings.map((w) => w.en).join(' ')).toMatch(/Stripe charges.*divided by 100/);
  });
});
