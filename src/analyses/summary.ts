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
import { ALL_DATA, IN_PERIOD, periodSteps, previousWords, rangeWords, WHOLE_DATA, type DateRange, type SourceTables } from './date-range';

/** The headline figures of one period (or of the whole data). */
export interface HeadlineNumbers {
  /** Every purchase order (guests and files without a customer column included) and their revenue. */
  orders: number;
  revenue: number;
  customers: number;
  repeatCustomers: number;
  /** Customers with two or more orders / customers. */
  repeatShare: number | null;
  /** The 90-day repurchase rate (null when nobody's first order is 90 days before the data end). */
  repurchaseRate90: number | null;
  /** The customers that rate is measured on (first order at least 90 days before the end). */
  repurchaseEligible90?: number;
  /** Median days from the first to the second purchase date, among customers who came back. */
  medianDaysToSecond: number | null;
  /** Revenue of the top 20% of customers (by revenue, rounded up) / all revenue. */
  top20RevenueShare: number | null;
  /** The period's first and last day (`YYYY-MM-DD`), or null for the whole data. */
  period: { first: string; last: string } | null;
}

export interface Headline extends HeadlineNumbers {
  range: DateRange;
  /** The same figures for the period of the same length right before (null for the whole data). */
  previous: HeadlineNumbers | null;
  sentence: Localized;
}

/**
 * The named result `headline`: one row of the headline numbers over `tables` (the whole data by default;
 * the period tables when the steps before it define them). Customers, orders, revenue and the repeat share
 * count the orders of the period; the 90-day rate and the time to a second order follow the customers won in it.
 */
export function headlineSql(tables: SourceTables = WHOLE_DATA): NamedSql {
  const rate90 = { ...repurchaseRatesSql([90]), name: 'rates_90' };
  const bounds = tables.period
    ? `(SELECT CAST(first_day AS VARCHAR) FROM ${tables.period}) AS first_day,
  (SELECT CAST(last_day AS VARCHAR) FROM ${tables.period}) AS last_day,`
    : `NULL AS first_day,
  NULL AS last_day,`;
  const final = `
WITH per_customer AS (
  SELECT revenue, orders, row_number() OVER (ORDER BY revenue DESC) AS n, count(*) OVER () AS total
  FROM (
    SELECT customer_id, count(*) AS orders, sum(revenue) AS revenue
    FROM ${tables.orders}
    WHERE customer_id IS NOT NULL
    GROUP BY customer_id
  )
)
SELECT
  ${bounds}
  (SELECT count(*) FROM ${tables.orders}) AS orders,
  (SELECT coalesce(sum(revenue), 0) FROM ${tables.orders}) AS revenue,
  count(*) AS customers,
  count(*) FILTER (WHERE orders >= 2) AS repeat_customers,
  repeat_customers / nullif(customers, 0) AS repeat_share,
  (SELECT rate FROM rates_90) AS repurchase_rate_90d,
  (SELECT eligible FROM rates_90) AS repurchase_eligible_90d,
  (SELECT median(duration) FILTER (WHERE event = 1) FROM second_purchase) AS median_days_to_second,
  sum(revenue) FILTER (WHERE n <= ceil(0.2 * total)) / nullif(sum(revenue), 0) AS top20_revenue_share
FROM per_customer`;
  return { name: 'headline', sql: composeSql([firstOrdersSql(tables), rate90, secondPurchaseSql(tables)], final) };
}

/** The headline figures of `range` (`shift` periods earlier: 1 is the previous period). */
async function headlineNumbers(db: Db, range: DateRange, shift: number): Promise<HeadlineNumbers> {
  const steps = range.kind === 'all' && shift === 0 ? [headlineSql()] : [...periodSteps(range, shift), headlineSql(IN_PERIOD)];
  const row = (await queryRows(db, steps))[0] ?? {};
  return {
    orders: num(row.orders),
    revenue: num(row.revenue),
    customers: num(row.customers),
    repeatCustomers: num(row.repeat_customers),
    repeatShare: numOrNull(row.repeat_share),
    repurchaseRate90: numOrNull(row.repurchase_rate_90d),
    repurchaseEligible90: num(row.repurchase_eligible_90d),
    medianDaysToSecond: numOrNull(row.median_days_to_second),
    top20RevenueShare: numOrNull(row.top20_revenue_share),
    period: typeof row.first_day === 'string' && typeof row.last_day === 'string' ? { first: row.first_day, last: row.last_day } : null,
  };
}

/** The headline numbers and sentences of `range` (default: the whole data), with the period before it. */
export async function headline(db: Db, range: DateRange = ALL_DATA): Promise<Headline> {
  const numbers = await headlineNumbers(db, range, 0);
  const previous = range.kind === 'all' ? null : await headlineNumbers(db, range, 1);
  if (previous && numbers.orders === 0) {
    const span = numbers.period ? `${numbers.period.first} – ${numbers.period.last}` : rangeWords(range).en;
    return { ...numbers, range, previous, sentence: { en: `There are no purchases in ${span}. Choose another date range.`, 'zh-CN': `${span} 没有购买记录。请选择其他时间范围。` } };
  }
  // With a comparison, the customers and the repeat rate are said there, once.
  const sentence = headlineSentences(numbers, { counted: previous === null });
  const comparison = previous ? comparisonSentence(range, numbers, previous) : null;
  return {
    ...numbers,
    range,
    previous,
    sentence: comparison ? { en: `${comparison.en} ${sentence.en}`, 'zh-CN': `${comparison['zh-CN']}${sentence['zh-CN']}` } : sentence,
  };
}

