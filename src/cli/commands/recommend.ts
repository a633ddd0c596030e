/**
 * `recommend <file> [--k 10] [--holdout-days 30] [--model item-item|bpr|all]`: recommendations against popularity
 * (DESIGN.md section 7); item-item by default, matrix factorisation (BPR) on request, or both side by side.
 */
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
  const chosen = args.values.model ?? 'item-item';
  if (chosen !== 'item-item' && chosen !== 'bpr' && chosen !== 'all') throw new UsageError(`--model must be item-item, bpr or all; got "${String(chosen)}".`);
  const { db, loaded } = await loadForAnalysis(args, 'customers');
  try {
    if (!loaded.roles.product_id) throw new IngestError('Recommendations need a product column: name it with --map product_id=Column if the file has one.');
    const model = chosen === 'bpr' ? 'bpr' : 'item-item';
    const result = await evaluateRecommendations(db, { k, holdoutDays, model, compare: chosen === 'all' });
    const json = {
      k,
      holdout_days: holdoutDays,
      split: result.split,
      test_customers: result.test_customers,
      model: result.model,
      popularity: result.popularity,
      ...(chosen === 'item-item' ? {} : { recommender: model }),
      ...(chosen === 'all' ? { models: { item_item: result.models['item-item'], bpr: result.models.bpr } } : {}),
    };
    const row = (name: string, m: typeof result.model) => ({
      recommender: name,
      [`precision@${k}`]: m.precision.toFixed(4),
      [`recall@${k}`]: m.recall.toFixed(4),
      [`hit rate@${k}`]: m.hit_rate.toFixed(4),
      [`NDCG@${k}`]: m.ndcg.toFixed(4),
    });
    const rows = Object.entries(result.models).map(([name, metrics]) => row(name === 'bpr' ? 'matrix factorisation (BPR)' : name, metrics!));
    const text = `Learned from purchases up to ${result.split}; tested on what ${result.test_customers.toLocaleString('en-US')} customers bought new in the ${holdoutDays} days after\n${formatTable([...rows, row('popularity', result.popularity)])}`;
    return { json, text };
  } catch (error) {
    if (error instanceof RecommendInputError) throw new IngestError(error.message);
    throw error;
  } finally {
    await db.close();
  }
};
