/**
 * Recommendations (DESIGN.md section 4): what each customer is likely to buy next that they have not bought,
 * by item-item collaborative filtering (src/models/item-knn.ts), always measured beside the popularity baseline.
 * Evaluation is a time-based holdout: purchases in the last H days are the test; a test customer has bought
 * before the split and goes on to buy at least one item they had not bought before it; both recommenders
 * learn from the purchases up to the split only, and are scored on those new items (precision, recall,
 * hit rate and NDCG at k).
 */
import type { Table } from 'apache-arrow';
import type { Db } from '../engine/db';
import { literal } from '../sql/quote';
import { fitItemKnn, meanMetrics, popularItems, rankingMetrics, recommendItems, recommendPopular, rowsOf, type Interactions, type RankingMetrics } from '../models/item-knn';

export interface RecommendOptions {
  /** List length (default 10). */
  k?: number;
  /** Days at the end held out as the test (default 30). */
  holdoutDays?: number;
  /** Neighbours kept per item (default 100). */
  neighbours?: number;
}

export interface RecommendEvaluation {
  k: number;
  holdoutDays: number;
  /** The last day the recommenders learn from (`YYYY-MM-DD`). */
  split: string;
  test_customers: number;
  model: RankingMetrics;
  popularity: RankingMetrics;
}

/** Thrown when the data cannot be used for recommendations, with the reason in plain words. */
export class RecommendInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecommendInputError';
  }
}

/**
 * SQL: every distinct (customer, product) purchase with its first day, products and customers numbered
 * from 0 (dense ranks), and the day that splits learning from testing.
 */
function purchasesSql(holdoutDays: number): string {
  return `
WITH bought AS (
  SELECT customer_id, product_id, min(CAST(ts AS DATE)) AS first_day
  FROM cb_lines
  WHERE customer_id IS NOT NULL AND product_id IS NOT NULL
  GROUP BY customer_id, product_id
),
split AS (
  SELECT max(CAST(ts AS DATE)) - INTERVAL ${literal(holdoutDays)} DAY AS split_day FROM cb_lines WHERE customer_id IS NOT NULL
)
SELECT
  CAST(dense_rank() OVER (ORDER BY customer_id) - 1 AS INTEGER) AS customer,
  CAST(dense_rank() OVER (ORDER BY product_id) - 1 AS INTEGER) AS item,
  customer_id,
  product_id,
  first_day > CAST(split_day AS DATE) AS later,
  CAST(CAST(split_day AS DATE) AS VARCHAR) AS split
FROM bought, split`;
}

interface Purchases {
  customers: number;
  items: number;
  customer: Int32Array;
  item: Int32Array;
  later: Uint8Array;
  split: string;
}

async function readPurchases(db: Db, holdoutDays: number): Promise<Purchases> {
  const table: Table = await db.query(purchasesSql(holdoutDays));
  if (table.numRows === 0) throw new RecommendInputError('There are no purchases with a customer and a product to learn from.');
  const customer = Int32Array.from(table.getChild('customer')!.toArray() as ArrayLike<number>);
  const item = Int32Array.from(table.getChild('item')!.toArray() as ArrayLike<number>);
  const laterColumn = table.getChild('later')!;
  const later = new Uint8Array(table.numRows);
  for (let r = 0; r < later.length; r++) later[r] = laterColumn.get(r) ? 1 : 0;
  const split = String(table.getChild('split')!.get(0));
  return { customers: largest(customer) + 1, items: largest(item) + 1, customer, item, later, split };
}

function subset(p: Purchases, keep: (r: number) => boolean): Interactions {
  const rows: number[] = [];
  for (let r = 0; r < p.customer.length; r++) if (keep(r)) rows.push(r);
  return { customers: p.customers, items: p.items, customer: Int32Array.from(rows, (r) => p.customer[r]!), item: Int32Array.from(rows, (r) => p.item[r]!) };
}

/** Item-item recommendations and the popularity baseline on the time-based holdout. */
export async function evaluateRecommendations(db: Db, options: RecommendOptions = {}): Promise<RecommendEvaluation> {
  const k = options.k ?? 10;
  const holdoutDays = options.holdoutDays ?? 30;
  if (!Number.isInteger(k) || k < 1) throw new RecommendInputError(`The list length k must be a whole number from 1, got ${k}.`);
  if (!Number.isInteger(holdoutDays) || holdoutDays < 1) throw new RecommendInputError(`The holdout must be a whole number of days from 1, got ${holdoutDays}.`);
  const purchases = await readPurchases(db, holdoutDays);
  const train = subset(purchases, (r) => purchases.later[r] === 0);
  const test = subset(purchases, (r) => purchases.later[r] === 1);
  const owned = rowsOf(train.customers, train.customer, train.item);
  const next = rowsOf(test.customers, test.customer, test.item);
  const model = fitItemKnn(train, { neighbours: options.neighbours });
  const ranking = popularItems(model.buyers);
  const scratch = new Float64Array(model.items);
  const modelScores: RankingMetrics[] = [];
  const popularScores: RankingMetrics[] = [];
  for (let u = 0; u < purchases.customers; u++) {
    const history = owned.values.subarray(owned.start[u]!, owned.start[u + 1]!);
    const relevant = new Set(next.values.subarray(next.start[u]!, next.start[u + 1]!));
    if (history.length === 0 || relevant.size === 0) continue;
    modelScores.push(rankingMetrics(recommendItems(model, history, k, scratch), relevant, k));
    popularScores.push(rankingMetrics(recommendPopular(ranking, history, k), relevant, k));
  }
  if (modelScores.length === 0) {
    throw new RecommendInputError(
      `No customer bought something new in the last ${holdoutDays} days after buying before them, so there is nothing to test on. Try a longer --holdout-days.`,
    );
  }
  return { k, holdoutDays, split: purchases.split, test_customers: modelScores.length, model: meanMetrics(modelScores), popularity: meanMetrics(popularScores) };
}

function largest(values: Int32Array): number {
  let most = -1;
  for (const v of values) if (v > most) most = v;
  return most;
}
