/**
 * Sales over time: orders, revenue and average order value per period. It needs orders only, so it is
 * what a file without a customer column (a marketplace order report) can still show.
 */
import { WHOLE_DATA, type SourceTables } from './date-range';
import type { NamedSql } from './named';
import { periodStartSql, type Period } from './period';

/** The named result `sales_by_<period>`: period, orders, revenue, average_order_value. */
export function salesByPeriodSql(period: Period = 'month', tables: SourceTables = WHOLE_DATA): NamedSql {
  return {
    name: `sales_by_${period}`,
    sql: `
SELECT
  ${periodStartSql(period, 'ts')} AS period,
  count(*) AS orders,
  sum(revenue) AS revenue,
  sum(revenue) / count(*) AS average_order_value
FROM ${tables.orders}
GROUP BY 1
ORDER BY 1`,
  };
}
