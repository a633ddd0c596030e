/**
 * Segmentation by clustering: k-means (src/models/kmeans.ts) on standardised per-customer features, k chosen
 * by the silhouette over k = 2 .. 8 (the elbow of the inertia shown beside it), a profile per cluster (size,
 * mean features, revenue share) with a plain name suggested from it, and a 2-D principal-component projection
 * for the scatter. Features, as of the day after the last purchase: recency in days, log(1 + orders),
 * log(1 + revenue), log(1 + average order value) and tenure in days (logs tame the long tails of money and
 * counts, so a few big spenders do not make a cluster of their own).
 */
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import type { Db } from '../engine/db';
import { utf8Strings } from '../engine/arrow-vectors';
import { ident } from '../sql/quote';
import type { Localized } from '../text/language';
import { kMeans, type KMeansResult } from '../models/kmeans';
import { project2d, silhouette, standardise } from '../models/cluster-stats';
import type { TrainControl } from '../models/model';

/** The features clustered, in column order. */
export const CLUSTER_FEATURES = ['recency_days', 'orders', 'revenue', 'avg_order_value', 'tenure_days'] as const;
type Feature = (typeof CLUSTER_FEATURES)[number];

/** Candidate k when the user leaves it to the data. */
export const K_CANDIDATES = [2, 3, 4, 5, 6, 7, 8];

export interface ClusterOptions {
  /** A number of clusters, or `auto` (the best silhouette over K_CANDIDATES). */
  k?: number | 'auto';
  seed?: number;
  restarts?: number;
  /** The table written (default `customer_clusters`); null writes none. */
  table?: string | null;
}

export interface ClusterCandidate {
  k: number;
  inertia: number;
  silhouette: number;
}

export interface ClusterProfile {
  cluster: number;
  name: Localized;
  customers: number;
  share: number;
  revenueShare: number;
  /** Mean of each feature in its own units (days, orders, money). */
  means: Record<Feature, number>;
}

export interface ClusterResult {
  k: number;
  chosenBy: 'silhouette' | 'user';
  candidates: ClusterCandidate[];
  clusters: ClusterProfile[];
  /** Share of the features' variance the two projected axes carry. */
  explained: [number, number];
  customers: number;
}

/** The SQL of the per-customer features (raw units). */
export const CLUSTER_FEATURES_SQL = `
WITH snapshot AS (SELECT CAST(max(ts) AS DATE) + 1 AS day FROM cb_orders)
SELECT
  customer_id,
  CAST(date_diff('day', CAST(max(ts) AS DATE), (SELECT day FROM snapshot)) AS DOUBLE) AS recency_days,
  CAST(count(*) AS DOUBLE) AS orders,
  CAST(sum(revenue) AS DOUBLE) AS revenue,
  CAST(sum(revenue) / count(*) AS DOUBLE) AS avg_order_value,
  CAST(date_diff('day', CAST(min(ts) AS DATE), (SELECT day FROM snapshot)) AS DOUBLE) AS tenure_days
FROM cb_orders
WHERE customer_id IS NOT NULL
GROUP BY customer_id
ORDER BY customer_id`;

/** Thrown when the data cannot be clustered, with the reason in plain words. */
export class ClusterInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClusterInputError';
  }
}

/** Clusters the loaded customers; writes `customer_clusters` unless told not to. */
export async function clusterCustomers(db: Db, options: ClusterOptions = {}, control: TrainControl = {}): Promise<ClusterResult> {
  const table = await db.query(CLUSTER_FEATURES_SQL);
  const rows = table.numRows;
  const columns = CLUSTER_FEATURES.length;
  const raw = new Float64Array(rows * columns);
  CLUSTER_FEATURES.forEach((feature, c) => {
    const values = table.getChild(feature)!.toArray() as ArrayLike<number>;
    for (let r = 0; r < rows; r++) raw[r * columns + c] = Number(values[r]);
  });
  const requested = options.k ?? 'auto';
  const smallest = requested === 'auto' ? K_CANDIDATES[0]! : requested;
  if (rows < Math.max(10, smallest * 3)) throw new ClusterInputError(`Clustering needs more customers: ${rows} is too few for ${smallest} clusters.`);
  const shaped = new Float64Array(raw.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const value = raw[r * columns + c]!;
      shaped[r * columns + c] = c === 0 || c === 4 ? value : Math.log1p(Math.max(0, value));
    }
  }
  const z = standardise(shaped, rows, columns);
  const seed = options.seed ?? 42;
  const fit = (k: number) => kMeans(z, rows, columns, { k, seed, restarts: options.restarts ?? 5 }, control);
  const candidates: ClusterCandidate[] = [];
  let chosen: KMeansResult;
  if (requested === 'auto') {
    let best: { result: KMeansResult; score: number } | null = null;
    for (const k of K_CANDIDATES.filter((k) => k * 3 <= rows)) {
      const result = await fit(k);
      const score = silhouette(z, rows, columns, result.assignments, k, 2000, seed);
      candidates.push({ k, inertia: result.inertia, silhouette: score });
      if (!best || score > best.score) best = { result, score };
    }
    chosen = best!.result;
  } else {
    if (!Number.isInteger(requested) || requested < 1) throw new ClusterInputError(`The number of clusters must be a whole number from 1, got ${requested}.`);
    chosen = await fit(requested);
    candidates.push({ k: requested, inertia: chosen.inertia, silhouette: silhouette(z, rows, columns, chosen.assignments, requested, 2000, seed) });
  }
  const projection = project2d(z, rows, columns);
  const clusters = profiles(chosen, raw, z, rows, columns);
  if (options.table !== null) {
    const ids = utf8Strings(table.getChild('customer_id')!).map(String);
    await writeClusterTable(db, options.table ?? 'customer_clusters', ids, chosen.assignments, clusters, projection, raw);
  }
  return {
    k: chosen.k,
    chosenBy: requested === 'auto' ? 'silhouette' : 'user',
    candidates,
    clusters,
    explained: [projection.explained[0] ?? 0, projection.explained[1] ?? 0],
    customers: rows,
  };
}

