/**
 * The view -> cart -> purchase funnel over `cb_events` (event exports only). A customer reaches a step
 * when they have an event of that step and reached every step before it, so each step is a subset of
 * the one above and the conversion rates are true shares.
 */
import type { Db } from '../engine/db';
import { scalarNumber } from '../engine/rows';
import { num, numOrNull, queryRows, type NamedSql } from './named';
import { WHOLE_DATA, type SourceTables } from './date-range';

export interface FunnelStep {
  step: 'view' | 'cart' | 'purchase';
  customers: number;
  /** Share of the customers who viewed; null when nobody viewed. */
  rateFromStart: number | null;
  /** Share of the customers at the step before; null for the first step. */
  rateFromPrevious: number | null;
}

/** The named result `event_funnel`: step_order, step, customers, rate_from_start, rate_from_previous. */
export function funnelSql(tables: SourceTables = WHOLE_DATA): NamedSql {
  const sql = `
WITH per_customer AS (
  SELECT
    customer_id,
    bool_or(event_type = 'view') AS viewed,
    bool_or(event_type = 'cart') AS carted,
    bool_or(event_type = 'purchase') AS purchased
  FROM ${tables.events}
  GROUP BY customer_id
),
funnel AS (
  SELECT 1 AS step_order, 'view' AS step, count(*) FILTER (WHERE viewed) AS customers FROM per_customer
  UNION ALL
  SELECT 2, 'cart', count(*) FILTER (WHERE viewed AND carted) FROM per_customer
  UNION ALL
  SELECT 3, 'purchase', count(*) FILTER (WHERE viewed AND carted AND purchased) FROM per_customer
)
SELECT
  step_order,
  step,
  customers,
  customers / nullif(first_value(customers) OVER (ORDER BY step_order), 0) AS rate_from_start,
  customers / nullif(lag(customers) OVER (ORDER BY step_order), 0) AS rate_from_previous
FROM funnel
ORDER BY step_order`;
  return { name: 'event_funnel', sql };
}

/** True when the loaded file has behaviour events. */
export async function hasEvents(db: Db): Promise<boolean> {
  return scalarNumber(await db.query('SELECT count(*) FROM cb_events')) > 0;
}

/** The funnel, or null when the file has no events. */
export async function eventFunnel(db: Db): Promise<FunnelStep[] | null> {
  if (!(await hasEvents(db))) return null;
  const rows = await queryRows(db, [funnelSql()]);
  return rows.map((row) => ({
    step: row.step as FunnelStep['step'],
    customers: num(row.customers),
    rateFromStart: numOrNull(row.rate_from_start),
    rateFromPrevious: numOrNull(row.rate_from_previous),
  }));
}
