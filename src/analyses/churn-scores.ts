/**
 * Acting on a churn model: score every current customer (features as of the data end), write the
 * `churn_scores` table back to DuckDB (Arrow IPC), and export an at-risk list as CSV.
 *
 * Tiers follow DESIGN.md section 4: retention p = 1 − P(churn); the retention tier is high when
 * p ≥ 0.8, medium when 0.5 ≤ p < 0.8, low when p < 0.5 (thresholds editable). `risk_band` is the same
 * tier seen from the other side: risk 'high' = retention tier 'low', 'medium' = 'medium', 'low' = 'high'.
 */
import type { Vector } from 'apache-arrow';
import { withStagedTable } from '../engine/arrow-tables';
import { float64Vector, int32Vector } from '../engine/arrow-vectors';
import type { Db } from '../engine/db';
import { tableToRows } from '../engine/rows';
import { rowsToCsv } from '../export/csv';
import { sha256Hex } from '../export/hash';
import { DIRECTION_TEXT, type Reasons } from '../models/explain';
import { ident, literal } from '../sql/quote';
import type { Lang } from '../text/language';
import type { ScoringSet } from '../models/training-data';
import { CHURN_FEATURES, buildScoringFeatures, type ScoringDataset } from './churn-features';
import { ACTIVITY_FEATURES, type ChurnLabel } from './activity-features';
import { FEATURE_ROW_ORDER } from './churn-matrix';

/** Retention thresholds: tier high at ≥ `high`, medium at ≥ `medium`, else low. */
export interface RetentionTiers {
  high: number;
  medium: number;
}

export const DEFAULT_TIERS: RetentionTiers = { high: 0.8, medium: 0.5 };

export type Tier = 'high' | 'medium' | 'low';

/** The retention tier of a retention probability. */
export function retentionTier(retention: number, tiers: RetentionTiers = DEFAULT_TIERS): Tier {
  return retention >= tiers.high ? 'high' : retention >= tiers.medium ? 'medium' : 'low';
}

/** The risk band of a churn probability: the retention tier mirrored. */
export function riskBand(churnProbability: number, tiers: RetentionTiers = DEFAULT_TIERS): Tier {
  const tier = retentionTier(1 - churnProbability, tiers);
  return tier === 'high' ? 'low' : tier === 'low' ? 'high' : 'medium';
}

/** Scores of the customers of a feature table, aligned with its rows in FEATURE_ROW_ORDER. */
export interface ChurnScores {
  /** The feature table scored: its customer ids stay in DuckDB and are joined back by row. */
  featuresTable: string;
  probabilities: Float32Array;
  reasons?: Reasons;
  asOf: string;
}

/** Counts per risk band. */
export type BandCounts = Record<Tier, number>;

/** The SQL definitions of the built-in features, by name (extra features: `extra:<table>.<column>`). */
export function featureSql(featureNames: string[], extraTable?: string): string[] {
  const builtIn = new Map([...CHURN_FEATURES, ...ACTIVITY_FEATURES].map((f) => [f.name, f.sql]));
  return featureNames.map((name) => builtIn.get(name) ?? `extra:${extraTable ?? ''}.${name}`);
}

/** The scoring set of a scoring dataset (a copy of its matrix, so the dataset stays usable). */
export function scoringSet(dataset: ScoringDataset, extraTable?: string): ScoringSet & { featureSql: string[] } {
  return {
    rows: dataset.rows,
    featureNames: dataset.featureNames,
    x: dataset.x.slice(),
    categorical: dataset.categorical.map((c) => ({ ...c, codes: c.codes.slice() })),
    ...(dataset.sequence ? { sequence: { ...dataset.sequence, values: dataset.sequence.values.slice() } } : {}),
    featureSql: featureSql(dataset.featureNames, extraTable),
  };
}

/** What scoring needs of a trainer: P(churn) per row and the top reasons (the training worker's `predict`). */
export interface ChurnScorer {
  predict(modelId: string, data: ScoringSet, reasons?: number): Promise<{ probabilities: Float32Array; reasons?: Reasons }>;
}

