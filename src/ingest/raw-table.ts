/** Puts a decoded source into a raw DuckDB table and collects the lines DuckDB rejected. */
import { countRows } from '../engine/arrow-tables';
import type { Db } from '../engine/db';
import { ident } from '../sql/quote';
import { csvReadSql, REJECT_TABLES, type CsvReadOptions } from './csv-sql';
import type { ByteSource, Decoded } from './types';

/** A line of a delimited file that DuckDB could not read. */
export interface RejectedLine {
  /** 1-based line number in the file. */
  line: number;
  /** DuckDB's error type, e.g. `TOO MANY COLUMNS`, `UNQUOTED VALUE`. */
  errorType: string;
  message: string;
  /** Physical lines the rejected record spans (an unterminated quote swallows every line after it). */
  lines: number;
  /** The record as it appears in the file (its first 1,000 characters). */
  text: string;
}

/** What loading the raw table did. */
export interface RawTableResult {
  table: string;
  rows: number;
  rejected: RejectedLine[];
}

/** Creates (or replaces) `table` from a decoded source: CSV through read_csv, anything else through Arrow. */
export async function loadRawTable(
  db: Db,
  source: ByteSource,
  decoded: Decoded,
  table: string,
  options: CsvReadOptions = {},
): Promise<RawTableResult> {
  await db.exec(`DROP TABLE IF EXISTS ${ident(table)}`);
  if (decoded.kind === 'arrow') {
    await db.insertArrow(table, decoded.ipc);
    return { table, rows: await countRows(db, table), rejected: [] };
  }
  const fileName = `${table}.csv`;
  await db.dropFile(fileName).catch(() => undefined);
  try {
    await db.registerFile(fileName, decoded.bytes ? { kind: 'buffer', bytes: decoded.bytes } : source.fileSource());
    await db.exec(`DROP TABLE IF EXISTS temp.${ident(REJECT_TABLES.errors)}; DROP TABLE IF EXISTS temp.${ident(REJECT_TABLES.scans)}`);
    await db.exec(`CREATE TABLE ${ident(table)} AS SELECT * FROM ${csvReadSql(fileName, decoded, options)}`);
  } finally {
    // The rows are in the table (or the read failed): the engine lets go of the file (its copy, or the one thread
    // it read it on), also when its registration failed half-way.
    await db.dropFile(fileName).catch(() => undefined);
  }
  return { table, rows: await countRows(db, table), rejected: await rejectedLines(db) };
}

async function rejectedLines(db: Db): Promise<RejectedLine[]> {
  const result = await db.query(
    `SELECT DISTINCT ON (line) line::INTEGER AS line, error_type::VARCHAR AS error_type, error_message,
       (length(rtrim(csv_line, chr(13) || chr(10))) - length(replace(rtrim(csv_line, chr(13) || chr(10)), chr(10), '')) + 1)::INTEGER AS lines,
       left(csv_line, 1000) AS text
     FROM ${ident(REJECT_TABLES.errors)} ORDER BY line, column_idx`,
  );
  type Row = { line: number; error_type: string; error_message: string; lines: number; text: string };
  return result.toArray().map((row: Row) => ({
    line: row.line,
    errorType: row.error_type,
    message: row.error_message,
    lines: row.lines,
    text: row.text,
  }));
}
