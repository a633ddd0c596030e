/**
 * Money in charts: number formats with `$` (d3-format's currency mark, as in `$,.2f` or `$~s`) print
 * the shop's currency, set through the chart config's number locale. Without a known currency the
 * mark prints nothing, so no chart ever claims dollars it was not given.
 */

/** How money is written around a number: the currency symbol before it or after it ('' for none). */
export interface MoneyMarks {
  prefix: string;
  suffix: string;
}

/** Vega-Lite config whose number locale writes `marks` for the `$` of money formats. */
export function moneyConfig(marks: MoneyMarks | null): Record<string, unknown> {
  return { locale: { number: { decimal: '.', thousands: ',', grouping: [3], currency: [marks?.prefix ?? '', marks?.suffix ?? ''] } } };
}

/** Format of money in tooltips and tables of charts. */
export const MONEY_FORMAT = '$,.2f';
/** Format of money on axes (short: `$1.2k`). */
export const MONEY_AXIS_FORMAT = '$~s';
