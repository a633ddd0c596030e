/** `counts <file> [--horizon 90]`: Poisson and negative-binomial regression of purchases in the next days, beside BG/NBD and the mean (issue 24). */
import type { Command } from '../command';
import { compareCountModels } from '../../analyses/count-models';
import { ChurnSetupError } from '../../analyses/churn-features';
import { IngestError } from '../../ingest/errors';
import { loadForAnalysis } from '../load';
import { numberOption } from '../options';
import { UsageError } from '../errors';
import { formatTable } from './sql';

export const countsCommand: Command = async (args) => {
  const horizon = numberOption(args.values.horizon, 'horizon', 90);
  if (!Number.isInteger(horizon) || horizon < 1) throw new UsageError('--horizon must be a whole number of days, at least 1.');
  const { db } = await loadForAnalysis(args, 'customers');
  try {
    const c = await compareCountModels(db, { horizon });
    const row = (name: string, s: { mae: number; poissonDeviance: number; meanPredicted: number }) => ({
      model: name,
      MAE: s.mae.toFixed(4),
      'Poisson deviance': s.poissonDeviance.toFixed(4),
      'mean predicted': s.meanPredicted.toFixed(3),
    });
    const models = [
      row('Poisson regression', c.poisson),
      row(`negative binomial (alpha ${c.negativeBinomial.alpha.toFixed(3)})`, c.negativeBinomial),
      ...(c.bgnbd ? [row('BG/NBD expected purchases', c.bgnbd)] : []),
      row('mean of the training counts', c.mean),
    ];
    const best = [...models].sort((a, b) => Number(a['Poisson deviance']) - Number(b['Poisson deviance']))[0]!;
    const json = {
      horizon: c.horizon,
      train: { cutoff: c.trainCutoff, customers: c.trainCustomers },
      test: { cutoff: c.testCutoff, customers: c.testCustomers, actual_mean: c.actualMean },
      features: c.features,
      poisson: { coef: Array.from(c.poisson.coef), mae: c.poisson.mae, poisson_deviance: c.poisson.poissonDeviance },
      negative_binomial: { coef: Array.from(c.negativeBinomial.coef), alpha: c.negativeBinomial.alpha, mae: c.negativeBinomial.mae, poisson_deviance: c.negativeBinomial.poissonDeviance },
      bgnbd: c.bgnbd && { params: c.bgnbd.params, mae: c.bgnbd.mae, poisson_deviance: c.bgnbd.poissonDeviance },
      mean: { mae: c.mean.mae, poisson_deviance: c.mean.poissonDeviance },
    };
    const text = [
      `Purchase dates in the next ${c.horizon} days: learnt from ${c.trainCustomers.toLocaleString('en-US')} customers and the ${c.horizon} days from ${c.trainCutoff}, tested on ${c.testCustomers.toLocaleString('en-US')} customers and the ${c.horizon} days from ${c.testCutoff} (actual mean ${c.actualMean.toFixed(3)})`,
      formatTable(models),
      `Lowest Poisson deviance: ${best.model}.`,
    ].join('\n');
    return { json, text };
  } catch (error) {
    if (error instanceof ChurnSetupError) throw new IngestError(error.message);
    throw error;
  } finally {
    await db.close();
  }
};