/** Builds today's features and scores every customer with the trained model `modelId`. */
export async function scoreCurrentCustomers(
  db: Db,
  trainer: ChurnScorer,
  modelId: string,
  options: { featuresTable?: string; extraTable?: string; reasons?: number; sequences?: boolean; label?: ChurnLabel } = {},
): Promise<ChurnScores> {
  const dataset = await buildScoringFeatures(db, { table: options.featuresTable, extraTable: options.extraTable, sequences: options.sequences, label: options.label });
  const { probabilities, reasons } = await trainer.predict(modelId, scoringSet(dataset, options.extraTable), options.reasons ?? 3);
  return { featuresTable: dataset.table, probabilities, reasons, asOf: dataset.cutoff };
}

/**
 * Writes (replacing) `table`: customer_id, probability (of churn), retention, retention_tier,
 * risk_band, risk_rank (1 = riskiest), top_reasons. Returns the counts per risk band.
 *
 * Only numbers cross to DuckDB (row, probability, reason codes); the ids, tiers, ranks and reason
 * texts are made there by SQL, so writing 100k+ scores never blocks the page with text encoding.
 */
export async function writeChurnScores(db: Db, table: string, scores: ChurnScores, tiers: RetentionTiers = DEFAULT_TIERS, language: Lang = 'en'): Promise<BandCounts> {
  const n = scores.probabilities.length;
  const reasons = scores.reasons;
  const k = reasons?.k ?? 0;
  const rowIndex = new Int32Array(n);
  for (let r = 0; r < n; r++) rowIndex[r] = r;
  const columns: Record<string, Vector> = { row_index: int32Vector(rowIndex), probability: float64Vector(Float64Array.from(scores.probabilities)) };
  for (let slot = 0; slot < k; slot++) {
    const index = new Int32Array(n);
    const direction = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      index[r] = reasons!.index[r * k + slot]!;
      direction[r] = reasons!.direction[r * k + slot]!;
    }
    columns[`reason_${slot}`] = int32Vector(index);
    columns[`direction_${slot}`] = int32Vector(direction);
  }
  const staging = `${table}__scores`;
  await withStagedTable(db, staging, columns, async () => {
    const available = new Set(tableToRows(await db.query(`SELECT column_name FROM (DESCRIBE ${ident(scores.featuresTable)})`)).map((row) => String(row.column_name)));
    await db.exec(churnScoresSql(table, staging, scores.featuresTable, reasons?.features ?? [], k, tiers, available, language));
  });
  const counts: BandCounts = { high: 0, medium: 0, low: 0 };
  for (const row of tableToRows(await db.query(`SELECT risk_band, count(*) AS n FROM ${ident(table)} GROUP BY ALL`))) {
    counts[row.risk_band as Tier] = Number(row.n);
  }
  return counts;
}

/** A whole number or an amount as text in a sentence. */
const whole = (value: string) => `CAST(round(${value}) AS BIGINT)::VARCHAR`;
const amount = (value: string) => `printf('%.2f', ${value})`;

/** One reason's words around the customer's figure, in each language. */
interface ReasonWords {
  en: (figure: string, value: string) => string;
  'zh-CN': (figure: string, value: string) => string;
}

const text = (t: string) => literal(t);
/** SQL: `figure` then `one` or `many` by the value (1 order, 2 orders). */
const counted = (figure: string, value: string, one: string, many: string) => `${figure} || CASE WHEN ${value} = 1 THEN ${text(one)} ELSE ${text(many)} END`;

