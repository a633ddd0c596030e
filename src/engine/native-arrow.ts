/**
 * Native DuckDB's results as Arrow tables of the same types DuckDB-WASM gives (so every analysis reads both
 * engines alike), and Arrow tables as native DuckDB columns (for `insertArrow`).
 *
 * Native results arrive as DuckDB values, not Arrow IPC (the Arrow extension cannot be installed offline).
 * Differences from DuckDB-WASM's Arrow export, all of which print the same through src/engine/rows.ts:
 * DECIMAL and HUGEINT become Float64 (WASM: Decimal128, whose cells rows.ts reads as the same number),
 * ENUM becomes Utf8 (WASM: a dictionary of Utf8), INTERVAL, TIME WITH TIME ZONE, MAP, UNION and other rare
 * types become their text.
 */
import {
  Binary,
  Bool,
  DataType,
  DateDay,
  Field,
  Float32,
  Float64,
  Int16,
  Int32,
  Int64,
  Int8,
  List,
  Struct,
  Table,
  TimeMicrosecond,
  TimeUnit,
  Timestamp,
  Uint16,
  Uint32,
  Uint64,
  Uint8,
  Utf8,
  makeData,
  makeVector,
  vectorFromArray,
  type Vector,
} from 'apache-arrow';
import {
  BIGINT,
  BLOB,
  BOOLEAN,
  DATE,
  DOUBLE,
  DuckDBTypeId,
  INTEGER,
  TIMESTAMP,
  TIMESTAMPTZ,
  VARCHAR,
  blobValue,
  dateValue,
  timestampTZValue,
  timestampValue,
  type DuckDBListType,
  type DuckDBStructType,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';

/** An Arrow table from a native result's column names, types and values. */
export function nativeColumnsToTable(names: readonly string[], types: readonly DuckDBType[], columns: readonly DuckDBValue[][]): Table {
  const fields = names.map((name, i) => new Field(name, arrowTypeOf(types[i]!), true));
  if (fields.length === 0) return new Table();
  const vectors = fields.map((field, i) => toVector(columns[i] ?? [], types[i]!, field.type));
  const unique = new Map<string, Vector>();
  // Arrow tables key columns by name: a repeated name (SELECT a, a) keeps the first, as tableFromIPC's lookups do.
  fields.forEach((field, i) => unique.set(unique.has(field.name) ? `${field.name}_${i}` : field.name, vectors[i]!));
  return new Table(Object.fromEntries(unique));
}

/** The Arrow type DuckDB-WASM gives for a DuckDB type (up to the differences listed above). */
function arrowTypeOf(type: DuckDBType): DataType {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN: return new Bool();
    case DuckDBTypeId.TINYINT: return new Int8();
    case DuckDBTypeId.SMALLINT: return new Int16();
    case DuckDBTypeId.INTEGER: return new Int32();
    case DuckDBTypeId.SQLNULL: return new Int32();
    case DuckDBTypeId.BIGINT: return new Int64();
    case DuckDBTypeId.UTINYINT: return new Uint8();
    case DuckDBTypeId.USMALLINT: return new Uint16();
    case DuckDBTypeId.UINTEGER: return new Uint32();
    case DuckDBTypeId.UBIGINT: return new Uint64();
    case DuckDBTypeId.FLOAT: return new Float32();
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.DECIMAL:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return new Float64();
    case DuckDBTypeId.DATE: return new DateDay();
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return new Timestamp(TimeUnit.MICROSECOND);
    case DuckDBTypeId.TIMESTAMP_TZ: return new Timestamp(TimeUnit.MICROSECOND, 'UTC');
    case DuckDBTypeId.TIME: return new TimeMicrosecond();
    case DuckDBTypeId.BLOB: return new Binary();
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return new List(new Field('l', arrowTypeOf((type as DuckDBListType).valueType), true));
    case DuckDBTypeId.STRUCT: {
      const struct = type as DuckDBStructType;
      return new Struct(struct.entryNames.map((name, i) => new Field(name, arrowTypeOf(struct.entryTypes[i]!), true)));
    }
    default:
      return new Utf8();
  }
}

/** One column as an Arrow vector of `arrowType`. */
function toVector(values: readonly DuckDBValue[], type: DuckDBType, arrowType: DataType): Vector {
  switch (type.typeId) {
    case DuckDBTypeId.DATE:
      return fixedWidth(arrowType, values, Int32Array, (v) => (v as { days: number }).days);
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_TZ:
    case DuckDBTypeId.TIME:
      return fixedWidth(arrowType, values, BigInt64Array, (v) => (v as { micros: bigint }).micros);
    case DuckDBTypeId.TIMESTAMP_S:
      return fixedWidth(arrowType, values, BigInt64Array, (v) => (v as { seconds: bigint }).seconds * 1_000_000n);
    case DuckDBTypeId.TIMESTAMP_MS:
      return fixedWidth(arrowType, values, BigInt64Array, (v) => (v as { millis: bigint }).millis * 1000n);
    case DuckDBTypeId.TIMESTAMP_NS:
      return fixedWidth(arrowType, values, BigInt64Array, (v) => (v as { nanos: bigint }).nanos / 1000n);
    default: {
      const asText = DataType.isUtf8(arrowType);
      return vectorFromArray(values.map((v) => toJs(v, type, asText)), arrowType);
    }
  }
}

