/**
 * The date range the one-click analyses honour (docs/date-range.md). A range is a period of the data,
 * not of the calendar on the wall: "last 3 months" means the three calendar months ending with the month
 * of the data's last purchase (that month included), because exports are read long after they were made.
 * Every range except "all" has a previous period of the same length right before it, for the headline.
 *
 * The notebook keeps the range as SQL cells the analyses read (the analyst sees and can edit them):
 *   `period`               one row (first_day, last_day);
 *   `orders_in_period`     orders placed in the period (sales, RFM, gaps between purchases);
 *   `new_customer_orders`  orders, up to the period's end, of the customers whose first order falls in it
 *                          (cohorts, repurchase, customer value: a customer who bought before the period is
 *                          not new in it);
 *   `events_in_period`     events in the period (the funnel);
 *   `lines_in_period`      order lines in the period (products bought together).
 * Lifecycle stages need each customer's whole history to tell new from returning: they read every order
 * up to the period's end and show the months of the period.
 */
import { literal } from '../sql/quote';
import type { Lang, Localized } from '../text/language';
import type { NamedSql } from './named';

/** A range of the data: all of it, the last N calendar months, or two dates (inclusive). */
export type DateRange = { kind: 'all' } | { kind: 'last'; months: number } | { kind: 'between'; from: string; to: string };

export const ALL_DATA: DateRange = { kind: 'all' };

/** The ranges offered besides "all" and custom dates. */
export const LAST_MONTHS = [3, 6, 12] as const;

/** The tables an analysis reads; the whole data unless the notebook has chosen a period. */
export interface SourceTables {
  /** Orders placed in the period. */
  orders: string;
  /** Orders, up to the period's end, of the customers whose first order falls in the period. */
  newCustomerOrders: string;
  /** Events in the period. */
  events: string;
  /** Order lines in the period. */
  lines: string;
  /** A one-row table (first_day, last_day), or null for the whole data without a period. */
  period: string | null;
}

/** The canonical tables themselves (the command line and analyses run on the whole file). */
export const WHOLE_DATA: SourceTables = { orders: 'cb_orders', newCustomerOrders: 'cb_orders', events: 'cb_events', lines: 'cb_lines', period: null };

/** The period cells' names (see the module comment). */
export const IN_PERIOD: SourceTables = { orders: 'orders_in_period', newCustomerOrders: 'new_customer_orders', events: 'events_in_period', lines: 'lines_in_period', period: 'period' };

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The range's short code, as written in the `period` cell: `all`, `last-3`, `2024-01-01..2024-03-31`. */
export function rangeCode(range: DateRange): string {
  if (range.kind === 'all') return 'all';
  if (range.kind === 'last') return `last-${range.months}`;
  return `${range.from}..${range.to}`;
}

/** The range a code stands for, or null for anything else (dates must be real days, in order). */
export function parseRange(code: string): DateRange | null {
  const text = code.trim();
  if (text === 'all') return ALL_DATA;
  const last = /^last-(\d{1,3})$/.exec(text);
  if (last) {
    const months = Number(last[1]);
    return months >= 1 && months <= 120 ? { kind: 'last', months } : null;
  }
  const between = /^(\S+)\.\.(\S+)$/.exec(text);
  if (!between) return null;
  const [, from, to] = between as unknown as [string, string, string];
  return isDay(from) && isDay(to) && from <= to ? { kind: 'between', from, to } : null;
}

