/** Cells of the headline summary at the top of the analyses. */
import { headlineSql } from '../summary';
import { finishCells, markdownCell, sqlCell, type CellDraft, type CellOptions } from './draft';

const ORIGIN = 'summary';

const TEXT = {
  en: `## At a glance

How many customers you have, how many came back, how fast, and how much of your revenue the best fifth of your
customers bring. \`repeat_share\`, \`repurchase_rate_90d\` and \`top20_revenue_share\` are shares (0.25 = 25%).`,
  zh: `## 概览

你有多少顾客、多少人回购、回购有多快，以及消费最高的五分之一顾客贡献了多少销售额。\`repeat_share\`、\`repurchase_rate_90d\` 和 \`top20_revenue_share\` 是比例（0.25 = 25%）。`,
};

/** Markdown and the one-row `headline` SQL. */
export function summaryCells(options: CellOptions = {}): CellDraft[] {
  return finishCells([markdownCell(ORIGIN, TEXT[options.language ?? 'en']), sqlCell(ORIGIN, headlineSql())], options);
}
