/**
 * Native DuckDB (@duckdb/node-api) behind the one engine interface: the command line's fast engine
 * (`--engine native`), multi-threaded and out-of-core (it spills to a temporary folder past its memory limit).
 * The same SQL and analysis code run on it as on DuckDB-WASM; tests/unit/engine/native-equality.test.ts checks
 * that the two give the same results on the shared datasets.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBDataChunk, DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { tableFromIPC, type Table } from 'apache-arrow';
import { STARTUP_SQL, wrapSqlError, type Db, type FileSource, type SqlParam } from './db';
import { nativeColumnOf, nativeColumnsToTable } from './native-arrow';
import { ident } from '../sql/quote';

/** How the native engine runs. */
export interface NativeOptions {
  /** Worker threads (default: every core). */
  threads?: number;
  /** DuckDB's memory limit, e.g. '4GB' (default: DuckDB's own, 80% of the machine's memory). */
  memoryLimit?: string;
}

/** Rows per chunk appended by `insertArrow` (DuckDB's vector size). */
const CHUNK_ROWS = 2048;

/** Opens a fresh in-memory native DuckDB database; files and spilled data live in a temporary folder removed on close. */
export async function openNativeDb(options: NativeOptions = {}): Promise<Db> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cohortbook-'));
  const settings: Record<string, string> = {
    threads: String(options.threads ?? Math.max(1, os.availableParallelism())),
    temp_directory: path.join(dir, 'spill'),
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  };
  if (options.memoryLimit) settings.memory_limit = options.memoryLimit;
  const instance = await DuckDBInstance.create(':memory:', settings);
  const db = new NativeDb(instance, await instance.connect(), dir);
  for (const sql of STARTUP_SQL) await db.exec(sql);
  // Registered files are links in `dir`; read_csv('name') finds them there.
  await db.exec(`SET file_search_path = '${dir.replaceAll("'", "''")}'`);
  return db;
}

class NativeDb implements Db {
  /** DuckDB-WASM's tokenizer, started on the first `identifiers` call (only notebooks need it). */
  private tokenizer: Promise<Db> | null = null;

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    private readonly dir: string,
  ) {}

  async query(sql: string, params?: SqlParam[]): Promise<Table> {
    try {
      const result = await this.conn.run(sql, params && params.length > 0 ? (params as DuckDBValue[]) : undefined);
      return nativeColumnsToTable(result.columnNames(), result.columnTypes(), await result.getColumns());
    } catch (error) {
      throw wrapSqlError(error, sql);
    }
  }

  async exec(sql: string): Promise<void> {
    try {
      await this.conn.run(sql);
    } catch (error) {
      throw wrapSqlError(error, sql);
    }
  }

  /**
   * DuckDB's own tokenizer is not exposed natively, so the identifiers come from DuckDB-WASM's (the browser's),
   * started once when a notebook first asks: a hand-written tokenizer could disagree with the app's.
   */
  async identifiers(sql: string): Promise<string[]> {
    this.tokenizer ??= import('./node').then((wasm) => wasm.openNodeDb());
    return (await this.tokenizer).identifiers(sql);
  }

  async registerFile(name: string, source: FileSource): Promise<void> {
    const target = this.fileIn(name);
    fs.rmSync(target, { force: true });
    if (source.kind === 'path') fs.symlinkSync(path.resolve(source.path), target);
    else if (source.kind === 'buffer') fs.writeFileSync(target, source.bytes);
    else fs.writeFileSync(target, new Uint8Array(await source.blob.arrayBuffer()));
  }

  async dropFile(name: string): Promise<void> {
    fs.rmSync(this.fileIn(name), { force: true });
  }

  async insertArrow(table: string, ipcStream: Uint8Array, options: { append?: boolean } = {}): Promise<void> {
    const arrow = tableFromIPC(ipcStream);
    const columns = arrow.schema.fields.map((field) => nativeColumnOf(field.type));
    try {
      if (!options.append) {
        const definitions = arrow.schema.fields.map((field, i) => `${ident(field.name)} ${columns[i]!.sqlType}`);
        await this.conn.run(`CREATE TABLE ${ident(table)} (${definitions.join(', ')})`);
      }
      const appender = await this.conn.createAppender(table);
      const vectors = arrow.schema.fields.map((_, i) => arrow.getChildAt(i)!);
      for (let from = 0; from < arrow.numRows; from += CHUNK_ROWS) {
        const rows = Math.min(CHUNK_ROWS, arrow.numRows - from);
        const chunk = DuckDBDataChunk.create(columns.map((c) => c.duckType), rows);
        chunk.setColumns(columns.map((column, c) => {
          const values: DuckDBValue[] = new Array(rows);
          for (let r = 0; r < rows; r++) values[r] = column.convert(vectors[c]!.get(from + r) ?? null);
          return values;
        }));
        appender.appendDataChunk(chunk);
      }
      appender.closeSync();
    } catch (error) {
      throw wrapSqlError(error, `insert Arrow into ${table}`);
    }
  }

  async close(): Promise<void> {
    if (this.tokenizer) await (await this.tokenizer).close();
    this.conn.closeSync();
    this.instance.closeSync();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** A registered file's place in the temporary folder (its name is DuckDB's name for it, never a path). */
  private fileIn(name: string): string {
    if (name !== path.basename(name)) throw new Error(`A registered file name cannot be a path: ${name}`);
    return path.join(this.dir, name);
  }
}
