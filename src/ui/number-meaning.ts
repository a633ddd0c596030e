/**
 * Numbers shown by what they mean, not by how they are stored: a rate as a percentage, money with
 * two decimals, days with at most one, counts with thousands separators, in the UI language's
 * format. The meaning is read from the column name (the names the analyses write and the usual names
 * of exports); a column whose name says nothing keeps its value, only rounded to what a person reads.
 * Pure: the grid and tests call it; identifiers (customer_id, year, zip) are never grouped.
 */
import type { MoneyMarks } from '../charts/money';
import type { Currency } from '../ingest/types';
import type { Lang } from '../text/language';
import { numberFormat } from '../text/number-format';

/** What a numeric column holds. */
export type NumberMeaning = 'rate' | 'money' | 'days' | 'count' | 'identifier' | 'plain';

const WORD = (words: string) => new RegExp(`(^|[_\\s-])(${words})($|[_\\s-])`, 'i');

const IDENTIFIER = WORD('id|ids|code|zip|postcode|year|cohort_year|phone|number_id|sku|ean|invoice|order_no|no');
const RATE = WORD('rate|rates|share|ratio|retention|retained_share|probability|prob|p_alive|churn_probability|conversion|pct_of_total|fraction');
const MONEY = WORD(
  'revenue|amount|spend|spent|sales|price|clv|aov|monetary|paid|refund|refunds|cost|profit|margin_amount|expected_spend|ltv|income|payment',
);
/** Words that mean money only when nothing says what is counted (`total` money, but `total_orders` a count). */
const MONEY_IF_NOT_COUNTED = WORD('value|total|net|gross');
const DAYS = WORD('days|day_gap|recency|tenure|gap_days|days_to_second|days_since');
const COUNT = WORD('count|customers|orders|lines|n|number|quantity|qty|units|frequency|visits|events|size|repeats|purchases|items|buyers');

/** The meaning of a numeric column called `name`. */
export function numberMeaning(name: string): NumberMeaning {
  const words = name.trim();
  if (IDENTIFIER.test(words)) return 'identifier';
  if (RATE.test(words)) return 'rate';
  if (DAYS.test(words)) return 'days';
  if (MONEY.test(words)) return 'money';
  if (COUNT.test(words)) return 'count';
  if (MONEY_IF_NOT_COUNTED.test(words)) return 'money';
  return 'plain';
}

/** `value` as text for a column of `meaning`, in `lang`; `currency` marks money when the data says which. */
export function formatNumber(value: number, meaning: NumberMeaning, lang: Lang, currency?: Currency | null): string {
  if (!Number.isFinite(value)) return String(value);
  const format = (options: Intl.NumberFormatOptions) => numberFormat(lang, options).format(value);
  switch (meaning) {
    case 'identifier':
      return Number.isInteger(value) ? String(value) : format({ useGrouping: false, maximumFractionDigits: 6 });
    case 'rate':
      // Rates are stored as fractions (0.12); a column already in percent (12.5) is left as it is.
      return Math.abs(value) <= 1 ? format({ style: 'percent', maximumFractionDigits: 1 }) : format({ maximumFractionDigits: 1 });
    case 'money':
      return formatMoney(value, lang, currency);
    case 'days':
      return format({ maximumFractionDigits: 1 });
    case 'count':
      return format({ maximumFractionDigits: Number.isInteger(value) ? 0 : 1 });
    default:
      // A number whose name says nothing: integers as they are (they may be ids), fractions rounded.
      return Number.isInteger(value) ? String(value) : format({ useGrouping: false, maximumFractionDigits: Math.abs(value) >= 100 ? 2 : 4 });
  }
}

/** Money with two decimals, with the shop's currency when the data says which (`€41,200.92`, `$12.00`). */
export function formatMoney(value: number, lang: Lang, currency?: Currency | null): string {
  if (currency?.code) {
    return numberFormat(lang, { style: 'currency', currency: currency.code, currencyDisplay: 'narrowSymbol' }).format(value);
  }
  const number = numberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Math.abs(value));
  return `${value < 0 ? '-' : ''}${currency?.symbol ?? ''}${number}`;
}

/** Where `currency`'s symbol goes around a number in `lang`, for chart formats; null without a currency. */
export function moneyMarks(currency: Currency | null | undefined, lang: Lang): MoneyMarks | null {
  if (!currency) return null;
  if (!currency.code) return { prefix: currency.symbol, suffix: '' };
  const parts = numberFormat(lang, { style: 'currency', currency: currency.code, currencyDisplay: 'narrowSymbol' }).formatToParts(1);
  const at = parts.findIndex((p) => p.type === 'currency');
  const symbol = parts[at]?.value ?? currency.symbol;
  const first = parts.findIndex((p) => p.type === 'integer');
  const gap = (i: number) => (parts[i]?.type === 'literal' ? parts[i]!.value : '');
  return at < first ? { prefix: symbol + gap(at + 1), suffix: '' } : { prefix: '', suffix: gap(at - 1) + symbol };
}
