/**
 * The statistics model cells (issue 24): survival of the time to a second purchase, forecasts, and risk flags. SQL
 * runs on the database; the fits run in the trainer (the training worker in the browser), so the page only renders.
 * Each writes its tables under the cell's name and returns a summary with a sentence in the notebook's language.
 */
import { replaceTable, withStagedTable } from '../engine/arrow-tables';
import { float64Vector, int32Vector, utf8Vector } from '../engine/arrow-vectors';
import type { Db } from '../engine/db';
import { forecastMeasure, ForecastInputError, type ForecastMeasure, type ForecastPeriod } from '../analyses/forecast';
import { flagCounts, reasonText, riskFlags, writeRiskFlags, type RiskFlag, type RiskThresholds } from '../analyses/risk';
import { secondPurchaseSurvival, survivalSubjectsSql, SurvivalInputError, type ExtraCovariates } from '../analyses/survival';
import type { ModelOutcome } from '../notebook/run-model';
import type { CountsModelSummary, ForecastModelSummary, RiskModelSummary, RiskReviewItem, SurvivalModelSummary } from '../notebook/model-summary';
import { customerProfile, customerTimelineSql, findProfileSources, ProfileNotFoundError, segmentProfile, segmentProfileSql } from '../analyses/profile';
import { rfmSegmentsSql } from '../analyses/rfm';
import { composeSql } from '../analyses/named';
import { tableToRows } from '../engine/rows';
import type { ModelCell } from '../notebook/types';
import { ident } from '../sql/quote';
import type { Lang } from '../text/language';
import type { Trainer } from '../../workers/train/trainer';
import { countsSentence, forecastSentence, profileSentence, riskSentence, survivalSentence } from './model-summary';
import { compareCountModels } from '../analyses/count-models';

export interface SurvivalCellSettings {
  kind: 'survival';
  /** Per-customer columns of another table added to the Cox model. */
  covariates?: ExtraCovariates;
}

export interface ForecastCellSettings {
  kind: 'forecast';
  period: ForecastPeriod;
  measure: ForecastMeasure;
  horizon: number;
}

export interface RiskCellSettings {
  kind: 'risk';
  thresholds: RiskThresholds;
  /** Flags the user marked as fine: `order:<id>` or `customer:<id>`. */
  fine: string[];
}

export interface CountsCellSettings {
  kind: 'counts';
  horizon: number;
}

export interface ProfileCellSettings {
  kind: 'profile';
  /** The customer to show; empty: the first suggestion (the top flagged customer, or the biggest spender). */
  customer: string;
  /** A segment of rfm_segments to show beside everyone instead of a customer. */
  segment: string | null;
}

/** Customers suggested for a profile. */
const SUGGESTIONS = 12;

/** Flags on the review list. */
const REVIEW_LENGTH = 50;
/** Days drawn daily on the survival chart; weekly after. */
const DAILY_DAYS = 90;

/** The statistics cells' input problems, said plainly. */
export function isStatisticsInputError(error: unknown): error is Error {
  return error instanceof SurvivalInputError || error instanceof ForecastInputError || error instanceof ProfileNotFoundError;
}

/** Writes `<name>`: the customer's orders and returns (or the segment's quartiles beside everyone's). */
export async function runProfileCell(db: Db, cell: ModelCell, settings: ProfileCellSettings, lang: Lang, markTable: (name: string) => Promise<void>): Promise<ModelOutcome> {
  const suggestions = await profileSuggestions(db);
  const base = { kind: 'profile' as const, table: cell.name, suggestions };
  if (settings.segment) {
    const segment = await segmentProfile(db, settings.segment);
    await db.exec(`CREATE OR REPLACE TABLE ${ident(cell.name)} AS\n${composeSql([rfmSegmentsSql(), segmentProfileSql(settings.segment)])}`);
    await markTable(cell.name);
    const summary = { ...base, rows: segment.measures.length * 2, customer: null, timeline: [], segment };
    return { output: { kind: 'model', summary: { ...summary, sentence: profileSentence(summary, lang) } } };
  }
  const customerId = settings.customer || suggestions[0];
  if (!customerId) throw new ProfileNotFoundError('customer', '', []);
  const customer = await customerProfile(db, customerId);
  const timelineSql = customerTimelineSql(customerId).sql;
  await db.exec(`CREATE OR REPLACE TABLE ${ident(cell.name)} AS\n${timelineSql}`);
  await markTable(cell.name);
  // The newest 2,000 rows (a customer with years of events keeps their recent orders on the chart), oldest first.
  const rows = tableToRows(
    await db.query(`SELECT * FROM (SELECT strftime(ts, '%Y-%m-%dT%H:%M:%S') AS ts, kind, order_id, revenue, items FROM ${ident(cell.name)} ORDER BY ts DESC LIMIT 2000) ORDER BY ts`),
  );
  const number = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const timeline = rows.map((r) => ({ ts: String(r.ts), kind: String(r.kind), orderId: String(r.order_id ?? ''), revenue: number(r.revenue), items: number(r.items) }));
  const summary = { ...base, rows: timeline.length, customer, timeline, segment: null };
  return { output: { kind: 'model', summary: { ...summary, sentence: profileSentence(summary, lang) } } };
}

