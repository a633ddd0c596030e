/**
 * `clv <file> --calibration-end DATE [--holdout-end DATE] [--months 12] [--discount 0.01] [--penalizer 0]
 * [--pareto | --no-pareto]`: BG/NBD + Gamma-Gamma customer value (DESIGN.md section 7). The first keys of the JSON are
 * the contract; the rest (standard errors, convergence, Pareto/NBD, checks, CLV) follow them.
 */
import type { Command } from '../command';
import { customerLifetimeValue, type ClvResult, type HoldoutCheck } from '../../analyses/clv';
import { ClvInputError } from '../../analyses/clv-summary';
import type { CliArgs } from '../args';
import { UsageError } from '../errors';
import { loadForAnalysis } from '../load';
import { moneyText, numberOption } from '../options';
import type { Currency } from '../../ingest/types';

const VALUE_OPTIONS = ['calibration-end', 'holdout-end', 'months', 'discount', 'penalizer'] as const;

export const clvCommand: Command = async (args) => {
  const options = optionValues(args);
  const calibrationEnd = options['calibration-end'];
  if (!calibrationEnd) throw new UsageError('clv needs a calibration end: npm run cli -- clv <file> --calibration-end 1997-09-30');
  const months = numberOption(options.months, 'months', 12);
  const monthlyDiscount = numberOption(options.discount, 'discount', 0.01);
  const penalizer = numberOption(options.penalizer, 'penalizer', 0);
  const { db, loaded } = await loadForAnalysis(args);
  try {
    const result = await customerLifetimeValue(db, {
      calibrationEnd,
      holdoutEnd: options['holdout-end'],
      months,
      monthlyDiscount,
      penalizer,
      paretoNbd: args.values['no-pareto'] === true ? false : args.values.pareto === true ? true : 'auto',
    });
    const failure = result.bgnbd.convergence.converged ? undefined : `BG/NBD: ${result.bgnbd.convergence.message}`;
    return { json: clvJson(result), text: clvText(result, loaded.report.currency), failure };
  } catch (error) {
    if (error instanceof ClvInputError) throw new UsageError(error.message);
    throw error;
  } finally {
    await db.close();
  }
};

/** The JSON document of `clv`: the contract's keys first, in the contract's order. */
export function clvJson(result: ClvResult): Record<string, unknown> {
  const { bgnbd, paretoNbd, gammaGamma, holdout, summary, scores } = result;
  const holdoutJson = (check: HoldoutCheck | null | undefined) =>
    check ? { expected: round(check.expected), actual: check.actual } : { expected: null, actual: null };
  return {
    model: 'bgnbd',
    params: { r: bgnbd.params.r, alpha: bgnbd.params.alpha, a: bgnbd.params.a, b: bgnbd.params.b },
    log_likelihood: bgnbd.logLikelihood,
    customers: bgnbd.customers,
    gamma_gamma: { p: gammaGamma.params.p, q: gammaGamma.params.q, v: gammaGamma.params.v },
    holdout: holdoutJson(holdout?.bgnbd),
    standard_errors: bgnbd.standardErrors,
    convergence: bgnbd.convergence,
    calibration_end: summary.calibrationEnd,
    holdout_end: summary.holdoutEnd,
    holdout_weeks: summary.holdoutEnd ? summary.holdoutLength : null,
    holdout_by_frequency: holdout?.bgnbd.byFrequency ?? null,
    holdout_mean_absolute_error: holdout?.bgnbd.meanAbsoluteError ?? null,
    gamma_gamma_fit: {
      customers: gammaGamma.customers,
      log_likelihood: gammaGamma.logLikelihood,
      standard_errors: gammaGamma.standardErrors,
      convergence: gammaGamma.convergence,
      frequency_spend_correlation: result.frequencySpendCorrelation,
    },
    pareto_nbd: paretoNbd
      ? {
          params: paretoNbd.params,
          log_likelihood: paretoNbd.logLikelihood,
          standard_errors: paretoNbd.standardErrors,
          convergence: paretoNbd.convergence,
          holdout: holdoutJson(holdout?.paretoNbd),
          holdout_mean_absolute_error: holdout?.paretoNbd?.meanAbsoluteError ?? null,
        }
      : null,
    pareto_nbd_skipped: result.paretoNbdSkipped,
    better_model: result.comparison,
    timings_ms: result.timings,
    clv: {
      months: result.months,
      monthly_discount: result.monthlyDiscount,
      total: round(sum(scores.clv)),
      mean_p_alive: sum(scores.pAlive) / scores.pAlive.length,
      top: topCustomers(result, 10),
    },
  };
}

