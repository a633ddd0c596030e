import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT } from '../cli/run-cli';

const root = ROOT;
const sample = path.resolve(root, '../shared/datasets/cdnow/CDNOW_sample.txt');

describe('cli clv', () => {
  it('prints the published BG/NBD fit and the holdout check as the contract JSON', async () => {
    const run = await cli('clv', sample, '--calibration-end', '1997-09-30', '--holdout-end', '1998-06-30', '--json', '--map', 'customer_id=#2,timestamp=#3,quantity=#4,amount=#5');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json).slice(0, 6)).toEqual(['model', 'params', 'log_likelihood', 'customers', 'gamma_gamma', 'holdout']);
    expect(json.model).toBe('bgnbd');
    expect(Object.keys(json.params)).toEqual(['r', 'alpha', 'a', 'b']);
    const published = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    for (const [name, value] of Object.entries(published)) expect(Math.abs(json.params[name] / value - 1)).toBeLessThan(0.01);
    expect(Math.abs(json.log_likelihood - -9582.4)).toBeLessThan(0.5);
    expect(json.customers).toBe(2357);
    expect(Object.keys(json.gamma_gamma)).toEqual(['p', 'q', 'v']);
    expect(Math.abs(json.gamma_gamma.p / 6.25 - 1)).toBeLessThan(0.01);
    expect(Object.keys(json.holdout)).toEqual(['expected', 'actual']);
    expect(json.holdout.actual).toBe(1882);
    expect(json.holdout.expected).toBeCloseTo(1653.4, 0);
    expect(json.convergence.converged).toBe(true);
  });

  it('works on the headerless sample without --map and with --name=value options', async () => {
    const run = await cli('clv', sample, '--calibration-end=1997-09-30', '--no-pareto', '--json');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.customers).toBe(2357);
    expect(json.params.r).toBeCloseTo(0.2426, 3);
    expect(json.holdout_end).toBe('1998-06-30');
    expect(json.pareto_nbd).toBeNull();
  });

  it('exits 2 with one line when the calibration end is missing or not a date', async () => {
    const missing = await cli('clv', sample, '--json');
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/calibration end/);
    const bad = await cli('clv', sample, '--calibration-end', '30/09/1997', '--json');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a date; write it as YYYY-MM-DD/);
  });

  it('exits 2 and says why when no customer bought again before the calibration end', async () => {
    const run = await cli('clv', sample, '--calibration-end', '1997-01-01', '--json');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/BG\/NBD: Did not converge: no customer made a repeat purchase/);
    const json = JSON.parse(run.stdout);
    expect(json.params.r).toBeNull();
    expect(json.convergence.converged).toBe(false);
  });
});
