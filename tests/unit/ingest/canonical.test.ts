import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { buildCanonical, type CanonicalCounts, type CanonicalOptions } from '../../../src/ingest/canonical';
import { inferTimestamp } from '../../../src/ingest/dates';
import { columnEvidence, holdsEmails } from '../../../src/ingest/profile';
import { detectRoles, roleMapOf } from '../../../src/ingest/roles';
import type { RoleMap } from '../../../src/ingest/types';
import { csvTable, rows } from './csv-table';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => {
  await db.close();
});

/** Loads CSV text as the raw table and builds the canonical tables with `roles` (detected when omitted). */
async function build(csv: string, roles?: RoleMap, options?: CanonicalOptions): Promise<CanonicalCounts> {
  await csvTable(db, 'raw', csv);
  const evidence = await columnEvidence(db, 'raw', true);
  const map = roles ?? roleMapOf(detectRoles(evidence));
  const ts = await inferTimestamp(db, 'raw', map.timestamp!, 'VARCHAR');
  const customerEmails = holdsEmails(evidence.profiles.find((p) => p.name === map.customer_id));
  return buildCanonical(db, 'raw', map, ts.spec, { customerEmails, ...options });
}

/** The rows balance: every raw row is a line, a dropped copy, or counted under one reason. */
function balance(c: CanonicalCounts): number {
  const excluded = c.excluded.reduce((n, issue) => n + issue.count, 0);
  return c.lines + c.duplicatesDropped + c.guestRows + c.returnsExcluded - c.guestReturns + excluded + c.nonPurchaseEvents;
}

const INVOICES = `InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
1001,A,Apple,2,2011-01-03 10:00:00,1.50,17850.0,UK
1001,B,Banana,1,2011-01-03 10:00:00,4.00,17850.0,UK
1001,B,Banana,1,2011-01-03 10:00:00,4.00,17850.0,UK
1002,A,Apple,1,2011-01-03 15:00:00,1.50,17850,UK
C1003,A,Apple,-1,2011-01-04 09:00:00,1.50,17850.0,UK
1004,C,Cherry,3,2011-01-05 11:00:00,2.00,,UK
1004,C,Cherry,3,2011-01-05 11:00:00,2.00,,UK
C1005,C,Cherry,-3,2011-01-05 12:00:00,2.00,,UK
1006,A,Apple,0,2011-01-06 12:00:00,1.50,12346.0,FR
1007,D,Adjust,1,2011-01-07 12:00:00,-5.00,12346.0,FR
1008,A,Apple,4,2011-01-08 12:00:00,1.50,12346.0,FR
1009,B,Banana,1,soon,4.00,12346.0,FR
1010,E,Egg,2,2011-01-09 08:00:00,,12346.0,FR
`;