const REASON_WORDS: Record<string, { kind: 'whole' | 'amount' | 'percent'; words: ReasonWords }> = {
  recency_days: { kind: 'whole', words: { en: (f) => `${text('no order for ')} || ${f} || ${text(' days')}`, 'zh-CN': (f) => `${f} || ${text(' 天没有下单')}` } },
  frequency: { kind: 'whole', words: { en: (f, v) => `${counted(f, v, ' order', ' orders')} || ${text(' so far')}`, 'zh-CN': (f) => `${text('至今共 ')} || ${f} || ${text(' 单')}` } },
  monetary: { kind: 'amount', words: { en: (f) => `${text('spent ')} || ${f} || ${text(' so far')}`, 'zh-CN': (f) => `${text('至今消费 ')} || ${f}` } },
  avg_order_value: { kind: 'amount', words: { en: (f) => `${f} || ${text(' per order')}`, 'zh-CN': (f) => `${text('每单 ')} || ${f}` } },
  tenure_days: { kind: 'whole', words: { en: (f) => `${text('first order ')} || ${f} || ${text(' days ago')}`, 'zh-CN': (f) => `${text('首单在 ')} || ${f} || ${text(' 天前')}` } },
  orders_30d: { kind: 'whole', words: lastDaysOrders(30) },
  orders_90d: { kind: 'whole', words: lastDaysOrders(90) },
  orders_180d: { kind: 'whole', words: lastDaysOrders(180) },
  revenue_90d: { kind: 'amount', words: { en: (f) => `${text('spent ')} || ${f} || ${text(' in the last 90 days')}`, 'zh-CN': (f) => `${text('最近 90 天消费 ')} || ${f}` } },
  distinct_products: { kind: 'whole', words: { en: (f) => `${text('bought ')} || ${f} || ${text(' different products')}`, 'zh-CN': (f) => `${text('买过 ')} || ${f} || ${text(' 种商品')}` } },
  distinct_categories: { kind: 'whole', words: { en: (f) => `${text('bought from ')} || ${f} || ${text(' categories')}`, 'zh-CN': (f) => `${text('买过 ')} || ${f} || ${text(' 个品类')}` } },
  mean_days_between_orders: { kind: 'whole', words: { en: (f) => `${text('usually orders every ')} || ${f} || ${text(' days')}`, 'zh-CN': (f) => `${text('通常每 ')} || ${f} || ${text(' 天下一单')}` } },
  views_30d: { kind: 'whole', words: { en: (f) => `${f} || ${text(' product views in the last 30 days')}`, 'zh-CN': (f) => `${text('最近 30 天浏览商品 ')} || ${f} || ${text(' 次')}` } },
  carts_30d: { kind: 'whole', words: { en: (f) => `${f} || ${text(' added to cart in the last 30 days')}`, 'zh-CN': (f) => `${text('最近 30 天加购 ')} || ${f} || ${text(' 次')}` } },
  sessions_30d: { kind: 'whole', words: { en: (f) => `${f} || ${text(' visits in the last 30 days')}`, 'zh-CN': (f) => `${text('最近 30 天访问 ')} || ${f} || ${text(' 次')}` } },
  view_to_purchase_rate: { kind: 'percent', words: { en: (f) => `${text('buys after ')} || ${f} || ${text('% of product views')}`, 'zh-CN': (f) => `${text('浏览后购买的比例为 ')} || ${f} || ${text('%')}` } },
};

function lastDaysOrders(days: number): ReasonWords {
  return {
    en: (f, v) => `${counted(f, v, ' order', ' orders')} || ${text(` in the last ${days} days`)}`,
    'zh-CN': (f) => `${text(`最近 ${days} 天下单 `)} || ${f} || ${text(' 次')}`,
  };
}

/** What a feature without a sentence says after its name, by direction (1 high, -1 low, 2 missing). */
const DIRECTION_WORDS: Record<Lang, Record<number, string>> = {
  en: DIRECTION_TEXT,
  'zh-CN': { 1: '（偏高）', [-1]: '（偏低）', 2: '（缺失）' },
};

/**
 * The SQL of a churn reason as a sentence with the customer's figure `value` (a column of the features
 * table) in `language`, or null for a feature without one. The notebook writes them in the UI language.
 */
function reasonSentenceSql(feature: string, value: string, language: Lang): string | null {
  const reason = REASON_WORDS[feature];
  if (!reason) return null;
  const figure = reason.kind === 'amount' ? amount(value) : reason.kind === 'percent' ? whole(`100 * ${value}`) : whole(value);
  return reason.words[language](figure, value);
}

