/**
 * Recommendations (DESIGN.md section 4): what each customer is likely to buy next that they have not bought,
 * by item-item collaborative filtering (src/models/item-knn.ts), always measured beside the popularity baseline.
 * Evaluation is a time-based holdout: purchases in the last H days are the test; a test customer has bought
 * before the split and goes on to buy at least one item they had not bought before it; both recommenders
 * learn from the purchases up to the split only, and are scored on those new items (precision, recall,
 * hit rate and NDCG at k).
 */
import { readNumericColumns, withStagedTable } from '../engine/arrow-tables';
import { float64Vector, int32Vector, utf8Vector } from '../engine/arrow-vectors';
import type { Db } from '../engine/db';
import { tableToRows } from '../engine/rows';
import { ident, literal } from '../sql/quote';
import type { TrainControl } from '../models/model';
import { fitBpr, recommendBpr, type BprOptions } from '../models/bpr';
import {
  fitItemKnn,
  meanMetrics,
  popularItems,
  rankingMetrics,
  recommendPopular,
  recommendScored,
  rowsOf,
  type Interactions,
  type RankingMetrics,
} from '../models/item-knn';

/** The recommenders: item-item collaborative filtering, or matrix factorisation by BPR (src/models/bpr.ts). */
export type RecommenderName = 'item-item' | 'bpr';

export interface RecommendOptions {
  /** Which recommender makes the lists (default item-item). */
  model?: RecommenderName;
  /** Also score the other recommender on the holdout (both always beside popularity). */
  compare?: boolean;
  /** Settings of the factorisation (factors, epochs, seed). */
  bpr?: BprOptions;
  /** List length (default 10). */
  k?: number;
  /** Days at the end held out as the test (default 30). */
  holdoutDays?: number;
  /** Neighbours kept per item (default 100). */
  neighbours?: number;
}

/** The recommender and the popularity baseline on the time-based holdout (and the other recommender, when compared). */
export interface HoldoutScores {
  test_customers: number;
  /** The recommender that makes the lists. */
  model: RankingMetrics;
  popularity: RankingMetrics;
  /** Every recommender scored, by name. */
  models: Partial<Record<RecommenderName, RankingMetrics>>;
}

export interface RecommendEvaluation extends HoldoutScores {
  k: number;
  holdoutDays: number;
  /** The last day the recommenders learn from (`YYYY-MM-DD`). */
  split: string;
}

/** Thrown when the data cannot be used for recommendations, with the reason in plain words. */
export class RecommendInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecommendInputError';
  }
}

/**
 * SQL: every distinct (customer, product) purchase in `lines` with its first day, products and customers
 * numbered from 0 (dense ranks), and the day that splits learning from testing.
 */
function purchasesSql(holdoutDays: number, lines: string): string {
  return `
WITH bought AS (
  SELECT customer_id, product_id, min(CAST(ts AS DATE)) AS first_day
  FROM ${ident(lines)}
  WHERE customer_id IS NOT NULL AND product_id IS NOT NULL
  GROUP BY customer_id, product_id
),
split AS (
  SELECT max(CAST(ts AS DATE)) - INTERVAL ${literal(holdoutDays)} DAY AS split_day FROM ${ident(lines)} WHERE customer_id IS NOT NULL
)
SELECT
  CAST(dense_rank() OVER (ORDER BY customer_id) - 1 AS INTEGER) AS customer,
  CAST(dense_rank() OVER (ORDER BY product_id) - 1 AS INTEGER) AS item,
  customer_id,
  product_id,
  CAST(first_day > CAST(split_day AS DATE) AS UTINYINT) AS later,
  CAST(CAST(split_day AS DATE) AS VARCHAR) AS split
FROM bought, split`;
}

/** Who bought what (each customer-product pair once), numbered, with the pairs first bought after the split marked. */
export interface PurchaseMatrix extends Interactions {
  /** 1 where the pair was first bought after the split (the test), else 0. */
  later: Uint8Array;
  split: string;
}

