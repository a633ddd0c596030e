/** Cells of the "Lifecycle stages" analysis (with the event funnel when the data has events). */
import { funnelSpec } from '../../charts/funnel';
import { lifecycleSpec } from '../../charts/lifecycle';
import { funnelSql } from '../funnel';
import { lifecycleSql } from '../lifecycle';
import type { Period } from '../period';
import { chartCell, finishCells, markdownCell, sqlCell, type CellDraft, type CellOptions } from './draft';

export interface LifecycleCellOptions extends CellOptions {
  period?: Period;
  /** Add the view -> cart -> purchase funnel (only when the file has events). */
  withFunnel?: boolean;
}

const ORIGIN = 'lifecycle';

const TEXT = {
  en: `## Lifecycle stages

Each period, every customer you already have is in one stage: **new** (first purchase this period), **returning**
(bought this period and the one before), **reactivated** (back after a break), **at risk** (bought last period but not
this one) or **dormant** (bought in neither). A growing at-risk or dormant band means customers are slipping away.`,
  'zh-CN': `## 生命周期阶段

每个周期里，每位已有顾客处于一个阶段：**新客**（本周期首次购买）、**回头客**（本周期和上周期都购买）、**召回**（中断后再次购买）、
**流失风险**（上周期购买、本周期未购买）或**沉睡**（两个周期都未购买）。流失风险和沉睡部分变大，说明顾客正在流失。`,
};

const FUNNEL_TEXT = {
  en: `### View → cart → purchase

Of the customers who viewed a product, how many put something in the cart, and how many of those bought.`,
  'zh-CN': `### 浏览 → 加购 → 购买

浏览过商品的顾客中，有多少加入了购物车，其中又有多少完成购买。`,
};

/** Markdown, `lifecycle_stages` and its stacked chart; optionally `event_funnel` and its chart. */
export function lifecycleCells(options: LifecycleCellOptions = {}): CellDraft[] {
  const period = options.period ?? 'month';
  const language = options.language ?? 'en';
  const stages = lifecycleSql({ period, tables: options.tables });
  const funnel = funnelSql(options.tables);
  const cells: CellDraft[] = [
    markdownCell(ORIGIN, TEXT[language]),
    sqlCell(ORIGIN, stages),
    chartCell(ORIGIN, 'lifecycle_chart', stages.name, lifecycleSpec({ period }), { language }),
  ];
  if (options.withFunnel) {
    cells.push(markdownCell(ORIGIN, FUNNEL_TEXT[language]), sqlCell(ORIGIN, funnel), chartCell(ORIGIN, 'event_funnel_chart', funnel.name, funnelSpec(), { language }));
  }
  return finishCells(cells, options);
}
