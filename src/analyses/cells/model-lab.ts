/**
 * Cells of "Compare models" (issue 23): a churn model cell training every classifier on the same protocol
 * (`"model": "all"`, the winner by cross-validated AUC scores today's customers into the `model_lab` table
 * with retention tiers), then the tiers per customer with their RFM segment and revenue at stake, and the
 * playbook (tier × segment) with an action for each (src/analyses/retention-playbook.ts).
 */
import type { ModelCell } from '../../notebook/types';
import { DEFAULT_TIERS } from '../churn-scores';
import { retentionPlaybookSql, retentionTiersSql } from '../retention-playbook';
import { markdownCell, sqlCell, type CellDraft, type CellOptions } from './draft';

const ORIGIN = 'model_lab';
/** The model cell's name: the scores table it writes. */
export const MODEL_LAB_TABLE = 'model_lab';

const TEXT = {
  en: `## Compare models

Who will not buy again in the next 90 days? Every model the textbooks suggest — logistic regression, a linear
SVM, a decision tree, a random forest, gradient-boosted trees, a neural network and a sequence model reading the
order of each customer's purchases — learns from the same customers with the same checks (cross-validated AUC on
the same folds), in the background. The table says which one wins, and when a simpler one is as good. The
winner scores today's customers into retention tiers (edit \`"tiers"\` in the settings to move the thresholds);
the playbook below crosses them with the RFM segments. Pick a tier or a playbook cell under \`retention_tiers\`
to use it as a campaign's audience.`,
  'zh-CN': `## 比较模型

哪些客户在接下来 90 天内不会再购买？教科书推荐的每一种模型——逻辑回归、线性支持向量机、决策树、随机森林、梯度提升树、神经网络，以及读取每位客户购买先后顺序的序列模型——都在后台用同样的客户、同样的检验（在相同的折上做交叉验证 AUC）来学习。表格会告诉你哪个模型胜出，以及是否有更简单的模型一样好。胜出的模型为今天的客户划分留存层级（在设置里修改 \`"tiers"\` 即可调整阈值）；下面的行动手册把层级与 RFM 分群交叉。在 \`retention_tiers\` 结果下选择一个层级或一个手册格，即可用作营销活动的受众。`,
};

/** Markdown, the comparing model cell, the tiers and the playbook. */
export function modelLabCells(options: CellOptions = {}): (CellDraft | (Omit<ModelCell, 'id'> & { id?: string }))[] {
  const language = options.language ?? 'en';
  const settings = { kind: 'churn', horizon: 90, model: 'all', seed: 42, tiers: DEFAULT_TIERS };
  const cells = [
    markdownCell(ORIGIN, TEXT[language]),
    { kind: 'model' as const, origin: ORIGIN, name: MODEL_LAB_TABLE, source: JSON.stringify(settings, null, 2) + '\n' },
    sqlCell(ORIGIN, retentionTiersSql(MODEL_LAB_TABLE, language)),
    sqlCell(ORIGIN, retentionPlaybookSql()),
  ];
  return options.newId ? cells.map((cell) => ({ ...cell, id: options.newId!() })) : cells;
}