/** The SQL that builds the scores table from the numeric `staging` table and the ids of `featuresTable`. */
function churnScoresSql(
  table: string,
  staging: string,
  featuresTable: string,
  features: string[],
  k: number,
  tiers: RetentionTiers,
  available: ReadonlySet<string>,
  language: Lang,
): string {
  const tier = (value: string) => `CASE WHEN ${value} >= ${Number(tiers.high)} THEN 'high' WHEN ${value} >= ${Number(tiers.medium)} THEN 'medium' ELSE 'low' END`;
  const names = `[${features.map((f) => literal(f)).join(', ')}]::VARCHAR[]`;
  const direction = (slot: number) =>
    `CASE s.direction_${slot} ${Object.entries(DIRECTION_WORDS[language]).map(([code, text]) => `WHEN ${code} THEN ${literal(text)}`).join(' ')} ELSE '' END`;
  // A reason as a sentence with the customer's own figure ("no order for 143 days"); features without a
  // sentence (extra ones) keep their name and direction. Like reasonText, a row's reasons stop at its first empty slot.
  const sentence = (slot: number) => {
    const cases = features
      .map((feature, index) => [index, available.has(feature) ? reasonSentenceSql(feature, `ids.${ident(feature)}`, language) : null] as const)
      .filter((entry): entry is readonly [number, string] => entry[1] !== null)
      .map(([index, sql]) => `WHEN ${index} THEN ${sql}`);
    const named = `list_extract(${names}, s.reason_${slot} + 1) || ${direction(slot)}`;
    return cases.length > 0 ? `CASE WHEN s.direction_${slot} = 2 THEN ${named} ELSE CASE s.reason_${slot} ${cases.join(' ')} ELSE ${named} END END` : named;
  };
  const reason = (slot: number) => `CASE WHEN ${Array.from({ length: slot + 1 }, (_, i) => `s.reason_${i} >= 0`).join(' AND ')} THEN ${sentence(slot)} END`;
  const topReasons = k > 0 ? `concat_ws(${literal(language === 'zh-CN' ? '；' : ', ')}, ${Array.from({ length: k }, (_, slot) => reason(slot)).join(', ')})` : `''`;
  return `CREATE OR REPLACE TABLE ${ident(table)} AS
WITH ids AS (
  SELECT *, CAST(row_number() OVER (ORDER BY ${FEATURE_ROW_ORDER}) - 1 AS INTEGER) AS row_index
  FROM ${ident(featuresTable)}
)
SELECT
  ids.customer_id,
  s.probability,
  1 - s.probability AS retention,
  ${tier('1 - s.probability')} AS retention_tier,
  CASE ${tier('1 - s.probability')} WHEN 'high' THEN 'low' WHEN 'low' THEN 'high' ELSE 'medium' END AS risk_band,
  CAST(row_number() OVER (ORDER BY s.probability DESC, s.row_index) AS INTEGER) AS risk_rank,
  ${topReasons} AS top_reasons
FROM ${ident(staging)} AS s
JOIN ids USING (row_index)
ORDER BY s.row_index`;
}

/** Which customers an at-risk list holds and how their ids are written. */
export interface AtRiskOptions {
  /** The scores table (default `churn_scores`). */
  table?: string;
  /** Risk bands to include (default ['high']). */
  bands?: Tier[];
  /** At most this many rows, riskiest first. */
  limit?: number;
  /** Replace customer ids by their SHA-256 (hex) — with `salt` prepended when given. */
  hashIds?: boolean;
  salt?: string;
}

/** The at-risk list as CSV (formulas neutralised), riskiest first. */
export async function atRiskCsv(db: Db, options: AtRiskOptions = {}): Promise<string> {
  const bands = options.bands ?? ['high'];
  const limit = options.limit !== undefined ? `\nLIMIT ${Math.max(0, Math.floor(options.limit))}` : '';
  const rows = tableToRows(
    await db.query(`SELECT CAST(customer_id AS VARCHAR) AS customer_id, probability, retention, risk_band, top_reasons
FROM ${ident(options.table ?? 'churn_scores')}
WHERE risk_band IN (${bands.map((b) => literal(b)).join(', ')})
ORDER BY probability DESC, customer_id${limit}`),
  );
  const idColumn = options.hashIds ? 'customer_hash' : 'customer_id';
  const ids = await Promise.all(rows.map((r) => (options.hashIds ? sha256Hex(`${options.salt ?? ''}${String(r.customer_id)}`) : String(r.customer_id))));
  return rowsToCsv(
    [idColumn, 'churn_probability', 'retention', 'risk_band', 'top_reasons'],
    rows.map((r, i) => [ids[i]!, round(Number(r.probability)), round(Number(r.retention)), String(r.risk_band), String(r.top_reasons ?? '')]),
  );
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
