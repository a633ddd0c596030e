import { specWithData } from '../../../src/notebook/chart-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { tableToRows } from '../../../src/engine/rows';
import { createRunner } from '../../../src/notebook/runner';
import type { RunEvent } from '../../../src/notebook/results';
import type { Cell, Notebook } from '../../../src/notebook/types';
import { updateCell, renameCell } from '../../../src/notebook/document';

let db: Db;

beforeAll(async () => {
  db = await openNodeDb();
  await db.exec(`CREATE TABLE cb_orders AS
    SELECT 'C' || (i % 7) AS customer_id, 'O' || i AS order_id,
           TIMESTAMP '2024-01-01' + INTERVAL (i) DAY AS ts, (i % 10) + 1.5 AS revenue
    FROM range(100) t(i)`);
});
afterAll(() => db.close());

const sql = (id: string, name: string, source: string): Cell => ({ id, kind: 'sql', name, source });
const nb = (...cells: Cell[]): Notebook => ({ id: 'n', title: 't', cells });

/** A chain a → b → c over cb_orders, a chart over c, and an unrelated cell d. */
function chain(): Notebook {
  return nb(
    { id: 'md', kind: 'markdown', source: '# Intro' },
    sql('a', 'monthly', "SELECT date_trunc('month', ts) AS month, sum(revenue) AS revenue FROM cb_orders GROUP BY ALL"),
    sql('b', 'trend', 'SELECT month, revenue, revenue - lag(revenue) OVER (ORDER BY month) AS change FROM monthly'),
    sql('c', 'best', 'SELECT * FROM trend ORDER BY revenue DESC LIMIT 2'),
    { id: 'ch', kind: 'chart', name: 'chart1', data: 'best', source: '{"mark":"bar","encoding":{"x":{"field":"month","type":"temporal"}}}' },
    sql('d', 'customers', 'SELECT DISTINCT customer_id FROM cb_orders'),
  );
}

