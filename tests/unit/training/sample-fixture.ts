/**
 * The model-cell tests' shared set-up: DuckDB-WASM with the sample shop loaded and a trainer (the training
 * worker's own service on an in-memory port), made before the file's tests and closed after them.
 */
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { loadFile } from '../../../src/ingest/load';
import { pathSource } from '../../../src/ingest/sources-node';
import { createLocalTrainer } from '../../../workers/train/local';
import type { Trainer } from '../../../workers/train/trainer';

/** Registers the file's beforeAll/afterAll; read `db` and `trainer` inside tests. */
export function sampleWithTrainer(): { readonly db: Db; readonly trainer: Trainer } {
  let db: Db | undefined;
  let trainer: Trainer | undefined;
  beforeAll(async () => {
    db = await openNodeDb();
    await loadFile(db, pathSource(path.resolve(__dirname, '../../../samples/shop-2k.csv')));
    trainer = createLocalTrainer();
  });
  afterAll(async () => {
    trainer?.terminate();
    await db?.close();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('The sample fixture is not ready: use it inside a test.');
    return value;
  };
  return {
    get db() {
      return ready(db);
    },
    get trainer() {
      return ready(trainer);
    },
  };
}
