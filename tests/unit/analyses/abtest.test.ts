/**
 * The A/B read-out (src/analyses/abtest.ts) against a hand-worked two-proportion example:
 * control 200 of 1,000 (20%), variant 250 of 1,000 (25%), difference 5 points.
 *   pooled rate 450 / 2000 = 0.225; pooled SE = √(0.225 · 0.775 · (1/1000 + 1/1000)) = 0.0186748;
 *   z = 0.05 / 0.0186748 = 2.6774; p = 2 · (1 − Φ(2.6774)) = 0.00742.
 *   unpooled SE = √(0.2 · 0.8 / 1000 + 0.25 · 0.75 / 1000) = 0.0186414; 95%: 0.05 ± 1.95996 · 0.0186414 = [0.01346, 0.08654].
 *   Sample size for 20% → 25% (α 0.05 two-sided, power 0.8): (1.95996 · √(2 · 0.225 · 0.775) + 0.84162 · √(0.16 + 0.1875))² / 0.05²
 *   = 1093.7 → 1,094 per group.
 */
import { describe, expect, it } from 'vitest';
import { minimumDetectableEffect, normalCdf, normalQuantile, readAbTest, sampleSizePerGroup } from '../../../src/analyses/abtest';

describe('A/B read-out', () => {
  it('matches the hand-worked two-proportion example', () => {
    const r = readAbTest({ name: 'Control', size: 1000, converted: 200 }, { name: 'Coupon', size: 1000, converted: 250 });
    expect(r.difference).toBeCloseTo(0.05, 12);
    expect(r.relativeLift).toBeCloseTo(0.25, 12);
    expect(r.z).toBeCloseTo(2.6774, 4);
    expect(r.pValue).toBeCloseTo(0.00742, 5);
    expect(r.interval[0]).toBeCloseTo(0.013464, 5);
    expect(r.interval[1]).toBeCloseTo(0.086536, 5);
    expect(r.significant).toBe(true);
    expect(r.verdict.en).toBe('Coupon beats Control: 25.0% against 20.0% (+5.0 points; 95% interval +1.3 to +8.7 points; p = 0.007). The difference is unlikely to be chance.');
    expect(r.verdict['zh-CN']).toContain('Coupon优于Control');
  });

  // 100 per group: pooled SE = √(0.225 · 0.775 · 0.02) = 0.05906, z = 0.8466, p = 0.397.
  it('says plainly when the difference could be chance', () => {
    const r = readAbTest({ name: 'A', size: 100, converted: 20 }, { name: 'B', size: 100, converted: 25 });
    expect(r.significant).toBe(false);
    expect(r.interval[0]).toBeLessThan(0);
    expect(r.verdict.en).toMatch(/^No clear difference: B 25\.0%, A 20\.0% \(\+5\.0 points; 95% interval −6\.6 to \+16\.6 points; p = 0\.397\)/);
  });

  it('plans: the sample size a difference needs, and the difference a sample can detect', () => {
    expect(sampleSizePerGroup(0.2, 0.25)).toBe(1094);
    const mde = minimumDetectableEffect(0.2, 1094);
    expect(mde).toBeGreaterThan(0.0495);
    expect(mde).toBeLessThanOrEqual(0.05);
    expect(sampleSizePerGroup(0.2, 0.2 + mde)).toBeLessThanOrEqual(1094);
  });

  it('has the normal distribution right, and refuses impossible groups', () => {
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.8)).toBeCloseTo(0.841621, 6);
    expect(() => readAbTest({ name: 'A', size: 10, converted: 11 }, { name: 'B', size: 10, converted: 1 })).toThrow(/11 conversions for 10 members/);
    expect(() => readAbTest({ name: 'A', size: 0, converted: 0 }, { name: 'B', size: 10, converted: 1 })).toThrow(/at least one member/);
  });
});
