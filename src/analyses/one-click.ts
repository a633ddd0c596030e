/**
 * The analyses the notebook offers as one-click buttons: their titles, what data they need, and the
 * cells each inserts, built by the analyses' own cell builders (src/analyses/cells/, src/analyses/clv-cells.ts),
 * so the notebook never keeps a second copy of their SQL. Time to next purchase is grouped by RFM segment and
 * shares the `rfm_segments` cell with "RFM segments". Dates that depend on the data (the CLV calibration
 * end) are derived when the cells run, not frozen at insert time. Every analysis reads the notebook's period
 * cells (src/analyses/date-range.ts), so the date range chosen above the analyses applies to all of them.
 */
import type { Localized } from '../text/language';
import type { PlacedDraft } from '../notebook/place-cells';
import { basketCells, cohortCells, lifecycleCells, repurchaseCells, rfmCells, salesCells, timeToNextCells, type Lang } from './cells/index';
import { clvCells } from './clv-cells';
import { clusterCells } from './cells/clusters';
import { recommendationCells } from './cells/recommendations';
import { modelLabCells } from './cells/model-lab';
import { survivalCells } from './cells/survival';
import { forecastCells } from './cells/forecast';
import { riskCells } from './cells/risk';
import { profileCells } from './cells/profile';
import { countsCells } from './cells/counts';
import { IN_PERIOD } from './date-range';
import type { Notebook } from '../notebook/types';
import { hasCustomerData, hasFunnelEvents, type DataFacts } from './data-facts';

/** The id of a one-click analysis (also the `origin` of the cells it inserts). */
export type OneClickId =
  | 'sales'
  | 'cohort'
  | 'repurchase'
  | 'rfm'
  | 'lifecycle'
  | 'time_to_next'
  | 'clv'
  | 'basket'
  | 'clusters'
  | 'recommendations'
  | 'model_lab'
  | 'survival'
  | 'forecast'
  | 'risk'
  | 'profile'
  | 'counts';

/** What the cells depend on besides the analysis: the language and the data. */
export interface OneClickContext {
  language: Lang;
  facts: DataFacts;
}

/** A one-click analysis: what it is called and whether it follows customers, needs products or orders only. */
export interface OneClickAnalysis {
  id: OneClickId;
  title: Localized;
  /** `products`: a product column; `customer-products`: who bought which product. */
  needs: 'orders' | 'customers' | 'products' | 'customer-products';
}

/** The one-click analyses in the order the menu shows them. */
export const ONE_CLICK_ANALYSES: readonly OneClickAnalysis[] = [
  { id: 'sales', title: { en: 'Sales over time', 'zh-CN': '销售趋势' }, needs: 'orders' },
  { id: 'cohort', title: { en: 'Cohort retention', 'zh-CN': '同期群留存' }, needs: 'customers' },
  { id: 'repurchase', title: { en: 'Repurchase rate', 'zh-CN': '复购率' }, needs: 'customers' },
  { id: 'rfm', title: { en: 'RFM segments', 'zh-CN': 'RFM 分群' }, needs: 'customers' },
  { id: 'lifecycle', title: { en: 'Lifecycle stages', 'zh-CN': '生命周期阶段' }, needs: 'customers' },
  { id: 'time_to_next', title: { en: 'Time to next purchase', 'zh-CN': '距下次购买的时间' }, needs: 'customers' },
  { id: 'clv', title: { en: 'Customer lifetime value', 'zh-CN': '顾客终身价值' }, needs: 'customers' },
  { id: 'clusters', title: { en: 'Customer groups', 'zh-CN': '客户分组' }, needs: 'customers' },
  { id: 'model_lab', title: { en: 'Compare models', 'zh-CN': '比较模型' }, needs: 'customers' },
  { id: 'survival', title: { en: 'Survival', 'zh-CN': '生存分析' }, needs: 'customers' },
  { id: 'forecast', title: { en: 'Forecast', 'zh-CN': '预测' }, needs: 'orders' },
  { id: 'counts', title: { en: 'Purchases ahead', 'zh-CN': '未来购买' }, needs: 'customers' },
  { id: 'risk', title: { en: 'Risk flags', 'zh-CN': '风险标记' }, needs: 'customers' },
  { id: 'profile', title: { en: 'Customer profile', 'zh-CN': '客户画像' }, needs: 'customers' },
  { id: 'basket', title: { en: 'Bought together', 'zh-CN': '一起购买的商品' }, needs: 'products' },
  { id: 'recommendations', title: { en: 'Suggested products', 'zh-CN': '推荐商品' }, needs: 'customer-products' },
];

/** Whether the analysis `id` applies to data with these facts. */
export function applies(id: OneClickId, facts: DataFacts): boolean {
  const analysis = ONE_CLICK_ANALYSES.find((a) => a.id === id);
  if (analysis === undefined || facts.orders === 0) return false;
  if (analysis.needs === 'products') return facts.productLines > 0;
  if (analysis.needs === 'customer-products') return facts.productLines > 0 && hasCustomerData(facts);
  return analysis.needs === 'orders' || hasCustomerData(facts);
}

/** The cells the analysis `id` inserts for `context` (without ids). */
export function oneClickCells(id: OneClickId, context: OneClickContext): PlacedDraft[] {
  const options = { language: context.language, tables: IN_PERIOD };
  switch (id) {
    case 'sales':
      return salesCells(options);
    case 'cohort':
      return cohortCells(options);
    case 'repurchase':
      return repurchaseCells(options);
    case 'rfm':
      return rfmCells(options);
    case 'lifecycle':
      return lifecycleCells({ ...options, withFunnel: hasFunnelEvents(context.facts) });
    case 'time_to_next':
      return timeToNextCells({ ...options, groupBy: 'segment' });
    case 'clv':
      return clvCells(options);
    case 'basket':
      return basketCells(options);
    case 'clusters':
      return clusterCells(options);
    case 'recommendations':
      return recommendationCells(options);
    case 'model_lab':
      return modelLabCells(options);
    case 'survival':
      return survivalCells(options);
    case 'forecast':
      return forecastCells(options);
    case 'risk':
      return riskCells(options);
    case 'profile':
      return profileCells(options);
    case 'counts':
      return countsCells(options);
  }
}

/**
 * Analyses that learn from every purchase whatever the range (what a customer bought long ago still counts;
 * churn models set their own cutoff and horizon; survival, forecasts and risk flags need the whole history).
 */
const WHOLE_HISTORY: readonly OneClickId[] = ['recommendations', 'model_lab', 'survival', 'forecast', 'risk', 'profile', 'counts'];

/** Words that show a cell reads the period cells (the table names, or the one-row `period` itself). */
const READS_PERIOD = new RegExp(`\\b(${[IN_PERIOD.orders, IN_PERIOD.newCustomerOrders, IN_PERIOD.events, IN_PERIOD.lines].join('|')})\\b|\\bFROM\\s+${IN_PERIOD.period}\\b`, 'i');

/**
 * The one-click analyses in `nb` whose cells read none of the period cells: inserted before date ranges
 * existed, they would ignore the range, so choosing one inserts them again (like a second click).
 */
export function analysesIgnoringPeriod(nb: Notebook): OneClickId[] {
  return ONE_CLICK_ANALYSES.map((a) => a.id).filter((id) => {
    if (WHOLE_HISTORY.includes(id)) return false;
    const cells = nb.cells.filter((c) => c.origin === id && c.kind !== 'markdown');
    return cells.length > 0 && !cells.some((c) => READS_PERIOD.test(c.source));
  });
}
