/** Turns rows of JSON-like values (objects, or anything else) into columns for the Arrow bridge. */
import type { JsColumn } from './to-arrow';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Columns of `rows`: one per key (in first-seen order) for objects; a `value` column for anything else. */
export function rowsToColumns(rows: readonly unknown[]): JsColumn[] {
  const index = new Map<string, number>();
  const columns: { name: string; values: unknown[] }[] = [];
  const column = (name: string): unknown[] => {
    let i = index.get(name);
    if (i === undefined) {
      i = columns.length;
      index.set(name, i);
      columns.push({ name, values: new Array<unknown>(rows.length).fill(null) });
    }
    return columns[i]!.values;
  };
  rows.forEach((row, r) => {
    if (isRecord(row)) {
      for (const [key, value] of Object.entries(row)) column(key)[r] = value;
    } else {
      column('value')[r] = row;
    }
  });
  return columns;
}
