/**
 * DuckDB-WASM in the browser: AsyncDuckDB in its own worker, with the bundles served from our own
 * origin (Vite `?url` assets, never a CDN). The only browser module that imports DuckDB-WASM; the app
 * loads it with a dynamic import so it stays out of the first-paint bundle.
 *
 * AsyncDuckDB forgets (and never settles) its pending requests when its worker fails, so every call
 * here also races a "the engine died" promise: callers get an EngineCrashedError, never a hang.
 */
import { identifiersOf } from './tokens';
import {
  AsyncDuckDB,
  DuckDBDataProtocol,
  VoidLogger,
  selectBundle,
  type AsyncDuckDBConnection,
} from '@duckdb/duckdb-wasm';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import type { Table } from 'apache-arrow';
import { STARTUP_SQL, wrapSqlError, type Db, type FileSource, type SqlParam } from './db';

/** The engine's worker stopped (most often: out of memory). Its tables are gone. */
export class EngineCrashedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineCrashedError';
  }
}

/** Starts DuckDB-WASM in a worker and opens an in-memory database. */
export async function openBrowserDb(): Promise<Db> {
  const bundle = await selectBundle({
    mvp: { mainModule: mvpWasm, mainWorker: mvpWorker },
    eh: { mainModule: ehWasm, mainWorker: ehWorker },
  });
  const worker = new Worker(bundle.mainWorker!, { name: 'duckdb' });
  const duck = new AsyncDuckDB(new VoidLogger(), worker);
  const died = deathOf(worker);
  try {
    await Promise.race([duck.instantiate(bundle.mainModule, bundle.pthreadWorker), died]);
    await Promise.race([duck.open({ query: { castBigIntToDouble: false } }), died]);
    const conn = await Promise.race([duck.connect(), died]);
    const db = new BrowserDb(duck, conn, died);
    for (const sql of STARTUP_SQL) await db.exec(sql);
    return db;
  } catch (error) {
    await duck.terminate();
    throw error;
  }
}

interface PendingQueryFailure {
  exception_type?: string;
  exception_message?: string;
  position?: string;
}

/**
 * DuckDB-WASM's pending queries fail with a JSON text ({exception_type, exception_message, position});
 * this gives it the shape plain queries have ("Parser Error: …" and a `LINE n:` caret from `position`,
 * a byte offset into the statement).
 */
export function pendingQueryError(error: unknown, sql: string): unknown {
  const text = error instanceof Error ? error.message : String(error);
  let parsed: PendingQueryFailure | null;
  try {
    parsed = text.trimStart().startsWith('{') ? (JSON.parse(text) as PendingQueryFailure) : null;
  } catch {
    return error;
  }
  if (!parsed?.exception_message) return error;
  const head = parsed.exception_message.split(/\n\s*\nLINE \d+:/)[0] ?? parsed.exception_message;
  const kind = parsed.exception_type ? `${parsed.exception_type} Error: ` : '';
  const position = Number(parsed.position);
  let caret = '';
  const bytes = new TextEncoder().encode(sql);
  if (Number.isInteger(position) && position >= 0 && position <= bytes.length) {
    const before = new TextDecoder().decode(bytes.subarray(0, position)).split('\n');
    const line = before.length;
    const prefix = `LINE ${line}: `;
    caret = `\n\n${prefix}${sql.split('\n')[line - 1] ?? ''}\n${' '.repeat(prefix.length + (before.at(-1)?.length ?? 0))}^`;
  }
  return new Error(`${kind}${head}${caret}`, { cause: error });
}

function deathOf(worker: Worker): Promise<never> {
  const died = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (event) => {
      reject(new EngineCrashedError(`The data engine stopped: ${event.message || 'unknown failure'}.`));
    });
  });
  died.catch(() => {});
  return died;
}

/**
 * Statements on the one connection run one at a time: `exec` runs as a pending query that DuckDB-WASM
 * polls, and another statement started between two polls would replace it on the connection.
 */
class BrowserDb implements Db {
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly duck: AsyncDuckDB,
    private readonly conn: AsyncDuckDBConnection,
    private readonly died: Promise<never>,
  ) {}

  query(sql: string, params?: SqlParam[]): Promise<Table> {
    return this.serial(() => this.runQuery(sql, params));
  }

  private async runQuery(sql: string, params?: SqlParam[]): Promise<Table> {
    try {
      if (!params || params.length === 0) return await this.guard(this.conn.query(sql));
      const stmt = await this.guard(this.conn.prepare(sql));
      try {
        return await this.guard(stmt.query(...params));
      } finally {
        void stmt.close().catch(() => {});
      }
    } catch (error) {
      throw error instanceof EngineCrashedError ? error : wrapSqlError(error, sql);
    }
  }

  /** Runs as a pending query (polled by DuckDB-WASM), so `interrupt` can stop it between polls. */
  exec(sql: string): Promise<void> {
    return this.serial(() => this.runPending(sql));
  }

  private async runPending(sql: string): Promise<void> {
    try {
      const reader = await this.guard(this.conn.send(sql));
      while (!(await this.guard(reader.next())).done) {
        /* drain the (small) result of a statement run for its effect */
      }
    } catch (error) {
      throw error instanceof EngineCrashedError ? error : wrapSqlError(pendingQueryError(error, sql), sql);
    }
  }

  /** Cancels the statement `exec` is running now; it then fails with DuckDB's "interrupted" error. */
  async interrupt(): Promise<void> {
    await this.guard(this.conn.cancelSent()).catch(() => {});
  }

  async identifiers(sql: string): Promise<string[]> {
    return identifiersOf(sql, await this.guard(this.duck.tokenize(sql)));
  }

  /** Blobs are read in place (no copy); buffers are moved into the engine and unusable afterwards. */
  async registerFile(name: string, source: FileSource): Promise<void> {
    if (source.kind === 'blob') {
      await this.guard(this.duck.registerFileHandle(name, source.blob, DuckDBDataProtocol.BROWSER_FILEREADER, true));
    } else if (source.kind === 'buffer') {
      await this.guard(this.duck.registerFileBuffer(name, source.bytes));
    } else {
      throw new Error(`A browser cannot read the local path ${source.path}; open the file instead.`);
    }
  }

  async dropFile(name: string): Promise<void> {
    await this.guard(this.duck.dropFile(name));
  }

  /** The stream's buffer is moved to the engine's worker. */
  insertArrow(table: string, ipcStream: Uint8Array): Promise<void> {
    return this.serial(async () => {
      try {
        await this.guard(this.conn.insertArrowFromIPCStream(ipcStream, { name: table, create: true }));
      } catch (error) {
        throw error instanceof EngineCrashedError ? error : wrapSqlError(error, `insert Arrow into ${table}`);
      }
    });
  }

  async close(): Promise<void> {
    await this.conn.close().catch(() => {});
    await this.duck.terminate();
  }

  /** Runs `work` after every statement started before it has settled. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.turn.then(work, work);
    this.turn = run.catch(() => undefined);
    return run;
  }

  private guard<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.died]);
  }
}
