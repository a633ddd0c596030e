/**
 * Money in charts: number formats with `$` (d3-format's currency mark, as in `$,.2f` or `$~s`) print
 * the shop's currency, set through the chart config's number locale. Without a known currency the
 * mark prints nothing, so no chart ever claims dollars it was not given.
 */
import type { Lang } from '../text/language';

/** How money is written around a number: the currency symbol before it or after it ('' for none). */
export interface MoneyMarks {
  prefix: string;
  suffix: string;
}

/**
 * Vega-Lite config whose number locale writes `marks` for the `$` of money formats, and whose time
 * locale names months and days in `lang` (Vega's own default is English).
 */
export function moneyConfig(marks: MoneyMarks | null, lang: Lang = 'en'): Record<string, unknown> {
  const number = { decimal: '.', thousands: ',', grouping: [3], currency: [marks?.prefix ?? '', marks?.suffix ?? ''] };
  return { locale: { number, ...(lang === 'zh-CN' ? { time: ZH_TIME } : {}) } };
}

/** d3-time-format's zh-CN locale. */
const ZH_TIME = {
  dateTime: '%x %A %X',
  date: '%Y年%-m月%-d日',
  time: '%H:%M:%S',
  periods: ['上午', '下午'],
  days: ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'],
  shortDays: ['周日', '周一', '周二', '周三', '周四', '周五', '周六'],
  months: ['一月', '二月', '三月', '四月', '五月', '六月', '七月', '八月', '九月', '十月', '十一月', '十二月'],
  shortMonths: ['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月'],
};

/** Format of money in tooltips and tables of charts. */
export const MONEY_FORMAT = '$,.2f';
/** Format of money on axes (short: `$1.2k`). */
export const MONEY_AXIS_FORMAT = '$~s';
