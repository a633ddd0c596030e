/** Cells of the "Cohort retention" analysis. */
import { cohortHeatmapSpec, retentionCurvesSpec } from '../../charts/cohort';
import { cohortRetentionSql, recentCohortsSql, type CohortEntry } from '../cohort';
import type { Period } from '../period';
import { chartCell, finishCells, markdownCell, sqlCell, type CellDraft, type CellOptions } from './draft';

export interface CohortCellOptions extends CellOptions {
  period?: Period;
  entry?: CohortEntry;
}

const ORIGIN = 'cohort';

const TEXT = {
  en: (unit: string) => `## Cohort retention

Customers are grouped by the ${unit} of their first purchase (their *cohort*). Each row of the heatmap follows one
cohort: the share of its customers who bought again 1, 2, 3 … ${unit}s later. Read down a column to see whether newer
cohorts come back more or less often than older ones; the bold line in the curves is the average over all cohorts,
weighted by cohort size. The revenue charts show revenue per cohort customer instead of the share buying.${unit === 'week' ? ' The weekly charts show the 52 most recent cohorts (`cohort_retention` has them all).' : ''}`,
  'zh-CN': (unit: string) => `## 同期群留存

按首次购买所在的${unit === 'month' ? '月份' : '周'}把顾客分组（同期群）。热力图的每一行跟踪一个同期群：其中有多少比例的顾客在之后第 1、2、3…个${unit === 'month' ? '月' : '周'}再次购买。
沿一列往下看，可以比较新老同期群的回购情况；曲线图中的粗线是按同期群规模加权的平均值。收入图表显示的是每位同期群顾客带来的收入。`,
};

/** Markdown, the `cohort_retention` SQL, heatmaps and curves for customers and revenue. */
export function cohortCells(options: CohortCellOptions = {}): CellDraft[] {
  const period = options.period ?? 'month';
  const words = { language: options.language };
  const step = cohortRetentionSql({ period, entry: options.entry, tables: options.tables });
  const recent = recentCohortsSql(52);
  const drawn = period === 'week' ? recent.name : step.name;
  const cells: CellDraft[] = [
    markdownCell(ORIGIN, TEXT[options.language ?? 'en'](period)),
    sqlCell(ORIGIN, step),
    ...(period === 'week' ? [sqlCell(ORIGIN, recent)] : []),
    chartCell(ORIGIN, 'cohort_heatmap', drawn, cohortHeatmapSpec({ period, measure: 'retention' }), words),
    chartCell(ORIGIN, 'cohort_curves', drawn, retentionCurvesSpec({ period, measure: 'retention' }), words),
    chartCell(ORIGIN, 'cohort_revenue_heatmap', drawn, cohortHeatmapSpec({ period, measure: 'revenue_per_customer' }), words),
    chartCell(ORIGIN, 'cohort_revenue_curves', drawn, retentionCurvesSpec({ period, measure: 'revenue_per_customer' }), words),
  ];
  return finishCells(cells, options);
}
