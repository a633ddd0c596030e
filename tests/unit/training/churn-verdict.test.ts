import { describe, expect, it } from 'vitest';
import { churnVerdict, type VerdictInput } from '../../../src/training/model-summary';

const base: VerdictInput = {
  churnRate: 0.4,
  population: 1200,
  horizon: 90,
  cutoff: '2024-01-01',
  cvAucMean: 0.82,
  cvAucStd: 0.02,
  folds: 5,
  recencyRuleAuc: 0.74,
  recencyMedianDays: 61,
};

describe('churnVerdict', () => {
  it('trusts a model clearly above the recency rule with a sensible base rate', () => {
    expect(churnVerdict(base)).toEqual({ useful: true, warning: null });
  });

  it('says the horizon is too long when nearly everyone churns', () => {
    const verdict = churnVerdict({ ...base, churnRate: 0.93 });
    expect(verdict.useful).toBe(false);
    expect(verdict.warning).toBe(
      '93% of 1,200 customers did not buy again within 90 days of 2024-01-01: the horizon is too long for this data, so almost everyone looks lost and no list can tell them apart. Try a shorter horizon.',
    );
  });

  it('says the horizon is too short when almost nobody churns', () => {
    expect(churnVerdict({ ...base, churnRate: 0.03 }).warning).toMatch(/^Only 3% of 1,200 customers .* too short to see who leaves/);
  });

  it('refuses a model near chance', () => {
    expect(churnVerdict({ ...base, cvAucMean: 0.58, recencyRuleAuc: 0.5 }).warning).toMatch(
      /^This model cannot tell who will leave much better than chance \(cross-validated AUC 0\.58 ± 0\.01, against 0\.50 .*older than 61 days”\)\. Do not use its at-risk list as a target list\.$/,
    );
  });

  it('refuses a model within one standard error of the rule', () => {
    // SE = 0.02 / sqrt(5) ≈ 0.009: 0.745 - 0.74 is inside it, 0.76 - 0.74 is not.
    expect(churnVerdict({ ...base, cvAucMean: 0.745 }).warning).toMatch(/^This model is no better than a simple rule/);
    expect(churnVerdict({ ...base, cvAucMean: 0.76 }).useful).toBe(true);
  });
});
