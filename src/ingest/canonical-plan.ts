/**
 * What the data says before the canonical build: which order-level columns must be carried to an
 * order's other rows, whether the amount is a line amount or an order total, whether C-invoices are
 * cancellations, which statuses mean "cancelled", and how event words map to event types.
 */
import type { Db } from '../engine/db';
import { ident } from '../sql/quote';
import { cancellationInvoiceSql, numberSql, textSql } from './canonical-sql';
import { normalizeHeader } from './role-headers';
import type { RoleMap } from './types';
import { CANCELLED_STATUS, eventTypeOf, KEPT_STATUS } from './vocabulary';
import { say, type Localized } from '../text/language';

/** Choices the caller can force instead of letting the data decide. */
export interface CanonicalOptions {
  /** Whether the amount column is a line amount or an order total repeated/filled per order. */
  amountLevel?: 'auto' | 'line' | 'order';
  /** Whether order ids starting with C mark cancellations. Default: when order ids are mostly numbers. */
  cancellationInvoices?: 'auto' | boolean;
  /** The customer column holds e-mail addresses: compare them case-insensitively. */
  customerEmails?: boolean;
  /** Now, in epoch milliseconds: dates more than a year after it are implausible (default: the clock). */
  now?: number;
  /** Builds and counts, then drops what it built: the current canonical tables stay (a rehearsal). */
  discard?: boolean;
}

/** Rows that show how the file is laid out (order-level columns, invoice numbers). */
const PLAN_SAMPLE_ROWS = 20_000;

/** Headers of amount columns that hold an order total rather than a line amount. */
const ORDER_TOTAL_HEADERS = ['total', 'ordertotal', 'grandtotal', 'orderamount', 'ordervalue', '订单总金额', '订单金额'];

/** Decisions taken from the data (or forced by options) before the build. */
export interface BuildPlan {
  carry: Array<'customer' | 'ts' | 'status' | 'amount' | 'refund'>;
  amountLevel: 'line' | 'order' | null;
  cancellationInvoices: boolean;
  cancelledStatuses: string[];
  events: Map<string, string>;
  /** Amounts are in minor units (Stripe charges: cents), to be divided by 100 except in zero-decimal currencies. */
  minorUnits: boolean;
  notes: Localized[];
}

/**
 * Decides how to build from the first PLAN_SAMPLE_ROWS rows (grouped by order): exports keep one
 * layout from top to bottom, so the first orders show it, and this stays cheap on a million rows.
 */
