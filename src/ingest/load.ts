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
import { lineEndingNote, type LineEndings } from './line-endings';
import { loadProblems } from './load-problems';
import { columnEvidence, holdsEmails } from './profile';
import { loadRawTable, type RejectedLine } from './raw-table';
import { detectRoles, roleMapOf, roleWarnings, unrecognisedEventColumn } from './roles';
import { sniffSource } from './sniff';
import { detectCurrency } from './currency';
import type {
  Currency,
  ByteSource,
  ColumnDependency,
  ColumnProfile,
  DateChoice,
  Decoded,
  LoadProblem,
  LoadReport,
  RoleGuess,
  RowIssue,
  RoleMap,
  Sniffed,
  TimestampSpec,
} from './types';
import { say, type Localized } from '../text/language';

/** DuckDB's message when its strict CSV parser meets line endings of two kinds. */
const MIXED_ENDINGS_FAILURE = /CSV Parser state machine reached an invalid state/i;

/** Progress of a load, for a progress bar. */
export interface LoadProgress {
  stage: 'reading' | 'decoding' | 'loading' | 'profiling' | 'mapping' | 'building';
  /** 0..1 over the whole load. */
  fraction: number;
}

export interface LoadOptions {
  /** Roles chosen by the user; detected roles fill the gaps. */
  roles?: RoleMap;
  /**
   * The roles remembered for a file with these column names (a mapping the user chose earlier for the
   * same layout), used whole instead of the detected ones; null when there are none. Asked once the
   * columns are known, so the canonical tables are built once, with the roles that will be shown.
   */
  rolesFor?: (columnNames: string[]) => Promise<RoleMap | null>;
  /** Overrides the detected header presence (a headerless file mapped by position). */
  hasHeader?: boolean;
  /** How to read the dates (default: inferred from all values). */
  dateChoice?: DateChoice;
  /** Builds the canonical tables and throws them away, leaving the current ones (rehearsal.ts warms the engine so). */
  rehearsal?: boolean;
  /** Now, in epoch milliseconds: dates more than a year after it are implausible (default: the clock). */
  now?: number;
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
  dependencies: ColumnDependency[];
  guesses: RoleGuess[];
  roles: RoleMap;
  timestamp: TimestampSpec | null;
  dateChoice: DateChoice;
  report: LoadReport;
  /**
   * What the user must see first (also in `report.problems`): blocking ones mean the canonical tables
   * were not built; the others say what was left out or which analyses are off.
   */
  problems: LoadProblem[];
  /** Lines DuckDB could not read. */
  rejectedLines: RejectedLine[];
  /** Line endings that were normalised, when the file mixed them. */
  lineEndings: LineEndings | null;
  /** Now, in epoch milliseconds, as the load saw it (kept so a re-map judges dates alike). */
  now: number;
}



