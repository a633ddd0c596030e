/**
 * The one engine interface. Every analysis, the ingest pipeline, the command line and the tests
 * talk to DuckDB only through this; only the adapters in this folder know which build runs.
 */
import type { Table } from 'apache-arrow';
import type { RequestOptions } from './query-queue';

export type { Priority, RequestOptions } from './query-queue';

/** Bytes that DuckDB can read as a file, without the caller knowing how they are stored. */
export type FileSource =
  | { kind: 'buffer'; bytes: Uint8Array }
  /** A path on the local disk (Node only). */
  | { kind: 'path'; path: string }
  /** A browser File/Blob, read lazily by DuckDB without copying it into the JS heap. */
  | { kind: 'blob'; blob: Blob };

/** A scalar that can be bound to a `?` placeholder. */
export type SqlParam = string | number | boolean | null;

export interface Db {
  /** Runs one statement and returns its result as an Arrow table. */
  query(sql: string, params?: SqlParam[]): Promise<Table>;
  /** Runs one or more statements whose results are not needed. */
  exec(sql: string): Promise<void>;
  /** Makes a file readable by SQL under `name` (e.g. `read_csv('name')`). */
  registerFile(name: string, source: FileSource): Promise<void>;
  /** Forgets a registered file. */
  dropFile(name: string): Promise<void>;
  /** Identifiers in a SQL text, by DuckDB's own tokenizer (strings and comments never count). */
  identifiers(sql: string): Promise<string[]>;
  /** Creates `table` from an Arrow IPC stream, or with `append` adds the stream's rows to it. */
  insertArrow(table: string, ipcStream: Uint8Array, options?: { append?: boolean }): Promise<void>;
  /** Interrupts the statement running now, when the engine can (the browser engine); optional. */
  interrupt?(): Promise<void>;
  /** Releases the engine. */
  close(): Promise<void>;
  /**
   * The same engine, each request made through it queued with `options` (priority, superseding,
   * cancel). Engines without a queue (Node: tests and the command line) leave it out.
   */
  with?(options: RequestOptions): Db;
}

/** `db` with `options` on each request, where the engine queues requests; `db` itself otherwise. */
export function withRequestOptions(db: Db, options: RequestOptions): Db {
  return db.with?.(options) ?? db;
}

/** An engine error that keeps the SQL that caused it. */
export class SqlError extends Error {
  constructor(
    message: string,
    readonly sql: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SqlError';
  }
}

/** Statements every engine runs first: DuckDB-WASM would otherwise try to download extensions. */
export const STARTUP_SQL = [
  'SET autoinstall_known_extensions=false',
  'SET autoload_known_extensions=false',
];

/** Wraps an engine failure with the SQL that caused it (a fenced file access is said plainly). */
export function wrapSqlError(error: unknown, sql: string): SqlError {
  const message = error instanceof Error ? error.message : String(error);
  const fenced = /file system operations are disabled by configuration/i.test(message);
  const said = fenced
    ? `This SQL tries to read or write a file, but here SQL reads only the loaded data: other files of this computer are off limits. (${message.split('\n')[0]})`
    : message;
  return new SqlError(said, sql, { cause: error });
}