export async function planBuild(
  db: Db,
  rawTable: string,
  roles: RoleMap,
  typeOf: Map<string, string>,
  options: CanonicalOptions,
): Promise<BuildPlan> {
  const notes: Localized[] = [];
  const plan: BuildPlan = {
    carry: [],
    amountLevel: roles.amount ? 'line' : null,
    cancellationInvoices: false,
    cancelledStatuses: roles.status ? await cancelledStatuses(db, rawTable, roles.status) : [],
    events: roles.event_type ? await eventMapping(db, rawTable, roles.event_type) : new Map(),
    minorUnits: false,
    notes,
  };
  if (plan.cancelledStatuses.length > 0) {
    const statuses = plan.cancelledStatuses.map((s) => `“${s}”`);
    notes.push(say(`Rows with status ${statuses.join(', ')} are cancellations or returns.`, `状态为 ${statuses.join('、')} 的行是取消或退货。`));
  }
  if (!roles.order_id) return plan;

  const order = textSql(ident(roles.order_id), typeOf.get(roles.order_id)!);
  const partial = (role: keyof RoleMap, alias: string): string =>
    roles[role] ? `count(${ident(roles[role]!)}) AS ${alias}` : `NULL AS ${alias}`;
  const amount = roles.amount ? numberSql(textSql(ident(roles.amount), typeOf.get(roles.amount)!), 'VARCHAR') : 'NULL';
  const row = (
    await db.query(
      `WITH per_order AS (
         SELECT ${order} AS order_key,
                count(*) AS line_rows,
                ${partial('customer_id', 'customer_rows')},
                ${partial('timestamp', 'ts_rows')},
                ${partial('status', 'status_rows')},
                ${partial('refund', 'refund_rows')},
                count(${amount}) AS amount_rows,
                count(*) FILTER (WHERE ${amount} <> floor(${amount})) AS fractional_amounts,
                count(DISTINCT ${amount}) AS amounts
         FROM (SELECT * FROM ${ident(rawTable)} LIMIT ${PLAN_SAMPLE_ROWS})
         GROUP BY order_key
       )
       SELECT
         count(*) FILTER (WHERE line_rows > 1) AS multi_line_orders,
         count(*) FILTER (WHERE line_rows > 1 AND amounts <= 1) AS constant_amount_orders,
         count(*) FILTER (WHERE amount_rows BETWEEN 1 AND line_rows - 1) AS partial_amount,
         count(*) FILTER (WHERE customer_rows BETWEEN 1 AND line_rows - 1) AS partial_customer,
         count(*) FILTER (WHERE ts_rows BETWEEN 1 AND line_rows - 1) AS partial_ts,
         count(*) FILTER (WHERE status_rows BETWEEN 1 AND line_rows - 1) AS partial_status,
         count(*) FILTER (WHERE refund_rows BETWEEN 1 AND line_rows - 1) AS partial_refund,
         count(*) FILTER (WHERE regexp_full_match(order_key, '[0-9]+')) / count(*) AS numeric_share,
         count(*) FILTER (WHERE regexp_full_match(order_key, '(ch|py)_[A-Za-z0-9]+')) / count(*) AS stripe_share,
         sum(fractional_amounts) AS fractional_amounts,
         count(*) FILTER (WHERE ${cancellationInvoiceSql('order_key')}) AS c_invoices
       FROM per_order
       WHERE order_key IS NOT NULL`,
    )
  ).get(0)!;
  const n = (key: string): number => Number(row[key] ?? 0);

  if (n('partial_customer') > 0) plan.carry.push('customer');
  if (n('partial_ts') > 0) plan.carry.push('ts');
  if (n('partial_status') > 0) plan.carry.push('status');
  if (n('partial_amount') > 0) plan.carry.push('amount');
  if (n('partial_refund') > 0) plan.carry.push('refund');
  if (plan.carry.length > 0) {
    notes.push(
      say(
        `Order-level columns filled on an order's first row only (${plan.carry.join(', ')}) were carried to its other rows.`,
        `只在订单第一行填写的订单级列（${plan.carry.join('、')}）已沿用到该订单的其他行。`,
      ),
    );
  }

  if (roles.amount) {
    const multi = n('multi_line_orders');
    const constant = multi > 0 && n('constant_amount_orders') === multi;
    const orderHeader = ORDER_TOTAL_HEADERS.includes(normalizeHeader(roles.amount));
    const detected = constant && (orderHeader || n('partial_amount') > 0 || multi >= 3);
    const level = options.amountLevel ?? 'auto';
    plan.amountLevel = level === 'auto' ? (detected ? 'order' : 'line') : level;
    if (plan.amountLevel === 'order') {
      const byValue = Boolean(roles.quantity && roles.unit_price);
      notes.push(
        say(
          `“${roles.amount}” is an order total: it is counted once per order and split across the order's lines` + (byValue ? ' in proportion to quantity × unit price.' : ' equally.'),
          `“${roles.amount}”是订单总额：每个订单只计一次，并${byValue ? '按数量 × 单价的比例' : '平均'}分摊到订单的各行。`,
        ),
      );
    }
  }

  plan.minorUnits = Boolean(roles.amount) && n('stripe_share') >= 0.9 && n('fractional_amounts') === 0;
  if (plan.minorUnits) {
    notes.push(
      say(
        `These are Stripe charges, whose amounts are in cents: “${roles.amount}” was divided by 100 (not in zero-decimal currencies such as JPY).`,
        `这些是 Stripe 支付记录，金额以分为单位：“${roles.amount}”已除以 100（日元等没有小数位的币种除外）。`,
      ),
    );
  }

  const invoices = options.cancellationInvoices ?? 'auto';
  plan.cancellationInvoices =
    invoices === 'auto' ? n('numeric_share') >= 0.5 && n('c_invoices') > 0 : invoices;
  if (plan.cancellationInvoices) {
    notes.push(say('Invoice numbers starting with C are cancellations.', '以 C 开头的发票号是取消单据。'));
  }
  return plan;
}

/** Distinct statuses (as written) that mean cancelled, refunded or returned. */
async function cancelledStatuses(db: Db, rawTable: string, column: string): Promise<string[]> {
  const cancelled = new RegExp(CANCELLED_STATUS, 'i');
  const kept = new RegExp(KEPT_STATUS, 'i');
  return (await distinctTexts(db, rawTable, column)).filter((s) => cancelled.test(s) && !kept.test(s));
}

/** Raw event value (as written) -> canonical event type, for the values that are known words. */
async function eventMapping(db: Db, rawTable: string, column: string): Promise<Map<string, string>> {
  const mapping = new Map<string, string>();
  for (const value of await distinctTexts(db, rawTable, column)) {
    const type = eventTypeOf(value);
    if (type) mapping.set(value, type);
  }
  return mapping;
}

async function distinctTexts(db: Db, rawTable: string, column: string): Promise<string[]> {
  const result = await db.query(
    `SELECT DISTINCT ${ident(column)} AS v FROM ${ident(rawTable)} WHERE ${ident(column)} IS NOT NULL LIMIT 10000`,
  );
  return [...new Set(result.toArray().map((row) => String(row.v).trim()))];
}
