/** `forecast <file> [--period week|day] [--horizon 8] [--measure revenue|orders|customers]`: exponential smoothing with a backtest (issue 24). */
import type { Command } from '../command';
import { FORECAST_MEASURES, forecastMeasure, ForecastInputError, type ForecastMeasure, type ForecastPeriod } from '../../analyses/forecast';
import { IngestError } from '../../ingest/errors';
import { loadForAnalysis } from '../load';
import { numberOption, percentText } from '../options';
import { UsageError } from '../errors';
import { formatTable } from './sql';

const KIND_WORDS = { simple: 'simple exponential smoothing (level)', trend: "Holt's smoothing (level and trend)", seasonal: 'Holt–Winters (level, trend and season)' } as const;

export const forecastCommand: Command = async (args) => {
  const period = (args.values.period ?? 'week') as ForecastPeriod;
  if (period !== 'week' && period !== 'day') throw new UsageError('--period must be week or day.');
  const measure = (args.values.measure ?? 'revenue') as ForecastMeasure;
  if (!FORECAST_MEASURES.includes(measure)) throw new UsageError(`--measure must be one of ${FORECAST_MEASURES.join(', ')}.`);
  const horizon = numberOption(args.values.horizon, 'horizon', 8);
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > 104) throw new UsageError('--horizon must be a whole number from 1 to 104.');
  const { db } = await loadForAnalysis(args, 'orders');
  try {
    const result = await forecastMeasure(db, { period, measure, horizon });
    const bt = result.backtest;
    const json = {
      period,
      measure,
      model: { kind: result.model.kind, alpha: result.model.parameters.alpha, beta: result.model.parameters.beta, gamma: result.model.parameters.gamma, season: result.model.season, aic: result.model.aic },
      candidates: result.candidates,
      forecast: result.forecast.map(({ period, value, lo, hi }) => ({ period, value, lo, hi })),
      backtest: bt && {
        periods: bt.holdout,
        kind: bt.kind,
        mae: bt.model.mae,
        mape: bt.model.mape,
        mase: bt.model.mase,
        naive_mae: bt.naive.mae,
        naive_mape: bt.naive.mape,
        seasonal_naive_mape: bt.seasonalNaive?.mape ?? null,
      },
    };
    const round = (v: number) => (measure === 'revenue' ? v.toFixed(2) : v.toFixed(1));
    const lines = [
      `${measure} per ${period}: ${result.history.length} complete ${period}s (${result.history[0]!.period} to ${result.history.at(-1)!.period}); ${KIND_WORDS[result.model.kind]} chosen by AIC`,
      formatTable(result.forecast.map((p) => ({ [period]: p.period, forecast: round(p.value), '95% from': round(p.lo), to: round(p.hi) }))),
    ];
    if (bt) {
      const rows = [
        { method: `${KIND_WORDS[bt.kind]}`, MAE: round(bt.model.mae), MAPE: percentText(bt.model.mape), MASE: bt.model.mase.toFixed(2) },
        { method: 'naive (last value)', MAE: round(bt.naive.mae), MAPE: percentText(bt.naive.mape), MASE: bt.naive.mase.toFixed(2) },
        ...(bt.seasonalNaive ? [{ method: 'seasonal naive (a season ago)', MAE: round(bt.seasonalNaive.mae), MAPE: percentText(bt.seasonalNaive.mape), MASE: bt.seasonalNaive.mase.toFixed(2) }] : []),
      ];
      const beaten = bt.naive.mae < bt.model.mae || (bt.seasonalNaive !== null && bt.seasonalNaive.mae < bt.model.mae);
      lines.push(`Backtest: fitted without the last ${bt.holdout} ${period}s, then forecast them${beaten ? ' — a naive forecast did better here, so trust the intervals more than the line' : ''}`, formatTable(rows));
    } else lines.push(`No backtest: it needs at least 12 complete ${period}s.`);
    return { json, text: lines.join('\n') };
  } catch (error) {
    if (error instanceof ForecastInputError) throw new IngestError(error.message);
    throw error;
  } finally {
    await db.close();
  }
};
