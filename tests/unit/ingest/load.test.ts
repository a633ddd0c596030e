/** The whole load, file bytes to canonical tables and report, on the real DuckDB-WASM. */
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { IngestError } from '../../../src/ingest/errors';
import { loadFile, rawTableName, remapRoles } from '../../../src/ingest/load';
import { bytesSource } from '../../../src/ingest/sources';
import { rows } from './csv-table';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => {
  await db.close();
});

const text = (name: string, csv: string) => bytesSource(name, new TextEncoder().encode(csv));
const sample2k = () => bytesSource('shop-2k.csv', fs.readFileSync(path.resolve(__dirname, '../../../samples/shop-2k.csv')));

async function customerCount(): Promise<number> {
  return Number((await rows(db, 'SELECT count(*) AS n FROM cb_customers'))[0]?.n);
}

describe('loadFile', () => {
  it('reads a GBK-encoded Taobao-style export: encoding, Chinese headers, closed trades, y/m/d dates', async () => {
    const csv = [
      '订单编号,买家会员名,实付金额,订单状态,付款时间,宝贝标题,宝贝数量',
      '1001,张三,128.50,交易成功,2023/5/1 10:30,连衣裙,1',
      '1002,李四,66.00,交易成功,2023/5/2 11:00,T恤,2',
      '1003,张三,99.90,交易关闭,2023/5/13 09:15,衬衫,1',
      '1004,张三,45.00,交易成功,2023/6/13 20:00,袜子,3',
    ].join('\r\n');
    const loaded = await loadFile(db, bytesSource('淘宝订单.csv', iconv.encode(csv, 'gbk')));
    expect(loaded.sniffed.encoding).toBe('gb18030');
    expect(loaded.problems).toEqual([]);
    expect(loaded.roles).toMatchObject({
      order_id: '订单编号',
      customer_id: '买家会员名',
      amount: '实付金额',
      status: '订单状态',
      timestamp: '付款时间',
      product_name: '宝贝标题',
      quantity: '宝贝数量',
    });
    expect(loaded.report).toMatchObject({ rowsRead: 4, customers: 2, orders: 3, returnsExcluded: 1, revenue: 239.5 });
    expect(loaded.report.dateRange).toEqual({ min: '2023-05-01 10:30:00', max: '2023-06-13 20:00:00' });
    expect(await rows(db, 'SELECT customer_id, orders, revenue FROM cb_customers ORDER BY orders DESC')).toEqual([
      { customer_id: '张三', orders: 2, revenue: 173.5 },
      { customer_id: '李四', orders: 1, revenue: 66 },
    ]);
  });

  it('maps a headerless file by position and rebuilds with other roles', async () => {
    const loaded = await loadFile(db, text('plain.csv', 'a,2023-01-01,10\nb,2023-01-02,20\na,2023-02-01,5\n'), {
      hasHeader: false,
      roles: { customer_id: '#1', timestamp: '#2', amount: '#3' },
    });
    expect(loaded.roles).toMatchObject({ customer_id: 'column1', timestamp: 'column2', amount: 'column3' });
    expect(loaded.report).toMatchObject({ rowsRead: 3, customers: 2, orders: 3, revenue: 35 });
    const remapped = await remapRoles(db, loaded, { customer_id: 'column3', timestamp: 'column2' });
    expect(remapped.report.customers).toBe(3);
    expect(await customerCount()).toBe(3);
  });

  it('builds the canonical tables once with the roles remembered for the file layout', async () => {
    const asked: string[][] = [];
    const csv = 'customer,seller,date,total\na,s1,2023-01-01,10\nb,s1,2023-01-02,20\na,s2,2023-02-01,5\n';
    const loaded = await loadFile(db, text('remembered.csv', csv), {
      rolesFor: async (columns) => (asked.push(columns), { customer_id: 'seller', timestamp: 'date', amount: 'total' }),
    });
    expect(asked).toEqual([['customer', 'seller', 'date', 'total']]);
    expect(loaded.roles).toEqual({ customer_id: 'seller', timestamp: 'date', amount: 'total' });
    expect(loaded.guesses.find((g) => g.role === 'customer_id')?.column).toBe('customer');
    expect(loaded.report).toMatchObject({ customers: 2, orders: 3, revenue: 35 });
    expect(await customerCount()).toBe(2);
    const detected = await loadFile(db, text('remembered.csv', csv), { rolesFor: async () => null });
    expect(detected.roles.customer_id).toBe('customer');
  });

  it('says which column names exist when a mapped column does not', async () => {
    await expect(loadFile(db, text('x.csv', 'customer,date\na,2023-01-01\n'), { roles: { amount: 'Total' } })).rejects.toThrow(
      /no column “Total” for amount.*#1 customer, #2 date/,
    );
  });

  it('keeps the canonical tables of the previous file when a new one cannot be analysed', async () => {
    await loadFile(db, sample2k());
    const before = await customerCount();
    expect(before).toBe(303);

    const noCustomer = await loadFile(db, text('colours.csv', 'colour,size\nred,2\nblue,3\n'));
    expect(noCustomer.problems.map((p) => [p.code, p.blocking])).toEqual([
      ['no_timestamp_column', true],
      ['no_customer_column', false],
    ]);
    expect(noCustomer.problems[1]!.message.en).toMatch(/^This file has no customer column, so customer retention cannot be measured\./);
    expect(await customerCount()).toBe(before);

    await expect(loadFile(db, text('empty.csv', ''))).rejects.toBeInstanceOf(IngestError);
    await expect(loadFile(db, bytesSource('photo.csv', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2])))).rejects.toThrow(/not text/);
    await expect(loadFile(db, text('only-header.csv', 'customer,date,amount\n'))).rejects.toThrow(/no rows of data/);
    expect(await customerCount()).toBe(before);
    expect(await rows(db, `SELECT count(*) AS n FROM ${rawTableName('shop-2k.csv')}`)).toEqual([{ n: 2000 }]);
  });

  it('reports the cut last line of a truncated export and loads the rest', async () => {
    const loaded = await loadFile(db, text('cut.csv', 'customer,date,amount\na,2023-01-01,10\nb,2023-01-02,20\nc,2023-01-0'));
    expect(loaded.report.rowsRead).toBe(2);
    expect(loaded.report.rowsRejected).toBe(1);
    expect(loaded.report.rejected[0]?.reason.en).toMatch(/fewer fields/);
    expect(loaded.report.customers).toBe(2);
  });

  it('turns the engine running out of memory into a message the user can act on, and keeps earlier tables', async () => {
    const small = await openNodeDb();
    try {
      await small.exec("SET memory_limit='40MB'");
      await loadFile(small, sample2k());
      const big = Array.from({ length: 600_000 }, (_, i) => `C${i % 5000},2023-01-${String((i % 28) + 1).padStart(2, '0')},${i % 97}.5,${'x'.repeat(40)}${i}`);
      await expect(loadFile(small, text('huge.csv', ['customer,date,amount,note', ...big].join('\n')))).rejects.toThrow(
        /too large for this browser's memory/,
      );
      expect(Number((await small.query('SELECT count(*) AS n FROM cb_customers')).get(0)?.n)).toBe(303);
    } finally {
      await small.close();
    }
  });
});
