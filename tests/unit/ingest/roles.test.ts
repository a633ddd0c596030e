import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { columnEvidence } from '../../../src/ingest/profile';
import { detectRoles, layoutKey, roleMapOf, roleWarnings } from '../../../src/ingest/roles';
import type { RoleGuess, RoleMap } from '../../../src/ingest/types';
import { csvTable } from './csv-table';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => {
  await db.close();
});

async function guess(csv: string, header = true): Promise<RoleGuess[]> {
  await csvTable(db, 'raw', csv, { header });
  return detectRoles(await columnEvidence(db, 'raw', header));
}

function mapped(guesses: RoleGuess[]): RoleMap {
  return roleMapOf(guesses);
}

const SHOPIFY = `Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,Lineitem sku,Lineitem requires shipping,Lineitem taxable,Lineitem fulfillment status,Billing Name,Billing Country,Cancelled at,Refunded Amount,Vendor,Id,Tags
#1001,ann@example.com,paid,2023-05-01 10:30:00 -0400,fulfilled,2023-05-02 10:00:00 -0400,yes,USD,30.00,5.00,0.00,35.00,,0.00,Standard,2023-05-01 10:29:00 -0400,1,Blue Mug,10.00,,MUG-B,true,true,fulfilled,Ann Lee,US,,0.00,Acme,5001,
#1001,,,,,,,,,,,,,,,2023-05-01 10:29:00 -0400,2,Red Mug,10.00,,MUG-R,true,true,fulfilled,,,,,Acme,,
#1002,bob@example.com,refunded,2023-05-03 09:00:00 -0400,,,no,USD,12.50,0.00,0.00,12.50,,0.00,Standard,2023-05-03 08:59:00 -0400,1,Green Mug,12.50,,MUG-G,true,true,,Bob Roy,CA,,12.50,Acme,5002,
#1003,cy@example.com,paid,2023-05-04 11:00:00 -0400,fulfilled,,yes,USD,20.00,0.00,0.00,20.00,,0.00,Standard,2023-05-04 10:58:00 -0400,2,Blue Mug,10.00,,MUG-B,true,true,fulfilled,Cy Tan,US,,0.00,Acme,5003,
`;

const WOOCOMMERCE = `Order ID,Order Number,Order Date,Order Status,Customer Email,Customer User ID,Billing Country,Order Total,Item Name,Quantity,Item Cost,Product ID,SKU
101,101,2023-05-01 10:00:00,wc-completed,ann@example.com,7,US,30.00,Blue Mug,1,10.00,55,MUG-B
101,101,2023-05-01 10:00:00,wc-completed,ann@example.com,7,US,30.00,Red Mug,2,10.00,56,MUG-R
102,102,2023-05-02 11:00:00,wc-cancelled,bob@example.com,0,CA,12.50,Green Mug,1,12.50,57,MUG-G
103,103,2023-05-03 12:00:00,wc-processing,cy@example.com,9,US,20.00,Blue Mug,2,10.00,55,MUG-B
`;

const TAOBAO = `订单编号,买家会员名,买家支付宝账号,买家应付货款,买家应付邮费,总金额,实付金额,订单状态,收货地址,订单创建时间,付款时间,宝贝标题,宝贝数量,商品ID
1234567890123,小王,wang@alipay.com,99.00,0.00,99.00,99.00,交易成功,浙江省 杭州市,2023-05-01 10:00:00,2023-05-01 10:01:00,连衣裙 夏季,1,6001
1234567890124,小李,li@alipay.com,59.00,10.00,69.00,69.00,交易关闭,上海 上海市,2023-05-02 11:00:00,,T恤 纯棉,2,6002
1234567890125,小张,zhang@alipay.com,120.00,0.00,120.00,118.00,买家已付款，等待卖家发货,北京 北京市,2023-05-03 12:00:00,2023-05-03 12:05:00,运动鞋,1,6003
`;

const INVOICES = `InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom
536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom
C536379,D,Discount,-1,2010-12-01 09:41:00,27.50,14527.0,United Kingdom
536380,22961,JAM MAKING SET PRINTED,24,2010-12-01 09:41:00,1.45,17809.0,United Kingdom
536381,22139,RETROSPOT TEA SET CERAMIC 11 PC,-2,2010-12-01 09:41:00,4.25,15311.0,United Kingdom
`;

const EVENTS = `event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session
2019-10-01 00:00:00 UTC,view,44600062,2103807459595387724,,shiseido,35.79,541312140,72d76fde-8bb3-4e00-8c23-a032dfed738c
2019-10-01 00:00:00 UTC,cart,3900821,2053013552326770905,appliances.environment.water_heater,aqua,33.20,554748717,9333dfbd-b87a-4708-9857-6336556b0fcc
2019-10-01 00:00:01 UTC,purchase,17200506,2053013559792632471,furniture.living_room.sofa,,543.10,519107250,566511c2-e2e3-422b-b695-cf8e6e792ca8
2019-10-01 00:00:01 UTC,view,1307067,2053013558920217191,computers.notebook,lenovo,251.74,550050854,7c90fc70-0e80-4590-96f3-13c02c18c713
`;

const RETAILROCKET = `timestamp,visitorid,event,itemid,transactionid
1433221332117,257597,view,355908,
1433224214164,992329,view,248676,
1433221999827,111016,addtocart,463746,
1433222276276,483717,transaction,15335,17733
`;

const USER_BEHAVIOR = `user_id,item_id,category_id,behavior_type,timestamp
1,2268318,2520377,pv,1511544070
1,2333346,2520771,cart,1511561733
2,3830808,4181361,buy,1511593493
2,4365585,2520377,fav,1511596146
`;

