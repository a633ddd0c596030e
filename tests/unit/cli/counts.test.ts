/**
 * `counts <file>` (issue 24, count models): on CDNOW the Poisson and negative-binomial regressions of purchase dates in
 * the next 90 days, on a time holdout, beat the mean baseline and stand beside BG/NBD, by MAE and Poisson deviance.
 */
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli';
import { CDNOW } from '../analyses/cdnow-reference';

describe('cli counts', () => {
  it('compares count regressions with BG/NBD and the mean on a time holdout', async () => {
    const run = await cli('counts', CDNOW, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ horizon: 90, train: { cutoff: '1998-01-02', customers: 23_570 }, test: { cutoff: '1998-04-02', customers: 23_570 } });
    expect(json.features).toContain('recency_days');
    expect(json.poisson.coef).toHaveLength(json.features.length + 1);
    expect(json.negative_binomial.alpha).toBeGreaterThan(0);
    for (const model of [json.poisson, json.negative_binomial, json.bgnbd]) {
      expect(model.poisson_deviance).toBeLessThan(json.mean.poisson_deviance);
      expect(model.mae).toBeLessThan(json.mean.mae);
    }
    expect(Object.keys(json.bgnbd.params)).toEqual(['r', 'alpha', 'a', 'b']);
  }, 120_000);
});
