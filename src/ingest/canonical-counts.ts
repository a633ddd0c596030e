/** The load-report side of the canonical build: what each rule left out, with examples. */
import type { Db } from '../engine/db';
import { literal } from '../sql/quote';
import type { BuildPlan } from './canonical-plan';
import type { RoleMap, RowIssue } from './types';
import { say, type Localized } from '../text/language';

/** Why a row did not become a purchase line. */
export type ExclusionCode =
  | 'implausible_value'
  | 'refunded'
  | 'implausible_date'
  | 'cancelled_status'
  | 'cancelled_invoice'
  | 'quantity_not_positive'
  | 'negative_revenue'
  | 'guest'
  | 'bad_timestamp'
  | 'missing_amount'
  | 'missing_quantity'
  | 'missing_price'
  | 'not_purchase';

/** A RowIssue with a stable code (the reason text is for people). */
export interface ExclusionIssue extends RowIssue {
  code: ExclusionCode;
}

/** What the canonical build did, for the load report. */
export interface CanonicalCounts {
  rowsRead: number;
  duplicatesDropped: number;
  guestRows: number;
  /** Rows both without customer id and marked as returns (counted in guestRows and returnsExcluded). */
  guestReturns: number;
  returnsExcluded: number;
  /** Return-marked rows by reason. */
  returns: ExclusionIssue[];
  /** Other rows left out, by reason (timestamp, amount, quantity, price). */
  excluded: ExclusionIssue[];
  /** Event-log rows that are not purchases (they are in cb_events). */
  nonPurchaseEvents: number;
  customers: number;
  orders: number;
  lines: number;
  revenue: number;
  events: number;
  dateRange: { min: string | null; max: string | null };
  /** How the amount column was read (null without an amount column). */
  amountLevel: 'line' | 'order' | null;
  /** Whether C-prefixed invoice numbers were treated as cancellations. */
  cancellationInvoices: boolean;
  /** Statuses treated as cancellations, as written in the file. */
  cancelledStatuses: string[];
  /** Sentences explaining the choices above. */
  notes: Localized[];
  /** Refunds subtracted from the revenue of kept orders (each order's refund once), and orders refunded in full. */
  refunds: { amount: number; fullyRefundedOrders: number };
}

/** Reasons that mark a return or cancellation, in rule order. */
export const RETURN_CODES: ExclusionCode[] = ['cancelled_status', 'cancelled_invoice', 'quantity_not_positive', 'negative_revenue', 'refunded'];
/** Other reasons a row is left out, in rule order: data that cannot be right, whatever the business rules. */
export const OTHER_CODES: ExclusionCode[] = ['implausible_value', 'bad_timestamp', 'implausible_date', 'missing_amount', 'missing_quantity', 'missing_price'];

/** What each exclusion code means, in the user's words. */
export const EXCLUSION_REASONS: Record<ExclusionCode, Localized> = {
  implausible_value: say('amount, quantity or price not a real number or beyond 1e12 (NaN, infinite, huge)', '金额、数量或价格不是实数或超过 1e12（NaN、无穷大、过大）'),
  refunded: say('refunded in full', '已全额退款'),
  implausible_date: say('date before 1990 or more than a year from now', '日期早于 1990 年或晚于一年之后'),
  cancelled_status: say('cancelled, refunded or returned (status)', '已取消、退款或退货（状态）'),
  cancelled_invoice: say('cancellation invoice (number starts with C)', '取消单据（编号以 C 开头）'),
  quantity_not_positive: say('quantity zero or negative', '数量为零或负数'),
  negative_revenue: say('negative amount', '金额为负'),
  guest: say('guest / anonymous (no customer id)', '访客 / 匿名（没有客户编号）'),
  bad_timestamp: say('date missing or unreadable', '日期缺失或无法读取'),
  missing_amount: say('amount missing or not a number', '金额缺失或不是数字'),
  missing_quantity: say('quantity missing or not a number', '数量缺失或不是数字'),
  missing_price: say('unit price missing or not a number', '单价缺失或不是数字'),
  not_purchase: say('not a purchase event', '不是购买事件'),
};

/** What the stage alone tells (countStage), read before the stage becomes the lines. */
export interface StageCounts {
  totals: Record<string, unknown>;
  issues: ExclusionIssue[];
}

