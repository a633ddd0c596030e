/** Cells of the "Time to next purchase" analysis. */
import { gapHistogramSpec, kmCurveSpec } from '../../charts/survival';
import { segmentLabels } from '../rfm-segments';
import { timeToNextSteps, type GapGrouping } from '../time-to-next';
import { chartCell, finishCells, markdownCell, sqlCell, type CellDraft, type CellOptions } from './draft';

export interface TimeToNextCellOptions extends CellOptions {
  groupBy?: GapGrouping;
  binDays?: number;
  /** With groupBy 'segment': false when the notebook already has the `rfm_segments` cell. */
  includeRfmCell?: boolean;
}

const ORIGIN = 'time_to_next';

const TEXT = {
  en: `## Time to next purchase

After each purchase, how long until the customer buys again? The curves show the share of purchases not yet followed
by another one, day by day (Kaplan–Meier); a customer's latest purchase counts as "still waiting" up to the end of the
data, so recent customers do not make the wait look shorter. The shaded band is the 95% confidence range; where a curve
crosses the dashed line is the median gap (\`time_to_next_median\`). Several orders on one day count as one purchase.`,
  'zh-CN': `## 距下次购买的时间

每次购买之后，顾客要过多久才会再次购买？曲线显示逐日尚未再次购买的比例（Kaplan–Meier 方法）；顾客最近一次购买计为"仍在等待"，直到数据结束，
因此新顾客不会让等待时间显得更短。阴影带是 95% 置信区间；曲线与虚线相交处即为中位间隔（\`time_to_next_median\`）。同一天的多笔订单算作一次购买。`,
};

/** Markdown, the gap / curve / median / histogram SQL cells and two charts. */
export function timeToNextCells(options: TimeToNextCellOptions = {}): CellDraft[] {
  const steps = timeToNextSteps({ groupBy: options.groupBy, binDays: options.binDays, tables: options.tables }).filter(
    (step) => step.name !== 'rfm_segments' || options.includeRfmCell !== false,
  );
  const language = options.language ?? 'en';
  const words = { language, values: { grp: { ...segmentLabels(language), all: language === 'zh-CN' ? '全部客户' : 'All customers' } } };
  const cells: CellDraft[] = [markdownCell(ORIGIN, TEXT[language])];
  for (const step of steps) {
    cells.push(sqlCell(ORIGIN, step));
    if (step.name === 'time_to_next_curve') cells.push(chartCell(ORIGIN, 'time_to_next_chart', step.name, kmCurveSpec(), words));
    if (step.name === 'inter_purchase_histogram') cells.push(chartCell(ORIGIN, 'inter_purchase_chart', step.name, gapHistogramSpec(), words));
  }
  return finishCells(cells, options);
}
