/** Opens the Node engine and loads one file for a command, with the shared options applied. */
import fs from 'node:fs';
import type { Db } from '../engine/db';
import { openNodeDb } from '../engine/node';
import { loadFile, type LoadResult } from '../ingest/load';
import { pathSource } from '../ingest/sources-node';
import type { CliArgs } from './args';
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
  const db = await openNodeDb();
  const loaded = await loadFile(db, pathSource(file), { roles: args.map, hasHeader: args.hasHeader });
  return { db, loaded };
}

/** Like loadFromArgs, but fails with the load's problems when the canonical tables could not be built. */
export async function loadForAnalysis(args: CliArgs): Promise<LoadedFile> {
  const file = await loadFromArgs(args);
  if (file.loaded.problems.length > 0) {
    await file.db.close();
    throw new IngestError(cannotAnalyse(file.loaded));
  }
  return file;
}

/** The one-line message for a file whose canonical tables could not be built. */
export function cannotAnalyse(loaded: LoadResult): string {
  const columns = loaded.profiles.map((p, i) => `#${i + 1} ${p.name}`).join(', ');
  return `${loaded.problems.join(' ')} On the command line, name the columns with --map customer_id=Column,timestamp=Column (columns: ${columns}).`;
}