/** Counts the rows of cb_stage by what happened to them, and the exclusions with examples. */
export async function countStage(db: Db, plan: BuildPlan, roles: RoleMap): Promise<StageCounts> {
  const refundPerOrder = plan.amountLevel === 'order';
  const returnCodes = RETURN_CODES.map(literal).join(', ');
  // Every count but the rows read is of rows with a reason or copies: only those are compared (most rows are
  // neither, and comparing a million reasons with each word took 150 ms in WASM).
  const totals = (
    await db.query(
      `SELECT
         (SELECT count(*) FROM cb_stage) AS rows_read,
         ${roles.customer_id ? `count(*) FILTER (WHERE reason = 'guest' OR (customer_id IS NULL AND reason IN (${returnCodes})))` : '0'} AS guest_rows,
         ${roles.customer_id ? `count(*) FILTER (WHERE customer_id IS NULL AND reason IN (${returnCodes}))` : '0'} AS guest_returns,
         count(*) FILTER (WHERE is_copy AND (reason IS NULL OR reason = 'not_purchase')) AS duplicates,
         count(*) FILTER (WHERE NOT is_copy AND reason = 'not_purchase') AS non_purchase_events,
         ${roles.refund ? `(SELECT coalesce(sum(refund), 0) FROM (
            SELECT ${refundPerOrder ? 'DISTINCT customer_id, order_id,' : 'source_row,'} refund FROM cb_stage
            WHERE reason IS NULL AND NOT is_copy))` : '0'} AS refund_amount,
         count(DISTINCT (customer_id, order_id)) FILTER (WHERE reason = 'refunded') AS refunded_orders
       FROM cb_stage
       WHERE reason IS NOT NULL OR is_copy`,
    )
  ).get(0)!;
  return { totals, issues: await issuesByReason(db) };
}

/** Counts lines, orders, customers and events from the canonical tables, with what the stage told. */
export async function countCanonical(
  db: Db,
  plan: BuildPlan,
  stage: StageCounts,
  /** Where each table is while it is built (canonical.ts builds under temporary names). */
  tableName: (name: 'cb_events' | 'cb_lines' | 'cb_orders' | 'cb_customers') => string,
): Promise<CanonicalCounts> {
  const [events, lines, orders, customers] = (['cb_events', 'cb_lines', 'cb_orders', 'cb_customers'] as const).map(tableName);
  const tables = (
    await db.query(
      `SELECT
         (SELECT count(*) FROM ${events}) AS events,
         (SELECT count(*) FROM ${lines}) AS lines,
         (SELECT coalesce(sum(revenue), 0) FROM ${lines}) AS revenue,
         (SELECT count(*) FROM ${orders}) AS orders,
         (SELECT count(*) FROM ${customers}) AS customers,
         (SELECT strftime(min(ts), '%Y-%m-%d %H:%M:%S') FROM ${lines}) AS first_ts,
         (SELECT strftime(max(ts), '%Y-%m-%d %H:%M:%S') FROM ${lines}) AS last_ts`,
    )
  ).get(0)!;
  const totals: Record<string, unknown> = { ...stage.totals, ...tables };
  const issues = stage.issues;
  const pick = (codes: ExclusionCode[]): ExclusionIssue[] =>
    codes.flatMap((code) => issues.filter((issue) => issue.code === code));
  const returns = pick(RETURN_CODES);
  const n = (key: string): number => Number(totals[key] ?? 0);
  return {
    rowsRead: n('rows_read'),
    duplicatesDropped: n('duplicates'),
    guestRows: n('guest_rows'),
    guestReturns: n('guest_returns'),
    returnsExcluded: returns.reduce((sum, issue) => sum + issue.count, 0),
    returns,
    excluded: pick(OTHER_CODES),
    nonPurchaseEvents: n('non_purchase_events'),
    customers: n('customers'),
    orders: n('orders'),
    lines: n('lines'),
    revenue: n('revenue'),
    events: n('events'),
    dateRange: { min: (totals.first_ts as string | null) ?? null, max: (totals.last_ts as string | null) ?? null },
    amountLevel: plan.amountLevel,
    cancellationInvoices: plan.cancellationInvoices,
    cancelledStatuses: plan.cancelledStatuses,
    notes: plan.notes,
    refunds: { amount: n('refund_amount'), fullyRefundedOrders: n('refunded_orders') },
  };
}

/** Rows per exclusion reason with up to 3 example values (distinct, first seen first). */
async function issuesByReason(db: Db): Promise<ExclusionIssue[]> {
  const rows = (
    await db.query(
      `WITH by_value AS (
         SELECT reason, example, count(*) AS n, min(source_row) AS first_row
         FROM cb_stage
         WHERE reason IS NOT NULL
         GROUP BY reason, example
       )
       SELECT
         reason,
         sum(n) AS count,
         list(example ORDER BY first_row) FILTER (WHERE k <= 3 AND example IS NOT NULL) AS examples
       FROM (
         SELECT *, row_number() OVER (PARTITION BY reason, example IS NULL ORDER BY first_row) AS k
         FROM by_value
       )
       GROUP BY reason`,
    )
  ).toArray();
  return rows.map((row) => {
    const code = String(row.reason) as ExclusionCode;
    return {
      code,
      reason: EXCLUSION_REASONS[code],
      count: Number(row.count),
      examples: Array.from(row.examples?.toArray?.() ?? [], String).slice(0, 3),
    };
  });
}
