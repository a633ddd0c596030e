/**
 * The one bridge from JavaScript values to DuckDB: columns of JS values become an Arrow IPC stream
 * with simple, predictable types. Whole numbers -> Int64, other numbers -> Float64, booleans -> Bool,
 * Dates -> Timestamp (µs, DuckDB TIMESTAMP), everything else (and any mix) -> Utf8 text, nested values as JSON. Nulls stay null.
 */
import {
  Bool,
  Field,
  Float64,
  Int64,
  RecordBatch,
  Schema,
  Struct,
  Table,
  TimestampMicrosecond,
  Utf8,
  tableToIPC,
  vectorFromArray,
  type DataType,
  type Vector,
} from 'apache-arrow';
import { uniqueColumnNames } from '../column-names';

/** One column of values read by a JavaScript reader. */
export interface JsColumn {
  name: string;
  values: readonly unknown[];
}

type Kind = 'int' | 'float' | 'bool' | 'timestamp' | 'text';

function isNull(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

function kindOf(values: readonly unknown[]): Kind {
  let kind: Kind | null = null;
  for (const value of values) {
    if (isNull(value)) continue;
    const k: Kind =
      typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value))
        ? 'int'
        : typeof value === 'number'
          ? 'float'
          : typeof value === 'boolean'
            ? 'bool'
            : value instanceof Date
              ? 'timestamp'
              : 'text';
    if (kind === null) kind = k;
    else if (kind !== k) {
      if ((kind === 'int' && k === 'float') || (kind === 'float' && k === 'int')) kind = 'float';
      else return 'text';
    }
  }
  return kind ?? 'text';
}

/** Text for a value in a text column: DuckDB-friendly dates, JSON for objects and arrays. */
export function valueToText(value: unknown): string | null {
  if (isNull(value)) return null;
  if (typeof value === 'string') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : timestampText(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

function timestampText(date: Date): string {
  return date.toISOString().replace('T', ' ').replace(/\.000Z$|Z$/, '');
}

function toVector(values: readonly unknown[]): Vector {
  const kind = kindOf(values);
  const build = <T extends DataType>(cells: unknown[], type: T): Vector => vectorFromArray(cells, type);
  switch (kind) {
    case 'int':
      return build(values.map((v) => (isNull(v) ? null : BigInt(v as number | bigint))), new Int64());
    case 'float':
      return build(values.map((v) => (isNull(v) ? null : Number(v))), new Float64());
    case 'bool':
      return build(values.map((v) => (isNull(v) ? null : v)), new Bool());
    case 'timestamp':
      return build(
        values.map((v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.getTime() : null)),
        new TimestampMicrosecond(),
      );
    case 'text':
      return build(values.map(valueToText), new Utf8());
  }
}

/** Builds an Arrow table from columns of JS values (names made unique, order kept). */
export function columnsToTable(columns: readonly JsColumn[]): Table {
  const names = uniqueColumnNames(columns.map((c) => c.name));
  const vectors: Record<string, Vector> = {};
  columns.forEach((column, i) => {
    vectors[`c${i}`] = toVector(column.values);
  });
  const keyed = new Table(vectors);
  const fields = keyed.schema.fields.map((field, i) => new Field(names[i]!, field.type, true));
  const schema = new Schema(fields);
  return new Table(schema, keyed.batches.map((batch) => new RecordBatch(schema, batch.data.clone(new Struct(fields)))));
}

/** Builds an Arrow IPC stream (what `Db.insertArrow` takes) from columns of JS values. */
export function columnsToIpc(columns: readonly JsColumn[]): Uint8Array {
  return tableToIPC(columnsToTable(columns), 'stream');
}