describe('buildCanonical: invoice lines', () => {
  let counts: CanonicalCounts;
  beforeAll(async () => {
    counts = await build(INVOICES);
  });

  it('keeps only purchases and counts every other row under its reason', () => {
    expect(counts).toMatchObject({
      rowsRead: 13,
      lines: 4,
      duplicatesDropped: 1,
      guestRows: 3,
      guestReturns: 1,
      returnsExcluded: 4,
      nonPurchaseEvents: 0,
      customers: 2,
      orders: 3,
      revenue: 14.5,
      events: 0,
      dateRange: { min: '2011-01-03 10:00:00', max: '2011-01-08 12:00:00' },
      cancellationInvoices: true,
      amountLevel: null,
    });
    expect(counts.returns).toEqual([
      { code: 'cancelled_invoice', reason: expect.objectContaining({ en: 'cancellation invoice (number starts with C)' }), count: 2, examples: ['C1003', 'C1005'] },
      { code: 'quantity_not_positive', reason: expect.objectContaining({ en: 'quantity zero or negative' }), count: 1, examples: ['0'] },
      { code: 'negative_revenue', reason: expect.objectContaining({ en: 'negative amount' }), count: 1, examples: ['-5.00'] },
    ]);
    expect(counts.excluded).toEqual([
      { code: 'bad_timestamp', reason: expect.objectContaining({ en: 'date missing or unreadable' }), count: 1, examples: ['soon'] },
      { code: 'missing_price', reason: expect.objectContaining({ en: 'unit price missing or not a number' }), count: 1, examples: ['(empty)'] },
    ]);
    expect(balance(counts)).toBe(counts.rowsRead);
  });

  it('normalises 17850.0 to 17850 and keeps two orders on one day apart', async () => {
    expect(await rows(db, `SELECT * FROM cb_orders ORDER BY ts`)).toEqual([
      { customer_id: '17850', order_id: '1001', ts: Date.UTC(2011, 0, 3, 10), revenue: 7, items: 3 },
      { customer_id: '17850', order_id: '1002', ts: Date.UTC(2011, 0, 3, 15), revenue: 1.5, items: 1 },
      { customer_id: '12346', order_id: '1008', ts: Date.UTC(2011, 0, 8, 12), revenue: 6, items: 4 },
    ]);
    expect(await rows(db, `SELECT customer_id, orders, revenue FROM cb_customers ORDER BY customer_id`)).toEqual([
      { customer_id: '12346', orders: 1, revenue: 6 },
      { customer_id: '17850', orders: 2, revenue: 8.5 },
    ]);
  });

  it('gives cb_lines the canonical columns and types, and an empty cb_events', async () => {
    expect(await rows(db, `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'cb_lines' ORDER BY ordinal_position`)).toEqual([
      { column_name: 'customer_id', data_type: 'VARCHAR' },
      { column_name: 'order_id', data_type: 'VARCHAR' },
      { column_name: 'ts', data_type: 'TIMESTAMP' },
      { column_name: 'product_id', data_type: 'VARCHAR' },
      { column_name: 'product_name', data_type: 'VARCHAR' },
      { column_name: 'category', data_type: 'VARCHAR' },
      { column_name: 'quantity', data_type: 'DOUBLE' },
      { column_name: 'revenue', data_type: 'DOUBLE' },
      { column_name: 'country', data_type: 'VARCHAR' },
    ]);
    expect(await rows(db, `SELECT count(*) AS n FROM cb_events`)).toEqual([{ n: 0 }]);
    expect(await rows(db, `SELECT column_name FROM information_schema.columns WHERE table_name = 'cb_events' ORDER BY ordinal_position`)).toEqual(
      ['customer_id', 'ts', 'event_type', 'product_id', 'category', 'session_id'].map((column_name) => ({ column_name })),
    );
  });

  it('does not treat C-codes as cancellations when order ids are not invoice numbers', async () => {
    const c = await build(
      `order,customer,date,amount\nC100,k1,2023-01-01,10.00\nC101,k2,2023-01-02,12.00\nC102,k1,2023-01-03,5.00\n`,
    );
    expect(c).toMatchObject({ lines: 3, customers: 2, returnsExcluded: 0, cancellationInvoices: false });
  });

  it('reads numbers and ISO dates padded with blanks, takes missing words (nan too) as missing and shows them as written', async () => {
    const roles: RoleMap = { order_id: 'order', customer_id: 'customer', timestamp: 'date', quantity: 'qty', unit_price: 'price' };
    const c = await build(
      'order,customer,date,qty,price\n1,A,2024-01-01, 2 ,1.50\n2,A,2024-01-02,NA,1.50\n3,B,2024-01-03,nan,1.50\n' +
        '4,B,2024-01-04,1,NaN\n5,C,2024-01-05,1,inf\n6,C,2024-01-06,"\t3 "," $2.00 "\n7,D, 2024-01-07 10:00:00 ,1,1.00\n8,D,NA,1,1.00\n',
      roles,
    );
    expect(c).toMatchObject({ lines: 3, revenue: 10 });
    expect(c.excluded.map(({ code, count, examples }) => ({ code, count, examples }))).toEqual([
      { code: 'implausible_value', count: 1, examples: ['1 inf'] },
      { code: 'bad_timestamp', count: 1, examples: ['NA'] },
      { code: 'missing_quantity', count: 2, examples: ['NA', 'nan'] },
      { code: 'missing_price', count: 1, examples: ['NaN'] },
    ]);
    expect(await rows(db, 'SELECT order_id, quantity, revenue FROM cb_lines ORDER BY order_id')).toEqual([
      { order_id: '1', quantity: 2, revenue: 3 },
      { order_id: '6', quantity: 3, revenue: 6 },
      { order_id: '7', quantity: 1, revenue: 1 },
    ]);
  });

  it('trims blanks and tabs around text values, and a padded missing word is missing', async () => {
    const roles: RoleMap = { order_id: 'order', customer_id: 'customer', timestamp: 'date', quantity: 'qty', unit_price: 'price', country: 'country' };
    const c = await build(
      'order,customer,date,qty,price,country\n1, A,2024-01-01,1,1.00,UK\n2,A ,2024-01-02,1,1.00, UK\n' +
        '3,"\tB",2024-01-03,1,1.00,"UK\t"\n4,"B\t",2024-01-04,1,1.00,\tFR \n5, NA ,2024-01-05,1,1.00,FR\n',
      roles,
    );
    expect(c).toMatchObject({ lines: 4, customers: 2, guestRows: 1 });
    expect(await rows(db, 'SELECT customer_id, country FROM cb_lines ORDER BY order_id')).toEqual([
      { customer_id: 'A', country: 'UK' },
      { customer_id: 'A', country: 'UK' },
      { customer_id: 'B', country: 'UK' },
      { customer_id: 'B', country: 'FR' },
    ]);
  });
});

