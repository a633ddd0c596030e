/**
 * Campaigns: an audience (one segment of any per-customer result: an RFM segment, a churn risk band, a
 * cluster, a value band) with what each customer is worth and what to offer them, as a SQL cell the notebook
 * keeps, and the economics of contacting them. The models present add their columns: the churn scores
 * (probability of not buying in the horizon), the customer-value scores (expected value) and the
 * recommendations (the products to put in the message). Tables are found by their columns, not their names,
 * so a renamed model cell still counts.
 */
import type { Db } from '../engine/db';
import { tableToRows } from '../engine/rows';
import { ident, literal } from '../sql/quote';
import type { CustomerList } from './customer-lists';

/** The per-customer model tables a campaign can draw on (null when the notebook has none). */
export interface CampaignSources {
  /** Has customer_id, rank, product_name (the recommendations model cell's table). */
  recommendations: string | null;
  /** Has customer_id, probability, risk_band (the churn model cell's scores). */
  churn: string | null;
  /** Has customer_id, clv, p_alive (the customer-value model cell's scores). */
  value: string | null;
}

const SIGNATURES: Record<keyof CampaignSources, { columns: string[]; preferred: string }> = {
  recommendations: { columns: ['customer_id', 'rank', 'product_name'], preferred: 'recommendations' },
  churn: { columns: ['customer_id', 'probability', 'risk_band'], preferred: 'churn_scores' },
  value: { columns: ['customer_id', 'clv', 'p_alive'], preferred: 'clv_scores' },
};

/** The model tables among `tables` (name → columns), the usual name first when several fit. */
export function campaignSources(tables: Readonly<Record<string, readonly string[]>>): CampaignSources {
  const find = (key: keyof CampaignSources): string | null => {
    const { columns, preferred } = SIGNATURES[key];
    const fits = Object.keys(tables)
      .filter((name) => columns.every((c) => tables[name]!.includes(c)))
      .sort();
    return fits.includes(preferred) ? preferred : (fits[0] ?? null);
  };
  return { recommendations: find('recommendations'), churn: find('churn'), value: find('value') };
}

/** The cell name of the campaign for `list`: `campaign_<table>_<value>`, in letters, digits and underscores. */
export function campaignName(list: CustomerList): string {
  return `campaign_${list.table}_${list.value}`.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
}

/** Products attached per customer. */
export const PRODUCTS_PER_CUSTOMER = 3;

/**
 * SQL of the campaign table: one row per customer of the audience, with their orders, revenue, last order and
 * revenue in the last 12 months of the data, then what the models say (churn probability, expected value)
 * and the recommended products, best first, separated by "; ". Highest recent revenue first.
 */
export function campaignSql(list: CustomerList, sources: CampaignSources, products = PRODUCTS_PER_CUSTOMER): string {
  const ctes = [
    `audience AS (SELECT DISTINCT customer_id FROM ${ident(list.table)} WHERE ${ident(list.column)} = ${literal(list.value)} AND customer_id IS NOT NULL)`,
    `history AS (
  SELECT customer_id, count(*) AS orders, sum(revenue) AS revenue, CAST(max(ts) AS DATE) AS last_order,
    sum(revenue) FILTER (WHERE ts > (SELECT max(ts) FROM cb_orders) - INTERVAL 12 MONTH) AS revenue_12m
  FROM cb_orders GROUP BY customer_id
)`,
  ];
  const columns = [
    'a.customer_id',
    'h.orders',
    'round(h.revenue, 2) AS revenue',
    'h.last_order',
    'round(coalesce(h.revenue_12m, 0), 2) AS revenue_last_12_months',
  ];
  const joins = ['LEFT JOIN history AS h USING (customer_id)'];
  if (sources.churn) {
    columns.push('round(c.probability, 4) AS churn_probability');
    joins.push(`LEFT JOIN ${ident(sources.churn)} AS c USING (customer_id)`);
  }
  if (sources.value) {
    columns.push('round(v.clv, 2) AS expected_value');
    joins.push(`LEFT JOIN ${ident(sources.value)} AS v USING (customer_id)`);
  }
  if (sources.recommendations) {
    ctes.push(`suggested AS (
  SELECT customer_id, string_agg(product_name, '; ' ORDER BY rank) AS recommended_products
  FROM ${ident(sources.recommendations)} WHERE rank <= ${literal(products)} GROUP BY customer_id
)`);
    columns.push('s.recommended_products');
    joins.push('LEFT JOIN suggested AS s USING (customer_id)');
  }
  return `-- campaign: the customers of ${list.table} whose ${list.column} is ${list.value}
WITH ${ctes.join(',\n')}
SELECT ${columns.join(',\n  ')}
FROM audience AS a
${joins.join('\n')}
ORDER BY revenue_last_12_months DESC, a.customer_id`;
}

