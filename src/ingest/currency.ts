/**
 * The shop's currency, so money can be shown with it: from a currency column when the file has one,
 * or from the symbol or code written in its amounts (`€12.00`, `12,00 EUR`, `¥12`, `12元`). Read from
 * the first rows (an export writes its amounts one way). Ambiguous symbols stay symbols: `$` is not
 * assumed to be US dollars, nor `¥` yuan or yen. Mixed currencies give no currency, with a note.
 */
import type { Db } from '../engine/db';
import { tableToRows } from '../engine/rows';
import { ident } from '../sql/quote';
import { textSql } from './canonical-sql';
import type { Currency, RoleMap } from './types';
import { say, type Localized } from '../text/language';

/** Rows read to recognise the currency. */
const SAMPLE_ROWS = 20_000;
/** Share of the amounts (or currency values) that must agree. */
const AGREEMENT = 0.95;

/** Symbols and words written beside amounts, and what they tell. */
const MARKS: readonly { pattern: string; currency: Currency }[] = [
  { pattern: 'US\\$', currency: { code: 'USD', symbol: 'US$' } },
  { pattern: 'C\\$|CA\\$', currency: { code: 'CAD', symbol: 'CA$' } },
  { pattern: 'A\\$|AU\\$', currency: { code: 'AUD', symbol: 'A$' } },
  { pattern: 'NZ\\$', currency: { code: 'NZD', symbol: 'NZ$' } },
  { pattern: 'HK\\$', currency: { code: 'HKD', symbol: 'HK$' } },
  { pattern: 'NT\\$', currency: { code: 'TWD', symbol: 'NT$' } },
  { pattern: 'S\\$', currency: { code: 'SGD', symbol: 'S$' } },
  { pattern: 'R\\$', currency: { code: 'BRL', symbol: 'R$' } },
  { pattern: '€', currency: { code: 'EUR', symbol: '€' } },
  { pattern: '£', currency: { code: 'GBP', symbol: '£' } },
  { pattern: '₹', currency: { code: 'INR', symbol: '₹' } },
  { pattern: '₩', currency: { code: 'KRW', symbol: '₩' } },
  { pattern: 'RMB|元', currency: { code: 'CNY', symbol: '¥' } },
  { pattern: '\\$', currency: { code: null, symbol: '$' } },
  { pattern: '¥|￥', currency: { code: null, symbol: '¥' } },
];

const ISO_CODE = /^[A-Z]{3}$/;

/** What the load learned about the currency: the currency, or why there is none to show. */
export interface CurrencyFinding {
  currency: Currency | null;
  /** Said in the load report when currencies are mixed. */
  note: Localized | null;
}

/** Recognises the currency of the raw table `table` mapped with `roles`. */
export async function detectCurrency(db: Db, table: string, roles: RoleMap): Promise<CurrencyFinding> {
  if (roles.currency) return fromColumn(db, table, roles.currency);
  const money = roles.amount ?? roles.unit_price ?? null;
  if (!money) return { currency: null, note: null };
  return { currency: await fromAmounts(db, table, money), note: null };
}

async function fromColumn(db: Db, table: string, column: string): Promise<CurrencyFinding> {
  const rows = tableToRows(
    await db.query(`SELECT upper(code) AS code, count(*)::DOUBLE AS n FROM (
  SELECT ${textSql(ident(column), 'ANY')} AS code FROM (SELECT ${ident(column)} FROM ${ident(table)} LIMIT ${SAMPLE_ROWS})
) WHERE code IS NOT NULL GROUP BY 1 ORDER BY n DESC, code LIMIT 4`),
  );
  const total = rows.reduce((sum, row) => sum + Number(row.n), 0);
  const top = rows[0];
  if (!top || total === 0) return { currency: null, note: null };
  const code = String(top.code);
  if (Number(top.n) / total >= AGREEMENT && ISO_CODE.test(code)) return { currency: { code, symbol: code }, note: null };
  if (Number(top.n) / total >= AGREEMENT) return { currency: null, note: null };
  const shares = rows.map((row) => `${String(row.code)} ${Math.round((Number(row.n) / total) * 100)}%`).join(', ');
  return {
    currency: null,
    note: say(
      `The orders are in several currencies (${shares}); amounts are added up as they are, without conversion, and shown without a currency.`,
      `订单使用了多种币种（${shares}）；金额按原样相加，没有换算，显示时不带币种。`,
    ),
  };
}

async function fromAmounts(db: Db, table: string, column: string): Promise<Currency | null> {
  const counts = MARKS.map((mark, i) => `count(*) FILTER (WHERE regexp_matches(v, '(^|[\\s\\d.,])(${mark.pattern})|(${mark.pattern})\\s*[\\d.,-]'))::DOUBLE AS m${i}`);
  const codes = `count(*) FILTER (WHERE regexp_matches(v, '^[A-Z]{3}\\s*[\\d.,-]|[\\d.,]\\s*[A-Z]{3}$'))::DOUBLE AS iso`;
  const [row] = tableToRows(
    await db.query(`WITH t AS (SELECT ${textSql(ident(column), 'ANY')} AS v FROM (SELECT ${ident(column)} FROM ${ident(table)} LIMIT ${SAMPLE_ROWS}))
SELECT count(v)::DOUBLE AS filled, ${counts.join(', ')}, ${codes},
  mode(regexp_extract(v, '([A-Z]{3})', 1)) FILTER (WHERE regexp_matches(v, '^[A-Z]{3}\\s*[\\d.,-]|[\\d.,]\\s*[A-Z]{3}$')) AS iso_code
FROM t`),
  );
  const filled = Number(row?.filled ?? 0);
  if (!row || filled === 0) return null;
  // The first mark in MARKS order that nearly every amount carries (specific ones like US$ before $).
  for (let i = 0; i < MARKS.length; i++) if (Number(row[`m${i}`]) / filled >= AGREEMENT) return MARKS[i]!.currency;
  const iso = row.iso_code === null ? null : String(row.iso_code);
  if (iso && Number(row.iso) / filled >= AGREEMENT) return { code: iso, symbol: iso };
  return null;
}
