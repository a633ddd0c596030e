/**
 * Cells of "Customer profile" (src/analyses/profile.ts): the model cell shows one customer on one page — the first
 * suggestion until the user picks another — and writes their timeline as `customer_profile`.
 */
import type { ModelCell } from '../../notebook/types';
import { markdownCell, type CellDraft, type CellOptions } from './draft';

const ORIGIN = 'profile';
const TABLE = 'customer_profile';

const TEXT = {
  en: `## Customer profile

One customer on one page: their orders and returns over time, RFM scores and segment, where they stand this month,
and what the other analyses say about them — churn probability and its reasons, expected value, group, risk flags,
suggested products (run those analyses to fill them in). Type or pick a customer id: customers with risk flags
come first, then the biggest spenders. For a segment beside everyone, write \`"segment": "at_risk"\` in the
settings instead of a customer.`,
  'zh-CN': `## 客户画像

一页看清一位客户：订单和退货的时间线、RFM 评分与分群、本月所处阶段，以及其他分析对他的结论——流失概率及原因、预期价值、所属分组、风险标记、推荐商品（运行相应分析后即可看到）。输入或选择客户编号：有风险标记的客户排在前面，其次是消费最多的客户。若要把一个分群与全部客户对比，在设置中写 \`"segment": "at_risk"\` 代替客户。`,
};

/** Markdown and the profile model cell. */
export function profileCells(options: CellOptions = {}): (CellDraft | (Omit<ModelCell, 'id'> & { id?: string }))[] {
  const language = options.language ?? 'en';
  const cells = [
    markdownCell(ORIGIN, TEXT[language]),
    { kind: 'model' as const, origin: ORIGIN, name: TABLE, source: JSON.stringify({ kind: 'profile', customer: '' }, null, 2) + '\n' },
  ];
  return options.newId ? cells.map((cell) => ({ ...cell, id: options.newId!() })) : cells;
}
