/**
 * Count models (issue 24; docs/survival.md, "Count models"): how many purchase dates each customer has in the next
 * H days, predicted from the churn features (DESIGN.md section 4) by Poisson and negative-binomial regression, on a
 * time holdout, beside BG/NBD's expected purchases and the mean — by mean absolute error and Poisson deviance.
 *
 * Protocol (the churn protocol's windows: features from purchases before the cutoff, the outcome from the cutoff on):
 * last = the last purchase date; test cutoff = last − H + 1, so the test window [test cutoff, last] holds H days;
 * training cutoff = test cutoff − H. Features: log1p of counts, money and day spans, missing values filled with the
 * training median, standardised by the training mean and deviation. BG/NBD is fitted on every test customer's
 * purchase dates before the test cutoff (weeks) and predicts the next H days.
 */
import type { Db } from '../engine/db';
import { tableToRows } from '../engine/rows';
import { literal } from '../sql/quote';
import { countScores, fitNegativeBinomial, fitPoisson, predictCounts, type CountFit } from '../models/count';
import { median } from '../models/anomaly';
import { bgnbdConditionalExpected, fitBgnbd } from '../models/clv/bgnbd';
import { buildChurnFeatures, ChurnSetupError, lastPurchaseDate, type ChurnDataset } from './churn-features';

/** First purchase date with a customer (`YYYY-MM-DD`), or null. */
async function firstPurchaseDate(db: Db): Promise<string | null> {
  const [row] = tableToRows(await db.query("SELECT strftime(min(CAST(ts AS DATE)), '%Y-%m-%d') AS d FROM cb_orders WHERE customer_id IS NOT NULL"));
  return row?.d === null || row?.d === undefined ? null : String(row.d);
}
import { addDays, daysBetween } from './calendar';

export interface CountModelScores {
  mae: number;
  poissonDeviance: number;
  /** Mean predicted count over the test customers (the actual mean is `actualMean`). */
  meanPredicted: number;
}

export interface CountComparison {
  horizon: number;
  trainCutoff: string;
  testCutoff: string;
  trainCustomers: number;
  testCustomers: number;
  actualMean: number;
  features: string[];
  poisson: CountFit & CountModelScores;
  negativeBinomial: CountFit & CountModelScores;
  bgnbd: (CountModelScores & { params: Record<string, number> }) | null;
  mean: CountModelScores;
}

/** Purchase dates per customer in [cutoff, cutoff + horizon), in the dataset's row order. */
async function countsAfter(db: Db, data: ChurnDataset, cutoff: string, horizon: number): Promise<Float64Array> {
  const rows = tableToRows(
    await db.query(`SELECT customer_id, count(DISTINCT CAST(ts AS DATE)) AS n FROM cb_orders
WHERE customer_id IS NOT NULL AND CAST(ts AS DATE) >= DATE ${literal(cutoff)} AND CAST(ts AS DATE) < DATE ${literal(addDays(cutoff, horizon))}
GROUP BY customer_id`),
  );
  const byId = new Map(rows.map((r) => [String(r.customer_id), Number(r.n)]));
  return Float64Array.from(data.customerIds!, (id) => byId.get(id) ?? 0);
}

/** The standardisation learnt on the training rows: log1p for non-negative kinds, median fill, mean and deviation. */
function preprocess(train: ChurnDataset): (data: ChurnDataset) => Float64Array {
  const p = train.featureNames.length;
  const logged = train.featureKinds.map((k) => k === 'count' || k === 'money' || k === 'days');
  const value = (data: ChurnDataset, r: number, j: number) => {
    const v = data.x[r * p + j]!;
    return Number.isNaN(v) ? Number.NaN : logged[j] ? Math.sign(v) * Math.log1p(Math.abs(v)) : v;
  };
  const fill = Array.from({ length: p }, (_, j) => {
    const middle = median(Array.from({ length: train.rows }, (_, r) => value(train, r, j)).filter((v) => !Number.isNaN(v)));
    return Number.isNaN(middle) ? 0 : middle;
  });
  const filled = (data: ChurnDataset, r: number, j: number) => {
    const v = value(data, r, j);
    return Number.isNaN(v) ? fill[j]! : v;
  };
  const centre = fill.map((_, j) => Array.from({ length: train.rows }, (_, r) => filled(train, r, j)).reduce((s, v) => s + v, 0) / train.rows);
  const spread = centre.map((m, j) => Math.sqrt(Array.from({ length: train.rows }, (_, r) => (filled(train, r, j) - m) ** 2).reduce((s, v) => s + v, 0) / train.rows) || 1);
  return (data) => Float64Array.from({ length: data.rows * p }, (_, i) => (filled(data, Math.floor(i / p), i % p) - centre[i % p]!) / spread[i % p]!);
}

/** What the fits need: standardised features and counts, and the test customers' BG/NBD summary (weeks). */
export interface CountFitInput {
  xTrain: Float64Array;
  yTrain: Float64Array;
  xTest: Float64Array;
  trainRows: number;
  testRows: number;
  features: number;
  summary: { x: Float64Array; tx: Float64Array; T: Float64Array };
  horizonWeeks: number;
}

/** The fitted regressions and every model's predictions for the test customers. */
export interface CountFitOutput {
  poisson: CountFit;
  negativeBinomial: CountFit;
  predictions: { poisson: Float64Array; negativeBinomial: Float64Array; bgnbd: Float64Array | null };
  bgnbdParams: Record<string, number> | null;
}