/** The numbered purchases of the table `from` (written by purchasesSql). */
async function readPurchases(db: Db, from: string): Promise<PurchaseMatrix> {
  const [sizes] = tableToRows(await db.query(`SELECT count(*)::DOUBLE AS pairs, (max(customer) + 1)::DOUBLE AS customers, (max(item) + 1)::DOUBLE AS items, any_value(split) AS split FROM ${ident(from)}`));
  if (!sizes || Number(sizes.pairs) === 0) throw new RecommendInputError('There are no purchases with a customer and a product to learn from.');
  const { columns } = await readNumericColumns(db, from, { customer: Int32Array, item: Int32Array, later: Uint8Array });
  return {
    customers: Number(sizes.customers),
    items: Number(sizes.items),
    customer: columns.customer as Int32Array,
    item: columns.item as Int32Array,
    later: columns.later as Uint8Array,
    split: String(sizes.split),
  };
}

function subset(p: PurchaseMatrix, keep: (r: number) => boolean): Interactions {
  const rows: number[] = [];
  for (let r = 0; r < p.customer.length; r++) if (keep(r)) rows.push(r);
  return { customers: p.customers, items: p.items, customer: Int32Array.from(rows, (r) => p.customer[r]!), item: Int32Array.from(rows, (r) => p.item[r]!) };
}

/**
 * The recommenders learn from the pairs before the split and are scored on the new items each customer
 * bought after it; null when no customer who bought before the split bought something new after it.
 */
export async function evaluateHoldout(purchases: PurchaseMatrix, k: number, options: RecommendOptions = {}, control: TrainControl = {}): Promise<HoldoutScores | null> {
  const train = subset(purchases, (r) => purchases.later[r] === 0);
  const test = subset(purchases, (r) => purchases.later[r] === 1);
  const owned = rowsOf(train.customers, train.customer, train.item);
  const next = rowsOf(test.customers, test.customer, test.item);
  const chosen = options.model ?? 'item-item';
  const names: RecommenderName[] = options.compare ? ['item-item', 'bpr'] : [chosen];
  const testCustomers: number[] = [];
  for (let u = 0; u < purchases.customers; u++) {
    if (owned.start[u + 1]! > owned.start[u]! && next.start[u + 1]! > next.start[u]!) testCustomers.push(u);
  }
  if (testCustomers.length === 0) return null;
  const relevantOf = (u: number) => new Set(next.values.subarray(next.start[u]!, next.start[u + 1]!));
  const historyOf = (u: number) => owned.values.subarray(owned.start[u]!, owned.start[u + 1]!);
  const lists = await listMakers(train, names, options, control);
  const models: Partial<Record<RecommenderName, RankingMetrics>> = {};
  for (const name of names) models[name] = meanMetrics(testCustomers.map((u) => rankingMetrics(lists[name]!(u, historyOf(u), k).items, relevantOf(u), k)));
  const ranking = popularItems(buyersOf(train));
  const popularity = meanMetrics(testCustomers.map((u) => rankingMetrics(recommendPopular(ranking, historyOf(u), k), relevantOf(u), k)));
  return { test_customers: testCustomers.length, model: models[chosen] ?? models[names[0]!]!, popularity, models };
}

/** A recommender's list for customer u who owns `owned`. */
type ListMaker = (u: number, owned: Int32Array, k: number) => { items: number[]; scores: number[] };

/** Fits each named recommender on `data`. */
async function listMakers(data: Interactions, names: RecommenderName[], options: RecommendOptions, control: TrainControl): Promise<Partial<Record<RecommenderName, ListMaker>>> {
  const makers: Partial<Record<RecommenderName, ListMaker>> = {};
  for (const name of names) {
    if (name === 'item-item') {
      const model = fitItemKnn(data, { neighbours: options.neighbours });
      const ranking = popularItems(model.buyers);
      const scratch = new Float64Array(model.items);
      makers[name] = (_u, owned, k) => recommendScored(model, owned, k, scratch, ranking);
    } else {
      const model = await fitBpr(data, options.bpr ?? {}, control);
      const scratch = new Float64Array(model.items);
      makers[name] = (u, owned, k) => recommendBpr(model, u, owned, k, scratch);
    }
  }
  return makers;
}

function buyersOf(data: Interactions): Int32Array {
  const buyers = new Int32Array(data.items);
  for (const i of data.item) buyers[i]!++;
  return buyers;
}

