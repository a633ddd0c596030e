import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { buildGraph, downstreamOf, upstreamOf } from '../../../src/notebook/graph';
import type { Cell, Notebook } from '../../../src/notebook/types';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(() => db.close());

const sql = (id: string, name: string, source: string): Cell => ({ id, kind: 'sql', name, source });
const nb = (...cells: Cell[]): Notebook => ({ id: 'n', title: '', cells });
const graphOf = (doc: Notebook) => buildGraph(doc, (s) => db.identifiers(s));

describe('buildGraph', () => {
  it('is not fooled by names inside strings, comments or quoted aliases', async () => {
    const g = await graphOf(
      nb(
        sql('a', 'orders_by_month', 'SELECT 1 AS n'),
        sql('b', 'other', "SELECT 'orders_by_month' AS label -- orders_by_month\n/* FROM orders_by_month */ FROM range(3)"),
        sql('c', 'reader', 'SELECT * FROM "orders_by_month"'),
      ),
    );
    expect(g.reads.get('b')).toEqual([]);
    expect(g.reads.get('c')).toEqual(['orders_by_month']);
  });

  it('matches names case-insensitively, like DuckDB', async () => {
    const g = await graphOf(nb(sql('a', 'Monthly', 'SELECT 1'), sql('b', 'b', 'SELECT * FROM MONTHLY')));
    expect(g.upstream.get('b')).toEqual(['a']);
  });

  it('reads a chart data name and a model input table', async () => {
    const g = await graphOf(
      nb(
        sql('a', 'features', 'SELECT 1 AS x'),
        { id: 'c', kind: 'chart', name: 'c1', data: 'features', source: '{}' },
        { id: 'm', kind: 'model', name: 'churn', source: '{"data": "features"}' },
        { id: 'm2', kind: 'model', name: 'churn2', source: 'not json' },
      ),
    );
    expect(g.reads.get('c')).toEqual(['features']);
    expect(g.reads.get('m')).toEqual(['features']);
    expect(g.reads.get('m2')).toEqual([]);
    expect(downstreamOf(g, 'a')).toEqual(['c', 'm']);
  });

  it('counts a read of a model cell\'s side tables (its name, then an underscore) as a read of the model cell', async () => {
    const g = await graphOf(
      nb(
        { id: 'm', kind: 'model', name: 'customer_clusters', source: '{"kind": "clusters"}' },
        { id: 'k', kind: 'chart', name: 'choice', data: 'customer_clusters_k', source: '{}' },
        sql('p', 'profile', 'SELECT * FROM customer_clusters_profile'),
        sql('own', 'customer_clusters_top', 'SELECT 1 AS x'),
        sql('t', 'top', 'SELECT * FROM customer_clusters_top'),
        sql('o', 'other', 'SELECT * FROM customer_clustersx'),
      ),
    );
    expect(g.reads.get('k')).toEqual(['customer_clusters']);
    expect(g.reads.get('p')).toEqual(['customer_clusters']);
    // A cell of that very name is read, not the model.
    expect(g.upstream.get('t')).toEqual(['own']);
    expect(g.reads.get('o')).toEqual([]);
    expect(downstreamOf(g, 'm')).toEqual(['k', 'p']);
  });

  it('orders cells topologically and gives transitive downstream and upstream cells', async () => {
    const g = await graphOf(
      nb(sql('d', 'd', 'SELECT * FROM c'), sql('c', 'c', 'SELECT * FROM b JOIN a USING (x)'), sql('b', 'b', 'SELECT * FROM a'), sql('a', 'a', 'SELECT 1 AS x'), sql('e', 'e', 'SELECT 2')),
    );
    expect(g.order).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(downstreamOf(g, 'b')).toEqual(['c', 'd']);
    expect(upstreamOf(g, 'd')).toEqual(['a', 'b', 'c']);
    expect(downstreamOf(g, 'e')).toEqual([]);
  });

  it('finds cycles and names their cells on each of them; cells outside stay in the order', async () => {
    const g = await graphOf(
      nb(sql('a', 'a', 'SELECT * FROM c'), sql('b', 'b', 'SELECT * FROM a'), sql('c', 'c', 'SELECT * FROM b'), sql('d', 'd', 'SELECT * FROM a'), sql('e', 'e', 'SELECT 1')),
    );
    expect(g.cycles.get('a')).toEqual(['a', 'b', 'c']);
    expect(g.cycles.get('c')).toEqual(['a', 'b', 'c']);
    expect(g.cycles.has('d')).toBe(false);
    expect(g.order).toEqual(['d', 'e']);
  });

  it('treats a chart drawing itself as a cycle, but ignores a query naming its own cell', async () => {
    const g = await graphOf(nb({ id: 'c', kind: 'chart', name: 'c', data: 'c', source: '{}' }, sql('s', 's', 'SELECT s.x FROM (SELECT 1 AS x) s')));
    expect(g.cycles.get('c')).toEqual(['c']);
    expect(g.cycles.has('s')).toBe(false);
  });

  it('flags a repeated name', async () => {
    const g = await graphOf(nb(sql('a', 'x', 'SELECT 1'), sql('b', 'X', 'SELECT 2')));
    expect([...g.duplicates]).toEqual(['b']);
  });
});
