/**
 * Churn features by SQL (DESIGN.md section 4, "Churn label (prediction)"). For a cutoff C and a
 * horizon H: the population is every customer with a purchase before C, `churned` = 1 when the
 * customer has no purchase in [C, C + H), and every feature reads purchases and events strictly
 * before C (`ts::DATE < C`), so nothing on or after C leaks into them. The same SQL with C = last
 * date + 1 and no label gives the features of today's customers, for scoring.
 *
 * The result is a named table (the notebook's model cell reads it) and typed arrays for training:
 * one row-major Float32Array (NaN = missing), the labels and the customer ids in the same order.
 */
import type { Db } from '../engine/db';
import { NO_CUSTOMER_COLUMN } from '../ingest/load-problems';
import { addDays, isoDate } from './calendar';
import { ident, literal } from '../sql/quote';
import { readFeatureMatrix, type CategoricalColumn } from './churn-matrix';
import { readPurchaseSequences } from './churn-sequences';
import { ACTIVITY_FEATURES, ACTIVITY_HORIZON, ACTIVITY_WINDOW, activityFeaturesSql, type ChurnLabel } from './activity-features';
import type { SequenceInput } from '../models/sequence';

/** How a feature is distributed, which decides its default preprocessing. */
export type FeatureKind = 'days' | 'count' | 'money' | 'rate' | 'extra';

/** A feature of the churn protocol. */
export interface FeatureDef {
  name: string;
  kind: FeatureKind;
  /** SQL over the per-customer CTEs of `churnFeaturesSql`. */
  sql: string;
  /** Only when the source has product ids, categories or behaviour events. */
  needs?: 'products' | 'categories' | 'events';
  /** Plain-language meaning, for the model cell and the report. */
  description: string;
}

/** The minimum feature set of DESIGN.md section 4, in output order. */
export const CHURN_FEATURES: readonly FeatureDef[] = [
  { name: 'recency_days', kind: 'days', sql: 'o.recency_days', description: 'days from the last purchase to the cutoff' },
  { name: 'frequency', kind: 'count', sql: 'o.frequency', description: 'orders before the cutoff' },
  { name: 'monetary', kind: 'money', sql: 'o.monetary', description: 'revenue before the cutoff' },
  { name: 'avg_order_value', kind: 'money', sql: 'o.monetary / o.frequency', description: 'revenue per order' },
  { name: 'tenure_days', kind: 'days', sql: 'o.tenure_days', description: 'days from the first purchase to the cutoff' },
  { name: 'orders_30d', kind: 'count', sql: 'o.orders_30d', description: 'orders in the 30 days before the cutoff' },
  { name: 'orders_90d', kind: 'count', sql: 'o.orders_90d', description: 'orders in the 90 days before the cutoff' },
  { name: 'orders_180d', kind: 'count', sql: 'o.orders_180d', description: 'orders in the 180 days before the cutoff' },
  { name: 'revenue_90d', kind: 'money', sql: 'o.revenue_90d', description: 'revenue in the 90 days before the cutoff' },
  { name: 'distinct_products', kind: 'count', sql: 'coalesce(l.distinct_products, 0)', needs: 'products', description: 'different products bought' },
  { name: 'distinct_categories', kind: 'count', sql: 'coalesce(l.distinct_categories, 0)', needs: 'categories', description: 'different categories bought' },
  {
    name: 'mean_days_between_orders',
    kind: 'days',
    sql: 'CASE WHEN o.frequency > 1 THEN o.span_days / (o.frequency - 1) END',
    description: 'mean days between orders (missing for one-time buyers)',
  },
  { name: 'views_30d', kind: 'count', sql: 'coalesce(e.views_30d, 0)', needs: 'events', description: 'product views in the 30 days before the cutoff' },
  { name: 'carts_30d', kind: 'count', sql: 'coalesce(e.carts_30d, 0)', needs: 'events', description: 'add-to-cart events in the 30 days before the cutoff' },
  { name: 'sessions_30d', kind: 'count', sql: 'coalesce(e.sessions_30d, 0)', needs: 'events', description: 'sessions in the 30 days before the cutoff' },
  {
    name: 'view_to_purchase_rate',
    kind: 'rate',
    sql: 'CASE WHEN e.views > 0 THEN o.frequency / e.views END',
    needs: 'events',
    description: 'orders per product view before the cutoff (missing without views)',
  },
];

/** What the source holds, which decides the optional features. */
export interface SourceShape {
  products: boolean;
  categories: boolean;
  events: boolean;
}

