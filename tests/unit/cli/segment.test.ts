/** `segment` (issue 22): the JSON shape on the 2k sample, the same for the same seed, and a bad --k refused in one line. */
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli';

describe('cli segment', () => {
  it('prints the clusters with their profile, chosen by silhouette, the same for the same seed', async () => {
    const run = await cli('segment', 'samples/shop-2k.csv', '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json)).toEqual(['k', 'chosen_by', 'customers', 'candidates', 'explained', 'clusters']);
    expect(json.chosen_by).toBe('silhouette');
    expect(json.clusters).toHaveLength(json.k);
    expect(json.clusters.reduce((n: number, c: { customers: number }) => n + c.customers, 0)).toBe(json.customers);
    expect(Object.keys(json.clusters[0].means)).toEqual(['recency_days', 'orders', 'revenue', 'avg_order_value', 'tenure_days']);
    const again = JSON.parse((await cli('segment', 'samples/shop-2k.csv', '--json')).stdout);
    expect(again).toEqual(json);
    const four = JSON.parse((await cli('segment', 'samples/shop-2k.csv', '--k', '4', '--json')).stdout);
    expect(four).toMatchObject({ k: 4, chosen_by: 'user' });
  }, 120_000);

  it('refuses a k that is not a number', async () => {
    const run = await cli('segment', 'samples/shop-2k.csv', '--k', 'many');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('cohortbook: --k must be a non-negative number, got "many".\n');
  });
});
