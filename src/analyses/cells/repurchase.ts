/** Cells of the "Repurchase rate" analysis. */
import { repurchaseRatesSpec, repurchaseTrendSpec } from '../../charts/repurchase';
import { DEFAULT_REPURCHASE_DAYS, firstOrdersSql, repurchaseByCohortSql, repurchaseRatesSql } from '../repurchase';
import { chartCell, finishCells, markdownCell, sqlCell, type CellDraft, type CellOptions } from './draft';

export interface RepurchaseCellOptions extends CellOptions {
  days?: number[];
}

const ORIGIN = 'repurchase';

const TEXT = {
  en: `## Repurchase rate

Of the customers whose first order is at least N days old, how many placed a second order within N days of the
first? Shown for 30, 60 and 90 days, and by the month of the first order, so you can see whether newer customers
come back sooner than older ones. Customers too new to judge are left out, so the rate is not pulled down by them.`,
  'zh-CN': `## 复购率

在首单距今至少 N 天的顾客中，有多少人在首单后 N 天内下了第二单？分别显示 30、60、90 天的复购率，
以及按首单月份的变化趋势，可以看出新顾客是否比老顾客回购得更快。太新的顾客不计入，以免拉低复购率。`,
};

/** Markdown, `first_orders`, `repurchase_rates`, `repurchase_by_cohort` and two charts. */
export function repurchaseCells(options: RepurchaseCellOptions = {}): CellDraft[] {
  const days = options.days ?? DEFAULT_REPURCHASE_DAYS;
  const rates = repurchaseRatesSql(days);
  const trend = repurchaseByCohortSql(days);
  return finishCells(
    [
      markdownCell(ORIGIN, TEXT[options.language ?? 'en']),
      sqlCell(ORIGIN, firstOrdersSql(options.tables)),
      sqlCell(ORIGIN, rates),
      chartCell(ORIGIN, 'repurchase_rates_chart', rates.name, repurchaseRatesSpec(), { language: options.language }),
      sqlCell(ORIGIN, trend),
      chartCell(ORIGIN, 'repurchase_trend_chart', trend.name, repurchaseTrendSpec(), { language: options.language }),
    ],
    options,
  );
}