/** Options of the labelled feature table. */
export interface ChurnFeatureOptions {
  /** `YYYY-MM-DD`; default last purchase date − horizon. */
  cutoff?: string;
  /** Days; default 90. */
  horizon?: number;
  /** Name of the created table; default `churn_features`. */
  table?: string;
  /** A table (or view) keyed by customer_id whose other columns join in as extra features. */
  extraTable?: string;
  /** Read the customer ids into the dataset too (default true; the page leaves them in DuckDB). */
  customerIds?: boolean;
  /** Read each customer's purchase history too (the sequence model's input). */
  sequences?: boolean;
  /** 'purchase' (default): no purchase in the horizon; 'activity': no event at all in it (event logs, 7 days). */
  label?: ChurnLabel;
}

/** The labelled per-customer features, as a table and as typed arrays in customer-id order. */
export interface ChurnDataset {
  table: string;
  cutoff: string;
  horizon: number;
  rows: number;
  /** In row order, unless the dataset was built without them. */
  customerIds?: string[];
  featureNames: string[];
  featureKinds: FeatureKind[];
  /** rows × featureNames.length, row-major; NaN where a value is missing. */
  x: Float32Array;
  /** 1 = churned. */
  labels: Uint8Array;
  /** Text columns of the extra table, as codes into their levels (−1 = missing). */
  categorical: CategoricalColumn[];
  /** The last purchases of each customer before the cutoff, when asked for (`sequences`). */
  sequence?: SequenceInput;
}

/** Features of today's customers (as of the data end), without a label; the ids stay in `table`. */
export type ScoringDataset = Omit<ChurnDataset, 'labels' | 'horizon' | 'customerIds'>;

/** A problem with the requested protocol that the user can fix (bad date, no data before the cutoff). */
export class ChurnSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChurnSetupError';
  }
}

export const DEFAULT_HORIZON = 90;

/** Last purchase date in cb_orders (`YYYY-MM-DD`), or null without purchases. */
export async function lastPurchaseDate(db: Db): Promise<string | null> {
  const table = await db.query('SELECT strftime(max(CAST(ts AS DATE)), \'%Y-%m-%d\') AS d FROM cb_orders WHERE customer_id IS NOT NULL');
  const value = table.getChildAt(0)?.get(0) as string | null | undefined;
  return value ?? null;
}

/** Which optional inputs the loaded source has. */
export async function sourceShape(db: Db): Promise<SourceShape> {
  const table = await db.query(`
SELECT
  (SELECT count(product_id) FROM cb_lines) > 0 AS products,
  (SELECT count(category) FROM cb_lines) > 0 AS categories,
  (SELECT count(*) FROM cb_events WHERE event_type <> 'purchase') > 0 AS events`);
  const get = (i: number) => table.getChildAt(i)?.get(0) === true;
  return { products: get(0), categories: get(1), events: get(2) };
}

/** The features this source supports, in output order. */
export function featuresFor(shape: SourceShape): FeatureDef[] {
  return CHURN_FEATURES.filter((f) => !f.needs || shape[f.needs]);
}

/**
 * The SQL creating the feature table for `cutoff` (a `YYYY-MM-DD` date). With `horizon` the table
 * has the label `churned`; without, it is the scoring table of customers as of the cutoff.
 */