const SHOPIFY = `Name,Email,Financial Status,Total,Created at,Lineitem quantity,Lineitem price,Lineitem name,Lineitem sku
#1001,Ann@Example.com ,paid,35.00,2023-05-01 10:29:00 -0400,1,10.00,Blue Mug,MUG-B
#1001,,,,2023-05-01 10:29:00 -0400,2,10.00,Red Mug,MUG-R
#1002,bob@example.com,refunded,12.50,2023-05-03 08:59:00 -0400,1,12.50,Green Mug,MUG-G
#1003,ann@example.com,paid,45.00,2023-05-04 10:58:00 -0400,2,10.00,Blue Mug,MUG-B
#1003,,,,2023-05-04 10:58:00 -0400,1,5.00,Tea,TEA
#1003,,,,2023-05-04 10:58:00 -0400,1,0.00,Free sample,FREE
#1004,,paid,20.00,2023-05-05 09:00:00 -0400,1,20.00,Gift card,GIFT
`;

describe('buildCanonical: exact copies', () => {
  it('drops a row only when every column repeats, not when the order, time, customer and product do', async () => {
    // Duplicate candidates are found by a hash of the order, time, customer and product columns; the copy itself
    // is decided on every column, so the second line (another quantity and country) and the last (another price) stay.
    const counts = await build(`InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
2001,A,Apple,2,2011-01-03 10:00:00,1.50,17850,UK
2001,A,Apple,3,2011-01-03 10:00:00,1.50,17850,FR
2001,A,Apple,2,2011-01-03 10:00:00,1.50,17850,UK
2001,A,Apple,2,2011-01-03 10:00:00,1.75,17850,UK
`);
    expect(counts).toMatchObject({ rowsRead: 4, lines: 3, duplicatesDropped: 1, revenue: 3 + 4.5 + 3.5 });
    expect(await rows(db, 'SELECT quantity, revenue, country FROM cb_lines ORDER BY revenue, country')).toEqual([
      { quantity: 2, revenue: 3, country: 'UK' },
      { quantity: 2, revenue: 3.5, country: 'UK' },
      { quantity: 3, revenue: 4.5, country: 'FR' },
    ]);
  });
});

