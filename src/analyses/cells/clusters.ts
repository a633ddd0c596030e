/**
 * Cells of the "Customer groups" analysis (src/analyses/clusters.ts): the model cell clusters customers in the
 * training worker and writes `customer_clusters` with its `_profile` and `_k` tables; the cells after it read them.
 */
import type { ModelCell } from '../../notebook/types';
import { clusterChoiceSpec, clusterMapSpec } from '../../charts/clusters';
import { clusterNameLabels } from '../clusters';
import { WHOLE_DATA } from '../date-range';
import { chartCell, markdownCell, sqlCell, type CellDraft, type CellOptions } from './draft';

const ORIGIN = 'clusters';
const TABLE = 'customer_clusters';

const TEXT = {
  en: `## Customer groups

Customers grouped by how they buy — how long since their last order, how many orders, how much they spent,
their average order and how long they have been customers — by k-means clustering, run in the background
(on the graphics card when the browser offers one). The number of groups is the one whose groups are the
clearest (the silhouette); the names are suggestions read from each group's profile. Pick a group under the
\`cluster_members\` result to save it as a list or use it as a campaign's audience.`,
  'zh-CN': `## 客户分组

按购买方式给客户分组——距上次下单多久、下了几单、花了多少钱、平均每单金额以及成为客户多久——使用 K 均值聚类，在后台运行（浏览器支持时使用显卡）。分组数取各组区分最清楚的那个（轮廓系数）；组名是根据每组特征给出的建议。在 \`cluster_members\` 结果下选择一个分组，即可保存为名单或用作营销活动的受众。`,
};

/** Markdown, the clustering model cell, its charts and the profile and member tables. */
export function clusterCells(options: CellOptions = {}): (CellDraft | (Omit<ModelCell, 'id'> & { id?: string }))[] {
  const language = options.language ?? 'en';
  const orders = (options.tables ?? WHOLE_DATA).orders;
  const settings = { kind: 'clusters', k: 'auto', seed: 42, ...(orders === WHOLE_DATA.orders ? {} : { data: orders }) };
  // The names are written in the notebook's language when the model runs; a Chinese notebook's charts also
  // relabel names an English run wrote.
  const labels = { language, ...(language === 'zh-CN' ? { values: { cluster_name: clusterNameLabels() } } : {}) };
  const cells = [
    markdownCell(ORIGIN, TEXT[language]),
    { kind: 'model' as const, origin: ORIGIN, name: TABLE, source: JSON.stringify(settings, null, 2) + '\n' },
    chartCell(ORIGIN, 'cluster_choice_chart', `${TABLE}_k`, clusterChoiceSpec(), labels),
    sqlCell(ORIGIN, { name: 'cluster_map_sample', sql: `-- up to 3,000 customers, the same ones each run\nSELECT * FROM ${TABLE} USING SAMPLE reservoir(3000 ROWS) REPEATABLE (42)` }),
    chartCell(ORIGIN, 'cluster_map_chart', 'cluster_map_sample', clusterMapSpec(), labels),
    sqlCell(ORIGIN, {
      name: 'cluster_profile',
      sql: `SELECT cluster, cluster_name, customers, share, revenue_share,\n  round(recency_days, 1) AS recency_days, round(orders, 1) AS orders, round(revenue, 2) AS revenue,\n  round(avg_order_value, 2) AS avg_order_value, round(tenure_days, 1) AS tenure_days\nFROM ${TABLE}_profile\nORDER BY cluster`,
    }),
    sqlCell(ORIGIN, {
      name: 'cluster_members',
      sql: `SELECT customer_id, cluster, cluster_name, recency_days, orders, round(revenue, 2) AS revenue, round(avg_order_value, 2) AS avg_order_value, tenure_days\nFROM ${TABLE}\nORDER BY cluster, revenue DESC, customer_id`,
    }),
  ];
  return options.newId ? cells.map((cell) => ({ ...cell, id: options.newId!() })) : cells;
}
