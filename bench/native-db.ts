/**
 * The bench's baseline: native DuckDB (@duckdb/node-api) behind the same Db interface, so the very
 * same ingest SQL runs on both engines and the ratio compares engines, not pipelines.
 * Results are small (counts, profiles), so converting them to Arrow through JSON costs nothing measurable.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { Field, List, Table, Utf8, vectorFromArray, type Vector } from 'apache-arrow';
import { STARTUP_SQL, wrapSqlError, type Db, type FileSource, type SqlParam } from '../src/engine/db';

/** Opens native DuckDB in memory with `threads` worker threads. */
export async function openNativeDb(threads = 1): Promise<Db> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbk-native-'));
  const db: Db = {
    async query(sql: string, params?: SqlParam[]): Promise<Table> {
      try {
        const reader = await conn.runAndReadAll(sql, params as DuckDBValue[] | undefined);
        const rows = reader.getRowObjectsJS() as Record<string, unknown>[];
        return new Table(Object.fromEntries(reader.columnNames().map((name) => [name, toVector(rows.map((row) => row[name]))])));
      } catch (error) {
        throw wrapSqlError(error, sql);
      }
    },
    async exec(sql: string): Promise<void> {
      try {
        await conn.run(sql);
      } catch (error) {
        throw wrapSqlError(error, sql);
      }
    },
    async registerFile(name: string, source: FileSource): Promise<void> {
      const target = path.join(dir, name);
      fs.rmSync(target, { force: true });
      if (source.kind === 'path') fs.symlinkSync(path.resolve(source.path), target);
      else if (source.kind === 'buffer') fs.writeFileSync(target, source.bytes);
      else fs.writeFileSync(target, new Uint8Array(await source.blob.arrayBuffer()));
    },
    async dropFile(name: string): Promise<void> {
      fs.rmSync(path.join(dir, name), { force: true });
    },
    async identifiers(): Promise<string[]> {
      throw new Error('The native bench engine has no tokenizer.');
    },
    async insertArrow(): Promise<void> {
      throw new Error('The native bench engine reads CSV only.');
    },
    async close(): Promise<void> {
      conn.closeSync();
      instance.closeSync();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  for (const sql of STARTUP_SQL) await db.exec(sql);
  await db.exec(`SET threads=${threads}`);
  await db.exec(`SET file_search_path='${dir.replaceAll("'", "''")}'`);
  return db;
}

/** One result column as an Arrow vector; lists become lists of text, anything Arrow cannot infer becomes text. */
function toVector(values: unknown[]): Vector {
  if (values.some(Array.isArray)) {
    const lists = values.map((v) => (Array.isArray(v) ? v.map((item) => (item === null ? null : String(item))) : null));
    return vectorFromArray(lists, new List(new Field('item', new Utf8(), true)));
  }
  if (values.every((v) => v === null || v === undefined)) return vectorFromArray(values.map(() => null), new Utf8());
  try {
    return vectorFromArray(values);
  } catch {
    return vectorFromArray(values.map((v) => (v === null || v === undefined ? null : String(v))), new Utf8());
  }
}
