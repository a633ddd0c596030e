/**
 * Segmentation by clustering: k-means (src/models/kmeans.ts) on standardised per-customer features, k chosen
 * by the silhouette over k = 2 .. 8 (the elbow of the inertia shown beside it), a profile per cluster (size,
 * mean features, revenue share) with a plain name suggested from it, and a 2-D principal-component projection
 * for the scatter. Features, as of the day after the last purchase: recency in days, log(1 + orders),
 * log(1 + revenue), log(1 + average order value) and tenure in days (logs tame the long tails of money and
 * counts, so a few big spenders do not make a cluster of their own).
 */
import type { Vector } from 'apache-arrow';
import { readNumericColumns, withStagedTable } from '../engine/arrow-tables';
import type { Db } from '../engine/db';
import { boolVector, float64Vector, int32Vector, utf8Vector } from '../engine/arrow-vectors';
import { ident, literal } from '../sql/quote';
import type { Lang, Localized } from '../text/language';
import { kMeans, type KMeansResult } from '../models/kmeans';
import { project2d, sampleRows, silhouette, standardise } from '../models/cluster-stats';
import type { TrainControl } from '../models/model';

/** The features clustered, in column order. */
export const CLUSTER_FEATURES = ['recency_days', 'orders', 'revenue', 'avg_order_value', 'tenure_days'] as const;
type Feature = (typeof CLUSTER_FEATURES)[number];

/** Candidate k when the user leaves it to the data. */
export const K_CANDIDATES = [2, 3, 4, 5, 6, 7, 8];

/**
 * Customers k is chosen on when left to the data: with more, every candidate k is fitted on a seeded sample
 * of this many and only the chosen k on everyone (choosing on 159,219 customers took 35 s in the browser).
 */
export const K_CHOICE_SAMPLE = 20_000;

export interface ClusterOptions {
  /** A number of clusters, or `auto` (the best silhouette over K_CANDIDATES). */
  k?: number | 'auto';
  seed?: number;
  restarts?: number;
  /** The table written (default `customer_clusters`); null writes none. Its profile and k tables are `<table>_profile`, `<table>_k`. */
  table?: string | null;
  /** The orders the features come from (default `cb_orders`; a notebook with a date range: `orders_in_period`). */
  orders?: string;
  /** The language of the cluster names written in the tables (the notebook's; default English). */
  language?: Lang;
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

/** The SQL of the per-customer features (raw units) from `orders`. */
export function clusterFeaturesSql(orders = 'cb_orders'): string {
  const source = /^(cb_orders|orders_in_period)$/.test(orders) ? orders : ident(orders);
  return `
WITH snapshot AS (SELECT CAST(max(ts) AS DATE) + 1 AS day FROM ${source})
SELECT
  customer_id,
  CAST(date_diff('day', CAST(max(ts) AS DATE), (SELECT day FROM snapshot)) AS DOUBLE) AS recency_days,
  CAST(count(*) AS DOUBLE) AS orders,
  CAST(sum(revenue) AS DOUBLE) AS revenue,
  CAST(sum(revenue) / count(*) AS DOUBLE) AS avg_order_value,
  CAST(date_diff('day', CAST(min(ts) AS DATE), (SELECT day FROM snapshot)) AS DOUBLE) AS tenure_days
FROM ${source}
WHERE customer_id IS NOT NULL
GROUP BY customer_id
ORDER BY customer_id`;
}

/** Thrown when the data cannot be clustered, with the reason in plain words. */
export class ClusterInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClusterInputError';
  }
}

/** The numeric part of a clustering (it runs in the training worker in the browser). */
export interface ClusterFit {
  k: number;
  chosenBy: 'silhouette' | 'user';
  candidates: ClusterCandidate[];
  /** Most valuable first; `cluster` is the k-means label. */
  clusters: ClusterProfile[];
  /** Each row's k-means label. */
  assignments: Int32Array;
  /** Each row's place on the two principal axes. */
  x: Float32Array;
  y: Float32Array;
  explained: [number, number];
}

/** What a clustering needs to be told: the number of clusters, the seed, the restarts. */
export type ClusterFitOptions = Pick<ClusterOptions, 'k' | 'seed' | 'restarts'>;

/** Fits a clustering of `raw` (row-major customers × CLUSTER_FEATURES, in their own units). */
export type ClusterFitter = (raw: Float64Array, rows: number, options: ClusterFitOptions, control?: TrainControl) => Promise<ClusterFit>;

