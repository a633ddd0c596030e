import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { formatCell } from '../../../src/ui/cell-format';
import { formatNumber, moneyMarks, numberMeaning } from '../../../src/ui/number-meaning';

describe('numberMeaning', () => {
  it.each([
    ['retention', 'rate'],
    ['repeat_rate_90', 'rate'],
    ['revenue_share', 'rate'],
    ['p_alive', 'rate'],
    ['churn_probability', 'rate'],
    ['revenue', 'money'],
    ['avg_order_value', 'money'],
    ['expected_spend', 'money'],
    ['clv', 'money'],
    ['Total Amount', 'money'],
    ['order_total', 'money'],
    ['net_revenue', 'money'],
    ['total_orders', 'count'],
    ['total_customers', 'count'],
    ['median_days_to_second', 'days'],
    ['recency_days', 'days'],
    ['customers', 'count'],
    ['orders', 'count'],
    ['n', 'count'],
    ['customer_id', 'identifier'],
    ['order_id', 'identifier'],
    ['year', 'identifier'],
    ['i', 'plain'],
    ['score', 'plain'],
  ] as const)('%s is %s', (name, meaning) => {
    expect(numberMeaning(name)).toBe(meaning);
  });
});

describe('formatNumber', () => {
  it('shows rates as percentages, money with two decimals, days with at most one, counts grouped', () => {
    expect(formatNumber(0.1206896551724138, 'rate', 'en')).toBe('12.1%');
    expect(formatNumber(1, 'rate', 'en')).toBe('100%');
    expect(formatNumber(12.5, 'rate', 'en')).toBe('12.5'); // already in percent: left alone
    expect(formatNumber(41200.91999999999, 'money', 'en')).toBe('41,200.92');
    expect(formatNumber(3, 'money', 'en')).toBe('3.00');
    expect(formatNumber(41200.92, 'money', 'en', { code: 'EUR', symbol: '€' })).toBe('€41,200.92');
    expect(formatNumber(-12, 'money', 'en', { code: null, symbol: '$' })).toBe('-$12.00');
    expect(formatNumber(38.96, 'days', 'en')).toBe('39');
    expect(formatNumber(12.34, 'days', 'en')).toBe('12.3');
    expect(formatNumber(1234567, 'count', 'en')).toBe('1,234,567');
    expect(formatNumber(2.25, 'count', 'en')).toBe('2.3');
  });

  it('leaves identifiers and unnamed integers ungrouped, and rounds unnamed fractions', () => {
    expect(formatNumber(1234567, 'identifier', 'en')).toBe('1234567');
    expect(formatNumber(2024, 'identifier', 'en')).toBe('2024');
    expect(formatNumber(999999, 'plain', 'en')).toBe('999999');
    expect(formatNumber(0.30000000000000004, 'plain', 'en')).toBe('0.3');
    expect(formatNumber(41200.91999999999, 'plain', 'en')).toBe('41200.92');
    expect(formatNumber(Number.NaN, 'money', 'en')).toBe('NaN');
  });

  it('follows the UI language', () => {
    expect(formatNumber(1234567.891, 'money', 'zh-CN')).toBe('1,234,567.89');
    expect(formatNumber(0.5, 'rate', 'zh-CN')).toBe('50%');
    expect(formatNumber(1234.5, 'money', 'zh-CN', { code: 'CNY', symbol: '¥' })).toBe('¥1,234.50');
  });

  it('places the currency for charts as the language writes it', () => {
    expect(moneyMarks({ code: 'EUR', symbol: '€' }, 'en')).toEqual({ prefix: '€', suffix: '' });
    expect(moneyMarks({ code: null, symbol: '$' }, 'en')).toEqual({ prefix: '$', suffix: '' });
    expect(moneyMarks({ code: 'CNY', symbol: '¥' }, 'zh-CN')).toEqual({ prefix: '¥', suffix: '' });
    expect(moneyMarks(null, 'en')).toBeNull();
  });
});

describe('formatCell with a meaning, on values DuckDB returns', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNodeDb();
  });
  afterAll(() => db.close());

  it('formats DOUBLE, DECIMAL and BIGINT columns by their names', async () => {
    const table = await db.query(
      `SELECT 0.1206896551724138::DOUBLE AS retention, 41200.92::DECIMAL(12,2) AS revenue, 1234567::BIGINT AS customers, 12345::BIGINT AS customer_id`,
    );
    const text = table.schema.fields.map((field) => formatCell(table.getChild(field.name)!.get(0), field.type, { meaning: numberMeaning(field.name), lang: 'en' }));
    expect(text).toEqual(['12.1%', '41,200.92', '1,234,567', '12345']);
  });
});
