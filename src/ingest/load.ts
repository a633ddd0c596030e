/**
 * The whole load of one file: sniff -> decode -> raw table -> profile -> roles -> timestamp -> canonical
 * tables -> report. Shared by the browser (decode runs in a worker), the command line and the tests.
 */
import type { Db } from '../engine/db';
import { ident } from '../sql/quote';
import { buildCanonical, type CanonicalCounts } from './canonical';
import { inferTimestamp, type TimestampInference } from './dates';
import { decode as decodeHere } from './decode';
import { IngestError } from './errors';
import { profileColumns } from './profile';
import { loadRawTable, type RejectedLine } from './raw-table';
import { detectRoles, missingRoles, roleMapOf, roleWarnings } from './roles';
import { sniffSource } from './sniff';
import type {
  ByteSource,
  ColumnProfile,
  Decoded,
  LoadReport,
  RoleGuess,
  RowIssue,
  RoleMap,
  Sniffed,
  TimestampSpec,
} from './types';

/** Progress of a load, for a progress bar. */
export interface LoadProgress {
  stage: 'reading' | 'decoding' | 'loading' | 'profiling' | 'mapping' | 'building';
  /** 0..1 over the whole load. */
  fraction: number;
}

export interface LoadOptions {
  /** Roles chosen by the user (or remembered for this layout); detected roles fill the gaps. */
  roles?: RoleMap;
  /** Overrides the detected header presence (a headerless file mapped by position). */
  hasHeader?: boolean;
  /** Name of the raw table (default derived from the file name). */
  table?: string;
  onProgress?: (progress: LoadProgress) => void;
  /** How to decode; the browser passes one that runs in a worker. Default: in this thread. */
  decode?: (source: ByteSource, sniffed: Sniffed) => Promise<Decoded>;
}

/** Everything a load learned, enough to show the first screen and to re-map roles later. */
export interface LoadResult {
  /** The raw table holding the file's columns as read. */
  table: string;
  sniffed: Sniffed;
  profiles: ColumnProfile[];
  guesses: RoleGuess[];
  roles: RoleMap;
  timestamp: TimestampSpec | null;
  report: LoadReport;
  /** What stops the canonical tables from being built (missing roles); empty when they were built. */
  problems: string[];
  /** Lines DuckDB could not read. */
  rejectedLines: RejectedLine[];
}

/** Loads one file into `db` and builds the canonical tables from it. */
export async function loadFile(db: Db, source: ByteSource, options: LoadOptions = {}): Promise<LoadResult> {
  const clock = stopwatch();
  const progress = options.onProgress ?? (() => {});
  if (source.size === 0) {
    throw new IngestError(`“${source.name}” is empty. Export the data again, or pick another file.`);
  }
  progress({ stage: 'reading', fraction: 0 });
  const detected = await sniffSource(source);
  const sniffed = options.hasHeader === undefined ? detected : { ...detected, hasHeader: options.hasHeader };
  clock.lap('sniff');

  progress({ stage: 'decoding', fraction: 0.05 });
  const decoded = await (options.decode ?? decodeHere)(source, sniffed);
  clock.lap('decode');

  progress({ stage: 'loading', fraction: 0.2 });
  const table = options.table ?? rawTableName(source.name);
  const staging = `${table}__loading`;
  const raw = await withEngineErrors(source.name, () => loadRawTable(db, source, decoded, staging));
  if (raw.rows === 0) {
    await db.exec(`DROP TABLE IF EXISTS ${ident(staging)}`);
    const why = raw.rejected.length > 0 ? ` DuckDB could not read its ${raw.rejected.length} line(s): ${raw.rejected[0]?.message}.` : '';
    throw new IngestError(`“${source.name}” has no rows of data.${why} Check that it is the export you meant to open.`);
  }
  await db.exec(`DROP TABLE IF EXISTS ${ident(table)}; ALTER TABLE ${ident(staging)} RENAME TO ${ident(table)}`);
  clock.lap('load');

  progress({ stage: 'profiling', fraction: 0.6 });
  const profiles = await profileColumns(db, table);
  const guesses = detectRoles(profiles);
  clock.lap('profile');
  const base: Omit<LoadResult, 'roles' | 'timestamp' | 'report' | 'problems'> = {
    table,
    sniffed,
    profiles,
    guesses,
    rejectedLines: raw.rejected,
  };
  const roles = { ...roleMapOf(guesses), ...resolvePositions(options.roles ?? {}, profiles) };
  return buildFromRoles(db, base, roles, raw.rows, decoded.warnings ?? [], clock, progress, source.name);
}

/** Rebuilds the canonical tables of an already loaded file with other roles. */
export async function remapRoles(db: Db, loaded: LoadResult, roles: RoleMap): Promise<LoadResult> {
  const clock = stopwatch();
  const resolved = resolvePositions(roles, loaded.profiles);
  return buildFromRoles(db, loaded, resolved, loaded.report.rowsRead, [], clock, () => {}, loaded.report.file);
}

