/**
 * What the loaded data allows, read from the canonical tables: its date range, whether it has customers
 * (a file without a customer column has orders only) and which behaviour events it holds. The analyses
 * bar offers only what applies, and says why for the rest.
 */
import type { Db } from '../engine/db';
import { tableToRows } from '../engine/rows';

/** Facts about the loaded data. */
export interface DataFacts {
  /** First and last purchase dates (YYYY-MM-DD), null without purchases. */
  firstDate: string | null;
  lastDate: string | null;
  orders: number;
  customers: number;
  /** Customers with a view event and with a cart event (a funnel needs both). */
  viewEvents: number;
  cartEvents: number;
  /** Purchase lines naming a product (products bought together need them). */
  productLines: number;
}

/** The SQL of `dataFacts`, over cb_orders, cb_customers and cb_events. */
export const DATA_FACTS_SQL = `
SELECT
  (SELECT strftime(min(ts), '%Y-%m-%d') FROM cb_orders) AS first_date,
  (SELECT strftime(max(ts), '%Y-%m-%d') FROM cb_orders) AS last_date,
  (SELECT count(*) FROM cb_orders) AS orders,
  (SELECT count(*) FROM cb_customers) AS customers,
  (SELECT count(*) FROM cb_events WHERE event_type = 'view') AS view_events,
  (SELECT count(*) FROM cb_events WHERE event_type = 'cart') AS cart_events,
  (SELECT count(product_id) FROM cb_lines) AS product_lines`;

/** Reads the facts of the data now loaded. */
export async function dataFacts(db: Db): Promise<DataFacts> {
  const row = tableToRows(await db.query(DATA_FACTS_SQL))[0] ?? {};
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  const count = (value: unknown) => Number(value ?? 0);
  return {
    firstDate: text(row.first_date),
    lastDate: text(row.last_date),
    orders: count(row.orders),
    customers: count(row.customers),
    viewEvents: count(row.view_events),
    cartEvents: count(row.cart_events),
    productLines: count(row.product_lines),
  };
}

/** True when the data has customers to follow (not only orders). */
export function hasCustomerData(facts: DataFacts): boolean {
  return facts.customers > 0;
}

/** True when a view -> cart -> purchase funnel has something to show. */
export function hasFunnelEvents(facts: DataFacts): boolean {
  return facts.viewEvents > 0 && facts.cartEvents > 0;
}
