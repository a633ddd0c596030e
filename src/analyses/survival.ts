/**
 * Time to the second purchase as a survival process (DESIGN.md section 4, issue 24): per customer the days from
 * the first purchase date to the second (event) or to the last date in the data (censored), with the default
 * covariates ln(1 + revenue on the first purchase date) and ln(1 + items on it); Kaplan–Meier (SQL, with its
 * log-log band), exponential and Weibull fits, and a Cox model with Efron's ties.
 */
import type { Db } from '../engine/db';
import { coxBaselineHazard, coxChanceWithin, fitCox, fitExponential, fitWeibull, weibullChanceWithin, type CoxFit, type ExponentialFit, type SurvivalData, type WeibullFit } from '../models/survival';
import { timeToSecondPurchase, secondPurchaseSql, type SecondPurchaseResult } from './time-to-next';
import { WHOLE_DATA, type SourceTables } from './date-range';
import { ident } from '../sql/quote';
import type { NamedSql } from './named';

/** The default covariates of the Cox model, as columns of `survival_subjects`. */
export const SURVIVAL_COVARIATES = ['log_first_revenue', 'log_first_items'] as const;

/**
 * The named result `survival_subjects`: `second_purchase` (customer_id, duration, event) with the first
 * purchase date's revenue and items as ln(1 + x) (negative totals, refunds netted, count as 0).
 */
export function survivalSubjectsSql(tables: SourceTables = WHOLE_DATA): NamedSql {
  const sql = `
WITH spans AS (${secondPurchaseSql(tables).sql}
),
first_day AS (
  SELECT customer_id, CAST(ts AS DATE) AS day, coalesce(revenue, 0) AS revenue, coalesce(items, 0) AS items,
    CAST(min(ts) OVER (PARTITION BY customer_id) AS DATE) AS t0
  FROM ${tables.newCustomerOrders}
  WHERE customer_id IS NOT NULL
)
SELECT
  s.customer_id,
  CAST(s.duration AS DOUBLE) AS duration,
  CAST(s.event AS DOUBLE) AS event,
  ln(1 + greatest(0, sum(f.revenue))) AS log_first_revenue,
  ln(1 + greatest(0, sum(f.items))) AS log_first_items
FROM spans AS s
JOIN first_day AS f ON f.customer_id = s.customer_id AND f.day = f.t0
GROUP BY s.customer_id, s.duration, s.event`;
  return { name: 'survival_subjects', sql };
}

export interface SurvivalSubjects extends SurvivalData {
  /** Row-major covariates, SURVIVAL_COVARIATES.length per subject. */
  x: Float64Array;
  covariates: string[];
}

/** Per-customer columns of another table (one row per customer_id) added to the Cox model's covariates. */
export interface ExtraCovariates {
  table: string;
  columns: string[];
}

/**
 * Reads the subjects (ordered by customer, so fits are reproducible) into typed arrays, with the extra covariates
 * joined on customer_id; a customer missing from that table, or with a missing value, gets the column's mean.
 */
export async function readSurvivalSubjects(db: Db, tables: SourceTables = WHOLE_DATA, extra?: ExtraCovariates): Promise<SurvivalSubjects> {
  const { sql } = survivalSubjectsSql(tables);
  const covariates = [...SURVIVAL_COVARIATES, ...(extra?.columns ?? [])];
  if (extra) await checkExtraCovariates(db, extra);
  const extras = (extra?.columns ?? []).map((c) => `coalesce(TRY_CAST(e.${ident(c)} AS DOUBLE), avg(TRY_CAST(e.${ident(c)} AS DOUBLE)) OVER ()) AS ${ident(c)}`);
  const result = await db.query(
    extra
      ? `SELECT s.duration, s.event, ${SURVIVAL_COVARIATES.map((c) => `s.${ident(c)}`).join(', ')}, ${extras.join(', ')}
FROM (${sql}) AS s LEFT JOIN ${ident(extra.table)} AS e ON CAST(e.customer_id AS VARCHAR) = s.customer_id ORDER BY s.customer_id`
      : `SELECT duration, event, ${covariates.map(ident).join(', ')} FROM (${sql}) ORDER BY customer_id`,
  );
  const column = (name: string): Float64Array => Float64Array.from(result.getChild(name)!.toArray() as ArrayLike<number>);
  const durations = column('duration');
  const events = Uint8Array.from(column('event'), (v) => (v > 0 ? 1 : 0));
  const p = covariates.length;
  const x = new Float64Array(durations.length * p);
  covariates.forEach((name, a) => column(name).forEach((v, r) => (x[r * p + a] = v)));
  return { durations, events, x, covariates };
}

