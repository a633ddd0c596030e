/**
 * `forecast <file>` (issue 24): on Online Retail it prints the chosen method's forecast and a backtest beside the
 * naive baselines; the weekly series leaves out weeks the data covers only in part and counts empty weeks as 0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { cli } from './run-cli';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { forecastSeriesSql } from '../../../src/analyses/forecast';
import { queryRows } from '../../../src/analyses/named';
import { line, loadOrders } from '../analyses/fixture';

const RETAIL = path.resolve(__dirname, '../../../../shared/datasets/online-retail/online_retail.csv');

describe('cli forecast', () => {
  it('prints a weekly revenue forecast and a backtest beside the naive forecasts on Online Retail', async () => {
    const run = await cli('forecast', RETAIL, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ period: 'week', measure: 'revenue' });
    expect(json.forecast).toHaveLength(8);
    expect(json.forecast[0].period).toBe('2011-12-05');
    for (const p of json.forecast) {
      expect(p.lo).toBeLessThanOrEqual(p.value);
      expect(p.hi).toBeGreaterThanOrEqual(p.value);
    }
    expect(Object.keys(json.backtest)).toEqual(['periods', 'kind', 'mae', 'mape', 'mase', 'naive_mae', 'naive_mape', 'seasonal_naive_mape']);
    expect(json.backtest.mape).toBeGreaterThan(0);
    expect(json.backtest.naive_mape).toBeGreaterThan(0);
    const text = await cli('forecast', RETAIL, '--horizon', '4');
    expect(text.stdout).toMatch(/52 complete weeks \(2010-12-06 to 2011-11-28\)/);
    expect(text.stdout).toMatch(/Backtest: fitted without the last 8 weeks/);
    expect(text.stdout).toMatch(/naive \(last value\)/);
  });

  it('refuses a bad period or measure', async () => {
    const run = await cli('forecast', RETAIL, '--period', 'month');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--period must be week or day/);
    expect((await cli('forecast', RETAIL, '--measure', 'profit')).stderr).toMatch(/--measure must be one of revenue, orders, customers/);
  });
});

describe('forecast series', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNodeDb();
    // Wednesday 2023-01-04 to Monday 2023-01-30: the first and last weeks are partial; the week of Jan 16 is empty.
    await loadOrders(db, [
      line('1', 'A', '2023-01-04', 5),
      line('2', 'A', '2023-01-09', 10),
      line('3', 'B', '2023-01-15', 20),
      line('4', 'B', '2023-01-23', 7),
      line('5', 'C', '2023-01-30', 9),
    ]);
  });
  afterAll(() => db.close());

  it('keeps the complete weeks only, with empty weeks as 0', async () => {
    const rows = await queryRows(db, [forecastSeriesSql('week', 'revenue')]);
    expect(rows).toEqual([
      { period: '2023-01-09', value: 30 },
      { period: '2023-01-16', value: 0 },
      { period: '2023-01-23', value: 7 },
    ]);
    const days = await queryRows(db, [forecastSeriesSql('day', 'orders')]);
    expect(days).toHaveLength(27);
    expect(days.reduce((s, r) => s + Number(r.value), 0)).toBe(5);
  });
});
