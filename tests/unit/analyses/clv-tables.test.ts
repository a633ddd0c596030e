import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { tableToRows } from '../../../src/engine/rows';
import { loadFile } from '../../../src/ingest/load';
import { pathSource } from '../../../src/ingest/sources-node';
import { customerLifetimeValue, type ClvResult } from '../../../src/analyses/clv';
import { CLV_TABLES, clvScoresSql, writeClvTables } from '../../../src/analyses/clv-tables';
import { clvCells } from '../../../src/analyses/clv-cells';
import { clvTrackingSpec } from '../../../src/charts/clv';
import { withValues } from '../../../src/charts/spec';

const sample = path.resolve(__dirname, '../../../../shared/datasets/cdnow/CDNOW_sample.txt');

describe('CLV tables, charts and cells on the CDNOW sample', () => {
  let db: Db;
  let result: ClvResult;
  beforeAll(async () => {
    db = await openNodeDb();
    await loadFile(db, pathSource(sample));
    result = await customerLifetimeValue(db, { calibrationEnd: '1997-09-30', paretoNbd: false });
    await writeClvTables(db, result);
  });
  afterAll(() => db.close());

  it('writes clv_scores with one row per customer', async () => {
    const [row] = tableToRows(
      await db.query(`SELECT count(*) AS n, count(*) FILTER (WHERE x = 0 AND p_alive = 1) AS one_time, round(sum(holdout)) AS holdout FROM ${CLV_TABLES.scores}`),
    );
    expect(row).toEqual({ n: 2357, one_time: 1411, holdout: 1882 });
  });

  it('bands customers by value: the top 20% by CLV high, the next 30% medium, each high one worth more than any medium one', async () => {
    const bands = tableToRows(
      await db.query(`SELECT value_band, count(*) AS n, min(clv) AS lowest, max(clv) AS highest FROM ${CLV_TABLES.scores} GROUP BY ALL ORDER BY highest DESC`),
    );
    expect(bands.map((b) => b.value_band)).toEqual(['high', 'medium', 'low']);
    expect(bands.map((b) => Number(b.n))).toEqual([472, 707, 1178]);
    expect(Number(bands[0]!.lowest)).toBeGreaterThanOrEqual(Number(bands[1]!.highest));
    expect(Number(bands[1]!.lowest)).toBeGreaterThanOrEqual(Number(bands[2]!.highest));
  });

  it('writes the fit with standard errors', async () => {
    const rows = tableToRows(await db.query(`SELECT parameter, round(value, 3) AS value FROM ${CLV_TABLES.fit} WHERE model = 'bgnbd' ORDER BY parameter`));
    expect(rows).toEqual([
      { parameter: 'a', value: 0.793 },
      { parameter: 'alpha', value: 4.414 },
      { parameter: 'b', value: 2.426 },
      { parameter: 'log_likelihood', value: -9582.429 },
      { parameter: 'r', value: 0.243 },
    ]);
  });

  it('writes the frequency/recency grid with expectations rising in frequency at the latest recency', async () => {
    const rows = tableToRows(await db.query(`SELECT frequency, expected FROM ${CLV_TABLES.grid} WHERE recency = 38 ORDER BY frequency`));
    expect(rows.length).toBeGreaterThan(10);
    for (let i = 1; i < rows.length; i++) expect(Number(rows[i].expected)).toBeGreaterThan(Number(rows[i - 1].expected));
  });

  it('writes tracking rows with actual and expected side by side and the calibration end marked once', async () => {
    const rows = tableToRows(await db.query(`SELECT * FROM ${CLV_TABLES.tracking}`));
    expect(rows).toHaveLength(78 * 2);
    expect(rows.slice(0, 2)).toEqual([
      { period: 1, period_end: expect.any(String), calibration_end: false, series: 'Actual', cumulative_repeats: result.tracking!.bgnbd.actual[0] },
      { period: 1, period_end: rows[0]!.period_end, calibration_end: false, series: 'Expected (BG/NBD)', cumulative_repeats: result.tracking!.bgnbd.expected[0] },
    ]);
    expect(rows.filter((r) => r.calibration_end && r.series === 'Actual')).toEqual([
      expect.objectContaining({ period: 39, period_end: '1997-09-30' }),
    ]);
    const spec = withValues(clvTrackingSpec(), rows);
    expect(JSON.stringify(spec)).not.toMatch(/"url"/);
    expect((spec.data as { values: unknown[] }).values).toHaveLength(156);
  });

  it('writes holdout rows with the mean per customer of each bin', async () => {
    const rows = tableToRows(await db.query(`SELECT * FROM ${CLV_TABLES.holdout}`));
    expect(rows).toHaveLength(result.holdout!.bgnbd.byFrequency.length * 2);
    expect(rows[0]).toEqual({ frequency: '0', customers: 1411, series: 'Actual', mean_purchases: 334 / 1411 });
    expect(rows[1]).toMatchObject({ frequency: '0', customers: 1411, series: 'Expected' });
  });

  it('the analysis inserts ordinary cells: markdown, the summary SQL, a model cell and charts', async () => {
    let next = 0;
    const cells = clvCells({ calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30', newId: () => `c${++next}` });
    expect(cells.map((c) => c.kind)).toEqual(['markdown', 'sql', 'model', 'chart', 'chart', 'chart', 'chart', 'sql', 'sql']);
    expect(cells.every((c) => c.origin === 'clv' && c.id)).toBe(true);
    const summary = cells[1] as { name: string; source: string };
    expect(summary.name).toBe('clv_summary');
    const [check] = tableToRows(await db.query(`SELECT count(*) AS n, sum(x) AS x FROM (${summary.source})`));
    expect(check).toEqual({ n: 2357, x: result.summary.x.reduce((a, b) => a + b, 0) });
    expect(JSON.parse((cells[2] as { source: string }).source)).toMatchObject({ calibration_end: '1997-09-30', months: 12 });
  });
});

describe('clv_scores value bands', () => {
  it('ranks equal values in customer order, puts a customer without a CLV last, and keeps customer order', async () => {
    const db = await openNodeDb();
    try {
      // Ten customers, written out of order: the summary's order is customer_id order.
      const ids = ['c07', 'c02', 'c09', 'c01', 'c05', 'c03', 'c10', 'c04', 'c08', 'c06'];
      await db.exec(`CREATE TABLE summary AS SELECT * FROM (VALUES ${ids.map((id) => `('${id}', 1.0, 1.0, 2.0, 5.0, 0.0)`).join(', ')}) s(customer_id, x, t_x, T, spend, holdout)`);
      // Scores in customer_id order (c01..c10): three equal at the top, one missing.
      const clv = [50, 50, 50, 10, 'NULL', 9, 8, 7, 6, 5];
      await db.exec(`CREATE TABLE scores AS SELECT * FROM (VALUES ${clv.map((v) => `(0.5, 1.0, 5.0, ${v}::DOUBLE)`).join(', ')}) s(p_alive, expected_purchases, expected_spend, clv)`);
      await db.exec(clvScoresSql('clv_scores', 'summary', 'scores', false));
      const rows = tableToRows(await db.query('SELECT customer_id, clv, value_band, holdout FROM clv_scores'));
      expect(rows.map((r) => r.customer_id)).toEqual([...ids].sort());
      // 10 customers: ranks 0-1 high, 2-4 medium; the third 50 is medium, the missing one low.
      expect(rows.map((r) => r.value_band)).toEqual(['high', 'high', 'medium', 'medium', 'low', 'medium', 'low', 'low', 'low', 'low']);
      expect(rows.every((r) => r.holdout === null)).toBe(true);
    } finally {
      await db.close();
    }
  });
});