/** What the campaign table says about its audience. */
export interface CampaignFigures {
  customers: number;
  /** Their orders and revenue over the whole history (for the average order). */
  orders: number;
  revenue: number;
  /** What they spent in the last 12 months of the data: the revenue at stake. */
  revenueLast12Months: number;
  /** Σ churn probability × last-12-month revenue: what is expected to be lost if nothing is done (null without churn scores). */
  expectedLoss: number | null;
  /** Mean churn probability (null without churn scores). */
  meanChurn: number | null;
  /** Σ expected value from the customer-value model (null without it). */
  expectedValue: number | null;
  /** Customers with recommended products attached (null without recommendations). */
  withProducts: number | null;
}

/** The figures of the campaign table `table` (written by campaignSql). */
export async function campaignFigures(db: Db, table: string): Promise<CampaignFigures> {
  const columns = new Set(tableToRows(await db.query(`SELECT column_name FROM (DESCRIBE SELECT * FROM ${ident(table)})`)).map((r) => String(r.column_name)));
  const optional = (column: string, sql: string) => (columns.has(column) ? sql : 'NULL');
  const [row] = tableToRows(
    await db.query(`SELECT count(*)::DOUBLE AS customers, coalesce(sum(orders), 0)::DOUBLE AS orders, coalesce(sum(revenue), 0)::DOUBLE AS revenue,
  coalesce(sum(revenue_last_12_months), 0)::DOUBLE AS recent,
  ${optional('churn_probability', 'sum(churn_probability * revenue_last_12_months)::DOUBLE')} AS loss,
  ${optional('churn_probability', 'avg(churn_probability)::DOUBLE')} AS churn,
  ${optional('expected_value', 'sum(expected_value)::DOUBLE')} AS value,
  ${optional('recommended_products', "(count(*) FILTER (WHERE recommended_products <> ''))::DOUBLE")} AS with_products
FROM ${ident(table)}`),
  );
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    customers: Number(row!.customers),
    orders: Number(row!.orders),
    revenue: Number(row!.revenue),
    revenueLast12Months: Number(row!.recent),
    expectedLoss: n(row!.loss),
    meanChurn: n(row!.churn),
    expectedValue: n(row!.value),
    withProducts: n(row!.with_products),
  };
}

/** What the shop owner assumes about the campaign (editable). */
export interface CampaignAssumptions {
  /** Share of contacted customers expected to order because of it (0..1). */
  responseRate: number;
  /** Cost of one message (e-mail or SMS), in the shop's money. */
  costPerContact: number;
  /** Discount given on each order the campaign brings (0..1 of the order). */
  discount: number;
}

/** A win-back e-mail with a 10% code: a few percent answer; sending costs little. */
export const DEFAULT_ASSUMPTIONS: CampaignAssumptions = { responseRate: 0.05, costPerContact: 0.02, discount: 0.1 };

/** The expected economics of one send. */
export interface CampaignEconomics {
  /** Expected customers who order. */
  responders: number;
  /** The audience's average order over its history. */
  averageOrder: number;
  /** Expected revenue from those orders (before the discount). */
  revenue: number;
  /** Messages plus discounts. */
  cost: number;
  /** Revenue − cost. */
  net: number;
  /** The response rate at which the campaign pays for itself (null when it never can: an audience with no orders). */
  breakEvenRate: number | null;
}

/**
 * One order per responder at the audience's average order value: revenue = customers × rate × order;
 * cost = customers × cost per contact + revenue × discount; break-even rate = cost per contact / (order × (1 − discount)).
 */
export function campaignEconomics(figures: CampaignFigures, assumptions: CampaignAssumptions): CampaignEconomics {
  const averageOrder = figures.orders > 0 ? figures.revenue / figures.orders : 0;
  const responders = figures.customers * assumptions.responseRate;
  const revenue = responders * averageOrder;
  const cost = figures.customers * assumptions.costPerContact + revenue * assumptions.discount;
  const margin = averageOrder * (1 - assumptions.discount);
  return { responders, averageOrder, revenue, cost, net: revenue - cost, breakEvenRate: margin > 0 ? assumptions.costPerContact / margin : null };
}
