/**
 * The statistics model cells (issue 24): survival, forecast and risk flags fit behind the trainer (the training
 * worker's own service on an in-memory port, as in the browser), write their tables, agree with the analysis
 * modules run in-thread, keep "looks fine" marks out of the risk table, and their one-click cells all run.
 */
import { describe, expect, it } from 'vitest';
import { tableToRows } from '../../../src/engine/rows';
import { createModelHook, parseModelSettings } from '../../../src/training/model-hook';
import { compareCountModels } from '../../../src/analyses/count-models';
import type { CountsModelSummary, ForecastModelSummary, ModelSummary, ProfileModelSummary, RiskModelSummary, SurvivalModelSummary } from '../../../src/notebook/model-summary';
import { createRunner } from '../../../src/notebook/runner';
import { oneClickCells, type OneClickId } from '../../../src/analyses/one-click';
import { periodCells } from '../../../src/analyses/cells/period';
import { ALL_DATA } from '../../../src/analyses/date-range';
import { dataFacts } from '../../../src/analyses/data-facts';
import { secondPurchaseSurvival } from '../../../src/analyses/survival';
import { forecastMeasure } from '../../../src/analyses/forecast';
import { riskFlags, DEFAULT_RISK_THRESHOLDS } from '../../../src/analyses/risk';
import { markFine } from '../../../src/ui/notebook/model-form';
import type { Cell, Notebook } from '../../../src/notebook/types';
import { sampleWithTrainer } from './sample-fixture';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { loadFile } from '../../../src/ingest/load';
import { bytesSource } from '../../../src/ingest/sources';
import { generatedShop } from '../analyses/generated-shop';

const env = sampleWithTrainer();

async function run<T extends ModelSummary>(name: string, source: string, db: Db = env.db): Promise<T> {
  const hook = createModelHook(env.trainer);
  const outcome = await hook({ id: name, kind: 'model', name, source }, { db, signal: new AbortController().signal });
  if ('error' in outcome) throw new Error(outcome.error.message);
  return (outcome.output as unknown as { summary: T }).summary;
}

