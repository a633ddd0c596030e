/**
 * `risk <file>` (issue 24, must-show 3): on Online Retail the two huge orders that were cancelled within minutes
 * (74,215 units on 2011-01-18 and 80,995 units on 2011-12-09) are among the top 10 orders, with a reason in words.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { cli } from './run-cli';

const RETAIL = path.resolve(__dirname, '../../../../shared/datasets/online-retail/online_retail.csv');

describe('cli risk', () => {
  it('lists the two huge, quickly cancelled orders of Online Retail among its top orders', async () => {
    const run = await cli('risk', RETAIL, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json)).toEqual(['orders_flagged', 'customers_flagged', 'thresholds', 'flags']);
    expect(json.flags).toHaveLength(100);
    expect(json.orders_flagged).toBeGreaterThan(10);
    const topOrders = json.flags.filter((f: { order_id: string | null }) => f.order_id !== null).slice(0, 10);
    const huge = [
      { order_id: '541431', customer_id: '12346', units: '74,215', minutes: 16 },
      { order_id: '581483', customer_id: '16446', units: '80,995', minutes: 12 },
    ];
    for (const { order_id, customer_id, units, minutes } of huge) {
      const flag = topOrders.find((f: { order_id: string }) => f.order_id === order_id);
      expect(flag, order_id).toMatchObject({ customer_id });
      expect(flag.reasons).toEqual(expect.arrayContaining(['large_value', 'large_quantity', 'cancelled_soon']));
      expect(flag.reason).toContain(`${units} items in one order`);
      expect(flag.reason).toContain(`${units} of its ${units} items cancelled ${minutes} minutes after the order`);
    }
    const scores = json.flags.map((f: { score: number }) => f.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });
});