const CDNOW = `customer_id,date,number_of_cds,dollar_value
00001,19970101,1,11.77
00002,19970112,1,12.00
00002,19970112,5,77.00
00003,19970102,2,20.76
`;

describe('detectRoles on known exports', () => {
  it('recognises a Shopify order export', async () => {
    expect(mapped(await guess(SHOPIFY))).toEqual({
      order_id: 'Name',
      customer_id: 'Email',
      timestamp: 'Created at',
      status: 'Financial Status',
      amount: 'Total',
      quantity: 'Lineitem quantity',
      unit_price: 'Lineitem price',
      product_name: 'Lineitem name',
      product_id: 'Lineitem sku',
      country: 'Billing Country',
      refund: 'Refunded Amount',
      currency: 'Currency',
    });
  });

  it('recognises a WooCommerce order export', async () => {
    expect(mapped(await guess(WOOCOMMERCE))).toEqual({
      order_id: 'Order ID',
      customer_id: 'Customer Email',
      timestamp: 'Order Date',
      status: 'Order Status',
      amount: 'Order Total',
      quantity: 'Quantity',
      unit_price: 'Item Cost',
      product_name: 'Item Name',
      product_id: 'Product ID',
      country: 'Billing Country',
    });
  });

  it('recognises Taobao/Tmall Chinese headers', async () => {
    expect(mapped(await guess(TAOBAO))).toEqual({
      order_id: '订单编号',
      customer_id: '买家会员名',
      timestamp: '订单创建时间',
      status: '订单状态',
      amount: '实付金额',
      quantity: '宝贝数量',
      product_name: '宝贝标题',
      product_id: '商品ID',
      country: '收货地址',
    });
  });

  it('recognises an invoice-line spreadsheet', async () => {
    expect(mapped(await guess(INVOICES))).toEqual({
      order_id: 'InvoiceNo',
      customer_id: 'CustomerID',
      timestamp: 'InvoiceDate',
      quantity: 'Quantity',
      unit_price: 'UnitPrice',
      product_id: 'StockCode',
      product_name: 'Description',
      country: 'Country',
    });
  });

  it('recognises a view/cart/purchase event log', async () => {
    expect(mapped(await guess(EVENTS))).toEqual({
      customer_id: 'user_id',
      timestamp: 'event_time',
      event_type: 'event_type',
      product_id: 'product_id',
      category: 'category_id',
      unit_price: 'price',
      session_id: 'user_session',
    });
  });

  it('recognises a visitor event log with addtocart/transaction and epoch milliseconds', async () => {
    expect(mapped(await guess(RETAILROCKET))).toEqual({
      customer_id: 'visitorid',
      timestamp: 'timestamp',
      event_type: 'event',
      product_id: 'itemid',
      order_id: 'transactionid',
    });
  });

  it('recognises a pv/cart/fav/buy behaviour log', async () => {
    const guesses = await guess(USER_BEHAVIOR);
    expect(mapped(guesses)).toEqual({
      customer_id: 'user_id',
      timestamp: 'timestamp',
      event_type: 'behavior_type',
      product_id: 'item_id',
      category: 'category_id',
    });
  });

  it('recognises a CDNOW-style file', async () => {
    expect(mapped(await guess(CDNOW))).toEqual({
      customer_id: 'customer_id',
      timestamp: 'date',
      quantity: 'number_of_cds',
      amount: 'dollar_value',
    });
  });

  it('guesses a headerless file from its values, with a bare-threshold confidence on the customer id', async () => {
    const text = readFileSync('/work/shared/datasets/cdnow/CDNOW_sample.txt', 'utf8');
    const csv = text
      .split(/\r?\n/)
      .slice(0, 400)
      .filter((line) => line.trim() !== '')
      .map((line) => line.trim().split(/\s+/).join(','))
      .join('\n');
    const guesses = await guess(csv, false);
    expect(mapped(guesses)).toEqual({
      customer_id: 'column0',
      timestamp: 'column2',
      quantity: 'column3',
      amount: 'column4',
    });
    const customer = guesses.find((g) => g.role === 'customer_id')!;
    expect(customer.confidence).toBeLessThanOrEqual(0.6);
    expect(customer.reason.en).toMatch(/no header.*please check/);
  });

  it('gives each role a confidence and a reason, and each column at most one role', async () => {
    const guesses = await guess(SHOPIFY);
    const columns = guesses.filter((g) => g.column !== null).map((g) => g.column);
    expect(new Set(columns).size).toBe(columns.length);
    const customer = guesses.find((g) => g.role === 'customer_id')!;
    expect(customer.confidence).toBeGreaterThanOrEqual(0.85);
    expect(customer.reason.en).toContain('“Email”');
    const category = guesses.find((g) => g.role === 'category')!;
    expect(category).toMatchObject({ column: null, confidence: 0 });
  });
});

describe('roleWarnings', () => {
  it('warns (without blocking) when revenue cannot be known', () => {
    expect(roleWarnings({ customer_id: 'a', timestamp: 'b', order_id: 'c', product_id: 'd' }).map((w) => w.en)).toEqual([
      'No column gives an amount or a price, so revenue is unknown: value and revenue analyses will be empty.',
    ]);
  });
});

describe('layoutKey', () => {
  it('is stable for the same columns and ignores case and outer blanks', () => {
    expect(layoutKey(['Name', 'Email', 'Total'])).toBe(layoutKey([' name', 'EMAIL ', 'total']));
  });

  it('differs when columns differ or move', () => {
    const key = layoutKey(['Name', 'Email', 'Total']);
    expect(layoutKey(['Email', 'Name', 'Total'])).not.toBe(key);
    expect(layoutKey(['Name', 'Email'])).not.toBe(key);
    expect(layoutKey(['column0', 'column1'])).toMatch(/^layout-2-[0-9a-f]{8}$/);
  });
});
