/** Arrow results as plain JSON-ready rows: the one place that decides how engine values print. */
import { DataType, type Field, type Table } from 'apache-arrow';

/** A JSON-safe cell value. */
export type Cell = string | number | boolean | null;

/** Converts one Arrow value of `field` to a JSON-safe cell (BigInt to number, timestamps to ISO text). */
export function toCell(value: unknown, field: Field): Cell {
  if (value === null || value === undefined) return null;
  const type = field.type;
  if (DataType.isTimestamp(type) || DataType.isDate(type)) {
    const ms = typeof value === 'bigint' ? Number(value) : value instanceof Date ? value.getTime() : Number(value);
    const iso = new Date(ms).toISOString();
    return DataType.isDate(type) ? iso.slice(0, 10) : iso.replace('T', ' ').replace(/\.000Z$|Z$/, '');
  }
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (DataType.isDecimal(type)) return Number(String(value)) / 10 ** ((type as { scale: number }).scale ?? 0);
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Uint8Array) return `<${value.byteLength} bytes>`;
  return String(value);
}

/** All rows of a result as objects keyed by column name. */
export function tableToRows(table: Table): Record<string, Cell>[] {
  const fields = table.schema.fields;
  const columns = fields.map((_, i) => table.getChildAt(i));
  const rows: Record<string, Cell>[] = [];
  for (let r = 0; r < table.numRows; r++) {
    const row: Record<string, Cell> = {};
    fields.forEach((field, i) => {
      row[field.name] = toCell(columns[i]?.get(r), field);
    });
    rows.push(row);
  }
  return rows;
}

/** The first row's first value, as a number (for COUNT(*)-style queries). */
export function scalarNumber(table: Table): number {
  const value = table.getChildAt(0)?.get(0);
  return typeof value === 'bigint' ? Number(value) : Number(value ?? NaN);
}
