/**
 * The two homes of SQL quoting. User column names and values only ever reach SQL through these.
 */

/** Quotes an identifier: wraps in double quotes and doubles inner ones. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Renders a literal: strings single-quoted with inner quotes doubled, non-finite numbers as NULL. */
export function literal(value: string | number | boolean | null | undefined | Date): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return `TIMESTAMP '${value.toISOString().replace('T', ' ').replace('Z', '')}'`;
  return `'${value.replaceAll("'", "''")}'`;
}
