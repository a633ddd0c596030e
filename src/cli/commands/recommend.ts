/** `recommend <file> [--k 10] [--holdout-days 30]`: item-item recommendations against popularity (DESIGN.md section 7). */
import type { Command } from '../command';
import { evaluateRecommendations, RecommendInputError } from '../../analyses/recommend';
import { IngestError } from '../../ingest/errors';
import { loadForAnalysis } from '../load';
import { numberOption } from '../options';
import { UsageError } from '../errors';
import { formatTable } from './sql';

export const recommendCommand: Command = async (args) => {
  const k = numberOption(args.values.k, 'k', 10);
  const holdoutDays = numberOption(args.values['holdout-days'], 'holdout-days', 30);
  if (!Number.isInteger(k) || k < 1 || !Number.isInteger(holdoutDays) || holdoutDays < 1) {
    throw new UsageError('--k and --holdout-days must be whole numbers from 1.');
  }
  const { db, loaded } = await loadForAnalysis(args, 'customers');
  try {
    if (!loaded.roles.product_id) throw new IngestError('Recommendations need a product column: name it with --map product_id=Column if the file has one.');
    const result = await evaluateRecommendations(db, { k, holdoutDays });
    const json = { k, holdout_days: holdoutDays, split: result.split, test_customers: result.test_customers, model: result.model, popularity: result.popularity };
    const row = (name: string, m: typeof result.model) => ({
      recommender: name,
      [`precision@${k}`]: m.precision.toFixed(4),
      [`recall@${k}`]: m.recall.toFixed(4),
      [`hit rate@${k}`]: m.hit_rate.toFixed(4),
      [`NDCG@${k}`]: m.ndcg.toFixed(4),
    });
    const text = `Learned from purchases up to ${result.split}; tested on what ${result.test_customers.toLocaleString('en-US')} customers bought new in the ${holdoutDays} days after\n${formatTable([row('item-item', result.model), row('popularity', result.popularity)])}`;
    return { json, text };
  } catch (error) {
    if (error instanceof RecommendInputError) throw new IngestError(error.message);
    throw error;
  } finally {
    await db.close();
  }
};
