import { describe, expect, it } from 'vitest';
import { cli } from './run-cli';

describe('cli churn', () => {
  it('prints the section 7 document, its keys first and in order', async () => {
    const run = await cli('churn', 'samples/shop-2k.csv', '--horizon', '120', '--seed', '7', '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json).slice(0, 7)).toEqual(['cutoff', 'horizon', 'population', 'churn_rate', 'features', 'test', 'cv']);
    expect(Object.keys(json.test)).toEqual(['auc', 'pr_auc', 'accuracy', 'precision', 'recall', 'f1', 'log_loss']);
    expect(Object.keys(json.cv)).toEqual(['folds', 'auc_mean', 'auc_std']);
    expect(json).toMatchObject({ cutoff: '2024-09-02', horizon: 120, model: 'logistic', split: { seed: 7 } });
    expect(json.features).toContain('distinct_categories');
    expect(json.test.auc).toBeGreaterThan(0.5);
    expect(json.baseline.recency_logistic.cv_auc_mean).toBeGreaterThan(0.5);
    expect(json.baseline.standard_logistic.cv_auc_mean).toBeGreaterThan(0.5);
    expect([1, 10, 30, 100, 300, 1000]).toContain(json.l2);
  });

  it('compares every model with --model all: cross-validated AUC per model, the winner, and today\'s tiers', async () => {
    const run = await cli('churn', 'samples/shop-2k.csv', '--model', 'all', '--json');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    const names = json.models.map((m: { name: string }) => m.name);
    expect(names).toEqual(['logistic', 'svm', 'tree', 'forest', 'boosting', 'mlp', 'sequence']);
    for (const m of json.models) {
      expect(Object.keys(m.cv)).toEqual(['folds', 'auc_mean', 'auc_std']);
      expect(m.cv.auc_mean).toBeGreaterThan(0.6);
      expect(m.test.calibration_error).toBeGreaterThanOrEqual(0);
      expect(m.train_ms).toBeGreaterThanOrEqual(0);
    }
    const best = json.models.reduce((a: { cv: { auc_mean: number } }, b: { cv: { auc_mean: number } }) => (b.cv.auc_mean > a.cv.auc_mean ? b : a));
    expect(json.best).toBe(best.name);
    expect(json.model).toBe(json.best);
    expect(json.models.find((m: { name: string }) => m.name === 'tree').rules[0].when).toMatch(/ (≤|>) /);
    // Every customer in the data today, scored by the winner, in exactly one tier.
    const { high, medium, low } = json.tiers;
    expect(high + medium + low).toBe(303);
  });

  it.each([
    [['--model', 'xgboost'], '--model must be one of logistic, svm, tree, forest, boosting, mlp, sequence, all'],
    [['--cutoff', '2010-01-01'], 'No customer bought anything before 2010-01-01'],
  ])('refuses %j with one line and status 2', async (options, message) => {
    const run = await cli('churn', 'samples/shop-2k.csv', ...options, '--json');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
