/**
 * The canonical build: raw table + roles + timestamp format -> the tables every analysis reads
 * (cb_lines, cb_orders, cb_customers, cb_events, and cb_returns for the return-marked rows), applying every purchase rule of DESIGN.md
 * section 3 in one SQL pipeline, and counting what each rule left out.
 *
 * Order of the rules, per raw row: order-level columns are carried from an order's first row to
 * its other rows; then the row gets the first reason that applies —
 *   1. an implausible number (purchases only): an amount, quantity, price or refund that is NaN,
 *      infinite or beyond LARGEST_VALUE,
 *   2. a return (purchases only): cancelled status, C-invoice, quantity <= 0, negative revenue,
 *      refunded in full,
 *   3. a guest (no customer id; only when the file has a customer column),
 *   4. an unreadable timestamp, or one before EARLIEST_DATE or more than a year after today,
 *   5. (event logs) a non-purchase event — kept in cb_events only,
 *   6. a missing amount / quantity / price;
 * rows with no reason are purchase lines. Revenue is net of refunds. A file without a customer
 * column keeps its purchases with a NULL customer (order-level analyses only; cb_customers is empty).
 * Exact duplicates of a raw row are dropped from the lines and the events and counted (copies of
 * excluded rows are already counted under their reason).
 * Counts: `guestRows` counts guest rows and returns without a customer id (as in the source
 * documentation of most public data sets), `returns` every return-marked row (guests included),
 * and `guestReturns` the overlap, so rowsRead = lines + duplicatesDropped + guestRows
 * + returnsExcluded − guestReturns + Σ excluded + nonPurchaseEvents.
 */
import type { Db } from '../engine/db';
import { ident, literal } from '../sql/quote';
import { countCanonical, countStage, RETURN_CODES, type CanonicalCounts, type ExclusionCode } from './canonical-counts';
import { planBuild, type BuildPlan, type CanonicalOptions } from './canonical-plan';
import { cancellationInvoiceSql, customerSql, inListSql, mapValuesSql, numberSql, textSql } from './canonical-sql';
import { timestampSql } from './dates';
import { readsRawText } from './date-formats';
import { IngestError } from './errors';
import { tableColumns } from './profile';
import type { RoleMap, TimestampSpec } from './types';
import { say } from '../text/language';

export type { CanonicalCounts, ExclusionCode, ExclusionIssue } from './canonical-counts';
export { EXCLUSION_REASONS } from './canonical-counts';
export type { CanonicalOptions } from './canonical-plan';

/** Builds cb_lines, cb_orders, cb_customers and cb_events from `rawTable`; returns what it did. */
export async function buildCanonical(
  db: Db,
  rawTable: string,
  roles: RoleMap,
  tsSpec: TimestampSpec,
  options: CanonicalOptions = {},
): Promise<CanonicalCounts> {
  const columns = await tableColumns(db, rawTable);
  const typeOf = new Map(columns.map((c) => [c.name, c.type]));
  for (const column of Object.values(roles)) {
    if (column && !typeOf.has(column)) {
      throw new IngestError(say(`The column “${column}” is not in this file. Pick another column in the mapping form.`, `这个文件里没有“${column}”列。请在列映射表单中选择另一列。`));
    }
  }
  const plan = await planBuild(db, rawTable, roles, typeOf, options);
  const rawColumns = columns.map((c) => c.name);
  // Built under other names and swapped in at the end in one transaction, so a failing build leaves the
  // previous tables whole. Not one transaction throughout: DuckDB rewrites a table created and then
  // deleted from in the same transaction when it commits (a third of a second per million rows).
  try {
    await db.exec(copiesSql(rawTable, rawColumns, hashedColumns(roles, rawColumns)));
    await db.exec(stageSql(rawTable, roles, tsSpec, typeOf, plan, options));
    await db.exec(eventsSql(roles));
    await db.exec(RETURNS_SQL);
    const stage = await countStage(db, plan, roles);
    await db.exec(linesSql(roles, plan));
    await db.exec(ORDERS_SQL);
    await db.exec(CUSTOMERS_SQL);
    const counts = await countCanonical(db, plan, stage, building);
    if (options.discard) return counts;
    await db.exec(`BEGIN TRANSACTION;
      ${CANONICAL_TABLES.map((name) => `DROP TABLE IF EXISTS ${name}; ALTER TABLE ${building(name)} RENAME TO ${name};`).join('\n      ')}
      COMMIT`);
    return counts;
  } finally {
    await db.exec(['cb_stage', 'cb_copies', ...CANONICAL_TABLES.map(building)].map((name) => `DROP TABLE IF EXISTS ${name}`).join('; '));
  }
}

