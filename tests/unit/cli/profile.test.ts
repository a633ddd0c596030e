/**
 * `profile <file> --customer ID` (issue 24): after running the notebook's model cells (customer value, groups,
 * suggestions, risk flags, a churn model), one customer's page with every part filled; `--segment` compares a
 * segment with everyone; an unknown customer is refused with the closest ids.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { cli } from './run-cli';

const SHOP = path.resolve(__dirname, '../../../samples/shop-2k.csv');

describe('cli profile', () => {
  it('shows one customer with what every analysis says about them', async () => {
    const run = await cli('profile', SHOP, '--customer', 'C000002', '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ customerId: 'C000002', rfm: { segment: expect.any(String) }, lifecycle: expect.stringMatching(/^(new|returning|reactivated|at_risk|dormant)$/) });
    expect(json.orders).toBe(json.timeline.filter((t: { kind: string }) => t.kind === 'order').length);
    expect(json.churn).toMatchObject({ table: 'churn_scores', probability: expect.any(Number) });
    expect(json.value).toMatchObject({ table: 'clv_scores' });
    expect(json.cluster).toMatchObject({ table: 'customer_clusters' });
    expect(json.risk).toMatchObject({ table: 'risk_flags' });
    expect(json.recommendations.products.length).toBeGreaterThan(0);
  }, 180_000);

  it('compares a segment with everyone, and refuses an unknown customer', async () => {
    const segment = await cli('profile', SHOP, '--segment', 'champions');
    expect(segment.code).toBe(0);
    expect(segment.stdout).toMatch(/^Segment champions: [\d,]+ of [\d,]+ customers/);
    const unknown = await cli('profile', SHOP, '--customer', 'C00000X');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^cohortbook: No customer “C00000X” in the data\. Did you mean “C0/);
    const both = await cli('profile', SHOP);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/profile needs --customer ID or --segment NAME/);
  }, 120_000);
});
