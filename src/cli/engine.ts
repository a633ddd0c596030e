/**
 * Which DuckDB the command line runs: native (@duckdb/node-api: threads, out-of-core) when the package is
 * installed, DuckDB-WASM (the browser's own build) otherwise. `--engine` or COHORTBOOK_ENGINE choose; the unit
 * tests set COHORTBOOK_ENGINE=wasm so they check the engine the app runs.
 */
import type { Db } from '../engine/db';
import type { CliArgs } from './args';
import { UsageError } from './errors';

export const ENGINES = ['native', 'wasm'] as const;
export type EngineName = (typeof ENGINES)[number];

/** Opens the engine the arguments (or the environment) ask for; native by default when it is installed. */
export async function openCliEngine(args: CliArgs): Promise<Db> {
  const asked = engineAskedFor(args);
  const memoryLimit = typeof args.values['memory-limit'] === 'string' ? args.values['memory-limit'] : undefined;
  if (asked !== 'wasm') {
    const native = await import('../engine/native').catch((error: unknown) => {
      if (asked === 'native') throw new UsageError(`The native engine is not installed (${firstLine(error)}). Run "npm ci", or use --engine wasm.`);
      return null;
    });
    if (native) return native.openNativeDb({ memoryLimit });
  }
  if (memoryLimit) throw new UsageError('--memory-limit needs the native engine (--engine native).');
  return (await import('../engine/node')).openNodeDb();
}

function engineAskedFor(args: CliArgs): EngineName | 'default' {
  const value = args.values.engine ?? process.env.COHORTBOOK_ENGINE;
  if (value === undefined || value === '') return 'default';
  if (typeof value === 'string' && (ENGINES as readonly string[]).includes(value)) return value as EngineName;
  throw new UsageError(`--engine must be one of ${ENGINES.join(', ')} (got "${String(value)}").`);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