function profiles(result: KMeansResult, raw: Float64Array, z: Float32Array, rows: number, columns: number): ClusterProfile[] {
  const k = result.k;
  const sums = Array.from({ length: k }, () => new Float64Array(columns));
  const zSums = Array.from({ length: k }, () => new Float64Array(columns));
  let revenue = 0;
  for (let r = 0; r < rows; r++) {
    const c = result.assignments[r]!;
    for (let f = 0; f < columns; f++) {
      sums[c]![f]! += raw[r * columns + f]!;
      zSums[c]![f]! += z[r * columns + f]!;
    }
    revenue += raw[r * columns + 2]!;
  }
  const found = Array.from({ length: k }, (_, c) => {
    const n = Math.max(1, result.sizes[c]!);
    const means = Object.fromEntries(CLUSTER_FEATURES.map((f, i) => [f, sums[c]![i]! / n])) as Record<Feature, number>;
    const centre = Object.fromEntries(CLUSTER_FEATURES.map((f, i) => [f, zSums[c]![i]! / n])) as Record<Feature, number>;
    return { cluster: c, name: clusterName(centre), customers: result.sizes[c]!, share: result.sizes[c]! / rows, revenueShare: revenue > 0 ? sums[c]![2]! / revenue : 0, means };
  });
  // Most valuable first, numbered in that order; names that repeat get a number.
  found.sort((a, b) => b.revenueShare - a.revenueShare || a.cluster - b.cluster);
  const seen = new Map<string, number>();
  return found.map((p) => {
    const times = (seen.get(p.name.en) ?? 0) + 1;
    seen.set(p.name.en, times);
    return times === 1 ? p : { ...p, name: { en: `${p.name.en} (${times})`, 'zh-CN': `${p.name['zh-CN']}（${times}）` } };
  });
}

/**
 * A name from the cluster's centre in standard units (recency: + is long ago; orders, revenue, order value
 * and tenure: + is more). The first rule that fits wins.
 */
export function clusterName(centre: Record<Feature, number>): Localized {
  const { recency_days: recency, orders, revenue, avg_order_value: basket, tenure_days: tenure } = centre;
  if (tenure < -0.5 && recency < -0.3) return { en: 'New customers', 'zh-CN': '新客户' };
  if (revenue > 0.7 && orders > 0.5 && recency < 0) return { en: 'Loyal big spenders', 'zh-CN': '忠实的高消费客户' };
  if (orders > 0.5 && recency > 0.3) return { en: 'Regulars slipping away', 'zh-CN': '正在流失的老客户' };
  if (recency > 0.5 && orders <= 0) return { en: 'Lapsed one-time buyers', 'zh-CN': '已流失的一次性客户' };
  if (orders > 0.5) return { en: 'Steady regulars', 'zh-CN': '稳定的回头客' };
  if (basket > 0.7) return { en: 'Big-basket occasional buyers', 'zh-CN': '客单价高的偶尔购买者' };
  return { en: 'Occasional buyers', 'zh-CN': '偶尔购买的客户' };
}

async function writeClusterTable(
  db: Db,
  name: string,
  ids: string[],
  assignments: Int32Array,
  clusters: ClusterProfile[],
  projection: { x: Float32Array; y: Float32Array },
  raw: Float64Array,
): Promise<void> {
  const columns = CLUSTER_FEATURES.length;
  // Clusters are numbered from 1 in the profiles' order (most valuable first).
  const number = new Map(clusters.map((p, i) => [p.cluster, i + 1]));
  const named = new Map(clusters.map((p) => [p.cluster, p.name.en]));
  const feature = (f: number) => Float64Array.from(ids, (_, r) => raw[r * columns + f]!);
  const arrow = tableFromArrays({
    customer_id: ids,
    cluster: Int32Array.from(assignments, (a) => number.get(a)!),
    cluster_name: Array.from(assignments, (a) => named.get(a)!),
    pc1: projection.x,
    pc2: projection.y,
    recency_days: feature(0),
    orders: feature(1),
    revenue: feature(2),
    avg_order_value: feature(3),
    tenure_days: feature(4),
  });
  const staging = `${name}__staging`;
  await db.exec(`DROP TABLE IF EXISTS ${ident(staging)}`);
  await db.insertArrow(staging, tableToIPC(arrow, 'stream'));
  try {
    await db.exec(`CREATE OR REPLACE TABLE ${ident(name)} AS SELECT * FROM ${ident(staging)} ORDER BY cluster, customer_id`);
  } finally {
    await db.exec(`DROP TABLE IF EXISTS ${ident(staging)}`);
  }
}
