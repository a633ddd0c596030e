/** `abtest` (issue 22): a file of one row per customer read as it is; the hand-worked example in JSON; a third group refused in one line. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli';

/** Control 200 of 1,000 converted (spending 10), "discount" 250 of 1,000 (spending 12). */
function abFile(extra = ''): string {
  const lines = ['customer_id,group,converted,revenue'];
  for (let i = 0; i < 2000; i++) {
    const control = i < 1000;
    const converted = control ? i < 200 : i - 1000 < 250;
    lines.push(`c${i},${control ? 'control' : 'discount'},${converted ? 1 : 0},${converted ? (control ? 10 : 12) : 0}`);
  }
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ab-')), 'test.csv');
  fs.writeFileSync(file, lines.join('\n') + '\n' + extra);
  return file;
}

describe('cli abtest', () => {
  it('prints the two-proportion read-out and the value difference', async () => {
    const run = await cli('abtest', abFile(), '--value', 'revenue', '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.control).toEqual({ name: 'control', customers: 1000, converted: 200, rate: 0.2, mean_value: 2 });
    expect(json.variant).toEqual({ name: 'discount', customers: 1000, converted: 250, rate: 0.25, mean_value: 3 });
    expect(json.difference).toBeCloseTo(0.05, 12);
    expect(json.z).toBeCloseTo(2.677, 3);
    expect(json.p_value).toBeCloseTo(0.0074, 4);
    expect(json.significant).toBe(true);
    expect(json.verdict).toMatch(/^discount beats control/);
    expect(json.value.difference).toBeCloseTo(1, 12);
  }, 60_000);

  it('refuses a third group in one line that says what to do', async () => {
    const run = await cli('abtest', abFile('x1,other,1,5\n'));
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/^cohortbook: An A\/B read-out compares two groups; group has 3 \(control, discount, other\)\. Keep two of them .*\n$/);
  }, 60_000);
});
