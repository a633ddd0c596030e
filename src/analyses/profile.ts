/**
 * The customer profile ("portrait", issue 24): one customer on one page — their orders and returns over time, RFM
 * scores and segment, lifecycle stage in the data's last month — and whatever the notebook's model cells have
 * written about them: churn probability with its reasons and retention tier, expected purchases and value, cluster,
 * risk flags and suggested products. Model tables are found by their columns (a churn cell may have any name), so
 * the profile shows what was computed and says what was not. And the same for a segment: its distributions beside
 * the whole base. SQL only; the command line runs the model cells first (src/cli/commands/profile.ts).
 */
import type { Db } from '../engine/db';
import { tableToRows, type Cell } from '../engine/rows';
import { ident, literal } from '../sql/quote';
import { queryRows, num, type NamedSql } from './named';
import { rfmSegmentsSql } from './rfm';
import { MODEL_TABLE_COMMENT } from './model-tables';
import type { CustomerProfile, LifecycleStage, Quartiles, SegmentProfile } from '../notebook/model-summary';

export type { CustomerProfile, LifecycleStage, Quartiles, SegmentProfile } from '../notebook/model-summary';

/** The kinds of model table a profile reads, and the columns that identify each. */
export const PROFILE_SOURCES = {
  churn: ['customer_id', 'probability', 'retention_tier', 'top_reasons'],
  value: ['customer_id', 'p_alive', 'expected_purchases', 'expected_spend', 'clv'],
  cluster: ['customer_id', 'cluster', 'cluster_name'],
  recommendations: ['customer_id', 'rank', 'product_name', 'score'],
  risk: ['rank', 'customer_id', 'order_id', 'score', 'reasons', 'reason'],
} as const;

export type ProfileSource = keyof typeof PROFILE_SOURCES;

/** Thrown when the customer (or segment) is not in the data: with the closest ids (or the segments), to pick from. */
export class ProfileNotFoundError extends Error {
  override name = 'ProfileNotFoundError';
  constructor(
    readonly kind: 'customer' | 'segment',
    readonly wanted: string,
    readonly closest: string[],
  ) {
    super(
      kind === 'customer'
        ? `No customer “${wanted}” in the data.${closest.length ? ` Did you mean ${closest.map((c) => `“${c}”`).join(', ')}?` : ''} Customer ids are matched exactly, as in the file.`
        : `No customer is in the segment “${wanted}”.${closest.length ? ` The segments with customers are ${closest.join(', ')}.` : ''}`,
    );
  }
}

/** The named result `customer_timeline`: the customer's orders, return-marked lines and other events (views, carts…), oldest first. */
export function customerTimelineSql(customerId: string): NamedSql {
  const id = literal(customerId);
  const sql = `
SELECT ts, 'order' AS kind, order_id, revenue, items
FROM cb_orders
WHERE customer_id = ${id}
UNION ALL
SELECT ts, 'return' AS kind, order_id, -sum(coalesce(revenue, 0)) AS revenue, -sum(quantity) AS items
FROM cb_returns
WHERE customer_id = ${id}
GROUP BY ts, order_id
UNION ALL
SELECT ts, event_type AS kind, NULL AS order_id, NULL AS revenue, NULL AS items
FROM cb_events
WHERE customer_id = ${id} AND event_type <> 'purchase'
ORDER BY ts, kind, order_id`;
  return { name: 'customer_timeline', sql };
}

