/** The retention commands of the command line (DESIGN.md section 7): exact JSON shapes, checked against independent computations. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli';
import { CDNOW, cdnowRows, referenceCohorts, referenceRfm } from '../analyses/cdnow-reference';
import { ordersCsv, line } from '../analyses/fixture';
import { REPURCHASE } from '../analyses/repurchase-data';

function tempFile(name: string, content: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cbk-retention-')), name);
  fs.writeFileSync(file, content);
  return file;
}

const repurchaseFile = () => tempFile('orders.csv', ordersCsv(REPURCHASE));

describe('cli cohort', () => {
  it('prints the CDNOW cohort matrix, equal to an independent computation', async () => {
    const run = await cli('cohort', CDNOW, '--json');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json)).toEqual(['period', 'cohorts']);
    expect(json.period).toBe('month');
    const expected = referenceCohorts(cdnowRows().rows);
    expect(json.cohorts).toEqual(
      expected.map((c) => ({
        cohort: c.cohort,
        size: c.size,
        active: c.active,
        retention: c.active.map((a) => expect.closeTo(a / c.size, 12)),
        revenue: c.revenueCents.map((cents) => cents / 100),
      })),
    );
  });

  it('labels ISO week cohorts by their Monday', async () => {
    const file = tempFile('weeks.csv', ordersCsv([line('1', 'g', '2022-12-31', 5), line('2', 'g', '2023-01-02', 7), line('3', 'h', '2023-01-04', 1)]));
    const run = await cli('cohort', file, '--period', 'week', '--json');
    expect(JSON.parse(run.stdout)).toEqual({
      period: 'week',
      cohorts: [
        { cohort: '2022-12-26', size: 1, active: [1, 1], retention: [1, 1], revenue: [5, 7] },
        { cohort: '2023-01-02', size: 1, active: [1], retention: [1], revenue: [1] },
      ],
    });
  });

  it('prints a readable table without --json, and refuses an unknown period', async () => {
    const file = repurchaseFile();
    const text = await cli('cohort', file);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Retention by month/);
    expect(text.stdout).toMatch(/2023-01 +2 +100\.0%/);
    const bad = await cli('cohort', file, '--period', 'year', '--json');
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim().split('\n')).toEqual(['cohortbook: --period must be month or week, got "year".']);
  });
});

describe('cli repurchase', () => {
  it('prints the rates at the default and at chosen windows', async () => {
    const file = repurchaseFile();
    const run = await cli('repurchase', file, '--json');
    expect(JSON.parse(run.stdout)).toEqual({
      rates: [
        { days: 30, eligible: 6, repurchased: 3, rate: 0.5 },
        { days: 60, eligible: 6, repurchased: 4, rate: 4 / 6 },
        { days: 90, eligible: 5, repurchased: 4, rate: 0.8 },
      ],
    });
    const custom = await cli('repurchase', file, '--days', '5,200', '--json');
    expect(JSON.parse(custom.stdout)).toEqual({
      rates: [
        { days: 5, eligible: 7, repurchased: 2, rate: 2 / 7 },
        { days: 200, eligible: 0, repurchased: 0, rate: null },
      ],
    });
    const bad = await cli('repurchase', file, '--days', '30,abc');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--days expects whole numbers/);
  });
});

describe('cli rfm', () => {
  it('prints the CDNOW snapshot, segment counts and score counts, equal to an independent computation', async () => {
    const run = await cli('rfm', CDNOW, '--json');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json)).toEqual(['snapshot', 'customers', 'segments', 'scores']);
    const reference = referenceRfm(cdnowRows().rows);
    expect(json.snapshot).toBe('1998-07-01');
    expect(json.customers).toBe(23570);
    const names = ['champions', 'loyal', 'potential_loyalists', 'new_customers', 'promising', 'need_attention', 'about_to_sleep', 'cannot_lose_them', 'at_risk', 'hibernating'];
    expect(json.segments).toEqual(Object.fromEntries(names.map((n) => [n, reference.segments[n] ?? 0])));
    const scores = new Map<string, number>(json.scores.map((s: { r: number; f: number; m: number; count: number }) => [`${s.r}${s.f}${s.m}`, s.count]));
    expect(scores).toEqual(reference.scores);
    expect(Object.keys(json.scores[0])).toEqual(['r', 'f', 'm', 'count']);
  });
});

describe('cli lifecycle', () => {
  it('prints the stages per month', async () => {
    const file = tempFile(
      'life.csv',
      ordersCsv([line('1', 'A', '2023-01-03', 1), line('2', 'B', '2023-01-10', 1), line('3', 'A', '2023-02-03', 1), line('4', 'B', '2023-04-01', 1)]),
    );
    const run = await cli('lifecycle', file, '--json');
    expect(JSON.parse(run.stdout)).toEqual({
      period: 'month',
      rows: [
        { period: '2023-01', new: 2, returning: 0, reactivated: 0, at_risk: 0, dormant: 0 },
        { period: '2023-02', new: 0, returning: 1, reactivated: 0, at_risk: 1, dormant: 0 },
        { period: '2023-03', new: 0, returning: 0, reactivated: 0, at_risk: 1, dormant: 1 },
        { period: '2023-04', new: 0, returning: 0, reactivated: 1, at_risk: 0, dormant: 1 },
      ],
    });
  });
});
