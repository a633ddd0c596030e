/** Cells of the "RFM segments" analysis. */
import { rfmGridSpec, segmentBarSpec } from '../../charts/rfm';
import { rfmGridSql, rfmSegmentSummarySql, rfmSegmentsSql } from '../rfm';
import { segmentLabels } from '../rfm-segments';
import { chartCell, finishCells, markdownCell, sqlCell, type CellDraft, type CellOptions } from './draft';

const ORIGIN = 'rfm';

const TEXT = {
  en: `## RFM segments

Every customer gets three scores from 1 to 5: **R**ecency (5 = bought most recently), **F**requency (5 = most orders)
and **M**onetary value (5 = spent the most), each against all your other customers. The R and F scores place them in
one of ten segments, from *champions* (bought recently and often) to *hibernating* (long ago, rarely). The table
\`rfm_segments\` keeps each customer's scores and segment for campaigns and models; \`rfm_segment_summary\` suggests
what to do with each segment.`,
  'zh-CN': `## RFM 分群

每位顾客得到三个 1 到 5 分的评分：**R** 最近一次购买（5 = 最近）、**F** 购买频次（5 = 订单最多）、**M** 消费金额（5 = 花费最多），
都是与其他顾客相比。按 R 和 F 分把顾客分到十个群组，从"冠军客户"（最近且经常购买）到"沉睡客户"（很久以前、很少购买）。
表 \`rfm_segments\` 保存每位顾客的评分和群组，可用于营销活动和模型；\`rfm_segment_summary\` 给出每个群组的建议行动。`,
};

/** Markdown, `rfm_segments`, `rfm_grid`, `rfm_segment_summary`, the grid (customers, revenue) and segment bars. */
export function rfmCells(options: CellOptions = {}): CellDraft[] {
  const language = options.language ?? 'en';
  const grid = rfmGridSql();
  const summary = rfmSegmentSummarySql(language);
  const segments = { language, values: { segment: segmentLabels(language) } };
  return finishCells(
    [
      markdownCell(ORIGIN, TEXT[language]),
      sqlCell(ORIGIN, rfmSegmentsSql(options.tables)),
      sqlCell(ORIGIN, grid),
      chartCell(ORIGIN, 'rfm_grid_customers', grid.name, rfmGridSpec('customers'), { language }),
      chartCell(ORIGIN, 'rfm_grid_revenue', grid.name, rfmGridSpec('revenue'), { language }),
      sqlCell(ORIGIN, summary),
      chartCell(ORIGIN, 'rfm_segment_sizes', summary.name, segmentBarSpec('customers'), segments),
      chartCell(ORIGIN, 'rfm_segment_value', summary.name, segmentBarSpec('revenue'), segments),
    ],
    options,
  );
}
