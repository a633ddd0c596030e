/**
 * SQL expressions of the canonical build, one per kind of value. Each takes SQL for an input
 * (a quoted column) and returns SQL; user text only enters through ident()/literal().
 */
import { literal } from '../sql/quote';

/**
 * Trimmed text, NULL when empty, for a column of any type. Only padded values are trimmed:
 * trimming every value costs more than the rest of the build in WASM.
 */
export function textSql(columnSql: string, type: string): string {
  if (!/^VARCHAR/i.test(type)) return `CAST(${columnSql} AS VARCHAR)`;
  const c = columnSql;
  return `NULLIF(CASE WHEN starts_with(${c}, ' ') OR ends_with(${c}, ' ') THEN trim(${c}) ELSE ${c} END, '')`;
}

/**
 * A number from text such as `12.50`, `1,234.50`, `$12`, `¥12.00` or `12,50` (decimal comma);
 * NULL when there is no number. Typed number columns are cast directly.
 */
export function numberSql(columnSql: string, type: string): string {
  if (!/^VARCHAR/i.test(type)) return `TRY_CAST(${columnSql} AS DOUBLE)`;
  return `coalesce(
      TRY_CAST(${columnSql} AS DOUBLE),
      TRY_CAST(CASE WHEN regexp_matches(${columnSql}, '^[^.,]*,[0-9]{1,2}$')
                    THEN replace(regexp_replace(${columnSql}, '[^0-9,-]', '', 'g'), ',', '.')
                    ELSE regexp_replace(${columnSql}, '[^0-9.eE-]', '', 'g') END AS DOUBLE))`;
}

/** Texts that mean "no customer" in a customer id column (compared as written, no lower() per row). */
const NO_CUSTOMER = ['null', 'nan', 'none', 'n/a', '#n/a', '-', 'undefined', 'guest', 'anonymous'].flatMap((word) => [
  word,
  word.toUpperCase(),
  word[0].toUpperCase() + word.slice(1),
]);

/**
 * A customer id from trimmed text: empty and placeholder values become NULL (a guest), e-mail
 * addresses are lower-cased, and whole numbers written as decimals (`17850.0`) lose the `.0`.
 */
export function customerSql(textColumnSql: string): string {
  const t = textColumnSql;
  return `CASE
      WHEN ${t} IN (${[...new Set(NO_CUSTOMER)].map(literal).join(', ')}) THEN NULL
      WHEN contains(${t}, '@') THEN lower(${t})
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
