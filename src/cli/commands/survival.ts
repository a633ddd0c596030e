/** `survival <file>`: time to the second purchase — Kaplan–Meier, exponential, Weibull and Cox (DESIGN.md section 7). */
import type { Command } from '../command';
import { secondPurchaseSurvival, SurvivalInputError } from '../../analyses/survival';
import { IngestError } from '../../ingest/errors';
import { loadForAnalysis } from '../load';
import { percentText } from '../options';
import { formatTable } from './sql';

export const survivalCommand: Command = async (args) => {
  const { db } = await loadForAnalysis(args, 'customers');
  try {
    const { kaplanMeier: km, exponential, weibull, cox, waiting } = await secondPurchaseSurvival(db);
    const mean = (values: Float64Array) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);
    const json = {
      customers: km.customers,
      events: km.events,
      censored: km.censored,
      kaplan_meier: km.kaplan_meier,
      exponential: { rate_per_day: exponential.ratePerDay, log_likelihood: exponential.logLikelihood },
      weibull: { shape: weibull.shape, scale_days: weibull.scaleDays, log_likelihood: weibull.logLikelihood },
      cox: {
        covariates: cox.covariates,
        coef: cox.coef,
        se: cox.se,
        hazard_ratio: cox.hazardRatio,
        hazard_ratio_95: cox.hazardRatioLower.map((lower, i) => [lower, cox.hazardRatioUpper[i]!]),
        log_partial_likelihood: cox.logPartialLikelihood,
        ties: cox.ties,
        proportional_hazards: cox.proportionalHazards.map(({ covariate, chiSquare, p }) => ({ covariate, chi_square: chiSquare, p })),
      },
      next_30_days: { waiting: waiting.days.length, mean_chance_cox: mean(waiting.coxChance), mean_chance_weibull: mean(waiting.weibullChance) },
    };
    const s = km.kaplan_meier;
    const text = [
      `${km.customers.toLocaleString('en-US')} customers; ${km.events.toLocaleString('en-US')} bought on a second date, ${km.censored.toLocaleString('en-US')} not yet (censored at the last date in the data)`,
      `Still without a second purchase after 30 / 90 / 180 / 365 days (Kaplan–Meier): ${[s.s30, s.s90, s.s180, s.s365].map(percentText).join(' / ')}; median ${s.median_days === null ? 'not reached' : `${s.median_days} days`}`,
      `Exponential: ${exponential.ratePerDay.toPrecision(4)} second purchases per customer-day; Weibull: shape ${weibull.shape.toFixed(4)}, scale ${weibull.scaleDays.toFixed(1)} days${weibull.shape < 1 ? ' (the chance of a second purchase fades with time)' : ''}`,
      'Cox proportional hazards (Efron ties):',
      formatTable(
        cox.covariates.map((name, i) => ({
          covariate: name,
          coef: cox.coef[i]!.toFixed(4),
          se: cox.se[i]!.toFixed(4),
          'hazard ratio': `${cox.hazardRatio[i]!.toFixed(3)} (${cox.hazardRatioLower[i]!.toFixed(3)}–${cox.hazardRatioUpper[i]!.toFixed(3)})`,
          'PH check p': cox.proportionalHazards[i]!.p.toFixed(3),
        })),
      ),
      `Of the ${waiting.days.length.toLocaleString('en-US')} customers still waiting, the chance of a second purchase within 30 days averages ${percentText(mean(waiting.coxChance) ?? 0)} (Cox, which sees no further than the longest wait in the data) or ${percentText(mean(waiting.weibullChance) ?? 0)} (Weibull)`,
    ].join('\n');
    return { json, text };
  } catch (error) {
    if (error instanceof SurvivalInputError) throw new IngestError(error.message);
    throw error;
  } finally {
    await db.close();
  }
};