/** The tables a build makes, in the order it makes them. */
const CANONICAL_TABLES = ['cb_events', 'cb_returns', 'cb_lines', 'cb_orders', 'cb_customers'] as const;

/** The name a canonical table has while it is built. */
function building(name: (typeof CANONICAL_TABLES)[number]): string {
  return `${name}__building`;
}

/** Earliest plausible purchase date (no online shop data predates it). */
export const EARLIEST_DATE = '1990-01-01';
/** Largest plausible money value or quantity of one line: beyond any real order. */
export const LARGEST_VALUE = 1e12;

/** Currencies without minor units (Stripe's list): their amounts are not divided by 100. */
const ZERO_DECIMAL_CURRENCIES = ['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf'];

/** Roles whose values are numbers, and the staging column each becomes. */
const NUMBER_ROLES = [
  ['amount', 'amount'],
  ['quantity', 'quantity'],
  ['unit_price', 'unit_price'],
  ['refund', 'refund'],
] as const;

/**
 * The staging table: one row per raw row, with its canonical values, exclusion reason and whether it is a later
 * copy of another row. Its first columns are cb_lines' columns, in order and with their types, so that for most
 * files the lines are the stage itself with its other rows deleted and its other columns dropped (linesSql).
 */
function stageSql(
  rawTable: string,
  roles: RoleMap,
  tsSpec: TimestampSpec,
  typeOf: Map<string, string>,
  plan: BuildPlan,
  options: CanonicalOptions,
): string {
  const text = (role: keyof RoleMap): string =>
    roles[role] ? textSql(ident(roles[role]!), typeOf.get(roles[role]!)!) : 'NULL::VARCHAR';
  const isText = (role: keyof RoleMap): boolean => /^VARCHAR/i.test(typeOf.get(roles[role]!) ?? 'VARCHAR');
  // ISO dates are cast from the column as read, like text numbers below (readsRawText).
  const tsRaw = roles.timestamp ? (isText('timestamp') && !readsRawText(tsSpec) ? text('timestamp') : ident(roles.timestamp)) : 'NULL::VARCHAR';
  // Typed number columns are cast straight away; text ones are parsed below (numberFromText).
  const numberSource = NUMBER_ROLES.map(([role, name]) =>
    roles[role] && !isText(role) ? `TRY_CAST(${ident(roles[role]!)} AS DOUBLE) AS ${name}` : `NULL::DOUBLE AS ${name}`,
  );
  // Text numbers are parsed from the column as read (numberSql skips blanks and reads missing words as NULL;
  // cleaning two number columns first took a fifth of the text cleaning's time). Their text stays as the file
  // wrote it, for the examples.
  const numberText = (role: keyof RoleMap): string => (isText(role) ? ident(roles[role]!) : text(role));
  const numberFromText = NUMBER_ROLES.filter(([role]) => roles[role] && isText(role)).map(
    ([, name]) => `${numberSql(`${name}_text`, 'VARCHAR')} AS ${name}`,
  );
  const numbersStep = numberFromText.length > 0 ? `SELECT * REPLACE (\n    ${numberFromText.join(',\n    ')}\n  ) FROM source` : 'SELECT * FROM source';
  const minorUnitScale = roles.currency
    ? `CASE WHEN lower(currency_text) IN (${ZERO_DECIMAL_CURRENCIES.map(literal).join(', ')}) THEN 1 ELSE 0.01 END`
    : '0.01';
  const scaledStep = plan.minorUnits
    ? `SELECT * REPLACE (amount * ${minorUnitScale} AS amount, refund * ${minorUnitScale} AS refund) FROM numbers_read`
    : 'SELECT * FROM numbers_read';

  const carriedColumns = (
    [
      ['customer_text', 'customer'],
      ['ts_raw', 'ts'],
      ['status_text', 'status'],
      ['amount', 'amount'],
      ['refund', 'refund'],
    ] as const
  )
    .filter(([, key]) => plan.carry.includes(key))
    .map(([name]) => `coalesce(${name}, max(${name}) OVER order_rows) AS ${name}`);
  const carryStep =
    carriedColumns.length > 0
      ? `SELECT * REPLACE (\n    ${carriedColumns.join(',\n    ')}\n  )\n  FROM numbers\n  WINDOW order_rows AS (PARTITION BY order_id)`
      : 'SELECT * FROM numbers';

  const quantity = roles.quantity ? 'quantity' : '1.0';
  const grossValue = plan.amountLevel ? 'amount' : roles.unit_price ? `${quantity} * unit_price` : 'NULL';
  const lineValue = roles.refund && grossValue !== 'NULL' ? `${grossValue} - coalesce(refund, 0)` : grossValue;
  const purchase = (condition: string): string => (roles.event_type ? `event_type = 'purchase' AND ${condition}` : condition);
  const implausible = (column: string) => `NOT isfinite(${column}) OR abs(${column}) > ${LARGEST_VALUE}`;
  const valueColumns = [...NUMBER_ROLES.filter(([role]) => roles[role]).map(([, name]) => name), ...(grossValue === 'NULL' ? [] : [`(${grossValue})`])];
  const latest = new Date((options.now ?? Date.now()) + 366 * 86_400_000).toISOString().slice(0, 10);
  const reasons: Array<[string, ExclusionCode] | null> = [
    valueColumns.length > 0 ? [purchase(`(${valueColumns.map(implausible).join(' OR ')})`), 'implausible_value'] : null,
    plan.cancelledStatuses.length > 0 ? [purchase(inListSql('status_text', plan.cancelledStatuses)), 'cancelled_status'] : null,
    plan.cancellationInvoices ? [purchase(cancellationInvoiceSql('order_id')), 'cancelled_invoice'] : null,
    roles.quantity ? [purchase('quantity <= 0'), 'quantity_not_positive'] : null,
    grossValue !== 'NULL' ? [purchase(`${grossValue} < 0`), 'negative_revenue'] : null,
    roles.refund && grossValue !== 'NULL' ? [purchase(`refund > 0 AND refund >= ${grossValue}`), 'refunded'] : null,
    roles.customer_id ? ['customer_id IS NULL', 'guest'] : null,
    ['ts IS NULL', 'bad_timestamp'],
    [`ts < TIMESTAMP ${literal(EARLIEST_DATE)} OR ts >= TIMESTAMP ${literal(latest)}`, 'implausible_date'],
    roles.event_type ? [`event_type IS DISTINCT FROM 'purchase'`, 'not_purchase'] : null,
    roles.amount ? ['amount IS NULL', 'missing_amount'] : null,
    roles.quantity ? ['quantity IS NULL', 'missing_quantity'] : null,
    !roles.amount && roles.unit_price ? ['unit_price IS NULL', 'missing_price'] : null,
  ];
  const reasonCase = reasons
    .filter((r): r is [string, ExclusionCode] => r !== null)
    .map(([condition, code]) => `WHEN ${condition} THEN ${literal(code)}`)
    .join('\n      ');
  const customer = roles.customer_id ? customerSql('customer_text', options.customerEmails ?? false) : 'NULL::VARCHAR';

  return `
CREATE OR REPLACE TABLE cb_stage AS
WITH source AS (
  SELECT
    rowid AS source_row,
    ${text('customer_id')} AS customer_text,
    ${text('order_id')} AS order_id,
    ${tsRaw} AS ts_raw,
    ${text('status')} AS status_text,
    ${roles.amount ? numberText('amount') : 'NULL::VARCHAR'} AS amount_text,
    ${roles.quantity ? numberText('quantity') : 'NULL::VARCHAR'} AS quantity_text,
    ${roles.unit_price ? numberText('unit_price') : 'NULL::VARCHAR'} AS unit_price_text,
    ${roles.refund ? numberText('refund') : 'NULL::VARCHAR'} AS refund_text,
    ${text('currency')} AS currency_text,
    ${numberSource.join(',\n    ')},
    ${text('product_id')} AS product_id,
    ${text('product_name')} AS product_name,
    ${text('category')} AS category,
    ${text('event_type')} AS event_text,
    ${text('session_id')} AS session_id,
    ${text('country')} AS country
  FROM ${ident(rawTable)}
),
numbers_read AS (
  ${numbersStep}
),
numbers AS (
  ${scaledStep}
),
carried AS (
  ${carryStep}
),
typed AS (
  SELECT
    *,
    ${customer} AS customer_id,
    ${timestampSql('ts_raw', tsSpec)} AS ts,
    ${roles.event_type ? mapValuesSql('event_text', plan.events) : 'NULL::VARCHAR'} AS event_type
  FROM carried
),
classified AS (
  SELECT
    *,
    CASE
      ${reasonCase}
    END AS reason
  FROM typed
)
SELECT
  customer_id,
  ${roles.order_id ? 'coalesce(order_id, CAST(ts AS VARCHAR))' : 'CAST(ts AS VARCHAR)'} AS order_id,
  ts,
  coalesce(product_id, product_name) AS product_id,
  product_name,
  category,
  CAST(${quantity} AS DOUBLE) AS quantity,
  CAST(${lineValue} AS DOUBLE) AS revenue,
  country,
  source_row,
  source_row IN (SELECT source_row FROM cb_copies) AS is_copy,
  reason,
  CASE reason
    WHEN 'implausible_value' THEN concat_ws(' ', amount_text, quantity_text, unit_price_text, refund_text)
    WHEN 'cancelled_status' THEN status_text
    WHEN 'cancelled_invoice' THEN order_id
    WHEN 'quantity_not_positive' THEN quantity_text
    WHEN 'negative_revenue' THEN coalesce(amount_text, unit_price_text)
    WHEN 'refunded' THEN concat(refund_text, ' of ', coalesce(amount_text, unit_price_text))
    WHEN 'bad_timestamp' THEN coalesce(CAST(ts_raw AS VARCHAR), '(empty)')
    WHEN 'implausible_date' THEN CAST(ts_raw AS VARCHAR)
    WHEN 'missing_amount' THEN coalesce(amount_text, '(empty)')
    WHEN 'missing_quantity' THEN coalesce(quantity_text, '(empty)')
    WHEN 'missing_price' THEN coalesce(unit_price_text, '(empty)')
  END AS example,
  unit_price,
  ${roles.refund ? 'coalesce(refund, 0)' : '0.0'} AS refund,
  event_type,
  session_id
FROM classified`;
}