/** Flagged customers first (from a risk table, when the notebook has one), then the biggest spenders. */
async function profileSuggestions(db: Db): Promise<string[]> {
  const sources = await findProfileSources(db);
  const flagged = sources.risk
    ? tableToRows(await db.query(`SELECT customer_id FROM ${ident(sources.risk)} WHERE customer_id IS NOT NULL GROUP BY customer_id ORDER BY max(score) DESC, customer_id LIMIT ${SUGGESTIONS / 2}`))
    : [];
  const spenders = tableToRows(await db.query(`SELECT customer_id FROM cb_customers ORDER BY revenue DESC, customer_id LIMIT ${SUGGESTIONS}`));
  return [...new Set([...flagged, ...spenders].map((r) => String(r.customer_id)))].slice(0, SUGGESTIONS);
}

/** Writes `<name>` (the waiting customers' 30-day chances), `<name>_curve` (for the chart) and `<name>_cox`. */
export async function runSurvivalCell(db: Db, trainer: Trainer, cell: ModelCell, settings: SurvivalCellSettings, lang: Lang, markTable: (name: string) => Promise<void>): Promise<ModelOutcome> {
  const result = await secondPurchaseSurvival(db, (subjects) => trainer.fitSurvival(subjects), settings.covariates);
  const { kaplanMeier: km, exponential, weibull, cox, waiting } = result;
  const name = cell.name;

  // The waiting customers, in subject order (by customer id), get their ids back by row number.
  const row = Int32Array.from(waiting.days, (_, i) => i + 1);
  await withStagedTable(
    db,
    `${name}__staging`,
    { row: int32Vector(row), days: float64Vector(waiting.days), cox: float64Vector(waiting.coxChance), weibull: float64Vector(waiting.weibullChance) },
    () =>
      db.exec(`CREATE OR REPLACE TABLE ${ident(name)} AS
WITH waiting AS (
  SELECT customer_id, row_number() OVER (ORDER BY customer_id) AS row
  FROM (${survivalSubjectsSql().sql})
  WHERE event = 0
)
SELECT w.customer_id, CAST(s.days AS INTEGER) AS days_waiting, round(s.cox, 4) AS chance_30d, round(s.weibull, 4) AS chance_30d_weibull
FROM ${ident(`${name}__staging`)} AS s JOIN waiting AS w USING (row)
ORDER BY chance_30d DESC, customer_id`),
  );
  await markTable(name);

  // The chart's rows: Kaplan–Meier with its band (daily, then the last step of each week), and both fits.
  const points = km.curve.filter((p, i, all) => p.days <= DAILY_DAYS || i === all.length - 1 || Math.floor(all[i + 1]!.days / 7) !== Math.floor(p.days / 7));
  const lastDay = km.curve.at(-1)?.days ?? 0;
  const fitDays = Array.from({ length: Math.floor(lastDay / 7) + 1 }, (_, i) => i * 7);
  const curve = [
    { grp: 'Kaplan–Meier', days: 0, survival: 1, lower: 1, upper: 1, at_risk: km.customers },
    ...points.map((p) => ({ grp: 'Kaplan–Meier', days: p.days, survival: p.survival, lower: p.lower, upper: p.upper, at_risk: p.atRisk })),
    ...fitDays.map((t) => {
      const s = Math.exp(-exponential.ratePerDay * t);
      return { grp: 'Exponential', days: t, survival: s, lower: s, upper: s, at_risk: Number.NaN };
    }),
    ...fitDays.map((t) => {
      const s = Math.exp(-Math.pow(t / weibull.scaleDays, weibull.shape));
      return { grp: 'Weibull', days: t, survival: s, lower: s, upper: s, at_risk: Number.NaN };
    }),
  ];
  await replaceTable(db, `${name}_curve`, {
    grp: utf8Vector(curve.map((c) => c.grp)),
    days: int32Vector(curve.map((c) => c.days)),
    survival: float64Vector(curve.map((c) => c.survival)),
    lower: float64Vector(curve.map((c) => c.lower)),
    upper: float64Vector(curve.map((c) => c.upper)),
    at_risk: float64Vector(curve.map((c) => c.at_risk)),
  });
  await markTable(`${name}_curve`);

  const coxRows = cox.covariates.map((covariate, i) => ({
    covariate,
    coef: cox.coef[i]!,
    se: cox.se[i]!,
    hazardRatio: cox.hazardRatio[i]!,
    lower: cox.hazardRatioLower[i]!,
    upper: cox.hazardRatioUpper[i]!,
    phP: cox.proportionalHazards[i]!.p,
  }));
  await replaceTable(db, `${name}_cox`, {
    covariate: utf8Vector(coxRows.map((c) => c.covariate)),
    coef: float64Vector(coxRows.map((c) => c.coef)),
    se: float64Vector(coxRows.map((c) => c.se)),
    hazard_ratio: float64Vector(coxRows.map((c) => c.hazardRatio)),
    hazard_ratio_lower: float64Vector(coxRows.map((c) => c.lower)),
    hazard_ratio_upper: float64Vector(coxRows.map((c) => c.upper)),
    proportional_hazards_p: float64Vector(coxRows.map((c) => c.phP)),
  });
  await markTable(`${name}_cox`);

  const chances = waiting.coxChance;
  const summary: Omit<SurvivalModelSummary, 'sentence'> = {
    kind: 'survival',
    table: name,
    rows: chances.length,
    customers: km.customers,
    events: km.events,
    censored: km.censored,
    km: { s30: km.kaplan_meier.s30, s90: km.kaplan_meier.s90, s180: km.kaplan_meier.s180, s365: km.kaplan_meier.s365, medianDays: km.kaplan_meier.median_days },
    exponentialRatePerDay: exponential.ratePerDay,
    weibull: { shape: weibull.shape, scaleDays: weibull.scaleDays },
    cox: coxRows,
    meanChance30: chances.length ? chances.reduce((a, b) => a + b, 0) / chances.length : null,
  };
  return { output: { kind: 'model', summary: { ...summary, sentence: survivalSentence(summary, lang) } } };
}

