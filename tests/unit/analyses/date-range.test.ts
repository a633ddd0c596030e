/**
 * The date range (src/analyses/date-range.ts) on the repurchase fixture, worked out by hand. The data ends on
 * 2023-06-30, so "last 3 months" is 2023-04-01 .. 2023-06-30 and the period before it 2023-01-01 .. 2023-03-31.
 *   In Apr-Jun: r2 (Apr 15, 100), v2 (Apr 10, 10), t1 t2 (May 1, 10 + 10), u1 u2 (Jun 15/20, 50 + 50), z1 (Jun 30, 10):
 *     7 orders, 240.00, customers r t u v z (5), two or more orders: t u -> 40%.
 *     Won in the period (first order in it): t u z -> new_customer_orders t1 t2 u1 u2 z1.
 *     (v's first purchase is Mar 20: its Jan 10 order was returned, so v is not new in April.)
 *   In Jan-Mar: p1 p2 q1 q2 r1 s1 v1: 7 orders, 160.00, customers p q r s v (5), repeat p q -> 40%.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { tableToRows } from '../../../src/engine/rows';
import { ident } from '../../../src/sql/quote';
import { composeSql, queryRows, type NamedSql } from '../../../src/analyses/named';
import { ALL_DATA, IN_PERIOD, parseRange, periodSql, periodSteps, rangeCode, rangeOfPeriodSql, type DateRange } from '../../../src/analyses/date-range';
import { notebookRange, periodCells } from '../../../src/analyses/cells/period';
import { analysesIgnoringPeriod, oneClickCells, ONE_CLICK_ANALYSES } from '../../../src/analyses/one-click';
import { cohortCells } from '../../../src/analyses/cells';
import { headline } from '../../../src/analyses/summary';
import { salesByPeriodSql } from '../../../src/analyses/sales';
import { cohortRetentionSql } from '../../../src/analyses/cohort';
import { lifecycleSql } from '../../../src/analyses/lifecycle';
import { rfmSegmentsSql } from '../../../src/analyses/rfm';
import { firstOrdersSql } from '../../../src/analyses/repurchase';
import { clvSummarySelectSql } from '../../../src/analyses/clv-summary';
import type { CellDraft } from '../../../src/analyses/cells';
import { createNotebook } from '../../../src/notebook/document';
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

const LAST_3: DateRange = { kind: 'last', months: 3 };

/** Rows of `step` computed after the period steps of `range`. */
async function inPeriod(range: DateRange, step: NamedSql, order = ''): Promise<Record<string, unknown>[]> {
  return queryRows(db, [...periodSteps(range), step], `SELECT * FROM ${step.name} ${order}`);
}

