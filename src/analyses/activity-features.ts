/**
 * The short-horizon activity label for event logs (issue 23), beside the 90-day purchase churn of
 * churn-features.ts: for a cutoff C and a horizon H (default 7 days), the population is every customer with an
 * event in the 30 days before C, `churned` = 1 when the customer has no event at all in [C, C + H), and the
 * features count what they did in those 30 days (events, sessions, views, carts, purchases, active days) and
 * how long ago they were last and first seen. Only events strictly before C reach the features. The same
 * models, splits and scoring run on it.
 */
import { ident, literal } from '../sql/quote';
import type { FeatureDef } from './churn-features';

/** Which label a churn run learns: no purchase in 90 days, or no activity at all in 7. */
export type ChurnLabel = 'purchase' | 'activity';

/** The activity preset's default horizon (days) and feature window. */
export const ACTIVITY_HORIZON = 7;
export const ACTIVITY_WINDOW = 30;

/** The activity features, in output order. */
export const ACTIVITY_FEATURES: readonly FeatureDef[] = [
  { name: 'events_30d', kind: 'count', sql: 'a.events_30d', description: 'events in the 30 days before the cutoff' },
  { name: 'sessions_30d', kind: 'count', sql: 'a.sessions_30d', description: 'sessions in the 30 days before the cutoff' },
  { name: 'views_30d', kind: 'count', sql: 'a.views_30d', description: 'product views in the 30 days before the cutoff' },
  { name: 'carts_30d', kind: 'count', sql: 'a.carts_30d', description: 'add-to-cart events in the 30 days before the cutoff' },
  { name: 'purchases_30d', kind: 'count', sql: 'a.purchases_30d', description: 'purchase events in the 30 days before the cutoff' },
  { name: 'active_days_30d', kind: 'count', sql: 'a.active_days_30d', description: 'days with any event in the 30 days before the cutoff' },
  { name: 'days_since_last_event', kind: 'days', sql: 'a.days_since_last_event', description: 'days from the last event to the cutoff' },
  { name: 'days_since_first_event', kind: 'days', sql: 'a.days_since_first_event', description: 'days from the first event to the cutoff' },
];

/** The SQL creating the activity feature table (with the label `churned` when `horizon` is given). */
export function activityFeaturesSql(options: { table: string; cutoff: string; horizon?: number; extra?: { table: string; columns: string[] } }): string {
  const { table, cutoff, horizon, extra } = options;
  const c = `DATE ${literal(cutoff)}`;
  const w = literal(ACTIVITY_WINDOW);
  const label =
    horizon === undefined
      ? ''
      : `,
  CAST(a.customer_id NOT IN (
    SELECT customer_id FROM cb_events
    WHERE customer_id IS NOT NULL AND CAST(ts AS DATE) >= ${c} AND CAST(ts AS DATE) < ${c} + ${literal(horizon)}
  ) AS INTEGER) AS churned`;
  const columns = [
    'a.customer_id',
    ...ACTIVITY_FEATURES.map((f) => `CAST(${f.sql} AS DOUBLE) AS ${ident(f.name)}`),
    ...(extra?.columns ?? []).map((name) => `x.${ident(name)}`),
  ];
  return `
CREATE OR REPLACE TABLE ${ident(table)} AS
WITH events_before AS (
  SELECT customer_id, CAST(ts AS DATE) AS d, event_type, session_id
  FROM cb_events
  WHERE customer_id IS NOT NULL AND CAST(ts AS DATE) < ${c}
),
per_customer AS (
  SELECT
    customer_id,
    count(*) FILTER (WHERE d >= ${c} - ${w}) AS events_30d,
    count(DISTINCT session_id) FILTER (WHERE d >= ${c} - ${w}) AS sessions_30d,
    count(*) FILTER (WHERE d >= ${c} - ${w} AND event_type = 'view') AS views_30d,
    count(*) FILTER (WHERE d >= ${c} - ${w} AND event_type = 'cart') AS carts_30d,
    count(*) FILTER (WHERE d >= ${c} - ${w} AND event_type = 'purchase') AS purchases_30d,
    count(DISTINCT d) FILTER (WHERE d >= ${c} - ${w}) AS active_days_30d,
    date_diff('day', max(d), ${c}) AS days_since_last_event,
    date_diff('day', min(d), ${c}) AS days_since_first_event
  FROM events_before
  GROUP BY customer_id
)
SELECT
  ${columns.join(',\n  ')}${label}
FROM per_customer a
${extra ? `LEFT JOIN ${ident(extra.table)} x ON CAST(x.customer_id AS VARCHAR) = a.customer_id` : ''}
WHERE a.events_30d > 0
ORDER BY a.customer_id`;
}