/** Loads one file into `db` and builds the canonical tables from it. */
export async function loadFile(db: Db, source: ByteSource, options: LoadOptions = {}): Promise<LoadResult> {
  const clock = stopwatch();
  const progress = options.onProgress ?? (() => {});
  if (source.size === 0) {
    throw new IngestError(say(`“${source.name}” is empty. Export the data again, or pick another file.`, `“${source.name}”是空的。请重新导出数据，或选择另一个文件。`));
  }
  progress({ stage: 'reading', fraction: 0 });
  const detected = await sniffSource(source);
  const sniffed = options.hasHeader === undefined ? detected : { ...detected, hasHeader: options.hasHeader };
  clock.lap('sniff');

  progress({ stage: 'decoding', fraction: 0.05 });
  const decode = options.decode ?? decodeHere;
  let decoded = await decode(source, sniffed);
  clock.lap('decode');

  progress({ stage: 'loading', fraction: 0.2 });
  const table = options.table ?? rawTableName(source.name);
  const staging = `${table}__loading`;
  const readRaw = () => withEngineErrors(source.name, () => loadRawTable(db, source, decoded, staging));
  let raw = await readRaw().catch(async (error: unknown) => {
    // DuckDB's strict parser stops on a file that mixes CRLF and LF: read it again with one kind.
    if (decoded.kind !== 'csv' || !MIXED_ENDINGS_FAILURE.test(String((error as Error)?.message))) throw error;
    decoded = await decode(source, { ...sniffed, lineEndings: 'normalise' });
    if (decoded.kind !== 'csv' || !decoded.lineEndings) throw error;
    return readRaw();
  });
  if (decoded.kind === 'csv' && !decoded.lineEndings && raw.rejected.length > 0) {
    // A carriage return alone inside a line splits a record in two (one part usually rejected):
    // when the file has one, read it again with each stray CR as a space.
    const again = await decode(source, { ...sniffed, lineEndings: 'normalise' });
    if (again.kind === 'csv' && again.lineEndings) {
      decoded = again;
      raw = await readRaw();
    }
  }
  if (raw.rows === 0) {
    await db.exec(`DROP TABLE IF EXISTS ${ident(staging)}`);
    const lines = raw.rejected.length;
    const first = raw.rejected[0]?.message;
    throw new IngestError(
      say(
        `“${source.name}” has no rows of data.${lines > 0 ? ` DuckDB could not read its ${lines} line(s): ${first}.` : ''} Check that it is the export you meant to open.`,
        `“${source.name}”里没有数据行。${lines > 0 ? `DuckDB 无法读取其中的 ${lines} 行：${first}。` : ''}请确认这是你想打开的导出文件。`,
      ),
    );
  }
  await db.exec(`DROP TABLE IF EXISTS ${ident(table)}; ALTER TABLE ${ident(staging)} RENAME TO ${ident(table)}`);
  clock.lap('load');

  progress({ stage: 'profiling', fraction: 0.6 });
  const evidence = await withEngineErrors(source.name, () => columnEvidence(db, table, sniffed.hasHeader));
  const { profiles, dependencies } = evidence;
  const guesses = detectRoles(evidence);
  clock.lap('profile');
  const base: LoadBase = {
    table,
    sniffed,
    profiles,
    dependencies,
    guesses,
    rejectedLines: raw.rejected,
    lineEndings: decoded.kind === 'csv' ? (decoded.lineEndings ?? null) : null,
    now: options.now ?? Date.now(),
  };
  const remembered = options.rolesFor ? await options.rolesFor(profiles.map((p) => p.name)) : null;
  const roles = remembered ? resolvePositions(remembered, profiles) : { ...roleMapOf(guesses), ...resolvePositions(options.roles ?? {}, profiles) };
  const choice = { roles, dateChoice: options.dateChoice ?? 'auto', rehearsal: options.rehearsal ?? false };
  return withEngineErrors(source.name, () => buildFromRoles(db, base, choice, raw.rows, decoded.warnings ?? [], clock, progress, source.name));
}

/** Rebuilds the canonical tables of an already loaded file with other roles (or another reading of its dates). */
export async function remapRoles(db: Db, loaded: LoadResult, roles: RoleMap, dateChoice: DateChoice = loaded.dateChoice): Promise<LoadResult> {
  const clock = stopwatch();
  const mapping = { roles: resolvePositions(roles, loaded.profiles), dateChoice };
  return buildFromRoles(db, loaded, mapping, loaded.report.rowsRead, [], clock, () => {}, loaded.report.file);
}

type LoadBase = Omit<LoadResult, 'roles' | 'timestamp' | 'dateChoice' | 'report' | 'problems'>;

