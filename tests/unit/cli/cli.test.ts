import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cliProcess, ROOT } from './run-cli';

const root = ROOT;
const datasets = path.resolve(root, '../shared/datasets');

function tempFile(name: string, content: string | Uint8Array): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbk-cli-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

describe('cli inspect', () => {
  it('maps the CDNOW master file and finds its 23,570 customers', async () => {
    const run = await cli('inspect', path.join(datasets, 'cdnow/CDNOW_master.txt'), '--json');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({
      format: 'whitespace',
      encoding: 'utf-8',
      rows: 69659,
      roles: { customer_id: 'customer_id', timestamp: 'date', quantity: 'number_of_cds', amount: 'dollar_value', order_id: null },
      date_format: 'YYYYMMDD',
    });
    expect(json.columns.map((c: { name: string }) => c.name)).toEqual(['customer_id', 'date', 'number_of_cds', 'dollar_value']);
    expect(json.report.customers).toBe(23570);
  });

  it('maps the headerless CDNOW sample by position with --map', async () => {
    const file = path.join(datasets, 'cdnow/CDNOW_sample.txt');
    const run = await cli('inspect', file, '--json', '--map', 'customer_id=#2,timestamp=#3,quantity=#4,amount=#5');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.rows).toBe(6919);
    expect(json.roles).toMatchObject({ customer_id: 'column2', timestamp: 'column3', quantity: 'column4', amount: 'column5' });
    const count = await cli('sql', file, 'SELECT count(*) AS n FROM cb_customers', '--json', '--map', 'customer_id=#2,timestamp=#3,amount=#5');
    expect(JSON.parse(count.stdout)).toEqual([{ n: 2357 }]);
  });
});

describe('cli sql', () => {
  it('runs a query over the canonical tables and prints one JSON document', async () => {
    const file = tempFile('orders.csv', 'customer,order,date,amount\na,1,2023-01-05,10\na,2,2023-02-05,5\nb,3,2023-01-07,7\n');
    const run = await cli('sql', file, 'SELECT customer_id, orders, revenue FROM cb_customers ORDER BY 1', '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      { customer_id: 'a', orders: 2, revenue: 15 },
      { customer_id: 'b', orders: 1, revenue: 7 },
    ]);
    expect(run.stderr).toBe('');
  });
});

describe('cli bad input', () => {
  const cases: [string, () => string, RegExp][] = [
    ['an empty file', () => tempFile('empty.csv', ''), /is empty/],
    ['a binary file renamed .csv', () => tempFile('photo.csv', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 0, 1, 2, 3])), /not text/],
    ['a file with no customer or date column', () => tempFile('colours.csv', 'colour,size\nred,2\nblue,3\n'), /no column that looks like a date or time of purchase/],
    ['a file that does not exist', () => '/nonexistent/orders.csv', /No such file/],
  ];
  it.each(cases)('%s exits 2 with one line on stderr (a real process)', async (_name, makeFile, message) => {
    const run = await cliProcess('sql', makeFile(), 'SELECT * FROM cb_orders', '--json');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
});

describe('cli text output in the shop currency', () => {
  it('writes money with the currency of the file, and none when the file names none', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbk-money-'));
    const lines = ['order_id,customer_id,order_date,total,currency'];
    for (let i = 0; i < 60; i++) lines.push(`O${i},C${i % 12},2024-0${1 + (i % 6)}-1${i % 9},${(10 + i).toFixed(2)},EUR`);
    const euros = path.join(dir, 'euros.csv');
    fs.writeFileSync(euros, lines.join('\n') + '\n');
    const inspect = await cli('inspect', euros);
    expect(inspect.stdout).toMatch(/revenue EUR [\d,]+\.\d\d/);
    const rfm = await cli('rfm', euros);
    expect(rfm.stdout).toMatch(/EUR [\d,]+\.\d\d/);
    const plain = path.join(dir, 'plain.csv');
    fs.writeFileSync(plain, lines.map((l) => l.replace(/,EUR$|,currency$/, '')).join('\n') + '\n');
    expect((await cli('inspect', plain)).stdout).toMatch(/revenue [\d,]+\.\d\d\n/);
  });
});