/** Standardises, fits every candidate k (or the one asked), keeps the best silhouette, profiles and projects. */
export async function clusterMatrix(raw: Float64Array, rows: number, options: ClusterFitOptions = {}, control: TrainControl = {}): Promise<ClusterFit> {
  const columns = CLUSTER_FEATURES.length;
  const requested = options.k ?? 'auto';
  const smallest = requested === 'auto' ? K_CANDIDATES[0]! : requested;
  if (requested !== 'auto' && (!Number.isInteger(requested) || requested < 1)) {
    throw new ClusterInputError(`The number of clusters must be a whole number from 1, got ${requested}.`);
  }
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
  const restarts = options.restarts ?? 5;
  const fit = (k: number) => kMeans(z, rows, columns, { k, seed, restarts }, control);
  const candidates: ClusterCandidate[] = [];
  let chosen: KMeansResult;
  if (requested === 'auto') {
    // Choose k on a sample when there are many customers; its inertias are scaled to the whole base.
    const picked = sampleRows(rows, K_CHOICE_SAMPLE, seed);
    const sampled = picked.length < rows;
    const zs = sampled ? new Float32Array(picked.length * columns) : z;
    if (sampled) picked.forEach((row, i) => zs.set(z.subarray(row * columns, (row + 1) * columns), i * columns));
    const scale = rows / picked.length;
    let best: { k: number; result: KMeansResult; score: number } | null = null;
    for (const k of K_CANDIDATES.filter((k) => k * 3 <= picked.length)) {
      const result = await kMeans(zs, picked.length, columns, { k, seed, restarts }, control);
      const score = silhouette(zs, picked.length, columns, result.assignments, k, 2000, seed);
      candidates.push({ k, inertia: result.inertia * scale, silhouette: score });
      if (!best || score > best.score) best = { k, result, score };
    }
    chosen = sampled ? await fit(best!.k) : best!.result;
  } else {
    chosen = await fit(requested);
    candidates.push({ k: requested, inertia: chosen.inertia, silhouette: silhouette(z, rows, columns, chosen.assignments, requested, 2000, seed) });
  }
  const projection = project2d(z, rows, columns);
  return {
    k: chosen.k,
    chosenBy: requested === 'auto' ? 'silhouette' : 'user',
    candidates,
    clusters: profiles(chosen, raw, z, rows, columns),
    assignments: chosen.assignments,
    x: projection.x,
    y: projection.y,
    explained: [projection.explained[0] ?? 0, projection.explained[1] ?? 0],
  };
}

/**
 * Clusters the loaded customers (their orders in `orders`, default cb_orders) with `fit` (here, or the
 * training worker's); writes `customer_clusters` unless told not to.
 */
export async function clusterCustomers(db: Db, options: ClusterOptions = {}, control: TrainControl = {}, fit: ClusterFitter = clusterMatrix): Promise<ClusterResult> {
  // The features stay in the engine; the page moves numbers only (row r of the fit is the table's rowid r) and
  // the ids are joined back on in SQL.
  const features = `${options.table ?? 'customer_clusters'}__features`;
  await db.exec(`CREATE OR REPLACE TEMP TABLE ${ident(features)} AS ${clusterFeaturesSql(options.orders ?? 'cb_orders')}`);
  try {
    const kinds = Object.fromEntries(CLUSTER_FEATURES.map((f) => [f, Float64Array])) as Record<Feature, typeof Float64Array>;
    const { rows, columns: read } = await readNumericColumns(db, features, kinds);
    const columns = CLUSTER_FEATURES.length;
    const raw = new Float64Array(rows * columns);
    CLUSTER_FEATURES.forEach((feature, c) => {
      const values = read[feature];
      for (let r = 0; r < rows; r++) raw[r * columns + c] = values[r]!;
    });
    const result = await fit(raw, rows, { k: options.k, seed: options.seed, restarts: options.restarts }, control);
    if (options.table !== null) await writeClusterTables(db, options.table ?? 'customer_clusters', features, result, options.language ?? 'en');
    return { k: result.k, chosenBy: result.chosenBy, candidates: result.candidates, clusters: result.clusters, explained: result.explained, customers: rows };
  } finally {
    await db.exec(`DROP TABLE IF EXISTS ${ident(features)}`);
  }
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

/** The names a cluster can be given, in both languages. */
export const CLUSTER_NAMES = {
  new: { en: 'New customers', 'zh-CN': '新客户' },
  loyal: { en: 'Loyal big spenders', 'zh-CN': '忠实的高消费客户' },
  slipping: { en: 'Regulars slipping away', 'zh-CN': '正在流失的老客户' },
  lapsed: { en: 'Lapsed one-time buyers', 'zh-CN': '已流失的一次性客户' },
  steady: { en: 'Steady regulars', 'zh-CN': '稳定的回头客' },
  bigBasket: { en: 'Big-basket occasional buyers', 'zh-CN': '客单价高的偶尔购买者' },
  occasional: { en: 'Occasional buyers', 'zh-CN': '偶尔购买的客户' },
} as const satisfies Record<string, Localized>;

/** English cluster name → Chinese, for relabelling chart data (numbered repeats included up to 9). */
export function clusterNameLabels(): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const name of Object.values(CLUSTER_NAMES)) {
    labels[name.en] = name['zh-CN'];
    for (let n = 2; n <= 9; n++) labels[`${name.en} (${n})`] = `${name['zh-CN']}（${n}）`;
  }
  return labels;
}