describe('date range', () => {
  it('reads and writes the range codes, refusing what is not a range', () => {
    for (const code of ['all', 'last-3', 'last-12', '2024-01-01..2024-03-31']) expect(rangeCode(parseRange(code) as DateRange)).toBe(code);
    for (const bad of ['last-0', 'last-x', '2024-02-30..2024-03-01', '2024-03-01..2024-01-01', 'yesterday', '']) expect(parseRange(bad)).toBeNull();
  });

  it('bounds the last months by calendar months ending with the data, and the period before it', async () => {
    const bounds = async (range: DateRange, shift = 0) => (await queryRows(db, [periodSql(range, shift)], 'SELECT first_day::VARCHAR AS f, last_day::VARCHAR AS l FROM period'))[0];
    expect(await bounds(LAST_3)).toEqual({ f: '2023-04-01', l: '2023-06-30' });
    expect(await bounds(LAST_3, 1)).toEqual({ f: '2023-01-01', l: '2023-03-31' });
    expect(await bounds({ kind: 'last', months: 6 })).toEqual({ f: '2023-01-01', l: '2023-06-30' });
    expect(await bounds(ALL_DATA)).toEqual({ f: '2023-01-01', l: '2023-06-30' });
    // Custom dates: the period before has the same number of days (59) and ends the day before.
    const custom: DateRange = { kind: 'between', from: '2023-02-01', to: '2023-03-31' };
    expect(await bounds(custom)).toEqual({ f: '2023-02-01', l: '2023-03-31' });
    expect(await bounds(custom, 1)).toEqual({ f: '2022-12-04', l: '2023-01-31' });
  });

  it('keeps the orders of the period, and the customers won in it with their orders up to its end', async () => {
    const orders = await queryRows(db, periodSteps(LAST_3), `SELECT string_agg(order_id, ' ' ORDER BY order_id) AS ids FROM orders_in_period`);
    expect(orders[0]?.ids).toBe('r2 t1 t2 u1 u2 v2 z1');
    const won = await queryRows(db, periodSteps(LAST_3), `SELECT string_agg(order_id, ' ' ORDER BY order_id) AS ids FROM new_customer_orders`);
    expect(won[0]?.ids).toBe('t1 t2 u1 u2 z1');
    const lines = await queryRows(db, periodSteps(LAST_3), `SELECT string_agg(order_id, ' ' ORDER BY order_id) AS ids FROM lines_in_period`);
    expect(lines[0]?.ids).toBe('r2 t1 t2 u1 u2 v2 z1');
    const before = await queryRows(db, periodSteps(LAST_3, 1), `SELECT string_agg(order_id, ' ' ORDER BY order_id) AS ids FROM new_customer_orders`);
    // Won in Jan-Mar: p q r s v; their orders up to Mar 31 (r2 on Apr 15 and v2 on Apr 10 come later).
    expect(before[0]?.ids).toBe('p1 p2 q1 q2 r1 s1 v1');
  });

  it('gives every analysis the period: sales, cohorts, lifecycle months, RFM as of the period end', async () => {
    const sales = await inPeriod(LAST_3, salesByPeriodSql('month', IN_PERIOD), 'ORDER BY period');
    expect(sales.map((r) => [String(r.period).slice(0, 7), Number(r.orders)])).toEqual([['2023-04', 2], ['2023-05', 2], ['2023-06', 3]]);
    const cohorts = await inPeriod(LAST_3, cohortRetentionSql({ tables: IN_PERIOD }), 'WHERE period_index = 0 ORDER BY cohort');
    expect(cohorts.map((r) => [String(r.cohort).slice(0, 7), Number(r.cohort_size)])).toEqual([['2023-05', 1], ['2023-06', 2]]);
    // Lifecycle knows each customer's history: in April r comes back after a gap (reactivated), v bought in
    // March too (returning), and nobody is new; only the period's months are shown.
    const stages = await inPeriod(LAST_3, lifecycleSql({ tables: IN_PERIOD }), 'ORDER BY period');
    expect(stages.map((r) => String(r.period).slice(0, 7))).toEqual(['2023-04', '2023-05', '2023-06']);
    expect(stages[0]).toMatchObject({ new: 0, returning: 1, reactivated: 1 });
    const rfm = await inPeriod(LAST_3, rfmSegmentsSql(IN_PERIOD), 'ORDER BY customer_id');
    expect(rfm.map((r) => [r.customer_id, Number(r.recency), Number(r.frequency)])).toEqual([
      ['r', 77, 1],
      ['t', 61, 2],
      ['u', 11, 2],
      ['v', 82, 1],
      ['z', 1, 1],
    ]);
    // The repurchase rates and customer value follow the customers won in the period, as of its end.
    const firsts = await inPeriod(LAST_3, firstOrdersSql(IN_PERIOD), 'ORDER BY customer_id');
    expect(firsts.map((r) => [r.customer_id, String(r.last_date)])).toEqual([
      ['t', '2023-06-30'],
      ['u', '2023-06-30'],
      ['z', '2023-06-30'],
    ]);
    const clv = await queryRows(db, periodSteps(LAST_3), `SELECT string_agg(customer_id, ' ' ORDER BY customer_id) AS ids FROM (${clvSummarySelectSql('auto', 'auto', 7, IN_PERIOD.newCustomerOrders)})`);
    // `auto` learns from the first two thirds of the won customers' history (May 1 .. Jun 10): u (Jun 15) comes later.
    expect(clv[0]?.ids).toBe('t');
  });

  it('over all data, the analyses read the same rows as the whole-data SQL', async () => {
    const whole = tableToRows(await db.query(composeSql([cohortRetentionSql()], 'SELECT * FROM cohort_retention ORDER BY cohort, period_index')));
    expect(await inPeriod(ALL_DATA, cohortRetentionSql({ tables: IN_PERIOD }), 'ORDER BY cohort, period_index')).toEqual(whole);
  });

  it('compares the headline with the period before', async () => {
    const h = await headline(db, LAST_3);
    expect(h).toMatchObject({ orders: 7, revenue: 240, customers: 5, repeatCustomers: 2, repeatShare: 0.4, period: { first: '2023-04-01', last: '2023-06-30' } });
    expect(h.previous).toMatchObject({ orders: 7, revenue: 160, customers: 5, repeatShare: 0.4, period: { first: '2023-01-01', last: '2023-03-31' } });
    expect(h.sentence.en).toContain('Last 3 months (2023-04-01 – 2023-06-30): 5 customers ordered, the same as the 5 before; repeat rate 40%, the same as the 40% before; revenue 240.00, up from 160.00 (compared with the 3 months before).');
    expect(h.sentence['zh-CN']).toContain('最近 3 个月');
    expect(h.sentence['zh-CN']).toContain('高于之前的 160.00');
    const all = await headline(db);
    expect(all.previous).toBeNull();
    expect(all.customers).toBe(8);
  });

  it('is kept in the notebook as cells that say their range, and an edited period cell is not guessed at', async () => {
    const cells = periodCells(LAST_3, { newId: (() => { let n = 0; return () => `c${++n}`; })() }) as CellDraft[];
    const nb = { ...createNotebook(), cells: cells as never };
    expect(notebookRange(nb)).toEqual(LAST_3);
    expect(notebookRange(createNotebook())).toEqual(ALL_DATA);
    const period = cells.find((c) => c.kind === 'sql' && c.name === 'period');
    expect(rangeOfPeriodSql(period?.source ?? '')).toEqual(LAST_3);
    expect(rangeOfPeriodSql((period?.source ?? '').replace('3 MONTH', '4 MONTH').replace('INTERVAL 2 MONTH', 'INTERVAL 3 MONTH'))).toBeNull();
    // Every one-click analysis runs on the period cells.
    for (const cell of cells) if (cell.kind === 'sql') await db.exec(`CREATE OR REPLACE VIEW ${ident(cell.name)} AS ${cell.source}`);
    const facts = { firstDate: '2023-01-01', lastDate: '2023-06-30', orders: 15, customers: 8, viewEvents: 0, cartEvents: 0, productLines: 30 };
    // (Analyses with a model cell read the tables it writes: tested with their models.)
    for (const analysis of ONE_CLICK_ANALYSES) {
      const analysisCells = oneClickCells(analysis.id, { language: 'en', facts });
      if (analysisCells.some((cell) => cell.kind === 'model')) continue;
      for (const cell of analysisCells) {
        if (cell.kind === 'sql') await db.exec(`CREATE OR REPLACE VIEW ${ident(cell.name)} AS ${cell.source}`);
      }
    }
    const sales = tableToRows(await db.query('SELECT sum(orders)::INTEGER AS n FROM sales_by_month'));
    expect(sales).toEqual([{ n: 7 }]);
  });

  it('finds the analyses a notebook inserted before it had a range (they read cb_orders), to insert them again', () => {
    const facts = { firstDate: '2023-01-01', lastDate: '2023-06-30', orders: 15, customers: 8, viewEvents: 1, cartEvents: 1, productLines: 30 };
    let n = 0;
    const withIds = (cells: readonly object[]) => cells.map((c) => ({ ...c, id: `c${++n}` })) as never[];
    const current = ONE_CLICK_ANALYSES.flatMap((a) => withIds(oneClickCells(a.id, { language: 'en', facts })));
    expect(analysesIgnoringPeriod({ ...createNotebook(), cells: current })).toEqual([]);
    const old = withIds(cohortCells({ language: 'en' }));
    expect(analysesIgnoringPeriod({ ...createNotebook(), cells: [...old, ...current.filter((c: { origin?: string }) => c.origin !== 'cohort')] })).toEqual(['cohort']);
  });
});