/** Writes `<name>`: the history and the forecast, one row per period and series (Actual or Forecast). */
export async function runForecastCell(db: Db, trainer: Trainer, cell: ModelCell, settings: ForecastCellSettings, lang: Lang, markTable: (name: string) => Promise<void>): Promise<ModelOutcome> {
  const result = await forecastMeasure(db, settings, (values, season, horizon, holdout) => trainer.fitForecast(values, season, horizon, holdout));
  // The forecast line starts at the last actual value, so the two lines join.
  const last = result.history.at(-1)!;
  const rows = [
    ...result.history.map((h) => ({ period: h.period, series: 'Actual', value: h.value, lo: Number.NaN, hi: Number.NaN })),
    { period: last.period, series: 'Forecast', value: last.value, lo: last.value, hi: last.value },
    ...result.forecast.map((f) => ({ period: f.period, series: 'Forecast', value: f.value, lo: Math.max(0, f.lo), hi: f.hi })),
  ];
  const staging = `${cell.name}__staging`;
  await withStagedTable(
    db,
    staging,
    {
      period: utf8Vector(rows.map((r) => r.period)),
      series: utf8Vector(rows.map((r) => r.series)),
      value: float64Vector(rows.map((r) => r.value)),
      lo: float64Vector(rows.map((r) => r.lo)),
      hi: float64Vector(rows.map((r) => r.hi)),
    },
    () => db.exec(`CREATE OR REPLACE TABLE ${ident(cell.name)} AS SELECT CAST(period AS DATE) AS period, series, value, lo, hi FROM ${ident(staging)} ORDER BY period, series`),
  );
  await markTable(cell.name);
  const bt = result.backtest;
  const finite = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : null);
  const summary: Omit<ForecastModelSummary, 'sentence'> = {
    kind: 'forecast',
    table: cell.name,
    rows: rows.length,
    period: result.period,
    measure: result.measure,
    method: result.model.kind,
    forecast: result.forecast.map(({ period, value, lo, hi }) => ({ period, value, lo: Math.max(0, lo), hi })),
    backtest: bt && {
      periods: bt.holdout,
      mae: bt.model.mae,
      mape: finite(bt.model.mape),
      mase: finite(bt.model.mase),
      naiveMape: finite(bt.naive.mape),
      seasonalNaiveMape: finite(bt.seasonalNaive?.mape),
    },
  };
  return { output: { kind: 'model', summary: { ...summary, sentence: forecastSentence(summary, lang) } } };
}

