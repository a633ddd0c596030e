/**
 * Cells of "Purchases ahead" (src/analyses/count-models.ts): the model cell predicts each customer's purchase dates in
 * the next 90 days by Poisson and negative-binomial regression, beside BG/NBD and the average, on a time holdout.
 */
import type { ModelCell } from '../../notebook/types';
import { countModelsSpec } from '../../charts/counts';
import { chartCell, markdownCell, type CellDraft, type CellOptions } from './draft';

const ORIGIN = 'counts';
const TABLE = 'purchase_counts';

const TEXT = {
  en: `## Purchases ahead: how many, per customer?

How many days with a purchase will each customer have in the next 90 days? Two regressions learn it from what
customers did before (recency, orders, spend, tenure and the rest of the churn features): Poisson, and the negative
binomial, which allows for customers who buy far more than the average. They learn from the 90 days before the
last 90, and are tested on the last 90 — beside the buy-till-you-die model (BG/NBD) and simply predicting the
average. Lower errors are better; the chart shows the Poisson deviance.`,
  'zh-CN': `## 未来购买：每位客户会买几次？

每位客户在未来 90 天内会有几天购买？两个回归模型根据客户以往的行为（最近购买、订单数、消费、成为客户的时长等流失特征）来学习：泊松回归，以及允许少数客户买得远多于平均的负二项回归。它们用最后 90 天之前的 90 天学习，在最后 90 天上检验——并与“购买直到流失”模型（BG/NBD）和直接预测平均值比较。误差越低越好；图中显示泊松偏差。`,
};

/** The models' names on the chart. */
const MODEL_LABELS = {
  en: { poisson: 'Poisson regression', negative_binomial: 'Negative binomial', bgnbd: 'BG/NBD', mean: 'Average' },
  'zh-CN': { poisson: '泊松回归', negative_binomial: '负二项回归', bgnbd: 'BG/NBD', mean: '平均值' },
};

/** Markdown, the count models cell and its chart. */
export function countsCells(options: CellOptions = {}): (CellDraft | (Omit<ModelCell, 'id'> & { id?: string }))[] {
  const language = options.language ?? 'en';
  const cells = [
    markdownCell(ORIGIN, TEXT[language]),
    { kind: 'model' as const, origin: ORIGIN, name: TABLE, source: JSON.stringify({ kind: 'counts', horizon: 90 }, null, 2) + '\n' },
    chartCell(ORIGIN, 'purchase_counts_chart', TABLE, countModelsSpec(), { language, values: { model: MODEL_LABELS[language] } }),
  ];
  return options.newId ? cells.map((cell) => ({ ...cell, id: options.newId!() })) : cells;
}
