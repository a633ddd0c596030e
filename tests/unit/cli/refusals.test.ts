/**
 * Issue 19: every refusal of the command line is exit status 2 and exactly one line on stderr, with the
 * sentence the app shows; and DuckDB sees no file of this machine but the one it was given.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NO_CUSTOMER_COLUMN } from '../../../src/ingest/load-problems';
import * as files from '../ingest/bad-files';
import { cli, cliProcess, ROOT, type CliRun } from './run-cli';

function temp(name: string, content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbk-refuse-'));
  fs.writeFileSync(path.join(dir, name), content);
  return path.join(dir, name);
}

function expectRefusal(run: CliRun, message: RegExp | string): void {
  expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(typeof message === 'string' ? new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : message);
  expect(run.stderr).not.toMatch(/\bat .*\.ts:\d+/);
}

const marketplace = temp('marketplace.csv', files.NO_BUYER_MARKETPLACE);
const shop = path.join(ROOT, 'samples/shop-2k.csv');

describe('cli on a marketplace report with Chinese headers and no buyer column', () => {
  it('inspect leaves customer_id null, says why, and lists the problem', async () => {
    const run = await cli('inspect', marketplace, '--json');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.roles).toMatchObject({ customer_id: null, order_id: '订单编号', timestamp: '下单时间', amount: '实付金额' });
    expect(json.unmapped.customer_id).toMatch(/customer id/);
    expect(json.level).toBe('order');
    expect(json.problems).toEqual([expect.objectContaining({ code: 'no_customer_column', blocking: false })]);
    expect(json.problems[0].message.startsWith(NO_CUSTOMER_COLUMN.en)).toBe(true);
    expect(json.report).toMatchObject({ orders: 5, customers: 0 });
  });

  it('cohort, repurchase, rfm, lifecycle, churn and clv each exit 2 with the sentence', async () => {
    const runs = [
      await cliProcess('cohort', marketplace, '--json'),
      ...(await Promise.all(['repurchase', 'rfm', 'lifecycle', 'churn'].map((command) => cli(command, marketplace, '--json')))),
      await cli('clv', marketplace, '--calibration-end', '2024-03-31', '--json'),
    ];
    for (const run of runs) expectRefusal(run, NO_CUSTOMER_COLUMN.en);
  });

  it('sql still answers order-level questions', async () => {
    const run = await cli('sql', marketplace, 'SELECT count(*) AS orders, round(sum(revenue), 2) AS revenue FROM cb_orders', '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([{ orders: 5, revenue: 654.6 }]);
  });
});

describe('cli refusals of bad files and bad arguments', () => {
  it('a JSON document nested 10,000 levels deep', async () => {
    expectRefusal(await cli('inspect', temp('deep.json', files.NESTED_JSON), '--json'), /nests its data more than 64 levels deep/);
  });

  it('an event log where nothing marks a purchase', async () => {
    const log = temp('events.csv', 'event,domain_userid,collector_tstamp\nunstruct,u1,2024-01-01 10:00:00\nunstruct,u2,2024-01-02 10:00:00\n');
    expectRefusal(await cli('cohort', log), /nothing in it marks a purchase/);
  });

  it('an unknown option', async () => {
    expectRefusal(await cli('cohort', shop, '--perod', 'week'), /Unknown option '--perod'/);
  });

  it('a date reading that does not exist', async () => {
    expectRefusal(await cli('inspect', shop, '--date-format', 'sideways'), /--date-format must be one of auto, day-first, month-first, year-first/);
  });

  it('run --out onto an existing file', async () => {
    const notebook = temp('nb.cohortbook.md', '```sql name=one\nSELECT 1 AS one\n```\n');
    const out = temp('report.html', 'keep me');
    expectRefusal(await cli('run', notebook, '--data', shop, '--out', out), /is a file, not a folder/);
    expect(fs.readFileSync(out, 'utf8')).toBe('keep me');
  });
});

describe('the filesystem fence', () => {
  it('a notebook run headlessly cannot read /etc/hostname: the cell fails, nothing of the host is written', async () => {
    const hostname = fs.readFileSync('/etc/hostname', 'utf8').trim();
    const notebook = temp(
      'peek.cohortbook.md',
      "```sql name=host\nSELECT * FROM read_csv('/etc/hostname', header = false)\n```\n\n```sql name=orders\nSELECT count(*) AS n FROM cb_orders\n```\n",
    );
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cbk-fence-'));
    const run = await cli('run', notebook, '--data', shop, '--out', out, '--json');
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/cell host failed.*SQL reads only the loaded data/);
    const cells = JSON.parse(run.stdout).cells as { name: string; status: string }[];
    expect(cells.map((c) => `${c.name}:${c.status}`)).toEqual(['host:error', 'orders:ok']);
    expect(fs.readdirSync(out).sort()).toEqual(['orders.csv', 'report.html']);
    for (const file of fs.readdirSync(out)) expect(fs.readFileSync(path.join(out, file), 'utf8')).not.toContain(hostname);
  });

  it('sql cannot write a file with COPY … TO, nor read another one', async () => {
    const target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cbk-copy-')), 'leak.csv');
    expectRefusal(await cliProcess('sql', shop, `COPY (SELECT * FROM cb_customers) TO '${target}'`), /SQL reads only the loaded data/);
    expect(fs.existsSync(target)).toBe(false);
    expectRefusal(await cli('sql', shop, "SELECT * FROM read_csv('/etc/passwd')"), /SQL reads only the loaded data/);
  });
});