/** Tables of the database that hold each source's columns (first by name), e.g. { churn: 'churn_scores' }. */
export async function findProfileSources(db: Db): Promise<Partial<Record<ProfileSource, string>>> {
  // Model cells' own tables first (marked by their comment), then any other table or view with the columns.
  const rows = tableToRows(
    await db.query(`SELECT c.table_name, string_agg(lower(c.column_name), ',') AS columns, any_value(t.comment) = ${literal(MODEL_TABLE_COMMENT)} AS from_model
FROM information_schema.columns AS c LEFT JOIN duckdb_tables() AS t ON t.table_name = c.table_name AND t.schema_name = c.table_schema
WHERE c.table_schema = 'main'
GROUP BY c.table_name
ORDER BY from_model DESC NULLS LAST, c.table_name`),
  );
  const found: Partial<Record<ProfileSource, string>> = {};
  for (const [source, needed] of Object.entries(PROFILE_SOURCES) as [ProfileSource, readonly string[]][]) {
    const table = rows.find((row) => {
      const columns = String(row.columns).split(',');
      return !/^cb_|__staging$/i.test(String(row.table_name)) && needed.every((c) => columns.includes(c));
    });
    if (table) found[source] = String(table.table_name);
  }
  return found;
}

/** Everything the data and the notebook's model tables say about one customer. */
export async function customerProfile(db: Db, customerId: string): Promise<CustomerProfile> {
  const id = literal(customerId);
  const [basics] = tableToRows(
    await db.query(`SELECT
  strftime(first_ts, '%Y-%m-%d') AS first_order, strftime(last_ts, '%Y-%m-%d') AS last_order, orders, revenue,
  (SELECT coalesce(sum(items), 0) FROM cb_orders WHERE customer_id = ${id}) AS items,
  (SELECT count(*) FROM cb_returns WHERE customer_id = ${id}) AS returned_lines,
  (SELECT count(*) FROM cb_events WHERE customer_id = ${id}) AS events
FROM cb_customers WHERE customer_id = ${id}`),
  );
  if (!basics) throw new ProfileNotFoundError('customer', customerId, await closestCustomers(db, customerId));
  const [rfm] = await queryRows(db, [rfmSegmentsSql()], `SELECT * FROM rfm_segments WHERE customer_id = ${id}`);
  const sources = await findProfileSources(db);
  const one = async (source: ProfileSource, order = ''): Promise<Record<string, Cell>[] | null> => {
    const table = sources[source];
    return table ? tableToRows(await db.query(`SELECT * FROM ${ident(table)} WHERE customer_id = ${id} ${order}`)) : null;
  };
  const churn = await one('churn');
  const value = await one('value');
  const cluster = await one('cluster');
  const recommendations = await one('recommendations', 'ORDER BY rank');
  const risk = await one('risk', 'ORDER BY score DESC');
  return {
    customerId,
    firstOrder: String(basics.first_order),
    lastOrder: String(basics.last_order),
    orders: num(basics.orders),
    revenue: num(basics.revenue),
    items: num(basics.items),
    returnedLines: num(basics.returned_lines),
    events: num(basics.events),
    rfm: {
      recency: num(rfm?.recency),
      frequency: num(rfm?.frequency),
      monetary: num(rfm?.monetary),
      r: num(rfm?.r),
      f: num(rfm?.f),
      m: num(rfm?.m),
      segment: String(rfm?.segment ?? ''),
    },
    lifecycle: await lifecycleStage(db, customerId),
    churn: churn && churn[0] ? { table: sources.churn!, probability: num(churn[0].probability), retentionTier: String(churn[0].retention_tier), reasons: String(churn[0].top_reasons ?? '') } : null,
    value:
      value && value[0]
        ? { table: sources.value!, pAlive: num(value[0].p_alive), expectedPurchases: num(value[0].expected_purchases), expectedSpend: num(value[0].expected_spend), clv: num(value[0].clv) }
        : null,
    cluster: cluster && cluster[0] ? { table: sources.cluster!, cluster: num(cluster[0].cluster), name: String(cluster[0].cluster_name) } : null,
    recommendations: recommendations ? { table: sources.recommendations!, products: recommendations.map((r) => String(r.product_name)) } : null,
    risk: risk ? { table: sources.risk!, flags: risk.map((r) => ({ orderId: r.order_id === null ? null : String(r.order_id), score: num(r.score), reason: String(r.reason) })) } : null,
  };
}

