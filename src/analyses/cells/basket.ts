/** Cells of the "Bought together" analysis (market basket, src/analyses/basket.ts): it needs products, not customers. */
import { basketPairsSpec } from '../../charts/basket';
import { basketRulesSql } from '../basket';
import { chartCell, finishCells, markdownCell, sqlCell, type CellDraft, type CellOptions } from './draft';

const ORIGIN = 'basket';

/** The notebook's minimum support: 0.5% of orders (small shops have few orders per pair). */
const NOTEBOOK_MIN_SUPPORT = 0.005;

const TEXT = {
  en: `## Products bought together

Pairs of products that land in the same order more often than chance. **Support** is the share of orders
holding both, **confidence** the share of orders with the first product that also hold the second, and **lift**
how many times more often the two go together than if buyers picked them independently (1 is chance). A
rule needs at least 0.5% of orders and 5 orders; change the threshold in the SQL. Good candidates for
bundles, "customers also bought" shelves and cross-sell e-mails.`,
  'zh-CN': `## 一起购买的商品

经常出现在同一订单里的商品组合（比随机更常见）。**支持度**是同时包含两者的订单占比，**置信度**是买了第一件商品的订单中也买了第二件的比例，**提升度**表示两者一起出现的频率是随机情况下的多少倍（1 表示随机）。一条规则至少需要 0.5% 的订单和 5 个订单；可以在 SQL 中修改阈值。适合用来做组合套装、“买了还买”推荐位和交叉销售邮件。`,
};

/** Markdown, `basket_rules` and the matrix of the strongest pairs. */
export function basketCells(options: CellOptions = {}): CellDraft[] {
  const language = options.language ?? 'en';
  const rules = basketRulesSql({ minSupport: NOTEBOOK_MIN_SUPPORT, tables: options.tables });
  return finishCells(
    [markdownCell(ORIGIN, TEXT[language]), sqlCell(ORIGIN, rules), chartCell(ORIGIN, 'basket_pairs_chart', rules.name, basketPairsSpec(), { language })],
    options,
  );
}