describe('buildCanonical: Shopify line items with order-level columns on the first row', () => {
  it('carries e-mail and status, counts the order total once, split by quantity × price', async () => {
    const counts = await build(SHOPIFY);
    expect(counts).toMatchObject({
      rowsRead: 7,
      lines: 5,
      guestRows: 1,
      returnsExcluded: 1,
      customers: 1,
      orders: 2,
      revenue: 80,
      amountLevel: 'order',
      cancelledStatuses: ['refunded'],
      cancellationInvoices: false,
    });
    expect(counts.returns).toEqual([
      { code: 'cancelled_status', reason: expect.objectContaining({ en: 'cancelled, refunded or returned (status)' }), count: 1, examples: ['refunded'] },
    ]);
    const lines = await rows(db, `SELECT order_id, product_id, quantity, round(revenue, 4) AS revenue FROM cb_lines ORDER BY order_id, product_id`);
    expect(lines).toEqual([
      { order_id: '#1001', product_id: 'MUG-B', quantity: 1, revenue: 11.6667 },
      { order_id: '#1001', product_id: 'MUG-R', quantity: 2, revenue: 23.3333 },
      { order_id: '#1003', product_id: 'FREE', quantity: 1, revenue: 0 },
      { order_id: '#1003', product_id: 'MUG-B', quantity: 2, revenue: 36 },
      { order_id: '#1003', product_id: 'TEA', quantity: 1, revenue: 9 },
    ]);
    expect(await rows(db, `SELECT customer_id, orders, revenue, strftime(first_ts, '%Y-%m-%d %H:%M') AS first FROM cb_customers`)).toEqual([
      { customer_id: 'ann@example.com', orders: 2, revenue: 80, first: '2023-05-01 10:29' },
    ]);
    expect(balance(counts)).toBe(7);
  });

  it('splits an order total equally when there is no unit price', async () => {
    await build(SHOPIFY, {
      order_id: 'Name',
      customer_id: 'Email',
      status: 'Financial Status',
      amount: 'Total',
      timestamp: 'Created at',
      quantity: 'Lineitem quantity',
      product_id: 'Lineitem sku',
    });
    const lines = await rows(db, `SELECT order_id, revenue FROM cb_lines ORDER BY order_id, product_id`);
    expect(lines).toEqual([
      { order_id: '#1001', revenue: 17.5 },
      { order_id: '#1001', revenue: 17.5 },
      { order_id: '#1003', revenue: 15 },
      { order_id: '#1003', revenue: 15 },
      { order_id: '#1003', revenue: 15 },
    ]);
  });

  it('reads an amount that varies within an order as a line amount', async () => {
    const counts = await build(
      `order_id,customer_id,order_date,amount\n1,a,2023-01-01,10.00\n1,a,2023-01-01,5.00\n2,b,2023-01-02,7.00\n2,b,2023-01-02,3.00\n`,
    );
    expect(counts).toMatchObject({ amountLevel: 'line', lines: 4, orders: 2, revenue: 25 });
  });

  it('reads an order total repeated on every line once (WooCommerce style)', async () => {
    const counts = await build(
      `Order ID,Customer Email,Order Date,Order Status,Order Total,Item Name,Quantity,Item Cost
101,ann@example.com,2023-05-01 10:00:00,completed,30.00,Blue Mug,1,10.00
101,ann@example.com,2023-05-01 10:00:00,completed,30.00,Red Mug,2,10.00
102,bob@example.com,2023-05-02 11:00:00,cancelled,12.50,Green Mug,1,12.50
103,ANN@example.com,2023-05-03 12:00:00,processing,20.00,Blue Mug,2,10.00
103,ann@example.com,2023-05-03 12:00:00,processing,20.00,Tea,0,5.00
`,
    );
    expect(counts).toMatchObject({ amountLevel: 'order', lines: 3, customers: 1, orders: 2, revenue: 50, returnsExcluded: 2 });
    expect(counts.returns.map((r) => [r.code, r.count])).toEqual([
      ['cancelled_status', 1],
      ['quantity_not_positive', 1],
    ]);
  });
});

