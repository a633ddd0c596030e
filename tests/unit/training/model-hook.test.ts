import { describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../src/engine/node';
import { tableToRows } from '../../../src/engine/rows';
import { createModelHook, parseModelSettings, type ModelProgress } from '../../../src/training/model-hook';
import { churnResultCharts } from '../../../src/charts/churn';
import type { ChurnModelSummary, ClvModelSummary } from '../../../src/notebook/model-summary';
import { confusionAt } from '../../../src/training/model-summary';
import type { ModelOutcome } from '../../../src/notebook/run-model';
import { createRunner } from '../../../src/notebook/runner';
import type { ModelCell } from '../../../src/notebook/types';
import { compileStrict } from '../charts/render';
import { sampleWithTrainer } from './sample-fixture';

const env = sampleWithTrainer();

const cell = (name: string, settings: object | string): ModelCell => ({
  id: `cell-${name}`,
  kind: 'model',
  name,
  source: typeof settings === 'string' ? settings : JSON.stringify(settings),
});

function summaryOf<K extends 'churn' | 'clv'>(outcome: ModelOutcome, kind: K): K extends 'churn' ? ChurnModelSummary : ClvModelSummary {
  if ('error' in outcome) throw new Error(outcome.error.message);
  expect(outcome.output.kind).toBe('model');
  const summary = (outcome.output as { summary: ChurnModelSummary | ClvModelSummary }).summary;
  expect(summary.kind).toBe(kind);
  return summary as never;
}

describe('model cell settings', () => {
  it('reads churn and clv settings with defaults, and the older spellings', () => {
    expect(parseModelSettings('{"kind": "churn"}')).toMatchObject({ kind: 'churn', horizon: 90, cutoff: null, model: 'logistic', seed: 42, scores: true, tiers: { high: 0.8, medium: 0.5 } });
    expect(parseModelSettings('{"model": "churn", "data": "cb_customers", "horizon_days": 60}')).toMatchObject({ kind: 'churn', horizon: 60, features: null });
    expect(parseModelSettings('{"kind": "churn", "data": "my_features"}')).toMatchObject({ features: 'my_features' });
    expect(parseModelSettings('{"model": "bgnbd+gamma_gamma", "calibration_end": "2023-06-30", "monthly_discount": 0.02}')).toMatchObject({
      kind: 'clv',
      calibrationEnd: '2023-06-30',
      holdoutEnd: 'auto',
      months: 12,
      discount: 0.02,
    });
  });

  it('says what is wrong with unusable settings', () => {
    expect(() => parseModelSettings('{kind: churn}')).toThrow('not valid JSON');
    expect(() => parseModelSettings('{"kind": "forest"}')).toThrow('"kind": "churn", "clv", "clusters", "recommendations", "abtest", "survival", "forecast", "risk", "profile" or "counts"');
    expect(() => parseModelSettings('{"kind": "churn", "model": "xgboost"}')).toThrow('"model" must be one of "logistic", "svm", "tree", "forest", "boosting", "mlp", "sequence", "all"');
    expect(() => parseModelSettings('{"kind": "churn", "horizon": -3}')).toThrow('"horizon" must be a whole number of at least 1');
    expect(parseModelSettings('{"kind": "clv"}')).toMatchObject({ calibrationEnd: 'auto', holdoutEnd: 'auto' });
    expect(() => parseModelSettings('{"kind": "clv", "calibrationEnd": "30/09/1997"}')).toThrow('YYYY-MM-DD');
  });
});

describe('createModelHook', () => {
  it('trains a churn model, writes churn_scores with bands and reasons, and returns the summary', async () => {
    const seen: ModelProgress[] = [];
    const hook = createModelHook(env.trainer, { onProgress: (_cell, p) => seen.push(p) });
    const outcome = await hook(cell('churn_scores', { kind: 'churn', horizon: 90, cutoff: null, model: 'logistic', seed: 42, scores: true }), {
      db: env.db,
      signal: new AbortController().signal,
    });
    const summary = summaryOf(outcome, 'churn');
    expect(summary.metrics.auc).toBeGreaterThan(summary.baseline.recencyRuleAuc - 0.05);
    expect(summary.metrics.auc).toBeGreaterThan(0.6);
    expect(summary.backend).toBe('none');
    expect(summary.loss.length).toBeGreaterThan(1);
    expect(summary.sentence).toMatch(/the riskiest 20% of customers hold \d+% of the churners/);
    expect(summary.curves.gains).toHaveLength(10);
    expect(confusionAt(summary, 0.5)).toMatchObject({ tp: summary.confusion.tp, fp: summary.confusion.fp });
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
    // Every result chart compiles cleanly; on the curves the model comes first (the theme's first colour,
    // solid) and the reference line second (dashed).
    for (const { name, spec } of churnResultCharts(summary)) {
      compileStrict(spec);
      if (!['roc', 'pr', 'gains', 'calibration'].includes(name)) continue;
      const encoding = (spec as unknown as { encoding: Record<string, { scale: { domain: string[]; range?: number[][] } }> }).encoding;
      expect({ name, first: encoding.color!.scale.domain[0] }).toEqual({ name, first: expect.stringMatching(/^Model/) });
      expect(encoding.color!.scale.domain).toHaveLength(2);
      expect(encoding.strokeDash!.scale.range).toEqual([[1, 0], [5, 4]]);
    }
    expect(seen.map((p) => p.stage)).toEqual(expect.arrayContaining(['features', 'training', 'scoring', 'writing']));

    const customers = tableToRows(await env.db.query('SELECT count(*) AS n FROM cb_customers'))[0]!.n;
    expect(summary.rows).toBe(customers);
    const rows = tableToRows(
      await env.db.query('SELECT risk_band, min(retention) AS lo, max(retention) AS hi, count(*) AS n, count(*) FILTER (WHERE top_reasons <> \'\') AS explained FROM churn_scores GROUP BY ALL ORDER BY lo'),
    );
    expect(rows.map((r) => r.risk_band)).toEqual(['high', 'medium', 'low'].filter((b) => rows.some((r) => r.risk_band === b)));
    for (const r of rows) {
      if (r.risk_band === 'high') expect(r.hi).toBeLessThan(0.5);
      if (r.risk_band === 'medium') expect([r.lo as number >= 0.5, r.hi as number < 0.8]).toEqual([true, true]);
      if (r.risk_band === 'low') expect(r.lo).toBeGreaterThanOrEqual(0.8);
    }
    expect(rows.reduce((s, r) => s + Number(r.n), 0)).toBe(customers);
    expect(summary.bands!.high).toBe(Number(rows.find((r) => r.risk_band === 'high')?.n ?? 0));
    const riskiest = tableToRows(await env.db.query('SELECT top_reasons FROM churn_scores WHERE risk_rank = 1'))[0]!;
    expect(String(riskiest.top_reasons)).toMatch(/(^|, )no order for \d+ days(,|$)/);
  });

  it('trains the network on the wasm backend and reports it, with the live loss per epoch', async () => {
    const hook = createModelHook(env.trainer);
    const outcome = await hook(
      cell('churn_nn', { kind: 'churn', model: 'mlp', folds: 2, importance: false, mlp: { hidden: [16], epochs: 5, learningRate: 0.01 } }),
      { db: env.db, signal: new AbortController().signal },
    );
    const summary = summaryOf(outcome, 'churn');
    expect(summary.backend).toBe('wasm');
    expect(summary.backendTrials[0]).toMatchObject({ backend: 'wasm', ok: true });
    expect(summary.loss.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5]);
    expect(summary.metrics.auc).toBeGreaterThan(0.55);
    const reasons = tableToRows(await env.db.query("SELECT count(*) AS n FROM churn_nn WHERE top_reasons <> ''"))[0]!.n;
    expect(reasons).toBeGreaterThan(0);
  });

  it('stops training when the runner cancels, with an error the runner turns into stale', async () => {
    const controller = new AbortController();
    const epochs: number[] = [];
    const hook = createModelHook(env.trainer, {
      onProgress: (_c, p) => {
        if (p.stage === 'training' && p.event.event === 'progress' && p.event.epoch) {
          epochs.push(p.event.epoch.epoch);
          if (p.event.epoch.epoch === 2) controller.abort();
        }
      },
    });
    const stopped = await hook(cell('churn_stop', { kind: 'churn', model: 'mlp', folds: 2, mlp: { epochs: 500, patience: 500 } }), { db: env.db, signal: controller.signal });
    expect(epochs.length).toBeLessThan(6);
    expect(stopped).toEqual({ error: { kind: 'model', message: 'Training was stopped.' } });
  });

  it('fits the customer-value models and writes the clv tables under the cell name', async () => {
    const hook = createModelHook(env.trainer);
    const outcome = await hook(cell('clv_scores', { kind: 'clv', calibrationEnd: '2023-12-31', holdoutEnd: null, months: 12, discount: 0.01 }), {
      db: env.db,
      signal: new AbortController().signal,
    });
    const summary = summaryOf(outcome, 'clv');
    expect(summary.converged).toBe(true);
    expect(summary.params!.r).toBeGreaterThan(0);
    expect(summary.holdout!.actual).toBeGreaterThan(0);
    expect(summary.sentence).toMatch(/BG\/NBD fitted on \d+ customers/);
    const n = tableToRows(await env.db.query('SELECT count(*) AS n, count(p_alive) AS alive FROM clv_scores'))[0]!;
    expect(n.n).toBe(summary.rows);
    expect(n.alive).toBe(summary.rows);
  });

  it('flags dates typed outside the data loaded instead of fitting on them', async () => {
    const hook = createModelHook(env.trainer);
    const signal = new AbortController().signal;
    const lastDay = String(tableToRows(await env.db.query('SELECT max(ts)::DATE::VARCHAR AS d FROM cb_orders'))[0]!.d);
    expect(await hook(cell('clv_far', { kind: 'clv', calibrationEnd: '1997-09-30' }), { db: env.db, signal })).toMatchObject({
      error: { message: expect.stringMatching(/^The calibration end 1997-09-30 is outside the data loaded/) },
    });
    expect(await hook(cell('clv_late', { kind: 'clv', calibrationEnd: '2023-12-31', holdoutEnd: '2099-01-01' }), { db: env.db, signal })).toMatchObject({
      error: { message: expect.stringMatching(new RegExp(`^The holdout end 2099-01-01 is after the last purchase date \\(the data runs from .* to ${lastDay}\\)`)) },
    });
    expect(await hook(cell('churn_late', { kind: 'churn', cutoff: lastDay, horizon: 90 }), { db: env.db, signal })).toMatchObject({
      error: { message: expect.stringMatching(/^The horizon of 90 days after the cutoff .* runs to .*, past the last purchase date/) },
    });
  });

  it('says a file without a customer column has nothing for churn or customer value to follow', async () => {
    const orders = await openNodeDb();
    try {
      await orders.exec(`CREATE TABLE cb_orders AS SELECT NULL::VARCHAR AS customer_id, 'o1' AS order_id, TIMESTAMP '2024-01-01' AS ts, 10.0 AS revenue, 1.0 AS items;
        CREATE TABLE cb_customers (customer_id VARCHAR, first_ts TIMESTAMP, last_ts TIMESTAMP, orders BIGINT, revenue DOUBLE)`);
      const hook = createModelHook(env.trainer);
      const signal = new AbortController().signal;
      for (const settings of [{ kind: 'churn' }, { kind: 'clv' }]) {
        expect(await hook(cell(`no_customers_${settings.kind}`, settings), { db: orders, signal })).toMatchObject({
          error: { message: expect.stringMatching(/^This file has no customer column, so customer retention cannot be measured\./) },
        });
      }
    } finally {
      await orders.close();
    }
  });

  it('refuses to overwrite the loaded data or another table', async () => {
    const hook = createModelHook(env.trainer);
    const signal = new AbortController().signal;
    expect(await hook(cell('cb_orders', { kind: 'churn' }), { db: env.db, signal })).toMatchObject({ error: { kind: 'model', message: expect.stringContaining('cb_') } });
    await env.db.exec('CREATE OR REPLACE TABLE my_list AS SELECT 1 AS x');
    expect(await hook(cell('my_list', { kind: 'churn' }), { db: env.db, signal })).toMatchObject({ error: { message: expect.stringContaining('already named my_list') } });
    expect(tableToRows(await env.db.query('SELECT x FROM my_list'))).toEqual([{ x: 1 }]);
  });

  it('plugs into the notebook runner: a SQL cell downstream reads the scores table', async () => {
    const runner = createRunner(env.db, { model: createModelHook(env.trainer) });
    const nb = {
      id: 'nb',
      title: 't',
      cells: [
        cell('scores_for_sql', { kind: 'churn', importance: false, folds: 2 }),
        { id: 'sql', kind: 'sql' as const, name: 'at_risk', source: "SELECT count(*) AS n FROM scores_for_sql WHERE risk_band = 'high'" },
      ],
    };
    const run = await runner.runAll(nb);
    expect(run.failed).toEqual([]);
    expect(runner.result('cell-scores_for_sql')).toMatchObject({ status: 'ok', output: { kind: 'model' } });
    expect(runner.result('sql')).toMatchObject({ status: 'ok', output: { rowCount: 1 } });
  });
});
