/** `recommend` on the real Online Retail file (DESIGN.md section 7): the JSON shape, and item-item ahead of popularity. */
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli';

describe('cli recommend', () => {
  it('prints item-item and popularity metrics side by side, item-item ahead on Online Retail', async () => {
    const run = await cli('recommend', '../shared/datasets/online-retail/online_retail.csv', '--k', '10', '--holdout-days', '30', '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json)).toEqual(['k', 'holdout_days', 'split', 'test_customers', 'model', 'popularity']);
    expect(json).toMatchObject({ k: 10, holdout_days: 30, split: '2011-11-09' });
    expect(json.test_customers).toBeGreaterThan(1000);
    for (const side of [json.model, json.popularity]) expect(Object.keys(side)).toEqual(['precision', 'recall', 'hit_rate', 'ndcg']);
    expect(json.model.precision).toBeGreaterThan(1.3 * json.popularity.precision);
    expect(json.model.ndcg).toBeGreaterThan(1.3 * json.popularity.ndcg);
  }, 180_000);

  it('scores item-item and matrix factorisation side by side with --model all', async () => {
    const run = await cli('recommend', 'samples/shop-2k.csv', '--holdout-days', '90', '--model', 'all', '--json');
    expect(run.stderr).toBe('');
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json)).toEqual(['k', 'holdout_days', 'split', 'test_customers', 'model', 'popularity', 'recommender', 'models']);
    expect(json.recommender).toBe('item-item');
    expect(json.models.item_item).toEqual(json.model);
    expect(Object.keys(json.models.bpr)).toEqual(['precision', 'recall', 'hit_rate', 'ndcg']);
    expect((await cli('recommend', 'samples/shop-2k.csv', '--model', 'svd')).stderr).toBe('cohortbook: --model must be item-item, bpr or all; got "svd".\n');
  }, 120_000);

  it('refuses a bad k in one line', async () => {
    const run = await cli('recommend', '../shared/datasets/online-retail/online_retail.csv', '--k', '0');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^cohortbook: --k and --holdout-days must be whole numbers from 1\.\n$/);
  });
});
