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

  it.each([
    [['--model', 'forest'], '--model forest is not built yet'],
    [['--cutoff', '2010-01-01'], 'No customer bought anything before 2010-01-01'],
  ])('refuses %j with one line and status 2', async (options, message) => {
    const run = await cli('churn', 'samples/shop-2k.csv', ...options, '--json');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