/**
 * Exact duplicates: every later copy of a raw row (its first copy stays). Only rows whose 64-bit hash of
 * `hashed` columns repeats are compared, column by column over every column: grouping a million wide rows by
 * every column costs seconds in WASM, while repeated hashes are few.
 */
function copiesSql(rawTable: string, rawColumns: string[], hashed: string[]): string {
  const columnList = rawColumns.map(ident).join(', ');
  return `
CREATE OR REPLACE TEMP TABLE cb_copies AS
WITH hashed AS MATERIALIZED (
  SELECT rowid AS source_row, hash(${hashed.map(ident).join(', ')}) AS row_hash FROM ${ident(rawTable)}
),
repeated AS (
  SELECT source_row FROM hashed
  WHERE row_hash IN (SELECT row_hash FROM hashed GROUP BY row_hash HAVING count(*) > 1)
)
SELECT source_row
FROM (
  SELECT rowid AS source_row, row_number() OVER (PARTITION BY ${columnList} ORDER BY rowid) AS copy_number
  FROM ${ident(rawTable)}
  WHERE rowid IN (SELECT source_row FROM repeated)
)
WHERE copy_number > 1`;
}

/**
 * The columns whose hash finds duplicate candidates: the order, time, customer and product columns when the
 * order or the time is mapped (together they nearly tell rows apart, and hashing 4 columns instead of every
 * one took a third off the search), otherwise every column.
 */
