/**
 * DuckDB-WASM in the browser: AsyncDuckDB in its own worker, with the bundles served from our own
 * origin (Vite `?url` assets, never a CDN). The only browser module that imports DuckDB-WASM; the app
 * loads it with a dynamic import so it stays out of the first-paint bundle.
 *
 * AsyncDuckDB forgets (and never settles) its pending requests when its worker fails, so every call
 * here also races a "the engine died" promise: callers get an EngineCrashedError, never a hang.
 *
 * A cross-origin isolated page (from the second visit: the service worker adds the headers, workers/service/sw.ts)
 * runs the threaded (COI) build on every core; other pages, and an isolated one that cannot fetch it (offline
 * before it was cached), run the single-threaded eh build (docs/performance.md, "Threads").
 */
import { identifiersOf } from './tokens';
import {
  AsyncDuckDB,
  DuckDBDataProtocol,
  VoidLogger,
  selectBundle,
  type AsyncDuckDBConnection,
  type DuckDBBundle,
} from '@duckdb/duckdb-wasm';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import coiWasm from '@duckdb/duckdb-wasm/dist/duckdb-coi.wasm?url';
import coiWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-coi.worker.js?url';
import coiPthread from '@duckdb/duckdb-wasm/dist/duckdb-browser-coi.pthread.worker.js?url';
import type { Table } from 'apache-arrow';
import { STARTUP_SQL, wrapSqlError, type Db, type FileSource, type SqlParam } from './db';
import { QueryQueue, type RequestOptions } from './query-queue';
import { blobRegistration } from './blob-registration';

/** The engine's worker stopped (most often: out of memory). Its tables are gone. */
export class EngineCrashedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineCrashedError';
  }
}

/** How long DuckDB-WASM works on a long statement before it looks at other requests (its default is 100 ms). */
const QUERY_POLL_MS = 10;

const SINGLE_THREADED = {
  mvp: { mainModule: mvpWasm, mainWorker: mvpWorker },
  eh: { mainModule: ehWasm, mainWorker: ehWorker },
};

/** Starts DuckDB-WASM in a worker and opens an in-memory database: threaded where the page allows it. */
export async function openBrowserDb(): Promise<Db> {
  const cores = navigator.hardwareConcurrency || 1;
  const bundle = await selectBundle({ ...SINGLE_THREADED, coi: { mainModule: coiWasm, mainWorker: coiWorker, pthreadWorker: coiPthread } });
  if (bundle.pthreadWorker && cores > 1 && (await canFetch(bundle.mainModule))) {
    try {
      return await openBundle(bundle, cores);
    } catch {
      // The single-threaded build is always there (precached).
    }
  }
  return openBundle(await selectBundle(SINGLE_THREADED), 1);
}

/**
 * Whether the threaded build's binary can be fetched: the service worker caches it on first use, so offline before
 * that it cannot — and DuckDB's worker then never answers (its fetch fails inside the worker, unreported).
 */
async function canFetch(url: string): Promise<boolean> {
  if (typeof caches !== 'undefined' && (await caches.match(url).catch(() => undefined))) return true;
  return fetch(url, { method: 'HEAD' }).then((response) => response.ok, () => false);
}

async function openBundle(bundle: DuckDBBundle, threads: number): Promise<Db> {
  const worker = new Worker(bundle.mainWorker!, { name: 'duckdb' });
  const duck = new AsyncDuckDB(new VoidLogger(), worker);
  const died = deathOf(worker);
  try {
    await Promise.race([duck.instantiate(bundle.mainModule, bundle.pthreadWorker), died]);
    // Polls of a long statement last about this long (ms): interactive reads are answered between two polls.
    // The threaded build's open() never settles without maximumThreads.
    const query = { castBigIntToDouble: false, queryPollingInterval: QUERY_POLL_MS };
    await Promise.race([duck.open(threads > 1 ? { maximumThreads: threads, query } : { query }), died]);
    const conn = await Promise.race([duck.connect(), died]);
    const reader = await Promise.race([duck.connect(), died]);
    const db = new BrowserDb(new BrowserEngine(duck, conn, reader, died, threads));
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
 * What every view of the page's engine shares: DuckDB, two connections and their two lanes.
 *
 * The main lane runs one statement at a time on the main connection, the most urgent first: `exec`
 * runs as a pending query that DuckDB-WASM polls, and another statement started on that connection
 * between two polls would replace it. Interactive reads (a grid window, completion) take the reader
 * lane, a second connection: DuckDB-WASM's worker answers them between two polls of a long statement
 * on the main lane, so a grid keeps scrolling while a long cell runs (not on the threaded build, which runs
 * statements whole: see `exec`).
 */
class BrowserEngine {
  readonly main: QueryQueue;
  readonly reads = new QueryQueue();
  /** Files registered as handles on a threaded engine: while there is one, the engine runs on one thread. */
  readonly handles = new Set<string>();

  constructor(
    readonly duck: AsyncDuckDB,
    readonly conn: AsyncDuckDBConnection,
    readonly reader: AsyncDuckDBConnection,
    readonly died: Promise<never>,
    /** How many threads the engine runs (1: the single-threaded build). */
    readonly threads: number,
  ) {
    this.main = new QueryQueue(() => void this.guard(conn.cancelSent()).catch(() => {}));
  }

  guard<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.died]);
  }
}

