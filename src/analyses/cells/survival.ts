/**
 * Cells of "Survival" (src/analyses/survival.ts): the model cell fits Kaplan–Meier, exponential, Weibull and Cox to
 * the time from the first purchase to the second, and writes the waiting customers' 30-day chances (`second_purchase`)
 * with `_curve` and `_cox` beside it; the chart draws the fits over the Kaplan–Meier curve.
 */
import type { ModelCell } from '../../notebook/types';
import { kmCurveSpec, type KmChartOptions } from '../../charts/survival';
import { chartCell, markdownCell, sqlCell, type CellDraft, type CellOptions } from './draft';

const ORIGIN = 'survival';
const TABLE = 'second_purchase';

/** The chart's axis words. */
export const SURVIVAL_WORDS: KmChartOptions = { xTitle: 'Days since the first purchase', yTitle: 'Share without a second purchase' };

const TEXT = {
  en: `## Survival: how soon does a first purchase lead to a second?

For every customer, the days from their first purchase date to their second — or, for those who have not bought
again yet, to the last date in the data (they are "censored": still waiting, not lost). The Kaplan–Meier curve is
the share still without a second purchase after each day, with its 95% band; an exponential and a Weibull model
are fitted to the same waits and drawn over it (a Weibull shape below 1 means the chance fades with time). A Cox
model tells how the first order's value and items change the chance of coming back, and gives every customer
still waiting their chance of buying again within 30 days: \`second_purchase\`, highest first.`,
  'zh-CN': `## 生存分析：首次购买后多久会有第二次？

对每位客户，计算从首次购买日到第二次购买日的天数；尚未再次购买的客户，计算到数据中最后一天（他们是“删失”的：仍在等待，而不是已流失）。乘积极限曲线表示每一天仍未第二次购买的客户比例，并带 95% 区间；指数分布和韦布尔分布模型拟合同样的等待时间并画在同一图中（韦布尔形状参数小于 1 表示随时间推移再次购买的可能越来越小）。比例风险模型说明首单金额和件数如何影响回购的概率，并给出每位仍在等待的客户在未来 30 天内再次购买的概率：\`second_purchase\`，从高到低排列。`,
};

/** Markdown, the survival model cell, its chart, and the waiting customers most likely to buy again. */
export function survivalCells(options: CellOptions = {}): (CellDraft | (Omit<ModelCell, 'id'> & { id?: string }))[] {
  const language = options.language ?? 'en';
  const cells = [
    markdownCell(ORIGIN, TEXT[language]),
    { kind: 'model' as const, origin: ORIGIN, name: TABLE, source: JSON.stringify({ kind: 'survival' }, null, 2) + '\n' },
    chartCell(ORIGIN, 'second_purchase_chart', `${TABLE}_curve`, kmCurveSpec(SURVIVAL_WORDS), { language }),
    sqlCell(ORIGIN, { name: 'likely_second_purchase', sql: `-- customers still waiting, most likely to buy again within 30 days first\nSELECT * FROM ${TABLE}\nORDER BY chance_30d DESC, customer_id\nLIMIT 100` }),
  ];
  return options.newId ? cells.map((cell) => ({ ...cell, id: options.newId!() })) : cells;
}