function hashedColumns(roles: RoleMap, rawColumns: string[]): string[] {
  if (!roles.order_id && !roles.timestamp) return rawColumns;
  const telling = [roles.order_id, roles.timestamp, roles.customer_id, roles.product_id, roles.product_name];
  return [...new Set(telling.filter((column): column is string => column !== undefined && rawColumns.includes(column)))];
}

/** The stage's columns that are not cb_lines' columns (dropped when the stage becomes the lines). */
const STAGE_ONLY_COLUMNS = ['source_row', 'is_copy', 'reason', 'example', 'unit_price', 'refund', 'event_type', 'session_id'];

/**
 * Purchase lines: rows without a reason, first copies only; an order total is split across its lines. Where
 * no total is split, the stage becomes cb_lines in place (its other rows deleted, its other columns dropped):
 * copying a million rows of text into another table was a fifth of the build. Event logs, mostly other
 * events, keep only their purchases in a table of their own.
 */
function linesSql(roles: RoleMap, plan: BuildPlan): string {
  const lineFilter = 'reason IS NULL AND NOT is_copy';
  if (plan.amountLevel !== 'order' && !roles.event_type) {
    return [
      `DELETE FROM cb_stage WHERE NOT (${lineFilter})`,
      ...STAGE_ONLY_COLUMNS.map((column) => `ALTER TABLE cb_stage DROP COLUMN ${column}`),
      `ALTER TABLE cb_stage RENAME TO ${building('cb_lines')}`,
    ].join(';\n');
  }
  const revenue =
    plan.amountLevel === 'order'
      ? roles.unit_price
        ? `CASE
        WHEN count(weight) OVER this_order = count(*) OVER this_order AND sum(weight) OVER this_order > 0
          THEN revenue * weight / sum(weight) OVER this_order
        ELSE revenue / count(*) OVER this_order
      END`
        : 'revenue / count(*) OVER this_order'
      : 'revenue';
  const weight = roles.unit_price ? ', quantity * unit_price AS weight' : '';
  const window = plan.amountLevel === 'order' ? 'WINDOW this_order AS (PARTITION BY customer_id, order_id)' : '';
  return `
CREATE OR REPLACE TABLE ${building('cb_lines')} AS
SELECT
  customer_id,
  order_id,
  ts,
  product_id,
  product_name,
  category,
  quantity,
  CAST(${revenue} AS DOUBLE) AS revenue,
  country
FROM (
  SELECT *${weight} FROM cb_stage
  WHERE ${lineFilter}
)
${window}`;
}

