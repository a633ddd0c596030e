/**
 * What a load must say first. Nothing is silently dropped: more than PROBLEM_SHARE of the rows left
 * out for one data-quality reason (an unreadable or implausible date, an implausible or missing
 * number, a line DuckDB could not read) is a problem at the top of the report, with a count, examples
 * and, for dates, the readings the user can pick. Below that share it is a line among the warnings.
 * Guests, returns, duplicates and non-purchase events follow the purchase rules and are only counted.
 */
import type { CanonicalCounts, ExclusionCode } from './canonical-counts';
import type { TimestampInference } from './dates';
import type { IngestError } from './errors';
import { lineEndingNote, type LineEndings } from './line-endings';
import type { RejectedLine } from './raw-table';
import type { ColumnProfile, DateChoice, LoadProblem, RoleMap, RowIssue } from './types';

/** Rows left out for one reason above this share of the file are a problem, not a warning line. */
export const PROBLEM_SHARE = 0.005;

/** The sentence every customer analysis shows, in the app and on the command line, for a file without customers. */
export const NO_CUSTOMER_COLUMN = 'This file has no customer column, so customer retention cannot be measured.';

/** The readings of a date column the user can choose from. */
export const DATE_CHOICES: DateChoice[] = ['auto', 'day-first', 'month-first', 'year-first'];

/** True when the canonical tables were built from a load (nothing blocking). */
export function isAnalysable(result: { problems: LoadProblem[] }): boolean {
  return !result.problems.some((p) => p.blocking);
}

/** True when customer analyses can run: the tables were built and a customer column is mapped. */
export function hasCustomers(result: { problems: LoadProblem[]; roles: RoleMap }): boolean {
  return isAnalysable(result) && Boolean(result.roles.customer_id);
}

/** Exclusions that mean the data is wrong (not a business rule such as a return). */
const DATA_QUALITY: ExclusionCode[] = ['implausible_value', 'implausible_date', 'missing_amount', 'missing_quantity', 'missing_price'];

export interface ProblemInputs {
  roles: RoleMap;
  rowsRead: number;
  rejectedLines: RejectedLine[];
  timestamp: TimestampInference | null;
  timestampError: IngestError | null;
  counts: CanonicalCounts | null;
  lineEndings: LineEndings | null;
  /** An event-type-like column whose values are no known events, when nothing else marks purchases. */
  unmarkedEvents: string | null;
  profiles: ColumnProfile[];
}