async function buildFromRoles(
  db: Db,
  base: LoadBase,
  choice: { roles: RoleMap; dateChoice: DateChoice; rehearsal?: boolean },
  rowsRead: number,
  decodeWarnings: Localized[],
  clock: Stopwatch,
  progress: (p: LoadProgress) => void,
  fileName: string,
): Promise<LoadResult> {
  const { table, sniffed, profiles, rejectedLines } = base;
  const { roles, dateChoice } = choice;
  const mixedEndings = base.lineEndings && base.lineEndings.loneCr === 0 ? lineEndingNote(base.lineEndings) : null;
  const warnings = [...sniffed.warnings, ...decodeWarnings, ...(mixedEndings ? [mixedEndings] : []), ...roleWarnings(roles)];
  let timestamp: TimestampInference | null = null;
  let timestampError: IngestError | null = null;
  let counts: CanonicalCounts | null = null;
  // Without an amount, a price or known event types, nothing tells a purchase from a page view.
  const unmarkedEvents = !roles.event_type && !roles.amount && !roles.unit_price ? unrecognisedEventColumn(profiles) : null;
  if (roles.timestamp && !unmarkedEvents) {
    progress({ stage: 'mapping', fraction: 0.7 });
    const tsProfile = profiles.find((p) => p.name === roles.timestamp);
    timestamp = await inferTimestamp(db, table, roles.timestamp, tsProfile?.type ?? 'VARCHAR', dateChoice).catch((error: unknown) => {
      if (!(error instanceof IngestError)) throw error;
      timestampError = error;
      return null;
    });
    clock.lap('dates');
  }
  if (timestamp) {
    const spec = timestamp.spec;
    warnings.push(...timestamp.warnings);
    progress({ stage: 'building', fraction: 0.8 });
    const customerEmails = holdsEmails(profiles.find((p) => p.name === roles.customer_id));
    counts = await buildCanonical(db, table, roles, spec, { customerEmails, now: base.now, discard: choice.rehearsal });
    warnings.push(...counts.notes);
    clock.lap('canonical');
  }
  const money = counts ? await detectCurrency(db, table, roles) : { currency: null, note: null };
  if (money.note) warnings.push(money.note);
  progress({ stage: 'building', fraction: 1 });
  const { problems, notes } = loadProblems({ roles, rowsRead, rejectedLines, timestamp, timestampError, counts, lineEndings: base.lineEndings, unmarkedEvents, profiles });
  warnings.push(...notes);
  const report = makeReport({ fileName, sniffed, rowsRead, rejectedLines, roles, timestamp, counts, currency: money.currency, warnings, problems, clock });
  return { ...base, roles, timestamp: timestamp?.spec ?? null, dateChoice, report, problems };
}

function makeReport(parts: {
  fileName: string;
  sniffed: Sniffed;
  rowsRead: number;
  rejectedLines: RejectedLine[];
  roles: RoleMap;
  timestamp: TimestampInference | null;
  counts: CanonicalCounts | null;
  currency: Currency | null;
  warnings: Localized[];
  problems: LoadProblem[];
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
    problems: parts.problems,
    refunds: counts?.refunds ?? { amount: 0, fullyRefundedOrders: 0 },
    currency: parts.currency,
    level: parts.roles.customer_id ? 'customer' : 'order',
    warnings: parts.warnings,
    timingsMs: parts.clock.laps,
  };
}

function groupRejects(lines: RejectedLine[]): RowIssue[] {
  const byType = new Map<string, RowIssue>();
  for (const line of lines) {
    const issue: RowIssue = byType.get(line.errorType) ?? { reason: rejectReason(line.errorType), count: 0, examples: [] };
    issue.count += 1;
    if (issue.examples.length < 3) issue.examples.push(`line ${line.line}: ${line.text.slice(0, 120)}`);
    byType.set(line.errorType, issue);
  }
  return [...byType.values()];
}

function rejectReason(errorType: string): Localized {
  switch (errorType) {
    case 'MISSING COLUMNS':
      return say('fewer fields than the header (a cut or short line)', '字段比表头少（行被截断或过短）');
    case 'TOO MANY COLUMNS':
      return say('more fields than the header (an unquoted delimiter?)', '字段比表头多（可能有未加引号的分隔符）');
    case 'UNQUOTED VALUE':
      return say('a quote that is never closed', '引号没有闭合');
    case 'INVALID ENCODING':
      return say('bytes that are not valid text in the detected encoding', '按检测到的编码不是有效文本的字节');
    default:
      return say(errorType.toLowerCase(), errorType.toLowerCase());
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
      throw new IngestError(say(`There is no column “${column}” for ${role}. The columns are: ${names}.`, `没有可用作 ${role} 的“${column}”列。现有的列是：${names}。`));
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

/** Turns the engine's out-of-memory failures into a message the user can act on. */
async function withEngineErrors<T>(fileName: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/out of memory|memory access out of bounds|could not allocate|Array buffer allocation failed/i.test(message)) {
      throw new IngestError(
        say(
          `“${fileName}” is too large for this browser's memory (a tab's database holds about 4 GB; 5 million lines fit). Load a smaller export (for example one year), or the same data as Parquet, which takes less memory; or analyse it with the command line (npx cohortbook), whose native engine uses all of this computer's memory and spills to disk.`,
          `“${fileName}”太大，超出了这个浏览器的内存（一个标签页的数据库约能容纳 4 GB，500 万行可以载入）。请加载更小的导出文件（例如一年的数据），或同一数据的 Parquet 文件（占用内存更少）；也可以用命令行（npx cohortbook）分析，它的本地引擎能使用这台电脑的全部内存，并可写入磁盘。`,
        ),
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
