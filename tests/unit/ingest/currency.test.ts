import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { loadFile } from '../../../src/ingest/load';
import { bytesSource } from '../../../src/ingest/sources';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(() => db.close());

const load = (name: string, rows: string[]) => loadFile(db, bytesSource(name, new TextEncoder().encode(rows.join('\n') + '\n')));
const orders = (amounts: string[], extra: (i: number) => string = () => '') =>
  amounts.map((amount, i) => `c${i % 3},o${i},2023-0${(i % 9) + 1}-10,"${amount}"${extra(i)}`);

describe('the currency of a file', () => {
  it('reads a currency column', async () => {
    const loaded = await load('eur.csv', ['customer,order,date,total,currency', ...orders(['12.00', '30.50', '8.00', '15.00'], () => ',eur')]);
    expect(loaded.report.currency).toEqual({ code: 'EUR', symbol: 'EUR' });
  });

  it('reads symbols and codes written in the amounts, specific ones before ambiguous ones', async () => {
    expect((await load('euro.csv', ['customer,order,date,total', ...orders(['€12.00', '€30.50', '€8.00', '€1,200.00'])])).report.currency).toEqual({ code: 'EUR', symbol: '€' });
    const suffix = await load('suffix.csv', ['customer,order,date,total', ...orders(['12,00 €', '30,50 €', '8,00 €', '1.215,00 €'])]);
    expect(suffix.report.currency).toEqual({ code: 'EUR', symbol: '€' });
    expect(suffix.report.revenue).toBe(1265.5); // decimal commas and thousands dots read as written, not 100 times more
    const yuan = await load('yuan.csv', ['customer,order,date,total', ...orders(['12元', '30.5元', '8元', '15元'])]);
    expect(yuan.report.currency).toEqual({ code: 'CNY', symbol: '¥' });
    expect(yuan.report.revenue).toBe(65.5);
    expect((await load('usd.csv', ['customer,order,date,total', ...orders(['US$12.00', 'US$30.50', 'US$8.00', 'US$15.00'])])).report.currency).toEqual({ code: 'USD', symbol: 'US$' });
    const codes = await load('codes.csv', ['customer,order,date,total', ...orders(['GBP 12.00', 'GBP 30.50', 'GBP 8.00', 'GBP 1,215.00'])]);
    expect(codes.report.currency).toEqual({ code: 'GBP', symbol: 'GBP' });
    expect(codes.report.revenue).toBe(1265.5);
  });

  it('keeps an ambiguous symbol as a symbol, and says nothing without one', async () => {
    const dollars = await load('dollars.csv', ['customer,order,date,total', ...orders(['$12.00', '$30.50', '$8.00', '$15.00'])]);
    expect(dollars.report.currency).toEqual({ code: null, symbol: '$' });
    expect(dollars.report.revenue).toBe(65.5);
    expect((await load('plain.csv', ['customer,order,date,total', ...orders(['12.00', '30.50', '8.00', '15.00'])])).report.currency).toBeNull();
  });

  it('gives no currency for mixed ones, and says so', async () => {
    const mixed = await load('mixed.csv', ['customer,order,date,total,currency', ...orders(['12.00', '30.50', '8.00', '15.00'], (i) => (i % 2 ? ',USD' : ',EUR'))]);
    expect(mixed.report.currency).toBeNull();
    expect(mixed.report.warnings.map((w) => w.en).join(' ')).toMatch(/several currencies \(EUR 50%, USD 50%\)/);
  });
});
