/**
 * "Compare models" as cells: the model cell trains every churn model behind the trainer and scores today's
 * customers with the winner; `retention_tiers` and `retention_playbook` run on its table, in English and Chinese.
 */
import { describe, expect, it } from 'vitest';
import { tableToRows } from '../../../src/engine/rows';
import { createModelHook } from '../../../src/training/model-hook';
import { createRunner } from '../../../src/notebook/runner';
import { applies, oneClickCells } from '../../../src/analyses/one-click';
import { dataFacts } from '../../../src/analyses/data-facts';
import type { ChurnModelSummary } from '../../../src/notebook/model-summary';
import type { Cell, Notebook } from '../../../src/notebook/types';
import { RETENTION_TIERS } from '../../../src/analyses/retention-playbook';
import { sampleWithTrainer } from './sample-fixture';

const sample = sampleWithTrainer();

describe('model lab cells', () => {
  it('compares every model, scores with the winner, and runs the tiers and the playbook on its table', async () => {
    const facts = await dataFacts(sample.db);
    expect(applies('model_lab', facts)).toBe(true);
    for (const language of ['en', 'zh-CN'] as const) {
      let n = 0;
      const nb: Notebook = { id: 'nb', title: 't', cells: oneClickCells('model_lab', { language, facts }).map((c) => ({ ...c, id: `c${++n}` })) as Cell[] };
      const runner = createRunner(sample.db, { model: createModelHook(sample.trainer) });
      const summary = await runner.runAll(nb);
      expect(summary.failed).toEqual([]);
      const model = runner.results().get(nb.cells.find((c) => c.kind === 'model')!.id)!.output as { summary: ChurnModelSummary };
      const s = model.summary;
      expect(s.compared.map((m) => m.kind).sort()).toEqual(['boosting', 'forest', 'logistic', 'mlp', 'sequence', 'svm', 'tree']);
      expect(s.comparison!.best).toBe(s.compared[0]!.kind);
      expect(s.model).toBe(s.comparison!.best);
      expect(s.treeRules!.length).toBeGreaterThan(1);
      const [scored] = tableToRows(await sample.db.query('SELECT count(*)::INT AS n FROM model_lab'));
      const tiers = tableToRows(await sample.db.query('SELECT retention_tier, count(*)::INT AS n, round(sum(revenue_at_stake), 2) AS stake FROM retention_tiers GROUP BY 1 ORDER BY 1'));
      expect(tiers.reduce((t, r) => t + Number(r.n), 0)).toBe(scored!.n);
      const playbook = tableToRows(await sample.db.query('SELECT retention_tier, sum(customers)::INT AS n, round(sum(revenue_at_stake), 2) AS stake FROM retention_playbook GROUP BY 1 ORDER BY 1'));
      expect(playbook.map((r) => r.n)).toEqual(tiers.map((r) => r.n));
      const [action] = tableToRows(await sample.db.query(`SELECT action FROM retention_tiers WHERE retention_tier = 'low' LIMIT 1`));
      expect(action!.action).toBe(RETENTION_TIERS.low.action[language]);
    }
  }, 240_000);
});
