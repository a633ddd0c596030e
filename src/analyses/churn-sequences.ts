/**
 * Each customer's purchase history before the cutoff as a sequence, for the churn sequence model (issue 23):
 * the last `steps` purchases, oldest first, one step per order with the days since the previous order, the
 * amount, the items and the days from the order to the cutoff. Customers with fewer orders are padded at the
 * front with all-zero steps (the model masks them). Rows follow the feature table's row order
 * (FEATURE_ROW_ORDER), so a sequence sits beside its customer's features and label. Like the features, only
 * orders strictly before the cutoff are read.
 */
import type { Db } from '../engine/db';
import { readNumericColumns } from '../engine/arrow-tables';
import { ident, literal } from '../sql/quote';
import { FEATURE_ROW_ORDER } from './churn-matrix';
import type { SequenceInput } from '../models/sequence';

/** Purchases per customer the sequence model reads (the most recent ones). */
export const SEQUENCE_STEPS = 10;

/**
 * Channels of a step: `present` (1 for a real order), `first` (1 for the customer's first order, whose gap is
 * unknown), then the order's numbers.
 */
export const SEQUENCE_CHANNELS = ['present', 'first', 'gap_days', 'amount', 'items', 'age_days'] as const;


/** Reads the purchase sequences of the customers of `featuresTable` as of `cutoff` (YYYY-MM-DD). */
export async function readPurchaseSequences(db: Db, featuresTable: string, cutoff: string, rows: number, steps = SEQUENCE_STEPS): Promise<SequenceInput> {
  const c = `DATE ${literal(cutoff)}`;
  const staged = 'cb_purchase_steps';
  const sql = `
CREATE OR REPLACE TEMP TABLE ${ident(staged)} AS
WITH customers AS (
  SELECT customer_id, CAST(row_number() OVER (ORDER BY ${FEATURE_ROW_ORDER}) - 1 AS INTEGER) AS row_index FROM ${ident(featuresTable)}
),
orders_before AS (
  SELECT customer_id, ts, order_id, CAST(ts AS DATE) AS d, coalesce(revenue, 0) AS revenue, coalesce(items, 0) AS items
  FROM cb_orders
  WHERE customer_id IS NOT NULL AND CAST(ts AS DATE) < ${c}
),
ranked AS (
  SELECT
    customer_id, d, revenue, items,
    date_diff('day', lag(d) OVER (PARTITION BY customer_id ORDER BY ts, order_id), d) AS gap,
    row_number() OVER (PARTITION BY customer_id ORDER BY ts DESC, order_id DESC) AS back
  FROM orders_before
)
SELECT
  c.row_index,
  CAST(k.back AS INTEGER) AS back,
  CAST(k.gap IS NULL AS INTEGER) AS first,
  CAST(coalesce(k.gap, 0) AS DOUBLE) AS gap_days,
  CAST(k.revenue AS DOUBLE) AS amount,
  CAST(k.items AS DOUBLE) AS items,
  CAST(date_diff('day', k.d, ${c}) AS DOUBLE) AS age_days
FROM ranked k JOIN customers c USING (customer_id)
WHERE k.back <= ${literal(steps)}`;
  await db.exec(sql);
  let read;
  try {
    read = await readNumericColumns(db, staged, {
      row_index: Int32Array,
      back: Int32Array,
      first: Float64Array,
      gap_days: Float64Array,
      amount: Float64Array,
      items: Float64Array,
      age_days: Float64Array,
    });
  } finally {
    await db.exec(`DROP TABLE IF EXISTS ${ident(staged)}`);
  }
  const width = SEQUENCE_CHANNELS.length;
  const values = new Float32Array(rows * steps * width);
  const column = read.columns;
  for (let i = 0; i < read.rows; i++) {
    const row = column.row_index[i]!;
    if (row < 0 || row >= rows) continue;
    const at = (row * steps + (steps - column.back[i]!)) * width;
    values[at] = 1;
    values[at + 1] = column.first[i]!;
    values[at + 2] = column.gap_days[i]!;
    values[at + 3] = column.amount[i]!;
    values[at + 4] = column.items[i]!;
    values[at + 5] = column.age_days[i]!;
  }
  return { steps, channels: [...SEQUENCE_CHANNELS], values };
}
