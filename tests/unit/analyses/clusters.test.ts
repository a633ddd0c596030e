/**
 * Segmentation by clustering (src/analyses/clusters.ts) on the generator's shop: k chosen by silhouette, a
 * profile per cluster that adds up, a `customer_clusters` table of every customer, the same answer for the
 * same seed; and the cluster statistics by hand (silhouette, projection).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { tableToRows } from '../../../src/engine/rows';
import { loadFile } from '../../../src/ingest/load';
import { bytesSource } from '../../../src/ingest/sources';
import { useNodeBackend } from '../../../src/models/backend-node';
import { clusterCustomers, clusterMatrix, clusterName, K_CANDIDATES, K_CHOICE_SAMPLE } from '../../../src/analyses/clusters';
import { seededRandom } from '../../../src/models/split';
import { project2d, silhouette } from '../../../src/models/cluster-stats';
import { generatedShop } from './generated-shop';

describe('clustering customers', () => {
  let db: Db;
  beforeAll(async () => {
    await useNodeBackend('wasm');
    db = await openNodeDb();
    await loadFile(db, bytesSource('shop.csv', generatedShop(30_000, 42).bytes));
  });
  afterAll(async () => {
    await db.close();
  });

  it('chooses k by silhouette, profiles every cluster and writes customer_clusters, the same for the same seed', async () => {
    const result = await clusterCustomers(db, { k: 'auto', seed: 42 });
    const customers = Number((await db.query('SELECT count(*) AS n FROM cb_customers')).get(0)!.n);
    expect(result.customers).toBe(customers);
    expect(result.chosenBy).toBe('silhouette');
    expect(result.candidates.map((c) => c.k)).toEqual(K_CANDIDATES);
    const best = Math.max(...result.candidates.map((c) => c.silhouette));
    expect(result.candidates.find((c) => c.k === result.k)?.silhouette).toBe(best);
    for (const c of result.candidates) expect(Math.abs(c.silhouette)).toBeLessThanOrEqual(1);
    // Inertia falls as k grows (the elbow chart's premise).
    const inertias = result.candidates.map((c) => c.inertia);
    expect(inertias).toEqual([...inertias].sort((a, b) => b - a));
    expect(result.clusters.reduce((n, c) => n + c.customers, 0)).toBe(customers);
    expect(result.clusters.reduce((s, c) => s + c.revenueShare, 0)).toBeCloseTo(1, 9);
    expect(result.clusters.map((c) => c.revenueShare)).toEqual([...result.clusters.map((c) => c.revenueShare)].sort((a, b) => b - a));
    expect(result.clusters.every((c) => c.name.en.length > 0 && c.name['zh-CN'].length > 0)).toBe(true);
    expect(result.explained[0] + result.explained[1]).toBeLessThanOrEqual(1 + 1e-9);

    const rows = tableToRows(await db.query('SELECT cluster, count(*) AS n, any_value(cluster_name) AS name FROM customer_clusters GROUP BY cluster ORDER BY cluster'));
    expect(rows.map((r) => Number(r.n))).toEqual(result.clusters.map((c) => c.customers));
    expect(rows.map((r) => r.name)).toEqual(result.clusters.map((c) => c.name.en));

    const again = await clusterCustomers(db, { k: 'auto', seed: 42, table: 'clusters_again' });
    expect(again.clusters).toEqual(result.clusters);
    const differences = await db.query('SELECT count(*) AS n FROM customer_clusters a JOIN clusters_again b USING (customer_id) WHERE a.cluster <> b.cluster');
    expect(Number(differences.get(0)!.n)).toBe(0);
  }, 120_000);

  it('chooses k on a sample when there are many customers, then groups everyone: four planted groups recovered, the same for the same seed', async () => {
    // Four kinds of customer, 6,000 each (more than the choice sample): recency, orders, revenue, order value, tenure.
    const kinds = [
      [10, 20, 2000, 100, 700],
      [300, 1, 40, 40, 300],
      [20, 1, 30, 30, 25],
      [200, 8, 4000, 500, 900],
    ];
    const random = seededRandom(5);
    const rows = 24_000;
    const raw = new Float64Array(rows * 5);
    const truth = new Int32Array(rows);
    for (let r = 0; r < rows; r++) {
      truth[r] = r % 4;
      kinds[r % 4]!.forEach((centre, c) => (raw[r * 5 + c] = centre * (0.9 + 0.2 * random())));
    }
    expect(rows).toBeGreaterThan(K_CHOICE_SAMPLE);
    const fit = await clusterMatrix(raw, rows, { k: 'auto', seed: 11, restarts: 2 });
    expect(fit.k).toBe(4);
    expect(fit.candidates.map((c) => c.k)).toEqual(K_CANDIDATES);
    // The same planted group, the same cluster; four different clusters.
    const clusterOf = new Map<number, number>();
    for (let r = 0; r < rows; r++) {
      const seen = clusterOf.get(truth[r]!);
      if (seen === undefined) clusterOf.set(truth[r]!, fit.assignments[r]!);
      else expect(fit.assignments[r]).toBe(seen);
    }
    expect(new Set(clusterOf.values()).size).toBe(4);
    const again = await clusterMatrix(raw, rows, { k: 'auto', seed: 11, restarts: 2 });
    expect(Array.from(again.assignments)).toEqual(Array.from(fit.assignments));
  }, 120_000);

  it('takes the k it is given', async () => {
    const result = await clusterCustomers(db, { k: 3, seed: 1, table: null });
    expect(result.k).toBe(3);
    expect(result.chosenBy).toBe('user');
    expect(result.clusters).toHaveLength(3);
  });

  /** Two tight pairs far apart: every point's own pair is at distance 1, the other pair at about 10 → silhouette ≈ 0.9. */
  it('computes the silhouette and the principal axes by hand', () => {
    const data = [0, 0, 0, 1, 10, 0, 10, 1];
    const s = silhouette(data, 4, 2, [0, 0, 1, 1], 2);
    const a = 1;
    const b = (10 + Math.sqrt(101)) / 2;
    expect(s).toBeCloseTo((b - a) / b, 9);
    // Points on the line y = 2x: the first axis is (1, 2)/√5 and carries all the variance.
    const line = [0, 0, 1, 2, 2, 4, 3, 6];
    const p = project2d(line, 4, 2);
    expect(p.components[0]![0]).toBeCloseTo(1 / Math.sqrt(5), 9);
    expect(p.components[0]![1]).toBeCloseTo(2 / Math.sqrt(5), 9);
    expect(p.explained[0]).toBeCloseTo(1, 9);
    expect(Array.from(p.x)).toEqual([0, 1, 2, 3].map((t) => expect.closeTo((t - 1.5) * Math.sqrt(5), 5)));
  });

  it('names clusters from their profile', () => {
    expect(clusterName({ recency_days: -0.8, orders: -0.4, revenue: -0.3, avg_order_value: 0, tenure_days: -1 }).en).toBe('New customers');
    expect(clusterName({ recency_days: -0.5, orders: 1.2, revenue: 1.4, avg_order_value: 0.3, tenure_days: 0.8 }).en).toBe('Loyal big spenders');
    expect(clusterName({ recency_days: 1.1, orders: -0.6, revenue: -0.5, avg_order_value: 0, tenure_days: 0.9 })['zh-CN']).toBe('已流失的一次性客户');
  });
});