const ORDERS_SQL = `
CREATE OR REPLACE TABLE ${building('cb_orders')} AS
SELECT customer_id, order_id, min(ts) AS ts, sum(revenue) AS revenue, sum(quantity) AS items
FROM ${building('cb_lines')}
GROUP BY customer_id, order_id`;

const CUSTOMERS_SQL = `
CREATE OR REPLACE TABLE ${building('cb_customers')} AS
SELECT customer_id, min(ts) AS first_ts, max(ts) AS last_ts, count(*) AS orders, sum(revenue) AS revenue
FROM ${building('cb_orders')}
WHERE customer_id IS NOT NULL
GROUP BY customer_id
ORDER BY customer_id`;

/**
 * Return-marked rows (cancelled or returned status, C-invoices, quantity <= 0, negative revenue, full refunds), one
 * copy each: they are not purchases, but the risk flags read them (what was cancelled, when, by whom). Quantity and
 * revenue are sizes (absolute values), whatever sign the export wrote them with.
 */
const RETURNS_SQL = `
CREATE OR REPLACE TABLE ${building('cb_returns')} AS
SELECT customer_id, order_id, ts, product_id, abs(quantity) AS quantity, abs(revenue) AS revenue, reason
FROM cb_stage
WHERE reason IN (${RETURN_CODES.map(literal).join(', ')}) AND NOT is_copy`;

/** Every event with a customer and a time (one copy of each); empty without an event_type role. */
function eventsSql(roles: RoleMap): string {
  const where = roles.event_type
    ? 'event_type IS NOT NULL AND customer_id IS NOT NULL AND ts IS NOT NULL AND NOT is_copy'
    : 'FALSE';
  return `
CREATE OR REPLACE TABLE ${building('cb_events')} AS
SELECT customer_id, ts, event_type, product_id, category, session_id
FROM cb_stage
WHERE ${where}`;
}