describe('buildCanonical: event logs', () => {
  it('keeps only purchase events as purchases and every event in cb_events', async () => {
    const counts = await build(`user_id,event_type,product_id,price,event_time,user_session
u1,view,p1,10.00,2023-05-01 10:00:00,s1
u1,cart,p1,10.00,2023-05-01 10:01:00,s1
u1,purchase,p1,10.00,2023-05-01 10:02:00,s1
u1,purchase,p1,10.00,2023-05-01 10:02:00,s1
u2,view,p2,5.00,2023-05-02 09:00:00,s2
,view,p2,5.00,2023-05-02 09:05:00,s3
u2,purchase,p2,5.00,2023-05-03 09:00:00,s4
u2,purchase,p3,7.00,2023-05-03 09:00:00,s4
u3,remove_from_cart,p1,10.00,2023-05-04 09:00:00,s5
`);
    expect(counts).toMatchObject({
      rowsRead: 9,
      lines: 3,
      orders: 2,
      customers: 2,
      revenue: 22,
      duplicatesDropped: 1,
      guestRows: 1,
      nonPurchaseEvents: 4,
      events: 7,
    });
    expect(balance(counts)).toBe(9);
    expect(await rows(db, `SELECT event_type, count(*) AS n FROM cb_events GROUP BY ALL ORDER BY event_type`)).toEqual([
      { event_type: 'cart', n: 1 },
      { event_type: 'purchase', n: 3 },
      { event_type: 'remove_from_cart', n: 1 },
      { event_type: 'view', n: 2 },
    ]);
    expect(await rows(db, `SELECT session_id FROM cb_events WHERE customer_id = 'u3'`)).toEqual([{ session_id: 's5' }]);
  });

  it('maps pv/cart/fav/buy words to canonical event types', async () => {
    const counts = await build(`user_id,item_id,category_id,behavior_type,timestamp
1,100,7,pv,1511544070
1,100,7,fav,1511544080
1,100,7,buy,1511544090
2,200,8,cart,1511544100
`);
    expect(counts).toMatchObject({ lines: 1, customers: 1, events: 4, revenue: 0 });
    expect(await rows(db, `SELECT event_type FROM cb_events ORDER BY ts`)).toEqual(
      ['view', 'fav', 'purchase', 'cart'].map((event_type) => ({ event_type })),
    );
    expect(await rows(db, `SELECT product_id, category, quantity, revenue FROM cb_lines`)).toEqual([
      { product_id: '100', category: '7', quantity: 1, revenue: null },
    ]);
  });
});

describe('buildCanonical: other sources', () => {
  it('excludes Chinese cancelled and refunding statuses and keeps 交易成功', async () => {
    const counts = await build(`订单编号,买家会员名,实付金额,订单状态,订单创建时间,宝贝数量
1001,小王,99.00,交易成功,2023-05-01 10:00:00,1
1002,小李,69.00,交易关闭,2023-05-02 11:00:00,2
1003,小王,118.00,买家已付款，等待卖家发货,2023-05-03 12:00:00,1
1004,小张,50.00,退款中,2023-05-04 12:00:00,1
`);
    expect(counts).toMatchObject({ lines: 2, customers: 1, orders: 2, revenue: 217, returnsExcluded: 2 });
    expect([...counts.cancelledStatuses].sort()).toEqual(['交易关闭', '退款中']);
  });

  it('makes one order of several lines by one customer on one day without an order id (CDNOW)', async () => {
    const counts = await build(`customer_id,date,number_of_cds,dollar_value
00001,19970101,1,11.77
00002,19970112,1,12.00
00002,19970112,5,77.00
00002,19970115,1,10.00
`);
    expect(counts).toMatchObject({ lines: 4, orders: 3, customers: 2, revenue: 110.77 });
    expect(await rows(db, `SELECT customer_id, orders, items FROM cb_customers JOIN (SELECT customer_id, sum(items) AS items FROM cb_orders GROUP BY 1) USING (customer_id) ORDER BY 1`)).toEqual([
      { customer_id: '00001', orders: 1, items: 1 },
      { customer_id: '00002', orders: 2, items: 7 },
    ]);
  });

  it('reads typed columns (Parquet/Arrow sources) and odd column names', async () => {
    await db.exec(`CREATE OR REPLACE TABLE typed_raw AS SELECT * FROM (VALUES
      (17850.0::DOUBLE, TIMESTAMP '2011-01-03 10:00:00', 2::BIGINT, 1.5::DOUBLE, 'x'),
      (17850.0::DOUBLE, TIMESTAMP '2011-02-03 10:00:00', 1::BIGINT, 4.0::DOUBLE, 'y'),
      (NULL, TIMESTAMP '2011-02-04 10:00:00', 1::BIGINT, 4.0::DOUBLE, 'y')
    ) AS t("Customer ""ID""", "when", qty, price, "item's")`);
    const counts = await buildCanonical(
      db,
      'typed_raw',
      { customer_id: 'Customer "ID"', timestamp: 'when', quantity: 'qty', unit_price: 'price', product_id: "item's" },
      { kind: 'native' },
    );
    expect(counts).toMatchObject({ lines: 2, customers: 1, orders: 2, revenue: 7, guestRows: 1 });
    expect(await rows(db, `SELECT DISTINCT customer_id FROM cb_lines`)).toEqual([{ customer_id: '17850' }]);
  });
});