/** A fixed-width column (dates, timestamps) written straight into its buffer: exact, with no unit conversions. */
function fixedWidth<T extends Int32Array | BigInt64Array>(
  type: DataType,
  values: readonly DuckDBValue[],
  Array: new (length: number) => T,
  read: (value: DuckDBValue) => number | bigint,
): Vector {
  const data = new Array(values.length);
  const nullBitmap = new Uint8Array(Math.ceil(values.length / 8));
  let nullCount = 0;
  values.forEach((value, i) => {
    if (value === null) {
      nullCount++;
      return;
    }
    (data as unknown as (number | bigint)[])[i] = read(value);
    nullBitmap[i >> 3]! |= 1 << (i & 7);
  });
  return makeVector(makeData({ type, length: values.length, nullCount, data, nullBitmap } as never));
}

/** One DuckDB value as the JS value Arrow's builder takes for `type`'s Arrow type (`asText`: that type is text, decided once per column). */
function toJs(value: DuckDBValue, type: DuckDBType, asText: boolean): unknown {
  if (value === null) return null;
  switch (type.typeId) {
    case DuckDBTypeId.DECIMAL:
      return Number((value as { value: bigint; scale: number }).value) / 10 ** (value as { scale: number }).scale;
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return Number(value as bigint);
    case DuckDBTypeId.BLOB:
      return (value as { bytes: Uint8Array }).bytes;
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY: {
      const itemType = (type as DuckDBListType).valueType;
      return (value as { items: readonly DuckDBValue[] }).items.map((item) => toJsNested(item, itemType));
    }
    case DuckDBTypeId.STRUCT: {
      const struct = type as DuckDBStructType;
      const entries = (value as { entries: Readonly<Record<string, DuckDBValue>> }).entries;
      return Object.fromEntries(struct.entryNames.map((name, i) => [name, toJsNested(entries[name] ?? null, struct.entryTypes[i]!)]));
    }
    default:
      if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean' || typeof value === 'string') {
        return asText ? String(value) : value;
      }
      return String(value);
  }
}

/** A value inside a list or struct, where Arrow's builders take dates and timestamps as epoch milliseconds. */
function toJsNested(value: DuckDBValue, type: DuckDBType): unknown {
  if (value === null) return null;
  switch (type.typeId) {
    case DuckDBTypeId.DATE:
      return (value as { days: number }).days * 86_400_000;
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return Number((value as { micros: bigint }).micros) / 1000;
    default:
      return toJs(value, type, DataType.isUtf8(arrowTypeOf(type)));
  }
}

/** The native column type for an Arrow field written by `insertArrow`, and how to convert its cells. */
export interface NativeColumn {
  sqlType: string;
  duckType: DuckDBType;
  convert: (value: unknown) => DuckDBValue;
}

/** How an Arrow column is stored natively: the types the app writes keep their type, anything else becomes text. */
export function nativeColumnOf(type: DataType): NativeColumn {
  if (DataType.isInt(type)) {
    return type.bitWidth === 64
      ? { sqlType: 'BIGINT', duckType: BIGINT, convert: (v) => (v === null ? null : BigInt(v as bigint)) }
      : { sqlType: 'INTEGER', duckType: INTEGER, convert: (v) => (v === null ? null : Number(v)) };
  }
  if (DataType.isFloat(type)) return { sqlType: 'DOUBLE', duckType: DOUBLE, convert: (v) => (v === null ? null : Number(v)) };
  if (DataType.isBool(type)) return { sqlType: 'BOOLEAN', duckType: BOOLEAN, convert: (v) => (v === null ? null : Boolean(v)) };
  if (DataType.isDate(type)) {
    return { sqlType: 'DATE', duckType: DATE, convert: (v) => (v === null ? null : dateValue(Math.floor(epochMs(v) / 86_400_000))) };
  }
  if (DataType.isTimestamp(type)) {
    const utc = Boolean((type as Timestamp).timezone);
    return {
      sqlType: utc ? 'TIMESTAMPTZ' : 'TIMESTAMP',
      duckType: utc ? TIMESTAMPTZ : TIMESTAMP,
      convert: (v) => {
        if (v === null) return null;
        const micros = BigInt(Math.round(epochMs(v) * 1000));
        return utc ? timestampTZValue(micros) : timestampValue(micros);
      },
    };
  }
  if (DataType.isBinary(type)) return { sqlType: 'BLOB', duckType: BLOB, convert: (v) => (v === null ? null : blobValue(v as Uint8Array)) };
  return { sqlType: 'VARCHAR', duckType: VARCHAR, convert: (v) => (v === null ? null : String(v)) };
}

function epochMs(value: unknown): number {
  return value instanceof Date ? value.getTime() : Number(value);
}

