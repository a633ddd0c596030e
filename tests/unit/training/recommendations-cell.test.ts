/**
 * The recommendations model cell: the similarities and lists are computed behind the trainer (the training
 * worker's own service on an in-memory port, as in the browser); the cell writes `recommendations` with its
 * also-bought and evaluation tables, and the one-click analysis's cells run on them in both languages.
 */
import { describe, expect, it } from 'vitest';
import { tableToRows } from '../../../src/engine/rows';
import { createModelHook, parseModelSettings } from '../../../src/training/model-hook';
import type { RecommendationsModelSummary } from '../../../src/notebook/model-summary';
import { createRunner } from '../../../src/notebook/runner';
import { applies, oneClickCells } from '../../../src/analyses/one-click';
import { dataFacts } from '../../../src/analyses/data-facts';
import type { Cell, Notebook } from '../../../src/notebook/types';
import { sampleWithTrainer } from './sample-fixture';

const env = sampleWithTrainer();

describe('recommendations model cell', () => {
  it('reads its settings with defaults', () => {
    expect(parseModelSettings('{"kind": "recommendations"}')).toEqual({ kind: 'recommendations', model: 'item-item', k: 10, holdoutDays: 30, alsoBought: 10, lines: 'cb_lines' });
    expect(parseModelSettings('{"kind": "recommendations", "model": "bpr"}')).toMatchObject({ model: 'bpr' });
    expect(() => parseModelSettings('{"kind": "recommendations", "model": "svd"}')).toThrow(/"item-item" or "bpr"/);
    expect(parseModelSettings('{"kind": "recommendations", "k": 5, "holdout_days": 60}')).toMatchObject({ k: 5, holdoutDays: 60 });
    expect(() => parseModelSettings('{"kind": "recommendations", "k": 0}')).toThrow(/"k"/);
  });

  it('computes in the env.trainer and writes the lists, the also-bought table and the scores', async () => {
    const hook = createModelHook(env.trainer);
    const cell = { id: 'm', kind: 'model' as const, name: 'recommendations', source: '{"kind": "recommendations", "k": 5, "holdoutDays": 60}' };
    const outcome = await hook(cell, { db: env.db, signal: new AbortController().signal });
    if ('error' in outcome) throw new Error(outcome.error.message);
    const summary = (outcome.output as { summary: RecommendationsModelSummary }).summary;
    expect(summary.kind).toBe('recommendations');
    const [counts] = tableToRows(await env.db.query('SELECT count(DISTINCT customer_id)::INT AS customers, count(*)::INT AS n FROM recommendations'));
    expect(counts).toEqual({ customers: summary.customers, n: summary.rows });
    expect(summary.rows).toBe(summary.customers * 5);
    expect(summary.evaluation).not.toBeNull();
    expect(summary.sentence).toMatch(new RegExp(`^Suggested 5 products to each of ${summary.customers.toLocaleString('en')} customers, none they already bought \\(table recommendations\\)\\. Tested by learning only from purchases up to \\d{4}-\\d\\d-\\d\\d`));
    const [owned] = tableToRows(await env.db.query('SELECT count(*)::INT AS n FROM recommendations r JOIN cb_lines l USING (customer_id, product_id)'));
    expect(owned!.n).toBe(0);
  }, 120_000);

  it('makes the lists by matrix factorisation when asked, in the trainer', async () => {
    const hook = createModelHook(env.trainer);
    const cell = { id: 'b', kind: 'model' as const, name: 'bpr_suggestions', source: '{"kind": "recommendations", "model": "bpr", "k": 5, "holdoutDays": 60}' };
    const outcome = await hook(cell, { db: env.db, signal: new AbortController().signal });
    if ('error' in outcome) throw new Error(outcome.error.message);
    const summary = (outcome.output as { summary: RecommendationsModelSummary }).summary;
    expect(summary).toMatchObject({ recommender: 'bpr', rows: summary.customers * 5 });
    expect(summary.sentence).toMatch(/^Suggested 5 products by matrix factorisation to each of/);
    const [owned] = tableToRows(await env.db.query('SELECT count(*)::INT AS n FROM bpr_suggestions r JOIN cb_lines l USING (customer_id, product_id)'));
    expect(owned!.n).toBe(0);
  }, 120_000);

  it('runs the one-click cells on what it wrote, in English and Chinese', async () => {
    const facts = await dataFacts(env.db);
    expect(applies('recommendations', facts)).toBe(true);
    expect(applies('recommendations', { ...facts, productLines: 0 })).toBe(false);
    for (const language of ['en', 'zh-CN'] as const) {
      let n = 0;
      const nb: Notebook = { id: 'nb', title: 't', cells: oneClickCells('recommendations', { language, facts }).map((c) => ({ ...c, id: `c${++n}` })) as Cell[] };
      const runner = createRunner(env.db, { model: createModelHook(env.trainer) });
      const summary = await runner.runAll(nb);
      expect(summary.failed).toEqual([]);
      const scores = tableToRows(await env.db.query('SELECT recommender, measure FROM recommendation_scores'));
      expect(scores.slice(0, 4).map((r) => r.measure)).toEqual(language === 'en' ? ['Precision', 'Recall', 'Hit rate', 'NDCG'] : ['准确率', '召回率', '命中率', '排序质量']);
      expect(new Set(scores.map((r) => r.recommender))).toEqual(new Set(language === 'en' ? ['Suggestions', 'Best sellers'] : ['推荐', '畅销品']));
      expect(scores[0]!.recommender).toBe(language === 'en' ? 'Suggestions' : '推荐');
      const also = tableToRows(await env.db.query('SELECT product, customers_also_bought FROM also_bought'));
      expect(also.length).toBe(20);
      expect(String(also[0]!.customers_also_bought).split('; ').length).toBe(3);
    }
  }, 180_000);
});
