/**
 * The clustering model cell: k-means runs behind the trainer (the training worker's own service on an
 * in-memory port, as in the browser), the cell writes customer_clusters with its profile and k tables, reads
 * the period's orders when its settings say so, and the one-click analysis's cells run on what it wrote.
 */
import { describe, expect, it } from 'vitest';
import { tableToRows } from '../../../src/engine/rows';
import { createModelHook, parseModelSettings } from '../../../src/training/model-hook';
import type { ClustersModelSummary } from '../../../src/notebook/model-summary';
import { createRunner } from '../../../src/notebook/runner';
import { oneClickCells } from '../../../src/analyses/one-click';
import { periodCells } from '../../../src/analyses/cells/period';
import { ALL_DATA } from '../../../src/analyses/date-range';
import { dataFacts } from '../../../src/analyses/data-facts';
import type { Cell, Notebook } from '../../../src/notebook/types';
import { sampleWithTrainer } from './sample-fixture';

const env = sampleWithTrainer();

describe('clustering model cell', () => {
  it('reads its settings with defaults', () => {
    expect(parseModelSettings('{"kind": "clusters"}')).toEqual({ kind: 'clusters', k: 'auto', seed: 42, restarts: 5, orders: 'cb_orders' });
    expect(parseModelSettings('{"kind": "clusters", "k": 4, "data": "orders_in_period"}')).toMatchObject({ k: 4, orders: 'orders_in_period' });
    expect(() => parseModelSettings('{"kind": "clusters", "k": 0}')).toThrow(/"k"/);
  });

  it('clusters in the env.trainer and writes the member, profile and k tables', async () => {
    const hook = createModelHook(env.trainer);
    const outcome = await hook({ id: 'm', kind: 'model', name: 'customer_clusters', source: '{"kind": "clusters", "k": "auto", "seed": 42}' }, { db: env.db, signal: new AbortController().signal });
    if ('error' in outcome) throw new Error(outcome.error.message);
    const summary = (outcome.output as { summary: ClustersModelSummary }).summary;
    expect(summary.kind).toBe('clusters');
    const customers = Number((await env.db.query('SELECT count(*) AS n FROM cb_customers')).get(0)!.n);
    expect(summary.customers).toBe(customers);
    expect(summary.sentence).toMatch(new RegExp(`^${customers} customers fall into ${summary.k} groups \\(k chosen by the silhouette, 0\\.\\d\\d\\)\\. The most valuable, ".+", is \\d+% of customers and brings \\d+% of revenue\\.$`));
    const members = tableToRows(await env.db.query('SELECT count(*) AS n, count(DISTINCT cluster) AS k FROM customer_clusters'));
    expect(members).toEqual([{ n: customers, k: summary.k }]);
    const profile = tableToRows(await env.db.query('SELECT cluster, customers FROM customer_clusters_profile ORDER BY cluster'));
    expect(profile.map((r) => Number(r.customers))).toEqual(summary.clusters.map((c) => c.customers));
    // Each customer's cluster lines up with their own features: the members' means are the profile's.
    const aligned = tableToRows(
      await env.db.query(`SELECT c.cluster, abs(avg(c.recency_days) - any_value(p.recency_days)) < 1e-6 AND abs(avg(c.revenue) - any_value(p.revenue)) < 1e-6 AS same
        FROM customer_clusters c JOIN customer_clusters_profile p USING (cluster) GROUP BY c.cluster ORDER BY c.cluster`),
    );
    expect(aligned.every((r) => r.same === true)).toBe(true);
    const k = tableToRows(await env.db.query('SELECT k, chosen FROM customer_clusters_k WHERE chosen'));
    expect(k).toEqual([{ k: summary.k, chosen: true }]);
  }, 120_000);

  it('runs the one-click cells on what it wrote, period cells first', async () => {
    const facts = await dataFacts(env.db);
    let n = 0;
    const withIds = (cells: readonly object[]) => cells.map((c) => ({ ...c, id: `c${++n}` })) as Cell[];
    const nb: Notebook = { id: 'nb', title: 't', cells: [...withIds(periodCells(ALL_DATA)), ...withIds(oneClickCells('clusters', { language: 'en', facts }))] };
    const runner = createRunner(env.db, { model: createModelHook(env.trainer) });
    const summary = await runner.runAll(nb);
    expect(summary.failed).toEqual([]);
    const results = runner.results();
    for (const cell of nb.cells) {
      if (cell.kind !== 'markdown') expect({ cell: cell.name, status: results.get(cell.id)?.status }).toEqual({ cell: cell.name, status: 'ok' });
    }
    const sample = Number((await env.db.query('SELECT count(*) AS n FROM cluster_map_sample')).get(0)!.n);
    expect(sample).toBe(Math.min(3000, facts.customers));
  }, 120_000);
});
