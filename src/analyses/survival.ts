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

/** Reads the subjects (ordered by customer, so fits are reproducible) into typed arrays. */
export async function readSurvivalSubjects(db: Db, tables: SourceTables = WHOLE_DATA): Promise<SurvivalSubjects> {
  const { sql } = survivalSubjectsSql(tables);
  const covariates = [...SURVIVAL_COVARIATES];
  const result = await db.query(`SELECT duration, event, ${covariates.map(ident).join(', ')} FROM (${sql}) ORDER BY customer_id`);
  const column = (name: string): Float64Array => Float64Array.from(result.getChild(name)!.toArray() as ArrayLike<number>);
  const durations = column('duration');
  const events = Uint8Array.from(column('event'), (v) => (v > 0 ? 1 : 0));
  const p = covariates.length;
  const x = new Float64Array(durations.length * p);
  covariates.forEach((name, a) => column(name).forEach((v, r) => (x[r * p + a] = v)));
  return { durations, events, x, covariates };
}

/** Days in the "buys again soon" window of the per-customer chances. */
export const NEXT_WINDOW_DAYS = 30;

export interface SurvivalResult {
  kaplanMeier: SecondPurchaseResult;
  exponential: ExponentialFit;
  weibull: WeibullFit;
  cox: CoxFit;
  /**
   * Customers still without a second purchase: the chance each buys again within NEXT_WINDOW_DAYS, given the days
   * they have already waited — by the Cox model (their first order's value and items) and by the Weibull fit.
   */
  waiting: { days: Float64Array; coxChance: Float64Array; weibullChance: Float64Array };
}

/** Every survival model of the time to a second purchase on the loaded data. */
export async function secondPurchaseSurvival(db: Db): Promise<SurvivalResult> {
  const kaplanMeier = await timeToSecondPurchase(db);
  if (kaplanMeier.customers === 0) throw new SurvivalInputError('No customer has a purchase, so there is no time to a second purchase to model.');
  if (kaplanMeier.events === 0) throw new SurvivalInputError('No customer has bought on a second date yet, so the survival models have no event to learn from.');
  const subjects = await readSurvivalSubjects(db);
  const weibull = fitWeibull(subjects);
  const cox = fitCox(subjects, subjects.x, subjects.covariates);
  return { kaplanMeier, exponential: fitExponential(subjects), weibull, cox, waiting: waitingChances(subjects, weibull, cox) };
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