function isDay(text: string): boolean {
  if (!ISO_DAY.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** The range in words, for the range control, the `period` cell and the headline. */
export function rangeWords(range: DateRange): Localized {
  if (range.kind === 'all') return { en: 'all data', 'zh-CN': '全部数据' };
  if (range.kind === 'last') return { en: `last ${range.months} months`, 'zh-CN': `最近 ${range.months} 个月` };
  return { en: `${range.from} to ${range.to}`, 'zh-CN': `${range.from} 至 ${range.to}` };
}

/** The period before the range, of the same length, in words ("the 3 months before"). */
export function previousWords(range: DateRange): Localized {
  if (range.kind === 'last') return { en: `the ${range.months} months before`, 'zh-CN': `前 ${range.months} 个月` };
  return { en: 'the period before', 'zh-CN': '上一时段' };
}

/**
 * The named result `period` (first_day, last_day) for `range`; `shift` periods earlier when `shift` > 0
 * (1: the previous period). The first line names the range so the notebook can read it back.
 */
export function periodSql(range: DateRange, shift = 0): NamedSql {
  const header = `-- range: ${rangeCode(range)}${shift ? ` (${shift} earlier)` : ''}`;
  const dataEnd = `(SELECT max(ts)::DATE FROM cb_orders)`;
  if (range.kind === 'all') {
    return { name: 'period', sql: `${header}\nSELECT min(ts)::DATE AS first_day, max(ts)::DATE AS last_day\nFROM cb_orders` };
  }
  if (range.kind === 'last') {
    // The month of the last purchase is the range's last month; an earlier period ends on the day before
    // the next one starts, so periods tile without gaps.
    const firstMonth = `date_trunc('month', last_purchase) - INTERVAL ${range.months * (shift + 1) - 1} MONTH`;
    const lastDay = shift === 0 ? 'last_purchase' : `CAST(date_trunc('month', last_purchase) - INTERVAL ${range.months * shift - 1} MONTH - INTERVAL 1 DAY AS DATE)`;
    return {
      name: 'period',
      sql: `${header}\nSELECT CAST(${firstMonth} AS DATE) AS first_day, ${lastDay} AS last_day\nFROM (SELECT ${dataEnd} AS last_purchase)`,
    };
  }
  const days = daysBetween(range.from, range.to) + 1;
  const first = `DATE ${literal(range.from)} - INTERVAL ${days * shift} DAY`;
  const last = `DATE ${literal(range.to)} - INTERVAL ${days * shift} DAY`;
  return { name: 'period', sql: `${header}\nSELECT CAST(${first} AS DATE) AS first_day, CAST(${last} AS DATE) AS last_day` };
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The range a `period` cell's SQL was written for, or null when it was edited by hand. */
export function rangeOfPeriodSql(sql: string): DateRange | null {
  const header = /^--\s*range:\s*(\S+)\s*$/m.exec(sql.trim().split('\n')[0] ?? '');
  const range = header ? parseRange(header[1] as string) : null;
  return range && periodSql(range).sql.trim() === sql.trim() ? range : null;
}

/** The named results `orders_in_period`, `new_customer_orders`, `events_in_period` and `lines_in_period` (they read `period`). */
export function periodTablesSql(): NamedSql[] {
  const inPeriod = (alias: string) => `CAST(${alias}.ts AS DATE) BETWEEN p.first_day AND p.last_day`;
  return [
    { name: IN_PERIOD.orders, sql: `SELECT o.*\nFROM cb_orders AS o, period AS p\nWHERE ${inPeriod('o')}` },
    {
      name: IN_PERIOD.newCustomerOrders,
      sql: `WITH won AS (
  SELECT customer_id
  FROM cb_orders, period AS p
  WHERE customer_id IS NOT NULL
  GROUP BY customer_id, p.first_day, p.last_day
  HAVING CAST(min(ts) AS DATE) BETWEEN p.first_day AND p.last_day
)
SELECT o.*
FROM cb_orders AS o
JOIN won USING (customer_id), period AS p
WHERE CAST(o.ts AS DATE) <= p.last_day`,
    },
    { name: IN_PERIOD.events, sql: `SELECT e.*\nFROM cb_events AS e, period AS p\nWHERE ${inPeriod('e')}` },
    { name: IN_PERIOD.lines, sql: `SELECT l.*\nFROM cb_lines AS l, period AS p\nWHERE ${inPeriod('l')}` },
  ];
}

/** Every step of a period, in order: `period` then the tables that read it. */
export function periodSteps(range: DateRange, shift = 0): NamedSql[] {
  return [periodSql(range, shift), ...periodTablesSql()];
}

/** The explanation above the period cells. */
export function periodMarkdown(range: DateRange, language: Lang): string {
  const words = rangeWords(range)[language];
  return language === 'zh-CN'
    ? `## 时间范围：${words}\n\n一键分析读取下面这些表：所选时段内的订单、在该时段首次购买的顾客的订单、该时段内的事件和订单明细。在分析区上方更改时间范围，这些单元格会被重写并重新运行。`
    : `## Date range: ${words}\n\nThe one-click analyses read the tables below: the orders placed in the chosen period, the orders of the customers whose first order falls in it, its events and its order lines. Change the range above the analyses and these cells are rewritten and run again.`;
}

/** SQL (a DATE): the last day an analysis sees — the period's end, or the last purchase in `orders`. */
export function lastDaySql(tables: SourceTables, orders: string = tables.orders): string {
  return tables.period ? `(SELECT last_day FROM ${tables.period})` : `(SELECT CAST(max(ts) AS DATE) FROM ${orders})`;
}