function clvText(result: ClvResult, currency: Currency | null): string {
  const { bgnbd, paretoNbd, gammaGamma, holdout, summary } = result;
  const fmt = (v: number, digits = 4) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');
  const se = (name: 'r' | 'alpha' | 'a' | 'b') => (bgnbd.standardErrors ? ` (se ${fmt(bgnbd.standardErrors[name])})` : '');
  const lines = [
    `Calibration ends ${summary.calibrationEnd}; ${bgnbd.customers} customers; holdout ${summary.holdoutEnd ? `to ${summary.holdoutEnd} (${fmt(summary.holdoutLength, 1)} weeks)` : 'none'}`,
    `BG/NBD: r ${fmt(bgnbd.params.r)}${se('r')}, alpha ${fmt(bgnbd.params.alpha)}${se('alpha')}, a ${fmt(bgnbd.params.a)}${se('a')}, b ${fmt(bgnbd.params.b)}${se('b')}`,
    `  log-likelihood ${fmt(bgnbd.logLikelihood, 2)}; ${bgnbd.convergence.converged ? 'converged' : 'NOT converged'} after ${bgnbd.convergence.iterations} iterations: ${bgnbd.convergence.message}`,
  ];
  if (holdout) lines.push(`  holdout repeat purchases: expected ${fmt(holdout.bgnbd.expected, 1)}, actual ${holdout.bgnbd.actual}`);
  if (paretoNbd) {
    lines.push(
      `Pareto/NBD: r ${fmt(paretoNbd.params.r)}, alpha ${fmt(paretoNbd.params.alpha)}, s ${fmt(paretoNbd.params.s)}, beta ${fmt(paretoNbd.params.beta)}; log-likelihood ${fmt(paretoNbd.logLikelihood, 2)}${paretoNbd.convergence.converged ? '' : ' (NOT converged)'}`,
    );
    if (holdout?.paretoNbd) lines.push(`  holdout repeat purchases: expected ${fmt(holdout.paretoNbd.expected, 1)}, actual ${holdout.paretoNbd.actual}`);
  }
  if (result.comparison) {
    lines.push(`Better fit: ${result.comparison.byLogLikelihood} by log-likelihood${result.comparison.byHoldoutError ? `, ${result.comparison.byHoldoutError} by holdout error` : ''}`);
  }
  lines.push(
    `Gamma-Gamma (${gammaGamma.customers} repeat customers): p ${fmt(gammaGamma.params.p)}, q ${fmt(gammaGamma.params.q)}, v ${fmt(gammaGamma.params.v)}${gammaGamma.convergence.converged ? '' : ' (NOT converged)'}`,
    `  frequency-spend correlation ${fmt(result.frequencySpendCorrelation, 3)} (the model assumes it is near 0)`,
    `CLV over ${result.months} months at ${result.monthlyDiscount} monthly discount: total ${moneyText(sum(result.scores.clv), currency)}`,
  );
  return lines.join('\n');
}

function topCustomers(result: ClvResult, count: number) {
  const { scores, summary } = result;
  const order = Array.from(scores.clv.keys())
    .filter((i) => Number.isFinite(scores.clv[i]))
    .sort((i, j) => scores.clv[j] - scores.clv[i])
    .slice(0, count);
  return order.map((i) => ({
    customer_id: summary.customerIds?.[i] ?? null,
    x: summary.x[i],
    t_x: summary.tx[i],
    T: summary.T[i],
    p_alive: scores.pAlive[i],
    expected_purchases: scores.expectedPurchases[i],
    expected_spend: scores.expectedSpend[i],
    clv: scores.clv[i],
  }));
}

/** The string values of clv's options (declared in the shared parser). */
function optionValues(args: CliArgs): Partial<Record<(typeof VALUE_OPTIONS)[number], string>> {
  const out: Partial<Record<(typeof VALUE_OPTIONS)[number], string>> = {};
  for (const name of VALUE_OPTIONS) {
    const value = args.values[name];
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

function sum(values: Float64Array): number {
  let total = 0;
  for (const v of values) if (Number.isFinite(v)) total += v;
  return total;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