/** Which way a figure moved, in words: "up from 19%", "down from 19%", "as in". */
function moved(now: number, before: number, shown: (x: number) => string): Localized {
  if (shown(now) === shown(before)) return { en: `the same as the ${shown(before)} before`, 'zh-CN': `与之前的 ${shown(before)} 持平` };
  return now > before ? { en: `up from ${shown(before)}`, 'zh-CN': `高于之前的 ${shown(before)}` } : { en: `down from ${shown(before)}`, 'zh-CN': `低于之前的 ${shown(before)}` };
}

/** This period against the one before: "Last 3 months (2024-04-01 to 2024-06-30): repeat rate 22%, up from 19% in the 3 months before; …". */
export function comparisonSentence(range: DateRange, now: HeadlineNumbers, before: HeadlineNumbers): Localized {
  const words = rangeWords(range);
  const span = now.period ? ` (${now.period.first} – ${now.period.last})` : '';
  const earlier = previousWords(range);
  const en: string[] = [];
  const zh: string[] = [];
  if (now.customers > 0 || before.customers > 0) {
    const m = moved(now.customers, before.customers, (x) => count(x, 'en-US'));
    const mz = moved(now.customers, before.customers, (x) => count(x, 'zh-CN'));
    en.push(`${count(now.customers, 'en-US')} customers ordered, ${m.en}`);
    zh.push(`${count(now.customers, 'zh-CN')} 位顾客下单，${mz['zh-CN']}`);
  }
  if (now.repeatShare !== null && before.repeatShare !== null) {
    const m = moved(now.repeatShare, before.repeatShare, percent);
    en.push(`repeat rate ${percent(now.repeatShare)}, ${m.en}`);
    zh.push(`复购率 ${percent(now.repeatShare)}，${m['zh-CN']}`);
  }
  const m = moved(now.revenue, before.revenue, (x) => money(x, 'en-US'));
  const mz = moved(now.revenue, before.revenue, (x) => money(x, 'zh-CN'));
  en.push(`revenue ${money(now.revenue, 'en-US')}, ${m.en}`);
  zh.push(`销售额 ${money(now.revenue, 'zh-CN')}，${mz['zh-CN']}`);
  const capital = words.en.charAt(0).toUpperCase() + words.en.slice(1);
  return {
    en: `${capital}${span}: ${en.join('; ')} (compared with ${earlier.en}).`,
    'zh-CN': `${words['zh-CN']}${span}：${zh.join('；')}（与${earlier['zh-CN']}相比）。`,
  };
}

/** Below this many customers followed for 90 days, the 90-day rate is said with its base. */
const FEW_TO_FOLLOW = 100;
const percent = (x: number) => `${Math.round(x * 100)}%`;
const count = (x: number, locale: string) => x.toLocaleString(locale);
/** Days as the headline shows them, in the tile and the sentence alike: whole days. */
export function wholeDays(x: number): number {
  return Math.round(x);
}
const daysEn = (x: number) => (wholeDays(x) === 1 ? '1 day' : `${count(wholeDays(x), 'en-US')} days`);
const money = (x: number, locale: string) => x.toLocaleString(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** The headline in plain words, in English and Chinese. */
export function headlineSentences(h: Omit<HeadlineNumbers, 'period'>, options: { counted?: boolean } = {}): Localized {
  const counted = options.counted ?? true;
  if (h.customers === 0 && h.orders > 0) {
    const average = h.revenue / h.orders;
    return {
      en: `${NO_CUSTOMER_COLUMN.en} It holds ${count(h.orders, 'en-US')} orders worth ${money(h.revenue, 'en-US')} (${money(average, 'en-US')} per order on average).`,
      'zh-CN': `${NO_CUSTOMER_COLUMN['zh-CN']}共有 ${count(h.orders, 'zh-CN')} 个订单，销售额 ${money(h.revenue, 'zh-CN')}（平均每单 ${money(average, 'zh-CN')}）。`,
    };
  }
  if (h.customers === 0) return { en: 'There are no customer purchases in this file yet.', 'zh-CN': '此文件中还没有顾客购买记录。' };
  const en = counted ? [`You have ${count(h.customers, 'en-US')} customers.`] : [];
  const zh = counted ? [`共有 ${count(h.customers, 'zh-CN')} 位顾客。`] : [];
  if (counted && h.repeatShare !== null) {
    en.push(`${percent(h.repeatShare)} of them ordered more than once.`);
    zh.push(`其中 ${percent(h.repeatShare)} 下过不止一单。`);
  }
  const eligible = h.repurchaseEligible90;
  if (h.repurchaseRate90 !== null && eligible !== undefined && eligible < FEW_TO_FOLLOW) {
    // A rate over a handful of customers (a short period) is said with its base, not as a fact about the shop.
    en.push(`${percent(h.repurchaseRate90)} of the ${count(eligible, 'en-US')} customers who can be followed for 90 days placed a second order within 90 days (too few to rely on).`);
    zh.push(`在可跟踪满 90 天的 ${count(eligible, 'zh-CN')} 位顾客中，${percent(h.repurchaseRate90)} 在 90 天内再次下单（人数太少，仅供参考）。`);
  } else if (h.repurchaseRate90 !== null) {
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