async function buildFromRoles(
  db: Db,
  base: Omit<LoadResult, 'roles' | 'timestamp' | 'report' | 'problems'>,
  roles: RoleMap,
  rowsRead: number,
  decodeWarnings: string[],
  clock: Stopwatch,
  progress: (p: LoadProgress) => void,
  fileName: string,
): Promise<LoadResult> {
  const { table, sniffed, profiles, rejectedLines } = base;
  const problems = missingRoles(roles);
  const warnings = [...sniffed.warnings, ...decodeWarnings, ...roleWarnings(roles)];
  let timestamp: TimestampInference | null = null;
  let counts: CanonicalCounts | null = null;
  if (problems.length === 0 && roles.timestamp) {
    progress({ stage: 'mapping', fraction: 0.7 });
    const tsProfile = profiles.find((p) => p.name === roles.timestamp);
    timestamp = await inferTimestamp(db, table, roles.timestamp, tsProfile?.type ?? 'VARCHAR').catch((error: unknown) => {
      if (!(error instanceof IngestError)) throw error;
      problems.push(error.message);
      return null;
    });
    clock.lap('dates');
  }
  if (timestamp) {
    const spec = timestamp.spec;
    warnings.push(...timestamp.warnings);
    progress({ stage: 'building', fraction: 0.8 });
    counts = await inTransaction(db, () => buildCanonical(db, table, roles, spec));
    clock.lap('canonical');
  }
  progress({ stage: 'building', fraction: 1 });
  const report = makeReport({ fileName, sniffed, rowsRead, rejectedLines, roles, timestamp, counts, warnings, clock });
  return { ...base, roles, timestamp: timestamp?.spec ?? null, report, problems };
}

function makeReport(parts: {
  fileName: string;
  sniffed: Sniffed;
  rowsRead: number;
  rejectedLines: RejectedLine[];
  roles: RoleMap;
  timestamp: TimestampInference | null;
  counts: CanonicalCounts | null;
  warnings: string[];
  clock: Stopwatch;
}): LoadReport {
  const { sniffed, rejectedLines, counts, timestamp } = parts;
  const rejected = groupRejects(rejectedLines);
  return {
    file: parts.fileName,
    format: sniffed.format,
    encoding: sniffed.encoding,
    delimiter: sniffed.delimiter,
    hasHeader: sniffed.hasHeader,
    rowsRead: parts.rowsRead,
    rowsRejected: rejectedLines.length,
    rejected,
    duplicatesDropped: counts?.duplicatesDropped ?? 0,
    guestRows: counts?.guestRows ?? 0,
    returnsExcluded: counts?.returnsExcluded ?? 0,
    excluded: counts?.excluded ?? [],
    dateFormat: timestamp?.label ?? null,
    dateRange: counts?.dateRange ?? { min: null, max: null },
    customers: counts?.customers ?? 0,
    orders: counts?.orders ?? 0,
    lines: counts?.lines ?? 0,
    revenue: Math.round((counts?.revenue ?? 0) * 100) / 100,
    events: counts?.events ?? 0,
    roles: parts.roles,
    warnings: parts.warnings,
    timingsMs: parts.clock.laps,
  };
}

function groupRejects(lines: RejectedLine[]): RowIssue[] {
  const byType = new Map<string, RowIssue>();
  for (const line of lines) {
    const issue = byType.get(line.errorType) ?? { reason: rejectReason(line.errorType), count: 0, examples: [] };
    issue.count += 1;
    if (issue.examples.length < 3) issue.examples.push(`line ${line.line}: ${line.text.slice(0, 120)}`);
    byType.set(line.errorType, issue);
  }
  return [...byType.values()];
}

function rejectReason(errorType: string): string {
  switch (errorType) {
    case 'MISSING COLUMNS':
      return 'fewer fields than the header (a cut or short line)';
    case 'TOO MANY COLUMNS':
      return 'more fields than the header (an unquoted delimiter?)';
    case 'UNQUOTED VALUE':
      return 'a quote that is never closed';
    case 'INVALID ENCODING':
      return 'bytes that are not valid text in the detected encoding';
    default:
      return errorType.toLowerCase();
  }
}

/** `#3` in a role map means the third column; turns positions into column names. */
function resolvePositions(roles: RoleMap, profiles: ColumnProfile[]): RoleMap {
  const resolved: RoleMap = {};
  for (const [role, column] of Object.entries(roles) as [keyof RoleMap, string][]) {
    const position = /^#(\d+)$/.exec(column.trim());
    const name = position ? profiles[Number(position[1]) - 1]?.name : column;
    if (!name || !profiles.some((p) => p.name === name)) {
      const names = profiles.map((p, i) => `#${i + 1} ${p.name}`).join(', ');
      throw new IngestError(`There is no column “${column}” for ${role}. The columns are: ${names}.`);
    }
    resolved[role] = name;
  }
  return resolved;
}

/** A raw table name from a file name: `Orders 2023.csv` -> `src_orders_2023`. */
export function rawTableName(fileName: string): string {
  const stem = fileName.replace(/\.[^.]*$/, '').toLowerCase().normalize('NFKD');
  const slug = stem.replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40);
  return `src_${slug || 'data'}`;
}

/** Runs `work` in a transaction, so a failure leaves every earlier table as it was. */
async function inTransaction<T>(db: Db, work: () => Promise<T>): Promise<T> {
  await db.exec('BEGIN TRANSACTION');
  try {
    const result = await work();
    await db.exec('COMMIT');
    return result;
  } catch (error) {
    await db.exec('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Turns the engine's out-of-memory failures into a message the user can act on. */
async function withEngineErrors<T>(fileName: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/out of memory|memory access out of bounds|could not allocate|Array buffer allocation failed/i.test(message)) {
      throw new IngestError(
        `“${fileName}” is too large for this browser's memory. Load a smaller export (for example one year), or use the command line, which has more memory.`,
        { cause: error },
      );
    }
    throw error;
  }
}

interface Stopwatch {
  laps: Record<string, number>;
  lap(name: string): void;
}

function stopwatch(): Stopwatch {
  let last = performance.now();
  const laps: Record<string, number> = {};
  return {
    laps,
    lap(name) {
      const now = performance.now();
      laps[name] = Math.round(now - last);
      last = now;
    },
  };
}
