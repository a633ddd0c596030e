/**
 * Cells of "Forecast" (src/analyses/forecast.ts): the model cell chooses exponential smoothing by AIC, forecasts the
 * next weeks with 95% intervals and backtests the last 8 beside the naive forecasts; the chart draws it.
 */
import type { ModelCell } from '../../notebook/types';
import { forecastSpec } from '../../charts/forecast';
import { chartCell, markdownCell, type CellDraft, type CellOptions } from './draft';

const ORIGIN = 'forecast';
const TABLE = 'revenue_forecast';

const TEXT = {
  en: `## Forecast: weekly revenue

Revenue per complete week, and the next 8 weeks forecast by exponential smoothing — with a trend, and with a
yearly season when there are two full years — whichever fits best by information criterion (AIC), with its 95%
interval. The backtest forecasts the last 8 weeks from the weeks before them and compares the error with simply
carrying the last week on (naive) and with the same week a year before (seasonal naive): when a baseline wins, it
says so. Change \`"measure"\` to \`"orders"\` or \`"customers"\`, or \`"period"\` to \`"day"\`, in the cell's settings.`,
  'zh-CN': `## 预测：每周销售额

按完整的周统计销售额，并用指数平滑预测接下来 8 周——可带趋势，数据满两年时再加年度季节性——按赤池信息准则选择拟合最好的方法，并给出 95% 区间。回测用之前的数据预测最近 8 周，并与“沿用上一周”（朴素预测）和“去年同一周”（季节性朴素预测）的误差比较：如果基准方法更准，会直接说明。可在单元格设置中把 \`"measure"\` 改为 \`"orders"\`（订单数）或 \`"customers"\`（活跃客户数），或把 \`"period"\` 改为 \`"day"\`（按天）。`,
};

/** Markdown, the forecast model cell and its chart. */
export function forecastCells(options: CellOptions = {}): (CellDraft | (Omit<ModelCell, 'id'> & { id?: string }))[] {
  const language = options.language ?? 'en';
  const settings = { kind: 'forecast', period: 'week', measure: 'revenue', horizon: 8 };
  const cells = [
    markdownCell(ORIGIN, TEXT[language]),
    { kind: 'model' as const, origin: ORIGIN, name: TABLE, source: JSON.stringify(settings, null, 2) + '\n' },
    chartCell(ORIGIN, 'revenue_forecast_chart', TABLE, forecastSpec(), { language }),
  ];
  return options.newId ? cells.map((cell) => ({ ...cell, id: options.newId!() })) : cells;
}
