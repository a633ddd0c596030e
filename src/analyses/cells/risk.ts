/**
 * Cells of "Risk flags" (src/analyses/risk.ts): the model cell flags unusual orders and customers and writes
 * `risk_flags` (those not marked fine); the review list is in the cell's results; the chart counts flags per reason.
 */
import type { ModelCell } from '../../notebook/types';
import { riskReasonsSpec } from '../../charts/risk';
import { DEFAULT_RISK_THRESHOLDS, RISK_REASON_NAMES } from '../risk';
import { literal } from '../../sql/quote';
import { chartCell, markdownCell, sqlCell, type CellDraft, type CellOptions } from './draft';

const ORIGIN = 'risk';
const TABLE = 'risk_flags';

const TEXT = {
  en: `## Risk flags: orders and customers unlike the rest

Orders far larger than usual (for the shop, or for that customer), orders cancelled soon after they were placed,
bursts of orders within minutes, customers who stand apart from the rest (an isolation forest) and customers who
return much of what they buy. Each flag has a score and its reasons in plain words. They are questions, not
verdicts: look at each and press **Looks fine** for the ones that are — the mark is kept in this notebook and the
flag leaves \`risk_flags\` on the next run. The thresholds are in the cell's settings (\`"thresholds"\`).`,
  'zh-CN': `## 风险标记：与众不同的订单和客户

远大于平常的订单（相对整个店铺或该客户自己）、下单后很快取消的订单、几分钟内连续下的多个订单、与其他客户明显不同的客户（孤立森林），以及退货比例很高的客户。每条标记都有分数和通俗的原因说明。它们只是需要查看的线索，不是结论：逐条查看，确认没问题的点击**没问题**——标记会保存在此笔记本中，下次运行时该条会从 \`risk_flags\` 中移除。阈值在单元格设置的 \`"thresholds"\` 中。`,
};

/** Markdown, the risk model cell, the flags per reason and their chart. */
export function riskCells(options: CellOptions = {}): (CellDraft | (Omit<ModelCell, 'id'> & { id?: string }))[] {
  const language = options.language ?? 'en';
  const settings = { kind: 'risk', thresholds: DEFAULT_RISK_THRESHOLDS, fine: [] };
  const names = Object.entries(RISK_REASON_NAMES).map(([code, name]) => `(${literal(code)}, ${literal(name[language])})`).join(', ');
  const cells = [
    markdownCell(ORIGIN, TEXT[language]),
    { kind: 'model' as const, origin: ORIGIN, name: TABLE, source: JSON.stringify(settings, null, 2) + '\n' },
    sqlCell(ORIGIN, {
      name: 'risk_reasons',
      sql: `SELECT n.name AS reason, count(*) AS flags\nFROM ${TABLE}, unnest(string_split(reasons, ',')) AS r(code)\nJOIN (VALUES ${names}) AS n(code, name) USING (code)\nGROUP BY n.name\nORDER BY flags DESC`,
    }),
    chartCell(ORIGIN, 'risk_reasons_chart', 'risk_reasons', riskReasonsSpec(), { language }),
  ];
  return options.newId ? cells.map((cell) => ({ ...cell, id: options.newId!() })) : cells;
}