/** The extra table must exist, have one row per customer and the columns asked for, with numbers in them. */
async function checkExtraCovariates(db: Db, extra: ExtraCovariates): Promise<void> {
  let rows;
  try {
    rows = await db.query(`SELECT count(*) AS n, count(DISTINCT customer_id) AS customers, ${extra.columns.map((c, i) => `count(TRY_CAST(${ident(c)} AS DOUBLE)) AS v${i}`).join(', ')} FROM ${ident(extra.table)}`);
  } catch (error) {
    throw new SurvivalInputError(`The covariates need a table “${extra.table}” with a customer_id column and the columns ${extra.columns.join(', ')}: ${(error as Error).message.split('\n')[0]}`);
  }
  const row = rows.get(0)!;
  if (Number(row.n) !== Number(row.customers)) throw new SurvivalInputError(`The table “${extra.table}” has more than one row for some customers; the covariates need one row per customer_id.`);
  extra.columns.forEach((c, i) => {
    if (Number(row[`v${i}`]) === 0) throw new SurvivalInputError(`The column “${c}” of “${extra.table}” holds no numbers, so it cannot be a covariate.`);
  });
}

/** Days in the "buys again soon" window of the per-customer chances. */
export const NEXT_WINDOW_DAYS = 30;

/** The fitted models (pure math: the training worker runs it in the browser). */
export interface SurvivalFits {
  exponential: ExponentialFit;
  weibull: WeibullFit;
  cox: CoxFit;
  /**
   * Customers still without a second purchase: the chance each buys again within NEXT_WINDOW_DAYS, given the days
   * they have already waited — by the Cox model (their first order's value and items) and by the Weibull fit.
   */
  waiting: { days: Float64Array; coxChance: Float64Array; weibullChance: Float64Array };
}

export interface SurvivalResult extends SurvivalFits {
  kaplanMeier: SecondPurchaseResult;
}

/** Fits the models on the subjects (where: in this thread, or the training worker's). */
export type SurvivalFitter = (subjects: SurvivalSubjects) => Promise<SurvivalFits>;

/** Exponential, Weibull and Cox fits and the waiting customers' 30-day chances. */
export function fitSurvivalModels(subjects: SurvivalSubjects): SurvivalFits {
  const weibull = fitWeibull(subjects);
  const cox = fitCox(subjects, subjects.x, subjects.covariates);
  return { exponential: fitExponential(subjects), weibull, cox, waiting: waitingChances(subjects, weibull, cox) };
}

/** Every survival model of the time to a second purchase on the loaded data. */
export async function secondPurchaseSurvival(db: Db, fit: SurvivalFitter = async (subjects) => fitSurvivalModels(subjects), extra?: ExtraCovariates): Promise<SurvivalResult> {
  const kaplanMeier = await timeToSecondPurchase(db);
  if (kaplanMeier.customers === 0) throw new SurvivalInputError('No customer has a purchase, so there is no time to a second purchase to model.');
  if (kaplanMeier.events === 0) throw new SurvivalInputError('No customer has bought on a second date yet, so the survival models have no event to learn from.');
  return { kaplanMeier, ...(await fit(await readSurvivalSubjects(db, WHOLE_DATA, extra))) };
}

/** The chance of a second purchase within NEXT_WINDOW_DAYS for every censored subject (in subject order). */
export function waitingChances(subjects: SurvivalSubjects, weibull: WeibullFit, cox: CoxFit): SurvivalResult['waiting'] {
  const p = subjects.covariates.length;
  const baseline = coxBaselineHazard(subjects, subjects.x, p, cox.coef);
  const rows = subjects.events.reduce<number[]>((out, event, r) => (event ? out : (out.push(r), out)), []);
  const days = Float64Array.from(rows, (r) => subjects.durations[r]!);
  const coxChance = Float64Array.from(rows, (r) => {
    let eta = 0;
    for (let a = 0; a < p; a++) eta += cox.coef[a]! * subjects.x[r * p + a]!;
    return coxChanceWithin(baseline, subjects.durations[r]!, NEXT_WINDOW_DAYS, eta);
  });
  const weibullChance = Float64Array.from(rows, (r) => weibullChanceWithin(weibull, subjects.durations[r]!, NEXT_WINDOW_DAYS));
  return { days, coxChance, weibullChance };
}

/** The data cannot support the survival models (no customers, no second purchases). */
export class SurvivalInputError extends Error {
  override name = 'SurvivalInputError';
}