/** The customer's stage in the data's last month: new, returning, reactivated, at risk or dormant. */
async function lifecycleStage(db: Db, customerId: string): Promise<LifecycleStage> {
  const [row] = tableToRows(
    await db.query(`WITH last AS (SELECT CAST(date_trunc('month', max(ts)) AS DATE) AS month FROM cb_orders),
months AS (SELECT DISTINCT CAST(date_trunc('month', ts) AS DATE) AS month FROM cb_orders WHERE customer_id = ${literal(customerId)})
SELECT
  (SELECT min(month) FROM months) = (SELECT month FROM last) AS is_new,
  EXISTS (SELECT 1 FROM months WHERE month = (SELECT month FROM last)) AS now,
  EXISTS (SELECT 1 FROM months WHERE month = (SELECT month - INTERVAL 1 MONTH FROM last)) AS before`),
  );
  if (row?.is_new) return 'new';
  if (row?.now) return row.before ? 'returning' : 'reactivated';
  return row?.before ? 'at_risk' : 'dormant';
}

/** Up to five customer ids that contain the text, or else share its start, the biggest spenders first. */
export async function closestCustomers(db: Db, text: string, limit = 5): Promise<string[]> {
  const trimmed = text.trim();
  const rows = tableToRows(
    await db.query(`SELECT customer_id FROM cb_customers
WHERE contains(lower(customer_id), lower(${literal(trimmed)})) OR starts_with(lower(customer_id), lower(${literal(trimmed.slice(0, 3))}))
ORDER BY contains(lower(customer_id), lower(${literal(trimmed)})) DESC, revenue DESC, customer_id
LIMIT ${Number(limit)}`),
  );
  return rows.map((r) => String(r.customer_id));
}

/** Measures a segment is compared on, with their columns in `rfm_segments`. */
export const SEGMENT_MEASURES = ['recency', 'frequency', 'monetary'] as const;

/** The named result `segment_profile`: per group (the segment, everyone) and measure, the quartiles and the mean. */
export function segmentProfileSql(segment: string): NamedSql {
  const groups = `SELECT *, 'segment' AS grp FROM rfm_segments WHERE segment = ${literal(segment)} UNION ALL SELECT *, 'everyone' AS grp FROM rfm_segments`;
  const sql = `
WITH grouped AS (${groups}),
long AS (
  UNPIVOT grouped ON ${SEGMENT_MEASURES.join(', ')} INTO NAME measure VALUE value
)
SELECT grp, measure, count(*) AS customers,
  quantile_cont(value, 0.25) AS p25, median(value) AS median, quantile_cont(value, 0.75) AS p75, avg(value) AS mean
FROM long
GROUP BY grp, measure
ORDER BY measure, grp DESC`;
  return { name: 'segment_profile', sql };
}

/** A segment's recency, frequency and monetary value beside the whole base. */
export async function segmentProfile(db: Db, segment: string): Promise<SegmentProfile> {
  const rows = await queryRows(db, [rfmSegmentsSql(), segmentProfileSql(segment)]);
  const of = (grp: string, measure: string) => rows.find((r) => r.grp === grp && r.measure === measure);
  const quartiles = (row: Record<string, Cell> | undefined): Quartiles => ({ p25: num(row?.p25), median: num(row?.median), p75: num(row?.p75), mean: num(row?.mean) });
  const customers = num(of('segment', 'recency')?.customers);
  if (customers === 0) {
    const [known] = await queryRows(db, [rfmSegmentsSql()], 'SELECT string_agg(DISTINCT segment, \', \' ORDER BY segment) AS names FROM rfm_segments');
    throw new ProfileNotFoundError('segment', segment, String(known?.names ?? '').split(', ').filter(Boolean));
  }
  return {
    segment,
    customers,
    everyone: num(of('everyone', 'recency')?.customers),
    measures: SEGMENT_MEASURES.map((measure) => ({ measure, segment: quartiles(of('segment', measure)), everyone: quartiles(of('everyone', measure)) })),
  };
}