/** Item-item recommendations and the popularity baseline on the time-based holdout. */
export async function evaluateRecommendations(db: Db, options: RecommendOptions = {}): Promise<RecommendEvaluation> {
  const { k, holdoutDays } = checkedOptions(options);
  await db.exec(`CREATE OR REPLACE TEMP TABLE recommend__purchases AS ${purchasesSql(holdoutDays, 'cb_lines')}`);
  const purchases = await readPurchases(db, 'recommend__purchases').finally(() => db.exec('DROP TABLE IF EXISTS recommend__purchases'));
  const scores = await evaluateHoldout(purchases, k, options);
  if (!scores) {
    throw new RecommendInputError(
      `No customer bought something new in the last ${holdoutDays} days after buying before them, so there is nothing to test on. Try a longer --holdout-days.`,
    );
  }
  return { k, holdoutDays, split: purchases.split, ...scores };
}

function checkedOptions(options: RecommendOptions): { k: number; holdoutDays: number } {
  const k = options.k ?? 10;
  const holdoutDays = options.holdoutDays ?? 30;
  if (!Number.isInteger(k) || k < 1) throw new RecommendInputError(`The list length k must be a whole number from 1, got ${k}.`);
  if (!Number.isInteger(holdoutDays) || holdoutDays < 1) throw new RecommendInputError(`The holdout must be a whole number of days from 1, got ${holdoutDays}.`);
  return { k, holdoutDays };
}

export interface RecommendFitOptions extends Pick<RecommendOptions, 'model' | 'compare' | 'bpr'> {
  k: number;
  holdoutDays: number;
  neighbours?: number;
  /** Products listed per product in "customers who bought this also bought" (default 10). */
  alsoBought?: number;
}

/** Ranked lists as rows: the entries of `owner`'s list, ranked from 1, with their items and scores. */
export interface RankedLists {
  owner: Int32Array;
  rank: Int32Array;
  item: Int32Array;
  score: Float64Array;
}

/** The lists for every customer and product, as columns ready to write (built in the worker, not on the page). */
export interface RecommendFit {
  evaluation: HoldoutScores | null;
  /** Each customer's k products, best first (owner: the customer's number); scores are summed similarities. */
  customers: RankedLists;
  /** Each product's "also bought" products, most similar first (owner: the product's number); scores are cosines. */
  also: RankedLists;
}

/** Runs the recommender on a purchase matrix: here, or in the training worker. */
export type RecommendFitter = (purchases: PurchaseMatrix, options: RecommendFitOptions, control: TrainControl) => Promise<RecommendFit>;

/**
 * Evaluates on the holdout, then learns from every purchase and lists, for each customer, the k products they
 * have not bought that best match what they have, and for each product the ones most often bought by its buyers.
 */
export async function fitRecommendations(purchases: PurchaseMatrix, options: RecommendFitOptions, control: TrainControl = {}): Promise<RecommendFit> {
  const { k } = options;
  const perItem = options.alsoBought ?? 10;
  const name = options.model ?? 'item-item';
  const evaluation = await evaluateHoldout(purchases, k, options, control);
  // "Also bought" is item-item's by nature (the products' own neighbours), whichever recommender makes the lists.
  const knn = fitItemKnn(purchases, { neighbours: Math.max(options.neighbours ?? 100, perItem) });
  const ranking = popularItems(knn.buyers);
  const scratch = new Float64Array(knn.items);
  const bpr = name === 'bpr' ? await fitBpr(purchases, options.bpr ?? {}, control) : null;
  const list: ListMaker = bpr ? (u, owned, n) => recommendBpr(bpr, u, owned, n, scratch) : (_u, owned, n) => recommendScored(knn, owned, n, scratch, ranking);
  const owned = rowsOf(purchases.customers, purchases.customer, purchases.item);
  const customers = new ListBuilder(purchases.customers * k);
  for (let u = 0; u < purchases.customers; u++) {
    if (owned.start[u + 1]! === owned.start[u]!) continue;
    const picked = list(u, owned.values.subarray(owned.start[u]!, owned.start[u + 1]!), k);
    picked.items.forEach((item, at) => customers.push(u, at + 1, item, picked.scores[at]!));
  }
  const also = new ListBuilder(knn.items * perItem);
  for (let i = 0; i < knn.items; i++) {
    const from = knn.neighbours.start[i]!;
    const count = Math.min(perItem, knn.neighbours.start[i + 1]! - from);
    for (let n = 0; n < count; n++) also.push(i, n + 1, knn.neighbours.values[from + n]!, knn.similarity[from + n]!);
  }
  return { evaluation, customers: customers.done(), also: also.done() };
}

