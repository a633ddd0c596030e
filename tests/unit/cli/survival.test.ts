/**
 * `survival <file>` (issue 24): the time to a second purchase on CDNOW against a standard statistics package's
 * figures (23,570 customers, 11,516 events, Kaplan–Meier S(90) = 0.7078, Weibull shape 0.5171 and scale
 * 1009.3 days, Cox coefficients 0.0598 and 0.3375), each to 0.5%; and the subjects' protocol on a hand-made file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './run-cli';
import { CDNOW } from '../analyses/cdnow-reference';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { readSurvivalSubjects } from '../../../src/analyses/survival';
import { line, loadOrders } from '../analyses/fixture';

const within = (value: number, reference: number, share = 0.005) => expect(Math.abs(value - reference)).toBeLessThanOrEqual(Math.abs(reference) * share);

describe('cli survival', () => {
  it('follows the protocol on CDNOW and agrees with a standard package to 0.5%', async () => {
    const run = await cli('survival', CDNOW, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json)).toEqual(['customers', 'events', 'censored', 'kaplan_meier', 'exponential', 'weibull', 'cox', 'next_30_days']);
    expect(json).toMatchObject({ customers: 23_570, events: 11_516, censored: 12_054 });
    within(json.kaplan_meier.s90, 0.7078);
    expect(Object.keys(json.kaplan_meier)).toEqual(['s30', 's90', 's180', 's365', 'median_days']);
    within(json.weibull.shape, 0.5171);
    within(json.weibull.scale_days, 1009.3);
    expect(json.cox.covariates).toEqual(['log_first_revenue', 'log_first_items']);
    within(json.cox.coef[0], 0.0598);
    within(json.cox.coef[1], 0.3375);
    expect(json.cox.hazard_ratio[1]).toBeCloseTo(Math.exp(json.cox.coef[1]), 12);
    expect(json.exponential.rate_per_day).toBeGreaterThan(0);
    expect(json.cox.se.every((se: number) => se > 0)).toBe(true);
    // Everyone without a second purchase gets a chance; after 15+ months of waiting (shape < 1) it is small.
    expect(json.next_30_days.waiting).toBe(12_054);
    expect(json.next_30_days.mean_chance_weibull).toBeGreaterThan(0);
    expect(json.next_30_days.mean_chance_weibull).toBeLessThan(0.05);
    expect(json.next_30_days.mean_chance_cox).toBeGreaterThanOrEqual(0);
  });
});

describe('survival subjects', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNodeDb();
    // Data ends 2023-03-02. A: two orders on its first day (10 + 30, 1 + 2 items), again 9 days later.
    // B: one order, censored 40 days later. C: first and only order on the last day (duration 0, censored).
    await loadOrders(db, [
      line('1', 'A', '2023-01-01 09:00', 10, { quantity: 1 }),
      line('2', 'A', '2023-01-01 17:00', 30, { quantity: 2 }),
      line('3', 'A', '2023-01-10', 5),
      line('4', 'A', '2023-02-10', 5),
      line('5', 'B', '2023-01-21', 99, { quantity: 4 }),
      line('6', 'C', '2023-03-02', 7),
    ]);
  });
  afterAll(() => db.close());

  it('gives each customer the days to the second purchase date, or to the last date, and the first day\'s totals', async () => {
    const s = await readSurvivalSubjects(db);
    expect(Array.from(s.durations)).toEqual([9, 40, 0]);
    expect(Array.from(s.events)).toEqual([1, 0, 0]);
    expect(s.covariates).toEqual(['log_first_revenue', 'log_first_items']);
    const amount = (a: number, q: number) => a * q; // the fixture's amount is the unit price
    expect(Array.from(s.x)).toEqual(
      [Math.log(1 + amount(10, 1) + amount(30, 2)), Math.log(1 + 3), Math.log(1 + amount(99, 4)), Math.log(1 + 4), Math.log(1 + 7), Math.log(1 + 1)].map((v) => expect.closeTo(v, 10)),
    );
  });
});
