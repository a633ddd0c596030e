/**
 * The A/B read-out of a table (src/analyses/abtest-table.ts) and its notebook cell: the hand-worked example of
 * abtest.test.ts (20% of 1,000 against 25% of 1,000) written as one row per customer, read with mixed outcome
 * spellings, the control found by name, the value compared with a Welch interval; refusals say what to do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { tableToRows } from '../../../src/engine/rows';
import { readAbTable } from '../../../src/analyses/abtest-table';
import { createModelHook, parseModelSettings } from '../../../src/training/model-hook';
import type { AbTestModelSummary } from '../../../src/notebook/model-summary';
import type { Trainer } from '../../../workers/train/trainer';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  // Group B (listed first) converts 250 of 1,000 ('yes'), control A 200 of 1,000 (1); converted customers spend 10 in A, 12 in B.
  await db.exec(`CREATE TABLE test_result AS
SELECT 'c' || i AS customer_id, CASE WHEN i < 1000 THEN 'B' ELSE 'A' END AS arm,
  CASE WHEN i < 1000 THEN CASE WHEN i < 250 THEN 'yes' ELSE 'no' END ELSE CASE WHEN i < 1200 THEN '1' ELSE '0' END END AS outcome,
  CASE WHEN i < 250 THEN 12.0 WHEN i >= 1000 AND i < 1200 THEN 10.0 ELSE 0.0 END AS revenue
FROM range(2000) AS t(i)`);
});
afterAll(async () => {
  await db.close();
});

describe('A/B read-out of a table', () => {
  it('matches the hand-worked two-proportion example, with the control found by its name', async () => {
    const { readout, groups, value } = await readAbTable(db, { table: 'test_result', group: 'arm', outcome: 'outcome', value: 'revenue' });
    expect(groups.map((g) => [g.name, g.size, g.converted])).toEqual([
      ['A', 1000, 200],
      ['B', 1000, 250],
    ]);
    expect(readout.difference).toBeCloseTo(0.05, 12);
    expect(readout.z).toBeCloseTo(2.677, 3);
    expect(readout.pValue).toBeCloseTo(0.0074, 4);
    expect(readout.interval[0]).toBeCloseTo(0.01346, 4);
    expect(readout.interval[1]).toBeCloseTo(0.08654, 4);
    expect(readout.verdict.en).toMatch(/^B beats A: 25(\.0)?% against 20(\.0)?%/);
    // Means 3.0 and 2.0; variances 12²·0.25·0.75·1000/999 and 10²·0.2·0.8·1000/999.
    expect(value!.difference).toBeCloseTo(1, 12);
    const se = Math.sqrt((144 * 0.1875 * 1000) / 999 / 1000 + (100 * 0.16 * 1000) / 999 / 1000);
    expect(value!.interval[0]).toBeCloseTo(1 - 1.959964 * se, 5);
  });

  it('takes the control it is told, and refuses a third group or a missing column in words', async () => {
    const flipped = await readAbTable(db, { table: 'test_result', group: 'arm', outcome: 'outcome', control: 'B' });
    expect(flipped.readout.difference).toBeCloseTo(-0.05, 12);
    expect(flipped.value).toBeNull();
    await db.exec(`CREATE TABLE three AS SELECT * FROM test_result UNION ALL SELECT 'x', 'C', '1', 0.0`);
    await expect(readAbTable(db, { table: 'three', group: 'arm', outcome: 'outcome' })).rejects.toThrow(/compares two groups; arm has 3 \(A, B, C\)\. Keep two of them/);
    await expect(readAbTable(db, { table: 'test_result', group: 'variant', outcome: 'outcome' })).rejects.toThrow(/The group column "variant" is not in test_result; its columns are customer_id, arm, outcome, revenue\./);
    await expect(readAbTable(db, { table: 'test_result', group: 'arm', outcome: 'outcome', control: 'Z' })).rejects.toThrow(/no group called "Z"/);
  });

  it('runs as a notebook cell: the sentence in the notebook language and a two-row table', async () => {
    expect(parseModelSettings('{"kind": "abtest", "data": "t"}')).toEqual({ kind: 'abtest', data: 't', group: 'group', outcome: 'converted', value: null, control: null, confidence: 0.95 });
    expect(() => parseModelSettings('{"kind": "abtest"}')).toThrow(/"data": "my_test"/);
    // The read-out needs no training: the trainer is never called.
    const hook = createModelHook({} as Trainer, { language: () => 'zh-CN' });
    const cell = { id: 'm', kind: 'model' as const, name: 'campaign_test', source: '{"kind": "abtest", "data": "test_result", "group": "arm", "outcome": "outcome", "value": "revenue"}' };
    const outcome = await hook(cell, { db, signal: new AbortController().signal });
    if ('error' in outcome) throw new Error(outcome.error.message);
    const summary = (outcome.output as { summary: AbTestModelSummary }).summary;
    expect(summary.sentence).toMatch(/^B优于A：.*每位客户的价值：B 3\.00，A 2\.00（差 \+1\.00；95% 置信区间 \+0\.\d\d 至 \+1\.\d\d）。$/);
    expect(tableToRows(await db.query('SELECT role, "group", customers, converted FROM campaign_test ORDER BY role'))).toEqual([
      { role: 'control', group: 'A', customers: 1000, converted: 200 },
      { role: 'variant', group: 'B', customers: 1000, converted: 250 },
    ]);
  });
});