/**
 * A name from the cluster's centre in standard units (recency: + is long ago; orders, revenue, order value
 * and tenure: + is more). The first rule that fits wins.
 */
export function clusterName(centre: Record<Feature, number>): Localized {
  const { recency_days: recency, orders, revenue, avg_order_value: basket, tenure_days: tenure } = centre;
  if (tenure < -0.5 && recency < -0.3) return CLUSTER_NAMES.new;
  if (revenue > 0.7 && orders > 0.5 && recency < 0) return CLUSTER_NAMES.loyal;
  if (orders > 0.5 && recency > 0.3) return CLUSTER_NAMES.slipping;
  if (recency > 0.5 && orders <= 0) return CLUSTER_NAMES.lapsed;
  if (orders > 0.5) return CLUSTER_NAMES.steady;
  if (basket > 0.7) return CLUSTER_NAMES.bigBasket;
  return CLUSTER_NAMES.occasional;
}

/** Writes `name` (one row per customer), `<name>_profile` (one row per cluster) and `<name>_k` (the candidates). */
async function writeClusterTables(db: Db, name: string, features: string, fit: ClusterFit, language: Lang): Promise<void> {
  // Clusters are numbered from 1 in the profiles' order (most valuable first); k-means labels map to them in SQL.
  const numbering = fit.clusters.map((p, i) => `(${literal(p.cluster)}, ${literal(i + 1)}, ${literal(p.name[language])})`).join(', ');
  const rowIndex = new Int32Array(fit.assignments.length);
  for (let r = 0; r < rowIndex.length; r++) rowIndex[r] = r;
  const staging = `${name}__staging`;
  await withStagedTable(
    db,
    staging,
    { row_index: int32Vector(rowIndex), label: int32Vector(fit.assignments), pc1: float64Vector(Float64Array.from(fit.x)), pc2: float64Vector(Float64Array.from(fit.y)) },
    () =>
      db.exec(`CREATE OR REPLACE TABLE ${ident(name)} AS
SELECT f.customer_id, m.cluster, m.cluster_name, s.pc1, s.pc2, ${CLUSTER_FEATURES.map((c) => `f.${c}`).join(', ')}
FROM ${ident(staging)} AS s
JOIN ${ident(features)} AS f ON f.rowid = s.row_index
JOIN (VALUES ${numbering}) AS m(label, cluster, cluster_name) USING (label)
ORDER BY m.cluster, f.customer_id`),
  );
  const mean = (f: Feature) => float64Vector(Float64Array.from(fit.clusters, (p) => p.means[f]));
  await writeArrow(db, `${name}_profile`, {
    cluster: int32Vector(Int32Array.from(fit.clusters, (_, i) => i + 1)),
    cluster_name: utf8Vector(fit.clusters.map((p) => p.name[language])),
    customers: int32Vector(Int32Array.from(fit.clusters, (p) => p.customers)),
    share: float64Vector(Float64Array.from(fit.clusters, (p) => p.share)),
    revenue_share: float64Vector(Float64Array.from(fit.clusters, (p) => p.revenueShare)),
    recency_days: mean('recency_days'),
    orders: mean('orders'),
    revenue: mean('revenue'),
    avg_order_value: mean('avg_order_value'),
    tenure_days: mean('tenure_days'),
  }, 'cluster');
  await writeArrow(db, `${name}_k`, {
    k: int32Vector(Int32Array.from(fit.candidates, (c) => c.k)),
    inertia: float64Vector(Float64Array.from(fit.candidates, (c) => c.inertia)),
    silhouette: float64Vector(Float64Array.from(fit.candidates, (c) => c.silhouette)),
    chosen: boolVector(fit.candidates.map((c) => c.k === fit.k)),
  }, 'k');
}

/** Writes `name` from `columns`, its rows in the order `order` (SQL). */
async function writeArrow(db: Db, name: string, columns: Record<string, Vector>, order: string): Promise<void> {
  const staging = `${name}__staging`;
  await withStagedTable(db, staging, columns, () => db.exec(`CREATE OR REPLACE TABLE ${ident(name)} AS SELECT * FROM ${ident(staging)} ORDER BY ${order}`));
}
