/** The headline (src/analyses/summary.ts) on the repurchase fixture, worked out by hand. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { headline, headlineSentences, wholeDays } from '../../../src/analyses/summary';
import { loadOrders } from './fixture';
import { REPURCHASE } from './repurchase-data';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await loadOrders(db, REPURCHASE);
});
afterAll(async () => {
  await db.close();
});

describe('headline', () => {
  /**
   * 8 customers (p q r s t u v z); 6 with two or more orders (p q r t u v) -> 0.75.
   * 90-day repurchase rate: 4 / 5 (see repurchase.test.ts).
   * Days from first to second purchase DATE among those with one: p 30, q 30, r 73, u 5, v 21
   * (t's two orders share a date) -> median 30.
   * Revenue: r 200, u 100, p q t v 20 each, s z 10 each = 400; top ceil(0.2 * 8) = 2 customers: 300 -> 0.75.
   */
  it('computes the five headline numbers', async () => {
    const h = await headline(db);
    expect(h).toMatchObject({
      customers: 8,
      repeatCustomers: 6,
      repeatShare: 0.75,
      repurchaseRate90: 0.8,
      medianDaysToSecond: 30,
      top20RevenueShare: 0.75,
    });
    expect(h.sentence.en).toBe(
      // Five customers can be followed for 90 days: the rate is said with its base, not as a fact about the shop.
      'You have 8 customers. 75% of them ordered more than once. 80% of the 5 customers who can be followed for 90 days placed a second order within 90 days (too few to rely on). ' +
        'Half of those who come back do so within 30 days. Your top 20% of customers bring 75% of revenue.',
    );
    expect(h.sentence['zh-CN']).toContain('共有 8 位顾客');
    expect(h.sentence['zh-CN']).toContain('在可跟踪满 90 天的 5 位顾客中，80% 在 90 天内再次下单');
  });

  it('says so when the data is too short for a 90-day rate', () => {
    const words = headlineSentences({
      orders: 3,
      revenue: 30,
      customers: 3,
      repeatCustomers: 0,
      repeatShare: 0,
      repurchaseRate90: null,
      medianDaysToSecond: null,
      top20RevenueShare: 0.5,
    });
    expect(words.en).toContain('less than 90 days');
    expect(words['zh-CN']).toContain('不足 90 天');
  });

  it('says days in whole days, "1 day" for one, as the tile shows them', () => {
    const base = { orders: 3, revenue: 30, customers: 3, repeatCustomers: 1, repeatShare: 0.3, repurchaseRate90: 0.3, top20RevenueShare: 0.5 };
    expect(headlineSentences({ ...base, medianDaysToSecond: 1.4 }).en).toContain('within 1 day.');
    expect(headlineSentences({ ...base, medianDaysToSecond: 38.6 }).en).toContain('within 39 days.');
    expect(headlineSentences({ ...base, medianDaysToSecond: 38.6 })['zh-CN']).toContain('在 39 天内');
    expect(wholeDays(38.6)).toBe(39);
  });

  it('leads with the missing customer column for order-level data', () => {
    const words = headlineSentences({
      orders: 5,
      revenue: 654.6,
      customers: 0,
      repeatCustomers: 0,
      repeatShare: null,
      repurchaseRate90: null,
      medianDaysToSecond: null,
      top20RevenueShare: null,
    });
    expect(words.en).toBe(
      'This file has no customer column, so customer retention cannot be measured. It holds 5 orders worth 654.60 (130.92 per order on average).',
    );
    expect(words['zh-CN']).toBe('这个文件没有客户列，因此无法衡量客户留存。共有 5 个订单，销售额 654.60（平均每单 130.92）。');
  });
});