/** Fits the count models (where: in this thread, or the training worker's). */
export type CountFitter = (input: CountFitInput) => Promise<CountFitOutput>;

/** Fits Poisson and NB regressions and BG/NBD, and predicts the test customers (pure math). */
export function fitCountModels(input: CountFitInput): CountFitOutput {
  const { xTrain, yTrain, xTest, trainRows, testRows, features, summary, horizonWeeks } = input;
  const poisson = fitPoisson(xTrain, yTrain, trainRows, features);
  const negativeBinomial = fitNegativeBinomial(xTrain, yTrain, trainRows, features);
  const bg = fitBgnbd(summary);
  const fitted = Object.values(bg.params).every((v) => Number.isFinite(v));
  return {
    poisson,
    negativeBinomial,
    predictions: {
      poisson: predictCounts(poisson, xTest, testRows),
      negativeBinomial: predictCounts(negativeBinomial, xTest, testRows),
      bgnbd: fitted ? Float64Array.from(summary.x, (x, i) => bgnbdConditionalExpected(bg.params, horizonWeeks, x, summary.tx[i]!, summary.T[i]!)) : null,
    },
    bgnbdParams: fitted ? { ...bg.params } : null,
  };
}

/** The test customers' purchase dates before the test cutoff, as BG/NBD's summary in weeks (T runs to the cutoff). */
async function bgnbdSummary(db: Db, test: ChurnDataset, cutoff: string): Promise<CountFitInput['summary']> {
  const rows = tableToRows(
    await db.query(`WITH dates AS (SELECT DISTINCT customer_id, CAST(ts AS DATE) AS day FROM cb_orders WHERE customer_id IS NOT NULL AND CAST(ts AS DATE) < DATE ${literal(cutoff)})
SELECT customer_id, count(*) - 1 AS x, date_diff('day', min(day), max(day)) / 7.0 AS tx, date_diff('day', min(day), DATE ${literal(cutoff)}) / 7.0 AS t
FROM dates GROUP BY customer_id`),
  );
  const byId = new Map(rows.map((r) => [String(r.customer_id), r]));
  const ids = test.customerIds!;
  return {
    x: Float64Array.from(ids, (id) => Number(byId.get(id)?.x ?? 0)),
    tx: Float64Array.from(ids, (id) => Number(byId.get(id)?.tx ?? 0)),
    T: Float64Array.from(ids, (id) => Number(byId.get(id)?.t ?? 0)),
  };
}

const scored = (y: Float64Array, mu: Float64Array): CountModelScores => ({ ...countScores(y, mu), meanPredicted: mu.reduce((s, v) => s + v, 0) / mu.length });

/** Poisson and negative-binomial regressions beside BG/NBD and the mean, on a time holdout of `horizon` days. */
export async function compareCountModels(
  db: Db,
  options: { horizon?: number } = {},
  fit: CountFitter = async (input) => fitCountModels(input),
): Promise<CountComparison> {
  const horizon = options.horizon ?? 90;
  const last = await lastPurchaseDate(db);
  if (!last) throw new ChurnSetupError('There are no purchases with a customer to count.');
  const testCutoff = addDays(last, -horizon + 1);
  const trainCutoff = addDays(testCutoff, -horizon);
  const first = await firstPurchaseDate(db);
  if (first === null || first >= trainCutoff) {
    const days = first === null ? 0 : daysBetween(first, last) + 1;
    throw new ChurnSetupError(
      `Count models learn from one ${horizon}-day window and test on the next, after some history: the data spans ${days} days, so it needs a horizon under ${Math.max(1, Math.floor((days - 1) / 2))} days. Set a shorter "horizon".`,
    );
  }
  let fitted: CountFitOutput;
  let train: ChurnDataset;
  let test: ChurnDataset;
  let yTest: Float64Array;
  let trainMean: number;
  try {
    train = await buildChurnFeatures(db, { cutoff: trainCutoff, horizon, table: 'count_features_train' });
    test = await buildChurnFeatures(db, { cutoff: testCutoff, horizon, table: 'count_features_test' });
    const yTrain = await countsAfter(db, train, trainCutoff, horizon);
    yTest = await countsAfter(db, test, testCutoff, horizon);
    const transform = preprocess(train);
    const xTrain = transform(train);
    const xTest = transform(test);
    const summary = await bgnbdSummary(db, test, testCutoff);
    trainMean = yTrain.reduce((s, v) => s + v, 0) / yTrain.length;
    fitted = await fit({ xTrain, yTrain, xTest, trainRows: train.rows, testRows: test.rows, features: train.featureNames.length, summary, horizonWeeks: horizon / 7 });
  } finally {
    await db.exec('DROP TABLE IF EXISTS count_features_train; DROP TABLE IF EXISTS count_features_test');
  }
  return {
    horizon,
    trainCutoff,
    testCutoff,
    trainCustomers: train.rows,
    testCustomers: test.rows,
    actualMean: yTest.reduce((s, v) => s + v, 0) / yTest.length,
    features: train.featureNames,
    poisson: { ...fitted.poisson, ...scored(yTest, fitted.predictions.poisson) },
    negativeBinomial: { ...fitted.negativeBinomial, ...scored(yTest, fitted.predictions.negativeBinomial) },
    bgnbd: fitted.predictions.bgnbd && fitted.bgnbdParams && { ...scored(yTest, fitted.predictions.bgnbd), params: fitted.bgnbdParams },
    mean: scored(yTest, new Float64Array(test.rows).fill(trainMean)),
  };
}