/** Rows of ranked lists, in typed arrays sized for the most rows there can be. */
class ListBuilder {
  private readonly lists: RankedLists;
  private length = 0;
  constructor(capacity: number) {
    this.lists = { owner: new Int32Array(capacity), rank: new Int32Array(capacity), item: new Int32Array(capacity), score: new Float64Array(capacity) };
  }
  push(owner: number, rank: number, item: number, score: number): void {
    const at = this.length++;
    this.lists.owner[at] = owner;
    this.lists.rank[at] = rank;
    this.lists.item[at] = item;
    this.lists.score[at] = score;
  }
  done(): RankedLists {
    const { owner, rank, item, score } = this.lists;
    const n = this.length;
    return { owner: owner.slice(0, n), rank: rank.slice(0, n), item: item.slice(0, n), score: score.slice(0, n) };
  }
}

export interface RecommendTablesOptions extends RecommendOptions {
  /** Products per product in the "also bought" table (default 10). */
  alsoBought?: number;
  /** The lines learned from (default `cb_lines`: every purchase, whatever the notebook's date range). */
  lines?: string;
  /** The per-customer table (default `recommendations`); also `<table>_also_bought` and `<table>_evaluation`. */
  table?: string;
}

export interface RecommendSummary extends RecommendEvaluation {
  /** Rows written to the per-customer table. */
  rows: number;
  customers: number;
  products: number;
  /** The holdout scores, or null when nothing could be tested. */
  evaluation: HoldoutScores | null;
  tables: { recommendations: string; alsoBought: string; evaluation: string };
}

/**
 * Writes `recommendations` (customer_id, rank, product_id, product_name, score: k rows per customer, none a
 * product they bought), `<table>_also_bought` (per product, the products its buyers bought most) and
 * `<table>_evaluation` (both recommenders' holdout metrics). The arithmetic runs in `fit` (the training worker
 * on the page); the page only moves numbers and joins the ids back on in SQL.
 */
export async function writeRecommendations(
  db: Db,
  options: RecommendTablesOptions = {},
  control: TrainControl = {},
  fit: RecommendFitter = fitRecommendations,
): Promise<RecommendSummary> {
  const { k, holdoutDays } = checkedOptions(options);
  const lines = options.lines ?? 'cb_lines';
  const table = options.table ?? 'recommendations';
  const names = { recommendations: table, alsoBought: `${table}_also_bought`, evaluation: `${table}_evaluation` };
  const purchasesTable = `${table}__purchases`;
  await db.exec(`CREATE OR REPLACE TEMP TABLE ${ident(purchasesTable)} AS ${purchasesSql(holdoutDays, lines)}`);
  try {
    const purchases = await readPurchases(db, purchasesTable);
    const { customers, items: products, split } = purchases;
    const result = await fit(
      purchases,
      { k, holdoutDays, neighbours: options.neighbours, alsoBought: options.alsoBought, model: options.model, compare: options.compare, bpr: options.bpr },
      control,
    );
    const withNames = await hasColumn(db, lines, 'product_name');
    const productsSql = `products AS (
  SELECT p.item, p.product_id, coalesce(${withNames ? 'n.product_name' : 'NULL'}, p.product_id) AS product_name
  FROM (SELECT DISTINCT item, product_id FROM ${ident(purchasesTable)}) AS p
  ${withNames ? `LEFT JOIN (SELECT product_id, mode(product_name) AS product_name FROM ${ident(lines)} WHERE product_name IS NOT NULL GROUP BY product_id) AS n USING (product_id)` : ''}
)`;
    await withStagedTable(db, `${table}__lists`, listColumns(result.customers, 'customer'), () =>
      db.exec(`CREATE OR REPLACE TABLE ${ident(names.recommendations)} AS
WITH ${productsSql},
customers AS (SELECT DISTINCT customer, customer_id FROM ${ident(purchasesTable)})
SELECT c.customer_id, s.rank, p.product_id, p.product_name, round(s.score, 4) AS score
FROM ${ident(`${table}__lists`)} AS s JOIN customers AS c USING (customer) JOIN products AS p USING (item)
ORDER BY c.customer_id, s.rank`),
    );
    await withStagedTable(db, `${table}__also`, listColumns(result.also, 'product'), () =>
      db.exec(`CREATE OR REPLACE TABLE ${ident(names.alsoBought)} AS
WITH ${productsSql}
SELECT p.product_id, p.product_name, s.rank, o.product_id AS also_bought_id, o.product_name AS also_bought_name, round(s.score, 4) AS similarity
FROM ${ident(`${table}__also`)} AS s JOIN products AS p ON p.item = s.product JOIN products AS o ON o.item = s.item
ORDER BY p.product_id, s.rank`),
    );
    await writeEvaluation(db, names.evaluation, result.evaluation, k);
    return { k, holdoutDays, split, rows: result.customers.rank.length, customers, products, evaluation: result.evaluation, test_customers: result.evaluation?.test_customers ?? 0, model: result.evaluation?.model ?? NO_SCORES, popularity: result.evaluation?.popularity ?? NO_SCORES, models: result.evaluation?.models ?? {}, tables: names };
  } finally {
    await db.exec(`DROP TABLE IF EXISTS ${ident(purchasesTable)}`);
  }
}

