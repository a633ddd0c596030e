/**
 * SQL expressions of the canonical build, one per kind of value. Each takes SQL for an input
 * (a quoted column) and returns SQL; user text only enters through ident()/literal().
 */
import { literal } from '../sql/quote';
import { GUEST_VALUES, MISSING_VALUES } from './vocabulary';

/** The longest missing-value word, in bytes (longer texts skip the list lookup). */
const MISSING_LENGTH = Math.max(...MISSING_VALUES.map((w) => new TextEncoder().encode(w).length));

/** Characters trimmed from values: blanks and tabs (a stray line end never reaches here, line-endings.ts). */
const BLANKS = ' \t';

/**
 * Trimmed text for a column of any type, NULL when empty, blank or a missing-value word (`NA`,
 * `null`, `-`… MISSING_VALUES). Only padded values are trimmed: trimming every value costs more than
 * the rest of the build in WASM.
 */
export function textSql(columnSql: string, type: string): string {
  const c = /^VARCHAR/i.test(type) ? columnSql : `CAST(${columnSql} AS VARCHAR)`;
  // prefix/suffix (what DuckDB makes of LIKE 'x%'), not starts_with/ends_with: the same test in half the time natively.
  const padded = [...BLANKS].map((blank) => `prefix(${c}, ${literal(blank)}) OR suffix(${c}, ${literal(blank)})`).join(' OR ');
  const trimmed = `trim(${c}, ${literal(BLANKS)})`;
  return `CASE
      WHEN ${isMissingSql(c)} THEN NULL
      WHEN ${padded} THEN CASE WHEN ${isMissingSql(trimmed)} THEN NULL ELSE ${trimmed} END
      ELSE ${c}
    END`;
}

/**
 * SQL: the text is empty or a missing-value word. A list function, not `IN (…)`: DuckDB turns a
 * long IN list into a join per column, which costs megabytes of memory per column in WASM.
 */
function isMissingSql(text: string): string {
  const words = ['', ...MISSING_VALUES].map(literal).join(', ');
  // strlen counts bytes without reading the text (length counts characters: a third of the cleaning's time in WASM).
  return `(strlen(${text}) <= ${MISSING_LENGTH} AND list_contains([${words}], ${text}))`;
}

/**
 * A number from text such as `12.50`, ` 12 `, `1,234.50`, `$12`, `¥12.00`, `US$ 12`, `12,50` or `1.234,50 €`
 * (decimal comma), `12元`, `EUR 12.00`; NULL when there is no number, and for the missing-value word `nan`
 * (DuckDB's cast reads it as NaN; the other missing words it reads as NULL). Currency marks go first; then a
 * comma followed by one or two digits at the end, or dots grouping thousands before a comma, make the comma
 * the decimal mark. Typed number columns are cast directly.
 */
export function numberSql(columnSql: string, type: string): string {
  const cast = `TRY_CAST(${columnSql} AS DOUBLE)`;
  if (!/^VARCHAR/i.test(type)) return cast;
  const digits = `regexp_replace(${columnSql}, '[^0-9.,-]', '', 'g')`;
  // A CASE, not coalesce(cast, …): DuckDB computes every argument of coalesce for every row, and the regular
  // expressions below cost three times the cast (two number columns: 400 -> 130 ms in WASM per million rows).
  return `CASE
      WHEN ${cast} IS NULL AND ${columnSql} IS NOT NULL THEN
        TRY_CAST(CASE WHEN regexp_matches(${digits}, '^-?([0-9]*,[0-9]{1,2}|[0-9]{1,3}([.][0-9]{3})+(,[0-9]+)?)$')
                      THEN replace(replace(${digits}, '.', ''), ',', '.')
                      ELSE replace(${digits}, ',', '') END AS DOUBLE)
      WHEN isnan(${cast}) THEN NULL
      ELSE ${cast}
    END`;
}

/**
 * A customer id from trimmed text (textSql): guest placeholders become NULL (a guest), and whole
 * numbers written as decimals (`17850.0`) lose the `.0`. In a column of e-mail addresses
 * (`emails`), addresses are lower-cased so `Ann@Shop.com` and `ann@shop.com` are one customer; in any
 * other column an `@` is just part of an id and the case is kept.
 */
export function customerSql(textColumnSql: string, emails: boolean): string {
  const t = textColumnSql;
  const email = emails ? `
      WHEN contains(${t}, '@') THEN lower(${t})` : '';
  return `CASE
      WHEN list_contains([${GUEST_VALUES.map(literal).join(', ')}], ${t}) THEN NULL${email}
      WHEN ends_with(${t}, '.0') AND regexp_full_match(${t}, '-?[0-9]+[.]0') THEN left(${t}, -2)
      ELSE ${t}
    END`;
}

/** SQL `column IN (values)`, or FALSE for no values. */
export function inListSql(columnSql: string, values: string[]): string {
  if (values.length === 0) return 'FALSE';
  return `${columnSql} IN (${values.map(literal).join(', ')})`;
}

/** A CASE mapping raw values to canonical ones (`mapping` raw -> canonical), other values kept as they are. */
export function mapValuesSql(columnSql: string, mapping: Map<string, string>): string {
  const byTarget = new Map<string, string[]>();
  for (const [raw, target] of mapping) byTarget.set(target, [...(byTarget.get(target) ?? []), raw]);
  if (byTarget.size === 0) return `lower(${columnSql})`;
  const branches = [...byTarget].map(([target, raws]) => `WHEN ${inListSql(columnSql, raws)} THEN ${literal(target)}`);
  return `CASE ${branches.join(' ')} ELSE lower(${columnSql}) END`;
}

/** True for an invoice number marked as a cancellation by a leading C (`C536379`). */
export function cancellationInvoiceSql(orderSql: string): string {
  return `(left(${orderSql}, 1) IN ('C', 'c') AND regexp_full_match(${orderSql}, '[Cc][0-9]+'))`;
}