/** The problems of a load, and the notes (warning lines) for what stays below the problem share. */
export function loadProblems(inputs: ProblemInputs): { problems: LoadProblem[]; notes: string[] } {
  const { roles, rowsRead, timestamp, counts } = inputs;
  const problems: LoadProblem[] = [];
  const notes: string[] = [];
  const large = (rows: number) => rows > rowsRead * PROBLEM_SHARE;

  if (inputs.unmarkedEvents) {
    const column = inputs.profiles.find((p) => p.name === inputs.unmarkedEvents);
    const values = column ? ` (its values: ${quoted(column.examples.slice(0, 5))})` : '';
    problems.push({
      code: 'no_purchases',
      blocking: true,
      message: `This looks like an event log, but nothing in it marks a purchase: “${inputs.unmarkedEvents}” holds no known event type${values}, and no column gives an amount or a price. Map the column that says which rows are purchases as the event type, or load an order export.`,
    });
  }
  if (!roles.timestamp) {
    problems.push({
      code: 'no_timestamp_column',
      blocking: true,
      message: 'This file has no column that looks like a date or time of purchase. Pick one in the mapping form, or load an order export.',
    });
  } else if (inputs.timestampError) {
    problems.push({ code: 'unreadable_timestamp', blocking: true, message: inputs.timestampError.message, dateChoices: DATE_CHOICES });
  }
  if (!roles.customer_id) {
    problems.push({
      code: 'no_customer_column',
      blocking: false,
      message: `${NO_CUSTOMER_COLUMN} Revenue, orders and order value over time still work. If a column does identify customers, pick it as the customer id in the mapping form.`,
    });
  }
  if (timestamp && timestamp.failedRows > 0) {
    const examples = timestamp.failedExamples;
    const sentence = `${count(timestamp.failedRows)} (${share(timestamp.failedRows, rowsRead)}) have a “${roles.timestamp}” value that is not a ${timestamp.label} date (for example ${quoted(examples)}), so they are left out.`;
    if (large(timestamp.failedRows)) {
      const mixed =
        timestamp.otherOrderRows > 0
          ? ` ${count(timestamp.otherOrderRows)} of them only make sense with day and month the other way round: the column mixes the two orders. Pick the right one under “How dates are written” in the mapping form (--date-format on the command line).`
          : ' If they are dates written another way, pick the reading under “How dates are written” in the mapping form (--date-format on the command line).';
      problems.push({ code: 'unreadable_timestamp', blocking: false, message: sentence + mixed, rows: timestamp.failedRows, examples, dateChoices: DATE_CHOICES });
    } else {
      notes.push(sentence);
    }
  }
  for (const issue of (counts?.excluded ?? []).filter((i) => DATA_QUALITY.includes(i.code))) {
    const sentence = `${count(issue.count)} (${share(issue.count, rowsRead)}) left out: ${issue.reason}${issue.examples.length > 0 ? ` (for example ${quoted(issue.examples)})` : ''}.`;
    if (large(issue.count)) problems.push({ code: 'rows_left_out', blocking: false, message: sentence, rows: issue.count, examples: issue.examples });
    else notes.push(sentence);
  }
  const unread = inputs.rejectedLines.length;
  if (large(unread)) {
    const examples = inputs.rejectedLines.slice(0, 3).map((line) => `line ${line.line}: ${line.text.slice(0, 80)}`);
    problems.push({
      code: 'rows_left_out',
      blocking: false,
      message: `${count(unread, 'line')} (${share(unread, rowsRead + unread)}) could not be read (for example ${quoted(examples)}): their fields do not match the header. Export the file again, or fix those lines.`,
      rows: unread,
      examples,
    });
  }
  const stray = inputs.lineEndings && inputs.lineEndings.loneCr > 0 ? lineEndingNote(inputs.lineEndings) : null;
  if (stray) problems.push({ code: 'stray_carriage_return', blocking: false, message: stray, rows: inputs.lineEndings!.loneCr });
  if (counts && counts.lines === 0 && rowsRead > 0) {
    problems.push({ code: 'no_purchases', blocking: false, message: noPurchasesSentence(counts, roles) });
  }
  return { problems, notes };
}

function noPurchasesSentence(counts: CanonicalCounts, roles: RoleMap): string {
  const reasons: RowIssue[] = [
    ...(counts.nonPurchaseEvents > 0 ? [{ reason: 'not a purchase event', count: counts.nonPurchaseEvents, examples: [] }] : []),
    ...counts.returns,
    ...(counts.guestRows > 0 ? [{ reason: 'guest / anonymous (no customer id)', count: counts.guestRows, examples: [] }] : []),
    ...counts.excluded,
  ].filter((r) => r.count > 0);
  const why = reasons.map((r) => `${r.count.toLocaleString('en')} ${r.reason}`).join('; ');
  const hint = roles.event_type
    ? ' If purchases are marked in another column, map it as the event type; or load an order export.'
    : ' Check the status and amount columns in the mapping form.';
  return `No row of this file is a purchase${why ? ` (${why})` : ''}, so there is nothing to analyse.${hint}`;
}

function count(n: number, noun = 'row'): string {
  return `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`;
}

function share(part: number, whole: number): string {
  const pct = whole > 0 ? (part / whole) * 100 : 0;
  return `${pct < 0.1 ? pct.toFixed(2) : pct.toFixed(1)}%`;
}

function quoted(values: string[]): string {
  return values.map((v) => `“${v}”`).join(', ');
}
