/**
 * The cells the built-in analyses insert (src/analyses/cells/*): their SQL is the analysis modules' SQL,
 * run in order as views they reproduce the modules' results, and every chart draws from an earlier result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { tableToRows } from '../../../src/engine/rows';
import { ident } from '../../../src/sql/quote';
import { cohortCells, lifecycleCells, rfmCells, timeToNextCells, type CellDraft } from '../../../src/analyses/cells';
import { ONE_CLICK_ANALYSES, oneClickCells } from '../../../src/analyses/one-click';
import { periodCells } from '../../../src/analyses/cells/period';
import { ALL_DATA } from '../../../src/analyses/date-range';
import type { DataFacts } from '../../../src/analyses/data-facts';
import { cohortRetention, cohortRetentionSql } from '../../../src/analyses/cohort';
import { lifecycleSql } from '../../../src/analyses/lifecycle';
import { rfmGridSql, rfmSegmentsSql } from '../../../src/analyses/rfm';
import { repurchaseRates } from '../../../src/analyses/repurchase';
import { withValues, type ChartRow } from '../../../src/charts/spec';
import { compileStrict, urlKeys } from '../charts/render';
import { loadOrders } from './fixture';
import { REPURCHASE } from './repurchase-data';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await loadOrders(db, REPURCHASE);
  // The one-click analyses read the notebook's period cells (all data here; date-range.test.ts tries ranges).
  await runCells(periodCells(ALL_DATA));
});
afterAll(async () => {
  await db.close();
});

/** Runs the cells like the notebook: each SQL cell becomes a view by its name; returns each chart's rows. */
async function runCells(cells: CellDraft[]): Promise<Map<string, ChartRow[]>> {
  const names = new Set<string>();
  const charts = new Map<string, ChartRow[]>();
  for (const cell of cells) {
    if (cell.kind === 'sql') {
      await db.exec(`CREATE OR REPLACE VIEW ${ident(cell.name)} AS ${cell.source}`);
      names.add(cell.name);
    } else if (cell.kind === 'chart') {
      expect(names.has(cell.data), `${cell.name} draws ${cell.data}, computed earlier`).toBe(true);
      const spec = JSON.parse(cell.source);
      expect(spec.data).toBeUndefined();
      expect(urlKeys(spec)).toEqual([]);
      const rows = tableToRows(await db.query(`SELECT * FROM ${ident(cell.data)}`));
      compileStrict(withValues(spec, rows));
      charts.set(cell.name, rows);
    }
  }
  return charts;
}

/** Data with customers and behaviour events, so every analysis inserts all its cells (the funnel included). */
const FACTS: DataFacts = { firstDate: '2024-01-01', lastDate: '2024-06-30', orders: 20, customers: 8, viewEvents: 5, cartEvents: 3, productLines: 30 };
/** The analyses whose cells are SQL and charts only (customer value, customer groups, suggested products, the model lab, survival, forecast and risk flags add a model cell, tested with their tables). */
const PLAIN = ONE_CLICK_ANALYSES.filter((a) => !['clv', 'clusters', 'recommendations', 'model_lab', 'survival', 'forecast', 'risk', 'profile', 'counts'].includes(a.id));

describe('built-in analysis cells', () => {
  it.each(PLAIN.map((a) => [a.id] as const))('%s: explained in Markdown, runs in order, every chart compiles', async (id) => {
    for (const language of ['en', 'zh-CN'] as const) {
      const cells = oneClickCells(id, { language, facts: FACTS }) as CellDraft[];
      expect(cells[0]?.kind).toBe('markdown');
      expect(cells.every((c) => c.origin === id && c.id === undefined)).toBe(true);
      // The answer first: the explanation stays open, the SQL and the chart specs start folded.
      expect(cells.filter((c) => c.kind !== 'markdown').every((c) => c.collapsed === true)).toBe(true);
      expect(cells.filter((c) => c.kind === 'markdown').every((c) => !c.collapsed)).toBe(true);
      await runCells(cells);
    }
  });

  it('carries the same SQL as the analysis modules', () => {
    const sql = (cells: CellDraft[], name: string) => cells.find((c) => c.kind === 'sql' && c.name === name);
    expect(sql(cohortCells({ period: 'week' }), 'cohort_retention')).toMatchObject({ source: cohortRetentionSql({ period: 'week' }).sql.trim() + '\n' });
    expect(sql(rfmCells(), 'rfm_segments')).toMatchObject({ source: rfmSegmentsSql().sql.trim() + '\n' });
    expect(sql(rfmCells(), 'rfm_grid')).toMatchObject({ source: rfmGridSql().sql.trim() + '\n' });
    const lifecycle = lifecycleCells();
    expect(sql(lifecycle, 'lifecycle_stages')).toMatchObject({ source: lifecycleSql().sql.trim() + '\n' });
  });

  it('reproduces the module results when run as cells', async () => {
    await runCells(PLAIN.flatMap((a) => oneClickCells(a.id, { language: 'en', facts: { ...FACTS, viewEvents: 0 } }) as CellDraft[]));
    const cohortRows = tableToRows(await db.query('SELECT * FROM cohort_retention ORDER BY cohort, period_index'));
    expect(cohortRows).toEqual((await cohortRetention(db)).rows);
    const rates = tableToRows(await db.query('SELECT days, eligible, repurchased, rate FROM repurchase_rates ORDER BY days'));
    expect(rates).toEqual((await repurchaseRates(db)).rates);
    const sales = tableToRows(await db.query('SELECT sum(orders) AS orders FROM sales_by_month'));
    expect(sales).toEqual(tableToRows(await db.query('SELECT count(*) AS orders FROM cb_orders')));
  });

  it('draws weekly cohorts from the 52 most recent, and leaves out the rfm_segments cell when asked', () => {
    const weekly = cohortCells({ period: 'week' });
    expect(weekly.filter((c) => c.kind === 'chart').map((c) => c.kind === 'chart' && c.data)).toEqual(Array(4).fill('cohort_retention_recent'));
    const bySegment = timeToNextCells({ groupBy: 'segment' }).map((c) => (c.kind === 'markdown' ? 'md' : c.name));
    expect(bySegment.slice(0, 3)).toEqual(['md', 'rfm_segments', 'purchase_gaps']);
    const withoutRfm = timeToNextCells({ groupBy: 'segment', includeRfmCell: false }).map((c) => (c.kind === 'markdown' ? 'md' : c.name));
    expect(withoutRfm).not.toContain('rfm_segments');
  });

  it('takes ids from an injected generator', () => {
    let n = 0;
    const cells = rfmCells({ newId: () => `cell-${++n}` });
    expect(cells.map((c) => c.id)).toEqual(cells.map((_, i) => `cell-${i + 1}`));
  });
});