/** A view of the page's engine: every request made through it is queued with its options. */
class BrowserDb implements Db {
  constructor(
    private readonly engine: BrowserEngine,
    private readonly options: RequestOptions = {},
  ) {}

  with(options: RequestOptions): Db {
    return new BrowserDb(this.engine, { ...this.options, ...options });
  }

  query(sql: string, params?: SqlParam[]): Promise<Table> {
    const { engine, options } = this;
    if (options.priority === 'interactive') return engine.reads.run(() => this.runQuery(engine.reader, sql, params), options);
    return engine.main.run(() => this.runQuery(engine.conn, sql, params), options);
  }

  private async runQuery(conn: AsyncDuckDBConnection, sql: string, params?: SqlParam[]): Promise<Table> {
    try {
      if (!params || params.length === 0) return await this.guard(conn.query(sql));
      const stmt = await this.guard(conn.prepare(sql));
      try {
        return await this.guard(stmt.query(...params));
      } finally {
        void stmt.close().catch(() => {});
      }
    } catch (error) {
      throw error instanceof EngineCrashedError ? error : wrapSqlError(error, sql);
    }
  }

  /**
   * Runs as a pending query (polled by DuckDB-WASM), so `interrupt` can stop it between polls — except on the
   * threaded build, where a pending query's answer sometimes came back unreadable (Arrow: "Cannot read properties
   * of undefined (reading 'fields')"; 4 of 48 rehearsals of a 20,000-line load, on the read of the file) and is run
   * whole: a stop there waits for the statement under way.
   */
  exec(sql: string): Promise<void> {
    return this.engine.main.run(() => (this.engine.threads > 1 ? this.runWhole(sql) : this.runPending(sql)), this.options);
  }

  private async runWhole(sql: string): Promise<void> {
    await this.runQuery(this.engine.conn, sql);
  }

  private async runPending(sql: string): Promise<void> {
    try {
      const reader = await this.guard(this.engine.conn.send(sql));
      while (!(await this.guard(reader.next())).done) {
        /* drain the (small) result of a statement run for its effect */
      }
    } catch (error) {
      throw error instanceof EngineCrashedError ? error : wrapSqlError(pendingQueryError(error, sql), sql);
    }
  }

  /** Cancels the statement `exec` is running now; it then fails with DuckDB's "interrupted" error. */
  async interrupt(): Promise<void> {
    await this.guard(this.engine.conn.cancelSent()).catch(() => {});
  }

  async identifiers(sql: string): Promise<string[]> {
    return identifiersOf(sql, await this.guard(this.engine.duck.tokenize(sql)));
  }

  /**
   * Blobs are read in place (no copy) or, on a threaded engine, copied in (blobRegistration); buffers are moved into
   * the engine and unusable afterwards.
   */
  async registerFile(name: string, source: FileSource): Promise<void> {
    const { duck, threads, handles } = this.engine;
    if (source.kind === 'blob') {
      const how = blobRegistration(source.blob.size, threads);
      if (how === 'copy') {
        await this.guard(duck.registerFileBuffer(name, new Uint8Array(await source.blob.arrayBuffer())));
        return;
      }
      await this.guard(duck.registerFileHandle(name, source.blob, DuckDBDataProtocol.BROWSER_FILEREADER, true));
      if (how === 'handle, one thread') {
        handles.add(name);
        await this.exec('SET threads = 1');
      }
    } else if (source.kind === 'buffer') {
      await this.guard(duck.registerFileBuffer(name, source.bytes));
    } else {
      throw new Error(`A browser cannot read the local path ${source.path}; open the file instead.`);
    }
  }

  async dropFile(name: string): Promise<void> {
    await this.guard(this.engine.duck.dropFile(name));
    const { handles, threads } = this.engine;
    if (handles.delete(name) && handles.size === 0) await this.exec(`SET threads = ${threads}`);
  }

  /** The stream's buffer is moved to the engine's worker. */
  insertArrow(table: string, ipcStream: Uint8Array, options: { append?: boolean } = {}): Promise<void> {
    return this.engine.main.run(async () => {
      try {
        await this.guard(this.engine.conn.insertArrowFromIPCStream(ipcStream, { name: table, create: !options.append }));
      } catch (error) {
        throw error instanceof EngineCrashedError ? error : wrapSqlError(error, `insert Arrow into ${table}`);
      }
    }, this.options);
  }

  async close(): Promise<void> {
    await this.engine.reader.close().catch(() => {});
    await this.engine.conn.close().catch(() => {});
    await this.engine.duck.terminate();
  }

  private guard<T>(work: Promise<T>): Promise<T> {
    return this.engine.guard(work);
  }
}
