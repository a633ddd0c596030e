/** Opens the command line's engine and loads one file for a command, with the shared options applied. */
import fs from 'node:fs';
import type { Db } from '../engine/db';
import { loadFile, type LoadResult } from '../ingest/load';
import { hasCustomers, isAnalysable, NO_CUSTOMER_COLUMN } from '../ingest/load-problems';
import { pathSource } from '../ingest/sources-node';
import type { CliArgs } from './args';
import { openCliEngine } from './engine';
import { UsageError } from './errors';
import { IngestError } from '../ingest/errors';

/** The engine and the loaded file a command works on. */
export interface LoadedFile {
  db: Db;
  loaded: LoadResult;
}

/** Loads the file named by the first positional argument. */
export async function loadFromArgs(args: CliArgs): Promise<LoadedFile> {
  const file = args.positionals[0];
  if (!file) throw new UsageError(`"${args.command}" needs a data file: npm run cli -- ${args.command} <file>`);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UsageError(`No such file: ${file}`);
  const db = await openCliEngine(args);
  try {
    const loaded = await loadFile(db, pathSource(file), { roles: args.map, hasHeader: args.hasHeader, dateChoice: args.dateChoice });
    await fenceFileAccess(db);
    return { db, loaded };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/**
 * From here on DuckDB sees only the tables made from the file it was given: no other file of this
 * machine can be read (`read_csv('/etc/passwd')`) or written (`COPY … TO`), and the setting is locked so
 * a notebook cell cannot turn it back on.
 */
async function fenceFileAccess(db: Db): Promise<void> {
  await db.exec('SET enable_external_access = false');
  await db.exec('SET lock_configuration = true');
}

/**
 * Like loadFromArgs, but fails (exit 2, one line) when the analyses cannot run: the canonical tables
 * were not built, no row is a purchase, or — for customer analyses — the file has no customer column.
 */
export async function loadForAnalysis(args: CliArgs, needs: Needs = 'customers'): Promise<LoadedFile> {
  const file = await loadFromArgs(args);
  const refusal = refusalOf(file.loaded, needs);
  if (refusal) {
    await file.db.close();
    throw new IngestError(refusal);
  }
  return file;
}

/** What a command needs of the data: the tables only (SQL), purchases, or purchases with customers. */
export type Needs = 'tables' | 'orders' | 'customers';

/** Why a command needing `needs` cannot run on a load, in one line; null when it can. */
export function refusalOf(loaded: LoadResult, needs: Needs): string | null {
  if (!isAnalysable(loaded)) return cannotAnalyse(loaded);
  if (needs === 'tables') return null;
  if (needs === 'customers' && !hasCustomers(loaded)) {
    return `${NO_CUSTOMER_COLUMN.en} Name the customer column with --map customer_id=Column if there is one (columns: ${columnList(loaded)}).`;
  }
  const empty = loaded.problems.find((p) => p.code === 'no_purchases');
  return empty ? empty.message.en : null;
}

/** The one-line message for a file whose canonical tables could not be built. */
export function cannotAnalyse(loaded: LoadResult): string {
  const blocking = loaded.problems.filter((p) => p.blocking).map((p) => p.message.en);
  return `${blocking.join(' ')} On the command line, name the columns with --map customer_id=Column,timestamp=Column (columns: ${columnList(loaded)}).`;
}

function columnList(loaded: LoadResult): string {
  return loaded.profiles.map((p, i) => `#${i + 1} ${p.name}`).join(', ');
}