export function churnFeaturesSql(options: {
  table: string;
  cutoff: string;
  horizon?: number;
  features: FeatureDef[];
  shape: SourceShape;
  extra?: { table: string; columns: string[] };
}): string {
  const { table, cutoff, horizon, features, shape, extra } = options;
  const c = `DATE ${literal(checkDate(cutoff))}`;
  const label =
    horizon === undefined
      ? ''
      : `,
  CAST(o.customer_id NOT IN (
    SELECT customer_id FROM cb_orders
    WHERE CAST(ts AS DATE) >= ${c} AND CAST(ts AS DATE) < ${c} + ${literal(horizon)}
  ) AS INTEGER) AS churned`;
  const lines = shape.products || shape.categories
    ? `,
lines_before AS (
  SELECT customer_id, count(DISTINCT product_id) AS distinct_products, count(DISTINCT category) AS distinct_categories
  FROM cb_lines
  WHERE CAST(ts AS DATE) < ${c}
  GROUP BY customer_id
)`
    : '';
  const events = shape.events
    ? `,
events_before AS (
  SELECT
    customer_id,
    count(*) FILTER (WHERE event_type = 'view') AS views,
    count(*) FILTER (WHERE event_type = 'view' AND CAST(ts AS DATE) >= ${c} - 30) AS views_30d,
    count(*) FILTER (WHERE event_type = 'cart' AND CAST(ts AS DATE) >= ${c} - 30) AS carts_30d,
    count(DISTINCT session_id) FILTER (WHERE CAST(ts AS DATE) >= ${c} - 30) AS sessions_30d
  FROM cb_events
  WHERE CAST(ts AS DATE) < ${c}
  GROUP BY customer_id
)`
    : '';
  const joins = [
    lines ? 'LEFT JOIN lines_before l USING (customer_id)' : '',
    events ? 'LEFT JOIN events_before e USING (customer_id)' : '',
    extra ? `LEFT JOIN ${ident(extra.table)} x ON CAST(x.customer_id AS VARCHAR) = o.customer_id` : '',
  ].filter(Boolean);
  const columns = [
    'o.customer_id',
    ...features.map((f) => `CAST(${f.sql} AS DOUBLE) AS ${ident(f.name)}`),
    'CAST(o.frequency = 1 AS INTEGER) AS one_time_buyer',
    ...(extra?.columns ?? []).map((name) => `x.${ident(name)}`),
  ];
  return `
CREATE OR REPLACE TABLE ${ident(table)} AS
WITH orders_before AS (
  SELECT customer_id, CAST(ts AS DATE) AS d, revenue
  FROM cb_orders
  WHERE CAST(ts AS DATE) < ${c}
),
per_customer AS (
  SELECT
    customer_id,
    date_diff('day', max(d), ${c}) AS recency_days,
    count(*) AS frequency,
    coalesce(sum(revenue), 0) AS monetary,
    date_diff('day', min(d), ${c}) AS tenure_days,
    date_diff('day', min(d), max(d)) AS span_days,
    count(*) FILTER (WHERE d >= ${c} - 30) AS orders_30d,
    count(*) FILTER (WHERE d >= ${c} - 90) AS orders_90d,
    count(*) FILTER (WHERE d >= ${c} - 180) AS orders_180d,
    coalesce(sum(revenue) FILTER (WHERE d >= ${c} - 90), 0) AS revenue_90d
  FROM orders_before
  GROUP BY customer_id
)${lines}${events}
SELECT
  ${columns.join(',\n  ')}${label}
FROM per_customer o
${joins.join('\n')}
ORDER BY o.customer_id`;
}

/**
 * A cutoff the user typed (in a model cell or on the command line) must leave the whole horizon inside the data: a cutoff after the data ends
 * sees nobody come back, and a horizon running past the last purchase date labels customers churned
 * only because the data stops.
 */
export function checkCutoffInData(cutoff: string, horizon: number, last: string): void {
  if (cutoff > last) {
    throw new ChurnSetupError(`The cutoff ${cutoff} is after the data ends (${last}). Pick an earlier cutoff, or leave it empty to use ${addDays(last, -horizon)}.`);
  }
  const end = addDays(cutoff, horizon);
  if (end > addDays(last, 1)) {
    throw new ChurnSetupError(
      `The horizon of ${horizon} days after the cutoff ${cutoff} runs to ${end}, past the last purchase date ${last}: customers would look lost only because the data stops. Pick a cutoff on or before ${addDays(last, -horizon + 1)}, or leave it empty.`,
    );
  }
}

/** The last date the label can see: the last purchase, or for the activity label the last event (refused without events). */
async function lastDateFor(db: Db, label: ChurnLabel): Promise<string> {
  if (label === 'activity') {
    const table = await db.query(`SELECT strftime(max(CAST(ts AS DATE)), '%Y-%m-%d') AS d FROM cb_events WHERE customer_id IS NOT NULL`);
    const last = table.getChildAt(0)?.get(0) as string | null | undefined;
    if (!last) {
      throw new ChurnSetupError('The activity label needs an event log (views, carts, sessions with customer ids); this data has no events. Use the purchase label instead.');
    }
    return last;
  }
  const last = await lastPurchaseDate(db);
  if (!last) throw new ChurnSetupError(await noPurchasesMessage(db));
  return last;
}

/** Why there is nothing to learn from: no customer column, or no purchases at all. */
async function noPurchasesMessage(db: Db): Promise<string> {
  const orders = Number((await db.query('SELECT count(*) AS n FROM cb_orders')).get(0)?.n ?? 0);
  return orders > 0
    ? `${NO_CUSTOMER_COLUMN.en} Churn prediction follows customers, so it needs one.`
    : 'There are no purchases to learn from. Load an order export with customer ids and dates.';
}

/** Builds the labelled feature table and returns it as typed arrays. */
export async function buildChurnFeatures(db: Db, options: ChurnFeatureOptions = {}): Promise<ChurnDataset> {
  const label = options.label ?? 'purchase';
  const horizon = options.horizon ?? (label === 'activity' ? ACTIVITY_HORIZON : DEFAULT_HORIZON);
  if (!Number.isInteger(horizon) || horizon < 1) throw new ChurnSetupError(`The horizon must be a whole number of days, at least 1 (got ${horizon}).`);
  const last = await lastDateFor(db, label);
  const cutoff = options.cutoff ? checkDate(options.cutoff) : addDays(last, -horizon);
  const table = options.table ?? 'churn_features';
  const built = await buildTable(db, table, cutoff, horizon, options.extraTable, options.customerIds ?? true, label);
  if (built.rows === 0) {
    throw new ChurnSetupError(
      label === 'activity'
        ? `No customer did anything in the ${ACTIVITY_WINDOW} days before ${cutoff}. Pick a later cutoff (the events end ${last}).`
        : `No customer bought anything before ${cutoff}. Pick a later cutoff (the data ends ${last}).`,
    );
  }
  const labels = built.labels!;
  const sequence = options.sequences ? await readPurchaseSequences(db, table, cutoff, built.rows) : undefined;
  return { ...built, horizon, labels, ...(sequence ? { sequence } : {}) };
}

