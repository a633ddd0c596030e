/**
 * Forecasts of revenue, orders or active customers per week or day (issue 24): the series by SQL over the
 * purchases (empty periods as 0; a first or last period the data covers only in part is left out), the method
 * chosen by AIC among simple, trend and (with two full cycles) seasonal exponential smoothing, 95% intervals,
 * and a backtest over the last periods beside the naive and seasonal-naive forecasts.
 */
import type { Db } from '../engine/db';
import { backtest, chooseSmoothing, forecastAhead, type Backtest, type ForecastPoint, type SmoothingFit } from '../models/forecast';
import { queryRows, num, type NamedSql, type Row } from './named';
import { addDays } from './calendar';

export type ForecastPeriod = 'week' | 'day';
export type ForecastMeasure = 'revenue' | 'orders' | 'customers';

export const FORECAST_MEASURES: readonly ForecastMeasure[] = ['revenue', 'orders', 'customers'];

/** A season: a year of weeks, a week of days. */
export const SEASON: Record<ForecastPeriod, number> = { week: 52, day: 7 };

const MEASURE_SQL: Record<ForecastMeasure, string> = {
  revenue: 'sum(coalesce(revenue, 0))',
  orders: 'count(DISTINCT order_id)',
  customers: 'count(DISTINCT customer_id)',
};

/** The named result `forecast_series`: period start, value — every period between the first and last complete one. */
export function forecastSeriesSql(period: ForecastPeriod, measure: ForecastMeasure): NamedSql {
  const step = period === 'week' ? `INTERVAL 7 DAY` : `INTERVAL 1 DAY`;
  const sql = `
WITH bounds AS (
  SELECT CAST(min(ts) AS DATE) AS first_day, CAST(max(ts) AS DATE) AS last_day FROM cb_orders
),
complete AS (
  -- A week counts when the data covers it from Monday to Sunday.
  SELECT
    CASE WHEN CAST(date_trunc('${period}', first_day) AS DATE) = first_day THEN first_day ELSE CAST(date_trunc('${period}', first_day) + ${step} AS DATE) END AS first_period,
    CASE WHEN CAST(date_trunc('${period}', last_day) + ${step} - INTERVAL 1 DAY AS DATE) <= last_day THEN CAST(date_trunc('${period}', last_day) AS DATE) ELSE CAST(date_trunc('${period}', last_day) - ${step} AS DATE) END AS last_period
  FROM bounds
),
periods AS (
  SELECT CAST(p AS DATE) AS period FROM complete, generate_series(first_period, last_period, ${step}) AS g(p)
),
measured AS (
  SELECT CAST(date_trunc('${period}', ts) AS DATE) AS period, ${MEASURE_SQL[measure]} AS value
  FROM cb_orders
  GROUP BY 1
)
SELECT strftime(p.period, '%Y-%m-%d') AS period, CAST(coalesce(m.value, 0) AS DOUBLE) AS value
FROM periods AS p LEFT JOIN measured AS m USING (period)
ORDER BY p.period`;
  return { name: 'forecast_series', sql };
}

export interface ForecastResult {
  period: ForecastPeriod;
  measure: ForecastMeasure;
  history: { period: string; value: number }[];
  model: SmoothingFit;
  /** Every candidate's AIC, for the record. */
  candidates: { kind: SmoothingFit['kind']; aic: number }[];
  forecast: (ForecastPoint & { period: string })[];
  backtest: Backtest | null;
}

export class ForecastInputError extends Error {
  override name = 'ForecastInputError';
}

/** The method chosen by AIC, its forecast and the backtest (pure math: the training worker runs it in the browser). */
export interface ForecastFit {
  best: SmoothingFit;
  fits: SmoothingFit[];
  ahead: ForecastPoint[];
  backtest: Backtest | null;
}

/** Fits a series (where: in this thread, or the training worker's). */
export type ForecastFitter = (values: Float64Array, season: number, horizon: number, holdout: number) => Promise<ForecastFit>;

/** Chooses and fits the smoothing method, forecasts `horizon` periods and backtests the last `holdout` (when long enough). */
export function fitForecast(values: Float64Array, season: number, horizon: number, holdout: number): ForecastFit {
  const { best, fits } = chooseSmoothing(values, season);
  return { best, fits, ahead: forecastAhead(best, horizon), backtest: values.length >= holdout + 4 ? backtest(values, season, holdout) : null };
}

/** The series, the chosen method's forecast `horizon` periods ahead, and the backtest (when the series is long enough). */
export async function forecastMeasure(
  db: Db,
  options: { period?: ForecastPeriod; measure?: ForecastMeasure; horizon?: number; holdout?: number } = {},
  fit: ForecastFitter = async (values, season, horizon, holdout) => fitForecast(values, season, horizon, holdout),
): Promise<ForecastResult> {
  const period = options.period ?? 'week';
  const measure = options.measure ?? 'revenue';
  const horizon = options.horizon ?? 8;
  const holdout = options.holdout ?? 8;
  const rows: Row[] = await queryRows(db, [forecastSeriesSql(period, measure)]);
  const history = rows.map((r) => ({ period: String(r.period), value: num(r.value) }));
  if (history.length < 4) {
    throw new ForecastInputError(`A forecast needs at least 4 complete ${period}s of purchases; the data has ${history.length}. Use --period day for a short file.`);
  }
  const { best, fits, ahead, backtest } = await fit(Float64Array.from(history, (h) => h.value), SEASON[period], horizon, holdout);
  const last = history[history.length - 1]!.period;
  return {
    period,
    measure,
    history,
    model: best,
    candidates: fits.map((f) => ({ kind: f.kind, aic: f.aic })),
    forecast: ahead.map((p) => ({ ...p, period: addDays(last, p.step * (period === 'week' ? 7 : 1)) })),
    backtest,
  };
}
