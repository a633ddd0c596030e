/**
 * Parquet export of an Arrow table with hyparquet-writer (pure JavaScript: DuckDB-WASM's own Parquet
 * writer is an extension it would download). Integers, floats, booleans and timestamps keep their
 * type; decimals become doubles; everything else is written as text.
 */
import { DataType, type Table } from 'apache-arrow';
import { parquetWriteBuffer, type ColumnSource } from 'hyparquet-writer';
import { toCell } from '../engine/rows';

/** The Parquet file of `table`. */
export function tableToParquet(table: Table): ArrayBuffer {
  const columnData: ColumnSource[] = table.schema.fields.map((field, i) => {
    const vector = table.getChildAt(i);
    const values = Array.from({ length: table.numRows }, (_, r) => vector?.get(r) as unknown);
    const type = field.type;
    if (DataType.isBool(type)) return { name: field.name, data: values.map((v) => (v === null ? null : Boolean(v))), type: 'BOOLEAN' };
    if (DataType.isInt(type)) {
      const big = type.bitWidth === 64 || (type.bitWidth === 32 && !type.isSigned);
      return big
        ? { name: field.name, data: values.map((v) => (v === null || v === undefined ? null : BigInt(v as number | bigint))), type: 'INT64' }
        : { name: field.name, data: values.map((v) => (v === null || v === undefined ? null : Number(v))), type: 'INT32' };
    }
    if (DataType.isFloat(type) || DataType.isDecimal(type)) {
      return { name: field.name, data: values.map((v) => (v === null || v === undefined ? null : Number(toCell(v, field)))), type: 'DOUBLE' };
    }
    if (DataType.isTimestamp(type) || DataType.isDate(type)) {
      return { name: field.name, data: values.map((v) => (v === null || v === undefined ? null : new Date(Number(v)))), type: 'TIMESTAMP' };
    }
    return { name: field.name, data: values.map((v) => { const cell = toCell(v, field); return cell === null ? null : String(cell); }), type: 'STRING' };
  });
  return parquetWriteBuffer({ columnData });
}