/** CDNOW_master.txt is aligned with blanks: collapse them into commas (decode.ts does this in the product). */
function whitespaceToCsv(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => line.split(/\s+/).join(','))
    .join('\n');
}

const RETAIL = '/work/shared/datasets/online-retail/online_retail.csv';
const CDNOW = '/work/shared/datasets/cdnow/CDNOW_master.txt';

describe.skipIf(!existsSync(RETAIL))('buildCanonical on real data', () => {
  it('online retail: 4,339 customers, 5,192 duplicate purchase lines, 9,288 cancellation lines', async () => {
    await db.registerFile('online_retail.csv', { kind: 'path', path: RETAIL });
    await db.exec(`CREATE OR REPLACE TABLE retail_raw AS SELECT * FROM read_csv('online_retail.csv', all_varchar = true, header = true)`);
    const roles = roleMapOf(detectRoles(await columnEvidence(db, 'retail_raw', true)));
    const ts = await inferTimestamp(db, 'retail_raw', roles.timestamp!, 'VARCHAR');
    const counts = await buildCanonical(db, 'retail_raw', roles, ts.spec);
    expect(counts.customers).toBe(4339);
    expect(counts.duplicatesDropped).toBe(5192);
    expect(counts.returns.find((r) => r.code === 'cancelled_invoice')?.count).toBe(9288);
    expect(counts).toMatchObject({ rowsRead: 541909, guestRows: 135080, lines: 392732, orders: 18536 });
    expect(balance(counts)).toBe(541909);
  });

  it.skipIf(!existsSync(CDNOW))('CDNOW master: 23,570 customers', async () => {
    const csv = whitespaceToCsv(readFileSync(CDNOW, 'utf8'));
    await db.registerFile('cdnow.csv', { kind: 'buffer', bytes: new TextEncoder().encode(csv) });
    await db.exec(`CREATE OR REPLACE TABLE cdnow_raw AS SELECT * FROM read_csv('cdnow.csv', all_varchar = true, header = true)`);
    const roles = roleMapOf(detectRoles(await columnEvidence(db, 'cdnow_raw', false)));
    expect(roles).toEqual({ customer_id: 'customer_id', timestamp: 'date', quantity: 'number_of_cds', amount: 'dollar_value' });
    const ts = await inferTimestamp(db, 'cdnow_raw', 'date', 'VARCHAR');
    expect(ts.spec).toEqual({ kind: 'yyyymmdd' });
    const counts = await buildCanonical(db, 'cdnow_raw', roles, ts.spec);
    expect(counts).toMatchObject({ rowsRead: 69659, customers: 23570 });
  });
});