/** Builds the scoring table (features as of the last purchase date + 1 day, no label). */
export async function buildScoringFeatures(
  db: Db,
  options: { table?: string; extraTable?: string; asOf?: string; sequences?: boolean; label?: ChurnLabel } = {},
): Promise<ScoringDataset> {
  const last = await lastDateFor(db, options.label ?? 'purchase');
  const asOf = options.asOf ? checkDate(options.asOf) : addDays(last, 1);
  const table = options.table ?? 'churn_score_features';
  const { labels: _labels, customerIds: _ids, ...rest } = await buildTable(db, table, asOf, undefined, options.extraTable, false, options.label ?? 'purchase');
  return options.sequences ? { ...rest, sequence: await readPurchaseSequences(db, table, asOf, rest.rows) } : rest;
}

async function buildTable(
  db: Db,
  table: string,
  cutoff: string,
  horizon: number | undefined,
  extraTable: string | undefined,
  ids = true,
  label: ChurnLabel = 'purchase',
): Promise<Omit<ChurnDataset, 'horizon' | 'labels'> & { labels?: Uint8Array }> {
  const shape = await sourceShape(db);
  const features = label === 'activity' ? [...ACTIVITY_FEATURES] : featuresFor(shape);
  const extra = extraTable ? await extraColumns(db, extraTable, features) : undefined;
  const joined = extra && { table: extraTable!, columns: extra.map((c) => c.name) };
  await db.exec(label === 'activity' ? activityFeaturesSql({ table, cutoff, horizon, extra: joined }) : churnFeaturesSql({ table, cutoff, horizon, features, shape, extra: joined }));
  const numericExtra = (extra ?? []).filter((c) => c.numeric).map((c) => c.name);
  const textExtra = (extra ?? []).filter((c) => !c.numeric).map((c) => c.name);
  const featureNames = [...features.map((f) => f.name), ...numericExtra];
  const matrix = await readFeatureMatrix(db, table, featureNames, textExtra, horizon === undefined ? undefined : 'churned', ids);
  return {
    table,
    cutoff,
    rows: matrix.rows,
    ...(matrix.customerIds ? { customerIds: matrix.customerIds } : {}),
    featureNames,
    featureKinds: [...features.map((f) => f.kind), ...numericExtra.map((): FeatureKind => 'extra')],
    x: matrix.x,
    labels: matrix.labels,
    categorical: matrix.categorical,
  };
}

interface ExtraColumn {
  name: string;
  numeric: boolean;
}

/** The extra table's feature columns; it must have one row per customer_id. */
async function extraColumns(db: Db, table: string, features: FeatureDef[]): Promise<ExtraColumn[]> {
  const described = await db.query(`DESCRIBE ${ident(table)}`);
  const names = described.getChild('column_name')!.toArray() as string[];
  const types = described.getChild('column_type')!.toArray() as string[];
  if (!names.includes('customer_id')) {
    throw new ChurnSetupError(`The feature table “${table}” has no customer_id column. Select customer_id and your feature columns.`);
  }
  const counts = await db.query(`SELECT count(*) - count(DISTINCT customer_id) AS repeated FROM ${ident(table)}`);
  if (Number(counts.getChildAt(0)?.get(0)) > 0) {
    throw new ChurnSetupError(`The feature table “${table}” has several rows for some customers. Group it by customer_id.`);
  }
  const taken = new Set([...features.map((f) => f.name), 'customer_id', 'churned', 'one_time_buyer']);
  const columns: ExtraColumn[] = [];
  names.forEach((name, i) => {
    if (name === 'customer_id') return;
    if (taken.has(name)) throw new ChurnSetupError(`The feature table “${table}” has a column “${name}”, which is a built-in feature. Rename it.`);
    columns.push({ name, numeric: /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL|BOOLEAN)/.test(types[i] ?? '') });
  });
  return columns;
}

/** Checks a `YYYY-MM-DD` date and returns it. */
function checkDate(text: string): string {
  const date = isoDate(text);
  if (!date) throw new ChurnSetupError(`“${text}” is not a date; write the cutoff as YYYY-MM-DD, e.g. 2024-01-31.`);
  return date;
}
