import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { tableToRows } from '../../../src/engine/rows';
import { loadFile } from '../../../src/ingest/load';
import { pathSource } from '../../../src/ingest/sources-node';
import { parse, serialise } from '../../../src/notebook/format';
import { renderReportHtml } from '../../../src/notebook/report';
import { createRunner } from '../../../src/notebook/runner';
import { summariseRun } from '../../../src/notebook/summary';

const root = path.resolve(__dirname, '../../..');
let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await loadFile(db, pathSource(path.join(root, 'samples/shop-2k.csv')));
});
afterAll(() => db.close());

describe('samples/tour.cohortbook.md', () => {
  const text = fs.readFileSync(path.join(root, 'samples/tour.cohortbook.md'), 'utf8');

  it('is written exactly as the serialiser would write it', () => {
    expect(serialise(parse(text))).toBe(text);
  });

  it('shows every cell kind and runs cleanly over the sample shop', async () => {
    const nb = parse(text);
    expect(new Set(nb.cells.map((c) => c.kind))).toEqual(new Set(['markdown', 'sql', 'chart', 'model']));
    const runner = createRunner(db);
    const summary = await runner.runAll(nb);
    expect(summary.failed).toEqual([]);
    const cells = summariseRun(nb, runner.results());
    expect(cells.map((c) => [c.name, c.status, c.rows])).toEqual([
      ['orders_by_month', 'ok', 36],
      ['revenue_trend', 'ok', 36],
      ['revenue_chart', 'ok', 36],
      ['top_customers', 'ok', 10],
      ['churn_scores', 'info', null],
    ]);
    const orders = tableToRows(await db.query('SELECT sum(orders) AS n FROM orders_by_month'))[0]?.n;
    const truth = tableToRows(await db.query('SELECT count(*) AS n FROM cb_orders'))[0]?.n;
    expect(orders).toBe(truth);
    const html = await renderReportHtml(nb, runner.results());
    expect(html).toContain('<svg');
    expect(html).toContain('A tour of your shop');
  });
});

describe('samples/tour.zh-CN.cohortbook.md', () => {
  const text = fs.readFileSync(path.join(root, 'samples/tour.zh-CN.cohortbook.md'), 'utf8');
  const english = parse(fs.readFileSync(path.join(root, 'samples/tour.cohortbook.md'), 'utf8'));

  it('is written exactly as the serialiser would write it', () => {
    expect(serialise(parse(text))).toBe(text);
  });

  it('is the English tour in Chinese: the same cells, the same SQL and model, the words translated', () => {
    const nb = parse(text);
    const code = (cells: typeof nb.cells) => cells.filter((c) => c.kind === 'sql' || c.kind === 'model').map((c) => [c.kind, c.name, c.source]);
    expect(code(nb.cells)).toEqual(code(english.cells));
    const outline = (cells: typeof nb.cells) => cells.map((c) => [c.kind, 'name' in c ? c.name : null]);
    expect(outline(nb.cells)).toEqual(outline(english.cells));
    const prose = nb.cells.filter((c) => c.kind === 'markdown').map((c) => c.source.replace(/`[^`]*`|\*\*SQL\b|Vega-Lite/g, ''));
    for (const text of prose) expect(text).not.toMatch(/[A-Za-z]{3,}/);
  });
});