describe('createRunner', () => {
  it('runs every cell once in dependency order, whatever the notebook order', async () => {
    const runner = createRunner(db);
    const reversed = nb(sql('c', 'top3', 'SELECT * FROM doubled ORDER BY n DESC LIMIT 3'), sql('b', 'doubled', 'SELECT n * 2 AS n FROM base'), sql('a', 'base', 'SELECT range AS n FROM range(10)'));
    const summary = await runner.runAll(reversed);
    expect(summary.ran).toEqual(['a', 'b', 'c']);
    const out = runner.result('c')?.output;
    expect(out?.kind).toBe('table');
    if (out?.kind !== 'table') return;
    expect(out.rowCount).toBe(3);
    expect(tableToRows(out.preview).map((r) => r.n)).toEqual([18, 16, 14]);
  });

  it('runs a set of new cells and their downstream cells once each (an inserted analysis)', async () => {
    const runner = createRunner(db);
    const doc = chain();
    await runner.runAll(doc);
    const summary = await runner.runCells(doc, ['b', 'c', 'ch']);
    expect(summary.ran).toEqual(['b', 'c', 'ch']);
    expect(['a', 'b', 'c', 'ch', 'd'].map((id) => runner.runCount(id))).toEqual([1, 2, 2, 2, 1]);
  });

  it('re-runs an edited cell and its downstream cells only', async () => {
    const runner = createRunner(db);
    let doc = chain();
    await runner.runAll(doc);
    expect(['a', 'b', 'c', 'ch', 'd'].map((id) => runner.runCount(id))).toEqual([1, 1, 1, 1, 1]);
    const topRevenue = () => {
      const out = runner.result('c')?.output;
      return out?.kind === 'table' ? tableToRows(out.preview)[0]?.revenue : undefined;
    };
    const before = topRevenue() as number;
    expect(before).toBeGreaterThan(0);

    doc = updateCell(doc, 'a', { source: "SELECT date_trunc('month', ts) AS month, sum(revenue) * 2 AS revenue FROM cb_orders GROUP BY ALL" });
    const summary = await runner.runCell(doc, 'a');
    expect(summary.ran).toEqual(['a', 'b', 'c', 'ch']);
    expect(['a', 'b', 'c', 'ch', 'd'].map((id) => runner.runCount(id))).toEqual([2, 2, 2, 2, 1]);

    await runner.runCell(doc, 'b');
    expect(['a', 'b', 'c', 'ch', 'd'].map((id) => runner.runCount(id))).toEqual([2, 3, 3, 3, 1]);
    expect(topRevenue()).toBe(2 * before);
  });

  it('marks the dependents of a failing cell stale and leaves the rest intact', async () => {
    const events: RunEvent[] = [];
    const runner = createRunner(db, { onEvent: (e) => events.push(e) });
    let doc = chain();
    await runner.runAll(doc);
    const before = runner.result('d');
    doc = updateCell(doc, 'a', { source: 'SELECT date_trunc(\'month\', ts) AS month,\n  sum(revenue) AS revenue\nFROM cb_orders\nGROUP BY ALL ORDER BY monht' });
    const summary = await runner.runCell(doc, 'a');
    expect(summary).toMatchObject({ ran: ['a'], failed: ['a'], stale: ['b', 'c', 'ch'] });
    expect(runner.result('a')).toMatchObject({ status: 'error', error: { kind: 'sql', line: 4 } });
    expect(runner.result('a')?.error?.message).toMatch(/monht/);
    expect(runner.result('b')).toMatchObject({ status: 'stale', staleReason: 'Blocked by monthly.', blockedBy: 'monthly' });
    expect(runner.result('ch')).toMatchObject({ status: 'stale', blockedBy: 'best' });
    expect(runner.result('d')).toBe(before);
    expect(runner.runCount('d')).toBe(1);
    expect(events.filter((e) => e.type === 'stale').map((e) => e.cellId)).toEqual(['b', 'c', 'ch']);
    expect(events.filter((e) => e.cellId === 'd')).toHaveLength(1 * 3);
  });

  it('extracts the line and column of a syntax error', async () => {
    const runner = createRunner(db);
    await runner.runAll(nb(sql('x', 'broken', 'SELECT 1 AS a,\n  2 FORM cb_orders')));
    expect(runner.result('x')?.error).toMatchObject({ kind: 'sql', line: 2, column: 10 });
    expect(runner.result('x')?.error?.message).toBe('Parser Error: syntax error at or near "cb_orders"');
  });

  it('reports a missing name on the cell that reads it', async () => {
    const runner = createRunner(db);
    await runner.runAll(nb(sql('x', 'uses_missing', 'SELECT *\nFROM orders_by_mnth'), { id: 'c', kind: 'chart', name: 'c', data: 'nowhere', source: '{"mark":"bar"}' }));
    expect(runner.result('x')?.error).toMatchObject({
      kind: 'missing',
      message: 'No cell or table named orders_by_mnth. Check the name, or add a SQL cell named orders_by_mnth.',
      line: 2,
    });
    expect(runner.result('c')?.error).toMatchObject({ kind: 'missing', names: ['nowhere'] });
  });

  it('reports a cycle on each of its cells and does not run them; the rest runs', async () => {
    const runner = createRunner(db);
    const doc = nb(sql('p', 'p', 'SELECT * FROM q'), sql('q', 'q', 'SELECT * FROM p'), sql('r', 'r', 'SELECT * FROM p'), sql('s', 's', 'SELECT 1 AS one'));
    const summary = await runner.runAll(doc);
    expect(runner.result('p')?.error).toMatchObject({ kind: 'cycle', names: ['p', 'q'] });
    expect(runner.result('q')?.error?.message).toContain('p → q → p');
    expect(runner.runCount('p') + runner.runCount('q')).toBe(0);
    expect(runner.result('r')).toMatchObject({ status: 'stale', blockedBy: 'p' });
    expect(runner.result('s')?.status).toBe('ok');
    expect(summary.ran).toEqual(['s']);
  });

  it('refuses to replace a table it did not create', async () => {
    const runner = createRunner(db);
    await runner.runAll(nb(sql('x', 'cb_orders', 'SELECT 1')));
    expect(runner.result('x')?.error?.kind).toBe('name');
    expect(tableToRows(await db.query('SELECT count(*) AS n FROM cb_orders'))[0]?.n).toBe(100);
  });

  it('drops the table of a renamed cell', async () => {
    const runner = createRunner(db);
    let doc = nb(sql('x', 'old_name', 'SELECT 1 AS one'));
    await runner.runAll(doc);
    const renamed = renameCell(doc, 'x', 'new_name');
    if (!renamed.ok) throw new Error(renamed.error);
    doc = renamed.notebook;
    await runner.runCell(doc, 'x');
    const names = tableToRows(await db.query("SELECT table_name FROM duckdb_tables() WHERE table_name IN ('old_name','new_name')"));
    expect(names.map((r) => r.table_name)).toEqual(['new_name']);
  });

  it('reads chart data as Arrow bytes, truncating to the row limit and saying so', async () => {
    const runner = createRunner(db, { chartRowLimit: 10 });
    await runner.runAll(nb(sql('a', 'many', 'SELECT range AS x FROM range(25)'), { id: 'c', kind: 'chart', name: 'c', data: 'many', source: '{"mark":"point","encoding":{"x":{"field":"x","type":"quantitative"}}}' }));
    const out = runner.result('c')?.output;
    expect(out?.kind).toBe('chart');
    if (out?.kind !== 'chart') return;
    expect(out.spec.data).toBeUndefined();
    expect((specWithData(out.spec, out.data).data as { values: unknown[] }).values).toEqual(Array.from({ length: 10 }, (_, x) => ({ x })));
    expect(out).toMatchObject({ rows: 10, totalRows: 25, truncated: true });
    expect(out.notice).toContain('first 10 of 25 rows');
  });

  it('shows model cells as an info, not an error', async () => {
    const runner = createRunner(db);
    await runner.runAll(nb({ id: 'm', kind: 'model', name: 'churn', source: '{"data":"cb_orders"}' }));
    expect(runner.result('m')).toMatchObject({ status: 'info', output: { kind: 'info', message: 'Model cells arrive with the churn model.' } });
  });

  it('stops between cells when cancelled and marks the rest stale', async () => {
    const interrupts: number[] = [];
    let cancelled = false;
    const runner = createRunner(db, {
      interrupt: () => void interrupts.push(1),
      onEvent: (e) => {
        if (e.type === 'finished' && e.cellId === 'a' && !cancelled) {
          cancelled = true;
          runner.cancel();
        }
      },
    });
    const summary = await runner.runAll(chain());
    expect(summary.cancelled).toBe(true);
    expect(summary.ran).toEqual(['a']);
    expect(runner.result('b')).toMatchObject({ status: 'stale', staleReason: 'Cancelled. Run the cell again to finish.' });
    expect(interrupts).toEqual([1]);
    const again = await runner.runAll(chain());
    expect(again.cancelled).toBe(false);
    expect(runner.result('d')?.status).toBe('ok');
  });

  it('pages through a result for the grid', async () => {
    const runner = createRunner(db, { previewRows: 5 });
    await runner.runAll(nb(sql('a', 'big', 'SELECT range AS x FROM range(1000) ORDER BY x')));
    const out = runner.result('a')?.output;
    expect(out?.kind === 'table' && [out.preview.numRows, out.rowCount]).toEqual([5, 1000]);
    expect(tableToRows(await runner.page('big', 500, 3)).map((r) => r.x)).toEqual([500, 501, 502]);
  });
});
