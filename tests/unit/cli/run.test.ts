import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT } from './run-cli';

const root = ROOT;
const shop = path.join(root, 'samples/shop-2k.csv');

function temp(name: string, content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbk-run-'));
  fs.writeFileSync(path.join(dir, name), content);
  return path.join(dir, name);
}

describe('cli run', () => {
  it('runs the tour: CSV per SQL cell, the report, and a JSON summary', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cbk-out-'));
    const run = await cli('run', 'samples/tour.cohortbook.md', '--data', shop, '--out', out, '--json');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.cells.map((c: { name: string; status: string }) => `${c.name}:${c.status}`)).toEqual([
      'orders_by_month:ok',
      'revenue_trend:ok',
      'revenue_chart:ok',
      'top_customers:ok',
      'churn_scores:ok',
    ]);
    expect(json.cells.at(-1).note).toMatch(/the riskiest 20% of customers hold \d+% of the churners/);
    expect(fs.readdirSync(out).sort()).toEqual(['churn_scores.csv', 'orders_by_month.csv', 'report.html', 'revenue_trend.csv', 'top_customers.csv']);
    expect(fs.readFileSync(path.join(out, 'churn_scores.csv'), 'utf8').split('\r\n')[0]).toBe('customer_id,probability,retention,retention_tier,risk_band,risk_rank,top_reasons');
    expect(fs.readFileSync(path.join(out, 'orders_by_month.csv'), 'utf8').split('\r\n')[0]).toBe('month,orders,customers,revenue');
  });

  it('writes what ran, then exits 2 naming the failing cell and its line', async () => {
    const notebook = temp('bad.cohortbook.md', '```sql name=good\nSELECT 1 AS one\n```\n\n```sql name=broken\nSELECT 1,\n  FROMM cb_orders\n```\n');
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cbk-out-'));
    const run = await cli('run', notebook, '--data', shop, '--out', out);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/cell broken failed \(line 2, column 3\): Binder Error: Referenced column "FROMM"/);
    expect(fs.existsSync(path.join(out, 'good.csv'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'report.html'))).toBe(true);
  });

  it('exits 2 with the line number of a parse error, and on a missing notebook', async () => {
    const notebook = temp('x.cohortbook.md', 'Intro\n\n```sql name=bad-name\nSELECT 1\n```\n');
    const bad = await cli('run', notebook, '--data', shop, '--out', os.tmpdir());
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/^cohortbook: .*x\.cohortbook\.md: Line 3: “bad-name” is not a valid name/)]);
    const missing = await cli('run', 'nope.cohortbook.md', '--data', shop, '--out', os.tmpdir());
    expect([missing.code, missing.stderr]).toEqual([2, 'cohortbook: No such notebook: nope.cohortbook.md\n']);
  });
});