const NO_SCORES: RankingMetrics = { precision: 0, recall: 0, hit_rate: 0, ndcg: 0 };

/** Ranked lists as Arrow columns (owner named `owner`). */
function listColumns(lists: RankedLists, owner: string) {
  return { [owner]: int32Vector(lists.owner), rank: int32Vector(lists.rank), item: int32Vector(lists.item), score: float64Vector(lists.score) };
}

async function writeEvaluation(db: Db, name: string, scores: HoldoutScores | null, k: number): Promise<void> {
  const rows = scores ? [['suggestions', scores.model] as const, ['best sellers', scores.popularity] as const] : [];
  const metric = (key: keyof RankingMetrics) => float64Vector(Float64Array.from(rows, ([, m]) => m[key]));
  await withStagedTable(
    db,
    `${name}__staging`,
    {
      recommender: utf8Vector(rows.map(([who]) => who)),
      precision: metric('precision'),
      recall: metric('recall'),
      hit_rate: metric('hit_rate'),
      ndcg: metric('ndcg'),
    },
    () => db.exec(`CREATE OR REPLACE TABLE ${ident(name)} AS SELECT recommender, ${literal(k)} AS k, precision, recall, hit_rate, ndcg FROM ${ident(`${name}__staging`)}`),
  );
}

async function hasColumn(db: Db, table: string, column: string): Promise<boolean> {
  const rows = tableToRows(await db.query(`SELECT column_name FROM (DESCRIBE SELECT * FROM ${ident(table)})`));
  return rows.some((row) => row.column_name === column);
}

/**
 * SQL of the customers who bought most like one customer (user-based, on request): the cosine of their
 * product sets, shared / √(theirs · mine), with the count of products in common; the customer themself left
 * out. Without an id, the customer with the most different products is taken (a notebook cell's starting
 * point: write an id in `chosen`).
 */
export function similarCustomersSql(customerId: string | null, options: { limit?: number; lines?: string } = {}): string {
  const lines = ident(options.lines ?? 'cb_lines');
  const chosen =
    customerId === null
      ? `SELECT customer_id FROM bought GROUP BY customer_id ORDER BY count(*) DESC, customer_id LIMIT 1`
      : `SELECT ${literal(customerId)} AS customer_id`;
  return `WITH bought AS (
  SELECT DISTINCT customer_id, product_id FROM ${lines} WHERE customer_id IS NOT NULL AND product_id IS NOT NULL
),
chosen AS (${chosen}),
mine AS (SELECT product_id FROM bought WHERE customer_id = (SELECT customer_id FROM chosen)),
sizes AS (SELECT customer_id, count(*) AS products FROM bought GROUP BY customer_id),
shared AS (
  SELECT b.customer_id, count(*) AS products_in_common
  FROM bought AS b JOIN mine USING (product_id)
  WHERE b.customer_id <> (SELECT customer_id FROM chosen)
  GROUP BY b.customer_id
)
SELECT (SELECT customer_id FROM chosen) AS like_customer, s.customer_id, s.products_in_common, z.products,
  round(s.products_in_common / sqrt(z.products * (SELECT count(*) FROM mine)), 4) AS similarity
FROM shared AS s JOIN sizes AS z USING (customer_id)
ORDER BY similarity DESC, products_in_common DESC, s.customer_id
LIMIT ${literal(options.limit ?? 20)}`;
}
