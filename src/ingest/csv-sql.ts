/**
 * The DuckDB SQL that reads a decoded delimited file. Every column is VARCHAR on purpose: types and date
 * formats are inferred later from all values, not from a sample. DuckDB's own dialect sniffer is turned
 * off (auto_detect=false, explicit columns) because it fails on a whole file when its sample holds one
 * unterminated quote; with our dialect, such lines go to the reject tables and the rest loads.
 */
import { literal } from '../sql/quote';
import type { Decoded } from './types';

/** A decoded delimited file. */
export type DecodedCsv = Extract<Decoded, { kind: 'csv' }>;

/** Where DuckDB stores the lines it could not read (temporary tables, replaced on each load). */
export const REJECT_TABLES = { errors: 'reject_errors', scans: 'reject_scans' } as const;

/** Options of csvReadSql. */
export interface CsvReadOptions {
  /** Pad short rows with NULLs instead of rejecting them (default false: a short row, such as a last line cut mid-way, is rejected and reported; long rows are always rejected). */
  nullPadding?: boolean;
}

/** `read_csv(...)` over the registered file `fileName`: all VARCHAR, bad lines stored in REJECT_TABLES. */
export function csvReadSql(fileName: string, decoded: DecodedCsv, options: CsvReadOptions = {}): string {
  const columns = decoded.columns.map((name) => `${literal(name)}: 'VARCHAR'`).join(', ');
  const args = [
    literal(fileName),
    `delim=${literal(decoded.delimiter)}`,
    `header=${literal(decoded.hasHeader)}`,
    `quote='"'`,
    `escape='"'`,
    `columns={${columns}}`,
    'auto_detect=false',
    `null_padding=${literal(options.nullPadding ?? false)}`,
    'ignore_errors=true',
    'store_rejects=true',
    `rejects_table=${literal(REJECT_TABLES.errors)}`,
    `rejects_scan=${literal(REJECT_TABLES.scans)}`,
  ];
  return `read_csv(${args.join(', ')})`;
}