/** The key a "looks fine" mark is kept under: an order is its customer's (order ids repeat across customers). */
export function riskKey(flag: Pick<RiskFlag, 'customerId' | 'orderId'>): string {
  return flag.orderId !== null ? `order:${flag.customerId ?? ''}:${flag.orderId}` : `customer:${flag.customerId}`;
}

/** Writes `<name>`: the flags not marked fine, highest score first. */
export async function runRiskCell(db: Db, trainer: Trainer, cell: ModelCell, settings: RiskCellSettings, lang: Lang, markTable: (name: string) => Promise<void>): Promise<ModelOutcome> {
  const result = await riskFlags(db, settings.thresholds, (x, rows, cols) => trainer.scoreIsolation(x, rows, cols));
  const fine = new Set(settings.fine);
  const open = result.flags.filter((f) => !fine.has(riskKey(f)));
  await writeRiskFlags(db, cell.name, { ...result, flags: open }, lang);
  await markTable(cell.name);
  const review: RiskReviewItem[] = open.slice(0, REVIEW_LENGTH).map((f) => ({
    key: riskKey(f),
    customerId: f.customerId,
    orderId: f.orderId,
    score: f.score,
    reasons: f.reasons.map((r) => r.code),
    text: { en: reasonText(f, 'en'), 'zh-CN': reasonText(f, 'zh-CN') },
  }));
  const summary: Omit<RiskModelSummary, 'sentence'> = {
    kind: 'risk',
    table: cell.name,
    rows: open.length,
    ...flagCounts(open),
    markedFine: result.flags.length - open.length,
    review,
  };
  return { output: { kind: 'model', summary: { ...summary, sentence: riskSentence(summary, lang) } } };
}

/** Writes `<name>`: each count model's errors on the time holdout (mean absolute error, Poisson deviance). */
export async function runCountsCell(db: Db, trainer: Trainer, cell: ModelCell, settings: CountsCellSettings, lang: Lang, markTable: (name: string) => Promise<void>): Promise<ModelOutcome> {
  const c = await compareCountModels(db, { horizon: settings.horizon }, (input) => trainer.fitCounts(input));
  const models: CountsModelSummary['models'] = [
    { model: 'poisson', ...pick(c.poisson) },
    { model: 'negative_binomial', ...pick(c.negativeBinomial) },
    ...(c.bgnbd ? [{ model: 'bgnbd' as const, ...pick(c.bgnbd) }] : []),
    { model: 'mean', ...pick(c.mean) },
  ];
  await replaceTable(db, cell.name, {
    model: utf8Vector(models.map((m) => m.model)),
    mae: float64Vector(models.map((m) => m.mae)),
    poisson_deviance: float64Vector(models.map((m) => m.poissonDeviance)),
    mean_predicted: float64Vector(models.map((m) => m.meanPredicted)),
  });
  await markTable(cell.name);
  const summary: Omit<CountsModelSummary, 'sentence'> = {
    kind: 'counts',
    table: cell.name,
    rows: models.length,
    horizon: c.horizon,
    trainCutoff: c.trainCutoff,
    testCutoff: c.testCutoff,
    testCustomers: c.testCustomers,
    actualMean: c.actualMean,
    alpha: c.negativeBinomial.alpha,
    models,
  };
  return { output: { kind: 'model', summary: { ...summary, sentence: countsSentence(summary, lang) } } };
}

function pick(s: { mae: number; poissonDeviance: number; meanPredicted: number }): { mae: number; poissonDeviance: number; meanPredicted: number } {
  return { mae: s.mae, poissonDeviance: s.poissonDeviance, meanPredicted: s.meanPredicted };
}
