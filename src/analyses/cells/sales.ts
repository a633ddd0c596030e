/** Cells of the "Sales over time" analysis: it reads orders only, so it works without a customer column. */
import { salesOrdersSpec, salesRevenueSpec } from '../../charts/sales';
import { salesByPeriodSql } from '../sales';
import { chartCell, finishCells, markdownCell, sqlCell, type CellDraft, type CellOptions } from './draft';

const ORIGIN = 'sales';

const TEXT = {
  en: `## Sales over time

Orders, revenue and the average order value per month. These figures need orders only, so they work even
for an export without a customer column (many marketplace order reports have none).`,
  'zh-CN': `## 销售趋势

每月的订单数、销售额和平均订单金额。这些数字只需要订单，所以没有客户列的导出文件（很多平台订单报表都没有）也能使用。`,
};

/** Markdown, `sales_by_month` and two charts. */
export function salesCells(options: CellOptions = {}): CellDraft[] {
  const sales = salesByPeriodSql('month', options.tables);
  return finishCells(
    [
      markdownCell(ORIGIN, TEXT[options.language ?? 'en']),
      sqlCell(ORIGIN, sales),
      chartCell(ORIGIN, 'sales_revenue_chart', sales.name, salesRevenueSpec(), { language: options.language }),
      chartCell(ORIGIN, 'sales_orders_chart', sales.name, salesOrdersSpec(), { language: options.language }),
    ],
    options,
  );
}
