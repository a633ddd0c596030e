/**
 * DuckDB-WASM running inside Node (no worker): the engine of the unit tests and the command line.
 * Same build and SQL dialect as the browser, so what passes here behaves the same in the app.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  createDuckDB,
  NODE_RUNTIME,
  VoidLogger,
  DuckDBDataProtocol,
  type DuckDBConnection,
  type DuckDBBindings,
} from '@duckdb/duckdb-wasm/blocking';
import { tableFromIPC, type Table } from 'apache-arrow';
import { identifiersOf } from './tokens';
import { STARTUP_SQL, wrapSqlError, type Db, type FileSource, type SqlParam } from './db';

const require = createRequire(import.meta.url);
const distDir = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));

/** Opens a fresh in-memory DuckDB-WASM database in this Node process. */
export async function openNodeDb(): Promise<Db> {
  const bindings = await createDuckDB(
    {
      mvp: {
        mainModule: path.join(distDir, 'duckdb-mvp.wasm'),
        mainWorker: path.join(distDir, 'duckdb-node-mvp.worker.cjs'),
      },
      eh: {
        mainModule: path.join(distDir, 'duckdb-eh.wasm'),
        mainWorker: path.join(distDir, 'duckdb-node-eh.worker.cjs'),
      },
    },
    new VoidLogger(),
    NODE_RUNTIME,
  );
  await bindings.instantiate(() => {});
  bindings.open({ query: { castBigIntToDouble: false } });
  const conn = bindings.connect();
  const db = new NodeDb(bindings, conn);
  for (const sql of STARTUP_SQL) await db.exec(sql);
  return db;
}

class NodeDb implements Db {
  constructor(
    private readonly bindings: DuckDBBindings,
    private readonly conn: DuckDBConnection,
  ) {}

  /**
   * Results are read from DuckDB's Arrow IPC bytes with the app's own Arrow module: in Node the
   * DuckDB package requires a second copy of apache-arrow, whose tables the app's Arrow functions
   * (tableToIPC, instanceof checks) would not recognise.
   */
  async query(sql: string, params?: SqlParam[]): Promise<Table> {
    try {
      return tableFromIPC(this.conn.useUnsafe((bindings, id) => {
        if (!params || params.length === 0) return bindings.runQuery(id, sql);
        const statement = bindings.createPrepared(id, sql);
        try {
          return bindings.runPrepared(id, statement, params);
        } finally {
          bindings.closePrepared(id, statement);
        }
      }));
    } catch (error) {
      throw wrapSqlError(error, sql);
    }
  }

  async exec(sql: string): Promise<void> {
    await this.query(sql);
  }

  async identifiers(sql: string): Promise<string[]> {
    return identifiersOf(sql, this.bindings.tokenize(sql));
  }

  async registerFile(name: string, source: FileSource): Promise<void> {
    if (source.kind === 'path') {
      this.bindings.registerFileURL(name, path.resolve(source.path), DuckDBDataProtocol.NODE_FS, true);
    } else if (source.kind === 'buffer') {
      this.bindings.registerFileBuffer(name, source.bytes);
    } else {
      this.bindings.registerFileBuffer(name, new Uint8Array(await source.blob.arrayBuffer()));
    }
  }

  async dropFile(name: string): Promise<void> {
    this.bindings.dropFile(name);
  }

  async insertArrow(table: string, ipcStream: Uint8Array, options: { append?: boolean } = {}): Promise<void> {
    try {
      this.conn.insertArrowFromIPCStream(ipcStream, { name: table, create: !options.append });
    } catch (error) {
      throw wrapSqlError(error, `insert Arrow into ${table}`);
    }
  }

  async close(): Promise<void> {
    this.conn.close();
    this.bindings.reset();
  }
}