describe('statistics model cells', () => {
  it('read their settings with defaults, and say what is wrong', () => {
    expect(parseModelSettings('{"kind": "survival"}')).toEqual({ kind: 'survival' });
    expect(parseModelSettings('{"kind": "forecast"}')).toEqual({ kind: 'forecast', period: 'week', measure: 'revenue', horizon: 8 });
    expect(parseModelSettings('{"kind": "risk", "thresholds": {"z": 4}, "fine": ["order:O1"]}')).toEqual({ kind: 'risk', thresholds: { ...DEFAULT_RISK_THRESHOLDS, z: 4 }, fine: ['order:O1'] });
    expect(() => parseModelSettings('{"kind": "forecast", "period": "month"}')).toThrow(/"period" must be "week" or "day"/);
    expect(() => parseModelSettings('{"kind": "risk", "thresholds": {"z": -1}}')).toThrow(/thresholds\.z/);
    expect(() => parseModelSettings('{"kind": "risk", "fine": "all"}')).toThrow(/"fine" must be a list/);
  });

  it('survival: fits in the trainer as in-thread, writes the chances, the curve and the Cox table', async () => {
    const summary = await run<SurvivalModelSummary>('second_purchase', '{"kind": "survival"}');
    const direct = await secondPurchaseSurvival(env.db);
    expect(summary.weibull.shape).toBeCloseTo(direct.weibull.shape, 10);
    expect(summary.cox.map((c) => c.coef)).toEqual(direct.cox.coef);
    expect(summary.events + summary.censored).toBe(summary.customers);
    const waiting = tableToRows(await env.db.query('SELECT count(*) AS n, min(chance_30d) AS lo, max(chance_30d) AS hi, count(DISTINCT customer_id) AS ids FROM second_purchase'));
    expect(waiting[0]).toMatchObject({ n: summary.censored, ids: summary.censored });
    expect(Number(waiting[0]!.lo)).toBeGreaterThanOrEqual(0);
    expect(Number(waiting[0]!.hi)).toBeLessThanOrEqual(1);
    // A customer who bought again is not on the waiting list; one who did not is, with their real wait.
    const check = tableToRows(
      await env.db.query(`SELECT s.days_waiting, date_diff('day', CAST(c.first_ts AS DATE), (SELECT max(CAST(ts AS DATE)) FROM cb_orders)) AS expected, c.orders
        FROM second_purchase s JOIN cb_customers c USING (customer_id) LIMIT 20`),
    );
    for (const row of check) expect(row.days_waiting).toBe(Number(row.expected));
    const curve = tableToRows(await env.db.query('SELECT grp, count(*) AS n, min(survival) AS lo, max(survival) AS hi FROM second_purchase_curve GROUP BY grp ORDER BY grp'));
    expect(curve.map((r) => r.grp)).toEqual(['Exponential', 'Kaplan–Meier', 'Weibull']);
    for (const r of curve) expect(Number(r.hi)).toBe(1);
    const cox = tableToRows(await env.db.query('SELECT covariate FROM second_purchase_cox'));
    expect(cox.map((r) => r.covariate)).toEqual(['log_first_revenue', 'log_first_items']);
    expect(summary.sentence).toMatch(/^\d+ of \d+ customers bought again on another day\./);
    // Its companion tables are checked like its own: a user's table of that name is never overwritten.
    await env.db.exec('CREATE OR REPLACE TABLE mine_cox AS SELECT 1 AS kept');
    await expect(run('mine', '{"kind": "survival"}')).rejects.toThrow('Another table or cell is already named mine_cox.');
    expect(tableToRows(await env.db.query('SELECT * FROM mine_cox'))).toEqual([{ kept: 1 }]);
  }, 120_000);

  it('survival: a per-customer column of another table joins the Cox model', async () => {
    await env.db.exec(`CREATE OR REPLACE TABLE customer_facts AS SELECT customer_id, CASE WHEN country = 'Germany' THEN 1 ELSE 0 END AS german FROM (SELECT customer_id, any_value(country) AS country FROM cb_lines GROUP BY customer_id)`);
    const covariates = { table: 'customer_facts', columns: ['german'] };
    expect(parseModelSettings(JSON.stringify({ kind: 'survival', covariates }))).toEqual({ kind: 'survival', covariates });
    const summary = await run<SurvivalModelSummary>('second_purchase_by_country', JSON.stringify({ kind: 'survival', covariates }));
    expect(summary.cox.map((c) => c.covariate)).toEqual(['log_first_revenue', 'log_first_items', 'german']);
    const direct = await secondPurchaseSurvival(env.db, undefined, covariates);
    expect(summary.cox.map((c) => c.coef)).toEqual(direct.cox.coef);
    await env.db.exec(`CREATE OR REPLACE TABLE twice AS SELECT * FROM customer_facts UNION ALL SELECT * FROM customer_facts`);
    await expect(run('second_purchase_by_country', JSON.stringify({ kind: 'survival', covariates: { table: 'twice', columns: ['german'] } }))).rejects.toThrow(/more than one row for some customers/);
    expect(() => parseModelSettings('{"kind": "survival", "covariates": {"table": "t"}}')).toThrow(/"covariates" must name a table and its columns/);
  }, 120_000);

  it('forecast: the trainer gives the in-thread forecast; history and forecast in one table', async () => {
    const summary = await run<ForecastModelSummary>('revenue_forecast', '{"kind": "forecast", "horizon": 4}');
    const direct = await forecastMeasure(env.db, { horizon: 4 });
    expect(summary.method).toBe(direct.model.kind);
    expect(summary.forecast.map((f) => f.value)).toEqual(direct.forecast.map((f) => f.value));
    const rows = tableToRows(await env.db.query("SELECT series, count(*) AS n FROM revenue_forecast GROUP BY series ORDER BY series"));
    expect(rows).toEqual([
      { series: 'Actual', n: direct.history.length },
      { series: 'Forecast', n: 5 },
    ]);
    expect(summary.sentence).toMatch(/Backtest over the last 8 weeks|too short for a backtest/);
  }, 120_000);

  it('risk: flags as the module does, and a flag marked fine leaves the table and the list', async () => {
    // The 2k fixture has nothing unusual: a shop with planted anomalies has.
    const db = await openNodeDb();
    await loadFile(db, bytesSource('shop.csv', generatedShop(10_000, 5, { anomalies: true }).bytes));
    const first = await run<RiskModelSummary>('risk_flags', '{"kind": "risk"}', db);
    const direct = await riskFlags(db);
    expect(first.rows).toBe(direct.flags.length);
    expect(first.review.length).toBeGreaterThan(0);
    const top = first.review[0]!;
    const source = markFine('{"kind": "risk"}', top.key);
    expect(JSON.parse(source)).toEqual({ kind: 'risk', fine: [top.key] });
    expect(markFine(source, top.key)).toBe(source);
    const second = await run<RiskModelSummary>('risk_flags', source, db);
    expect(second.markedFine).toBe(1);
    expect(second.rows).toBe(first.rows - 1);
    expect(second.review.map((r) => r.key)).not.toContain(top.key);
    const left = tableToRows(await db.query(`SELECT count(*) AS n FROM risk_flags WHERE ${top.orderId ? `order_id = '${top.orderId}'` : `customer_id = '${top.customerId}' AND order_id IS NULL`}`));
    expect(left).toEqual([{ n: 0 }]);
    await db.close();
  }, 120_000);

  it('profile: the first suggestion by default, a picked customer, a segment, and a clear refusal', async () => {
    expect(parseModelSettings('{"kind": "profile"}')).toEqual({ kind: 'profile', customer: '', segment: null });
    const first = await run<ProfileModelSummary>('customer_profile', '{"kind": "profile"}');
    expect(first.suggestions.length).toBeGreaterThan(3);
    expect(first.customer?.customerId).toBe(first.suggestions[0]);
    expect(first.timeline.filter((t) => t.kind === 'order')).toHaveLength(first.customer!.orders);
    const rows = tableToRows(await env.db.query('SELECT count(*) AS n FROM customer_profile'));
    expect(rows).toEqual([{ n: first.rows }]);
    const picked = await run<ProfileModelSummary>('customer_profile', JSON.stringify({ kind: 'profile', customer: first.suggestions[2] }));
    expect(picked.customer?.customerId).toBe(first.suggestions[2]);
    expect(picked.sentence).toMatch(new RegExp(`^Customer ${first.suggestions[2]}: \\d+ orders? from `));
    const segment = await run<ProfileModelSummary>('customer_profile', '{"kind": "profile", "segment": "champions"}');
    expect(segment.segment?.customers).toBeGreaterThan(0);
    expect(segment.sentence).toMatch(/^Segment “champions”: /);
    await expect(run('customer_profile', '{"kind": "profile", "customer": "nobody"}')).rejects.toThrow(/^No customer “nobody” in the data\./);
  }, 120_000);

  it('counts: the trainer gives the in-thread comparison; one row per model', async () => {
    expect(parseModelSettings('{"kind": "counts"}')).toEqual({ kind: 'counts', horizon: 90 });
    const summary = await run<CountsModelSummary>('purchase_counts', '{"kind": "counts", "horizon": 60}');
    const direct = await compareCountModels(env.db, { horizon: 60 });
    expect(summary.models.find((m) => m.model === 'poisson')!.poissonDeviance).toBeCloseTo(direct.poisson.poissonDeviance, 10);
    expect(summary.alpha).toBeCloseTo(direct.negativeBinomial.alpha, 8);
    const rows = tableToRows(await env.db.query('SELECT model FROM purchase_counts'));
    expect(rows.map((r) => r.model)).toEqual(summary.models.map((m) => m.model));
    expect(summary.sentence).toMatch(/^Purchase dates per customer in the next 60 days: .* Lowest Poisson deviance: /);
  }, 120_000);

  it.each<OneClickId>(['survival', 'forecast', 'risk', 'profile', 'counts'])('the one-click cells of %s all run', async (id) => {
    const facts = await dataFacts(env.db);
    let n = 0;
    const withIds = (cells: readonly object[]) => cells.map((c) => ({ ...c, id: `c${++n}` })) as Cell[];
    const nb: Notebook = { id: 'nb', title: 't', cells: [...withIds(periodCells(ALL_DATA)), ...withIds(oneClickCells(id, { language: 'zh-CN', facts }))] };
    const runner = createRunner(env.db, { model: createModelHook(env.trainer, { language: () => 'zh-CN' }) });
    const summary = await runner.runAll(nb);
    expect(summary.failed).toEqual([]);
    const results = runner.results();
    for (const cell of nb.cells) {
      if (cell.kind !== 'markdown') expect({ cell: cell.name, status: results.get(cell.id)?.status }).toEqual({ cell: cell.name, status: 'ok' });
    }
  }, 120_000);
});
