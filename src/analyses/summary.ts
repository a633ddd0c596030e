/**
 * The headline above the analyses: customers, repeat-customer share, 90-day repurchase rate, median
 * time to the second order and the revenue share of the top 20% of customers — as numbers and as
 * sentences a shop owner reads at a glance (English and Chinese).
 */
import type { Localized } from '../text/language';
import type { Db } from '../engine/db';
import { NO_CUSTOMER_COLUMN } from '../ingest/load-problems';
import { composeSql, num, numOrNull, queryRows, type NamedSql } from './named';
import { firstOrdersSql, repurchaseRatesSql } from './repurchase';
import { secondPurchaseSql } from './time-to-next';

export interface Headline {
  /** Every purchase order (guests and files without a customer column included) and their revenue. */
  orders: number;
  revenue: number;
  customers: number;
  repeatCustomers: number;
  /** Customers with two or more orders / customers. */
  repeatShare: number | null;
  /** The 90-day repurchase rate (null when nobody's first order is 90 days before the data end). */
  repurchaseRate90: number | null;
  /** Median days from the first to the second purchase date, among customers who came back. */
  medianDaysToSecond: number | null;
  /** Revenue of the top 20% of customers (by revenue, rounded up) / all revenue. */
  top20RevenueShare: number | null;
  sentence: Localized;
}

/** The named result `headline`: one row of the headline numbers, self-contained over cb_orders/cb_customers. */
export function headlineSql(): NamedSql {
  const rate90 = { ...repurchaseRatesSql([90]), name: 'rates_90' };
  const final = `
WITH per_customer AS (
  SELECT revenue, orders, row_number() OVER (ORDER BY revenue DESC) AS n, count(*) OVER () AS total
  FROM cb_customers
)
SELECT
  (SELECT count(*) FROM cb_orders) AS orders,
  (SELECT coalesce(sum(revenue), 0) FROM cb_orders) AS revenue,
  count(*) AS customers,
  count(*) FILTER (WHERE orders >= 2) AS repeat_customers,
  repeat_customers / nullif(customers, 0) AS repeat_share,
  (SELECT rate FROM rates_90) AS repurchase_rate_90d,
  (SELECT median(duration) FILTER (WHERE event = 1) FROM second_purchase) AS median_days_to_second,
  sum(revenue) FILTER (WHERE n <= ceil(0.2 * total)) / nullif(sum(revenue), 0) AS top20_revenue_share
FROM per_customer`;
  return { name: 'headline', sql: composeSql([firstOrdersSql(), rate90, secondPurchaseSql()], final) };
}

/** The headline numbers and sentences. */
export async function headline(db: Db): Promise<Headline> {
  const row = (await queryRows(db, [headlineSql()]))[0] ?? {};
  const numbers = {
    orders: num(row.orders),
    revenue: num(row.revenue),
    customers: num(row.customers),
    repeatCustomers: num(row.repeat_customers),
    repeatShare: numOrNull(row.repeat_share),
    repurchaseRate90: numOrNull(row.repurchase_rate_90d),
    medianDaysToSecond: numOrNull(row.median_days_to_second),
    top20RevenueShare: numOrNull(row.top20_revenue_share),
  };
  return { ...numbers, sentence: headlineSentences(numbers) };
}

const percent = (x: number) => `${Math.round(x * 100)}%`;
const count = (x: number, locale: string) => x.toLocaleString(locale);
/** Days as the headline shows them, in the tile and the sentence alike: whole days. */
export function wholeDays(x: number): number {
  return Math.round(x);
}
const daysEn = (x: number) => (wholeDays(x) === 1 ? '1 day' : `${count(wholeDays(x), 'en-US')} days`);
const money = (x: number, locale: string) => x.toLocaleString(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** The headline in plain words, in English and Chinese. */
export function headlineSentences(h: Omit<Headline, 'sentence'>): Localized {
  if (h.customers === 0 && h.orders > 0) {
    const average = h.revenue / h.orders;
    return {
      en: `${NO_CUSTOMER_COLUMN.en} It holds ${count(h.orders, 'en-US')} orders worth ${money(h.revenue, 'en-US')} (${money(average, 'en-US')} per order on average).`,
      'zh-CN': `${NO_CUSTOMER_COLUMN['zh-CN']}共有 ${count(h.orders, 'zh-CN')} 个订单，销售额 ${money(h.revenue, 'zh-CN')}（平均每单 ${money(average, 'zh-CN')}）。`,
    };
  }
  if (h.customers === 0) return { en: 'There are no customer purchases in this file yet.', 'zh-CN': '此文件中还没有顾客购买记录。' };
  const en = [`You have ${count(h.customers, 'en-US')} customers.`];
  const zh = [`共有 ${count(h.customers, 'zh-CN')} 位顾客。`];
  if (h.repeatShare !== null) {
    en.push(`${percent(h.repeatShare)} of them ordered more than once.`);
    zh.push(`其中 ${percent(h.repeatShare)} 下过不止一单。`);
  }
  if (h.repurchaseRate90 !== null) {
    en.push(`${percent(h.repurchaseRate90)} place a second order within 90 days of their first.`);
    zh.push(`${percent(h.repurchaseRate90)} 的顾客在首单后 90 天内再次下单。`);
  } else {
    en.push('The data covers less than 90 days, too short for a 90-day repurchase rate.');
    zh.push('数据不足 90 天，无法计算 90 天复购率。');
  }
  if (h.medianDaysToSecond !== null) {
    en.push(`Half of those who come back do so within ${daysEn(h.medianDaysToSecond)}.`);
    zh.push(`回头客中有一半在 ${count(wholeDays(h.medianDaysToSecond), 'zh-CN')} 天内下第二单。`);
  }
  if (h.top20RevenueShare !== null) {
    en.push(`Your top 20% of customers bring ${percent(h.top20RevenueShare)} of revenue.`);
    zh.push(`消费最高的 20% 顾客贡献了 ${percent(h.top20RevenueShare)} 的销售额。`);
  }
  return { en: en.join(' '), 'zh-CN': zh.join('') };
}
