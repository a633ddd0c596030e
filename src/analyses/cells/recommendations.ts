/**
 * Cells of the "Suggested products" analysis (src/analyses/recommend.ts): the model cell computes item-item
 * recommendations in the training worker and writes `recommendations` (k products per customer, none they
 * bought), `recommendations_also_bought` and `recommendations_evaluation`; the cells after it read them.
 * It learns from every purchase (cb_lines), whatever the date range: what a customer bought long ago still
 * says what they might buy next.
 */
import type { ModelCell } from '../../notebook/types';
import { recommendationScoresSpec } from '../../charts/recommend';
import { literal } from '../../sql/quote';
import { similarCustomersSql } from '../recommend';
import type { Lang } from '../../text/language';
import { chartCell, markdownCell, sqlCell, type CellDraft, type CellOptions } from './draft';

const ORIGIN = 'recommendations';
const TABLE = 'recommendations';

const TEXT = {
  en: `## Suggested products

For every customer, the 10 products they have not bought yet that go best with what they have: products
often bought by the same customers (item-item collaborative filtering, computed in the background). To check it
is worth using, it first learns from the purchases before the last 30 days and is scored on what customers went
on to buy in them, beside the simplest alternative — offering everyone the best sellers. The \`recommendations\`
table feeds campaigns: pick a segment under a result and choose **Use as audience**. \`similar_customers\` lists
the customers who buy most like one customer (write another id in \`chosen\`).`,
  'zh-CN': `## 推荐商品

为每位客户推荐 10 件他们还没买过、且与已购商品最相配的商品：即常被同一批客户购买的商品（基于商品的协同过滤，在后台计算）。为了检验是否值得使用，先只用最后 30 天之前的购买来学习，再看客户在这 30 天里实际买了什么，并与最简单的做法——向所有人推荐畅销品——对比。\`recommendations\` 表可用于营销活动：在某个结果下选择一个分组，然后点击 **用作受众**。\`similar_customers\` 列出与某位客户购买最相似的客户（在 \`chosen\` 中写入另一个客户编号）。`,
};

const LABELS: Record<Lang, Record<string, string>> = {
  en: { suggestions: 'Suggestions', 'best sellers': 'Best sellers', precision: 'Precision', recall: 'Recall', hit_rate: 'Hit rate', ndcg: 'NDCG' },
  'zh-CN': { suggestions: '推荐', 'best sellers': '畅销品', precision: '准确率', recall: '召回率', hit_rate: '命中率', ndcg: '排序质量' },
};

/** SQL CASE relabelling `column`'s codes into the notebook's language. */
function relabel(column: string, language: Lang, codes: string[]): string {
  return `CASE ${column} ${codes.map((code) => `WHEN ${literal(code)} THEN ${literal(LABELS[language][code]!)}`).join(' ')} END`;
}

/** Markdown, the recommendations model cell, the holdout scores with their chart, what the best sellers' buyers also bought, and similar customers. */
export function recommendationCells(options: CellOptions = {}): (CellDraft | (Omit<ModelCell, 'id'> & { id?: string }))[] {
  const language = options.language ?? 'en';
  const settings = { kind: 'recommendations', k: 10, holdoutDays: 30 };
  const measures = ['precision', 'recall', 'hit_rate', 'ndcg'];
  const cells = [
    markdownCell(ORIGIN, TEXT[language]),
    { kind: 'model' as const, origin: ORIGIN, name: TABLE, source: JSON.stringify(settings, null, 2) + '\n' },
    sqlCell(ORIGIN, {
      name: 'recommendation_scores',
      sql: `-- the holdout test of the model cell, one row per recommender and measure
SELECT ${relabel('recommender', language, ['suggestions', 'best sellers'])} AS recommender,
  ${relabel('measure', language, measures)} AS measure, value
FROM (UNPIVOT ${TABLE}_evaluation ON ${measures.join(', ')} INTO NAME measure VALUE value)
ORDER BY recommender = ${literal(LABELS[language]['best sellers']!)}, list_position([${measures.map((m) => literal(LABELS[language][m]!)).join(', ')}], measure)`,
    }),
    chartCell(ORIGIN, 'recommendation_scores_chart', 'recommendation_scores', recommendationScoresSpec(), { language }),
    sqlCell(ORIGIN, {
      name: 'also_bought',
      sql: `-- the 20 products bought by the most customers, and what their buyers also bought most
WITH best AS (
  SELECT product_id, count(DISTINCT customer_id) AS buyers
  FROM cb_lines WHERE customer_id IS NOT NULL AND product_id IS NOT NULL
  GROUP BY product_id ORDER BY buyers DESC, product_id LIMIT 20
)
SELECT a.product_name AS product, b.buyers, string_agg(a.also_bought_name, '; ' ORDER BY a.rank) AS customers_also_bought
FROM ${TABLE}_also_bought AS a JOIN best AS b USING (product_id)
WHERE a.rank <= 3
GROUP BY a.product_name, b.buyers
ORDER BY b.buyers DESC, product`,
    }),
    sqlCell(ORIGIN, {
      name: 'similar_customers',
      sql: `-- ${language === 'zh-CN' ? '与某位客户购买最相似的客户；在 chosen 中写入另一个客户编号即可查看' : 'the customers who buy most like one customer; write another id in chosen to look one up'}\n${similarCustomersSql(null)}`,
    }),
  ];
  return options.newId ? cells.map((cell) => ({ ...cell, id: options.newId!() })) : cells;
}
