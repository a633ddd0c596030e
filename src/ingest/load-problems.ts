/**
 * What a load must say first. Nothing is silently dropped: more than PROBLEM_SHARE of the rows left
 * out for one data-quality reason (an unreadable or implausible date, an implausible or missing
 * number, a line DuckDB could not read) is a problem at the top of the report, with a count, examples
 * and, for dates, the readings the user can pick. Below that share it is a line among the warnings.
 * Guests, returns, duplicates and non-purchase events follow the purchase rules and are only counted.
 */
import { EXCLUSION_REASONS, type CanonicalCounts, type ExclusionCode } from './canonical-counts';
import type { TimestampInference } from './dates';
import type { IngestError } from './errors';
import { lineEndingNote, type LineEndings } from './line-endings';
import type { RejectedLine } from './raw-table';
import type { ColumnProfile, DateChoice, LoadProblem, RoleMap, RowIssue } from './types';
import { each, say, type Lang, type Localized } from '../text/language';

/** Rows left out for one reason above this share of the file are a problem, not a warning line. */
export const PROBLEM_SHARE = 0.005;

/** The sentence every customer analysis shows, in the app and on the command line, for a file without customers. */
export const NO_CUSTOMER_COLUMN = say('This file has no customer column, so customer retention cannot be measured.', '这个文件没有客户列，因此无法衡量客户留存。');

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
export function loadProblems(inputs: ProblemInputs): { problems: LoadProblem[]; notes: Localized[] } {
  const { roles, rowsRead, timestamp, counts } = inputs;
  const problems: LoadProblem[] = [];
  const notes: Localized[] = [];
  const large = (rows: number) => rows > rowsRead * PROBLEM_SHARE;

  if (inputs.unmarkedEvents) {
    const column = inputs.profiles.find((p) => p.name === inputs.unmarkedEvents);
    const values = column ? quoted(column.examples.slice(0, 5)) : null;
    const name = inputs.unmarkedEvents;
    problems.push({
      code: 'no_purchases',
      blocking: true,
      message: say(
        `This looks like an event log, but nothing in it marks a purchase: “${name}” holds no known event type${values ? ` (its values: ${values})` : ''}, and no column gives an amount or a price. Map the column that says which rows are purchases as the event type, or load an order export.`,
        `这看起来是一份行为日志，但没有任何内容标出哪些是购买：“${name}”里没有已知的事件类型${values ? `（它的值：${values}）` : ''}，也没有哪一列给出金额或价格。请把标明哪些行是购买的那一列映射为事件类型，或者加载订单导出文件。`,
      ),
    });
  }
  if (!roles.timestamp) {
    problems.push({
      code: 'no_timestamp_column',
      blocking: true,
      message: say(
        'This file has no column that looks like a date or time of purchase. Pick one in the mapping form, or load an order export.',
        '这个文件里没有看起来像购买日期或时间的列。请在列映射表单中选择一列，或者加载订单导出文件。',
      ),
    });
  } else if (inputs.timestampError) {
    problems.push({ code: 'unreadable_timestamp', blocking: true, message: inputs.timestampError.text, dateChoices: DATE_CHOICES });
  }
  if (!roles.customer_id) {
    problems.push({
      code: 'no_customer_column',
      blocking: false,
      message: say(
        `${NO_CUSTOMER_COLUMN.en} Revenue, orders and order value over time still work. If a column does identify customers, pick it as the customer id in the mapping form.`,
        `${NO_CUSTOMER_COLUMN['zh-CN']}收入、订单数和订单金额随时间的变化仍然可以分析。如果确实有一列能识别客户，请在列映射表单中把它选为客户编号。`,
      ),
    });
  }
  if (timestamp && timestamp.failedRows > 0) {
    const examples = timestamp.failedExamples;
    const failed = timestamp.failedRows;
    const sentence = say(
      `${count(failed, 'en')} (${share(failed, rowsRead)}) have a “${roles.timestamp}” value that is not a ${timestamp.label} date (for example ${quoted(examples)}), so they are left out.`,
      `${count(failed, 'zh-CN')}（${share(failed, rowsRead)}）的“${roles.timestamp}”值不是 ${timestamp.label} 格式的日期（例如 ${quoted(examples)}），因此未计入。`,
    );
    if (large(failed)) {
      const other = timestamp.otherOrderRows;
      const mixed =
        other > 0
          ? say(
              ` ${count(other, 'en')} of them only make sense with day and month the other way round: the column mixes the two orders. Pick the right one under “How dates are written” in the mapping form (--date-format on the command line).`,
              `其中 ${count(other, 'zh-CN')}只有把日和月对调才说得通：这一列混用了两种顺序。请在列映射表单的“日期的写法”中选择正确的一种（命令行用 --date-format）。`,
            )
          : say(
              ' If they are dates written another way, pick the reading under “How dates are written” in the mapping form (--date-format on the command line).',
              '如果它们是另一种写法的日期，请在列映射表单的“日期的写法”中选择读法（命令行用 --date-format）。',
            );
      problems.push({ code: 'unreadable_timestamp', blocking: false, message: joined(sentence, mixed), rows: failed, examples, dateChoices: DATE_CHOICES });
    } else {
      notes.push(sentence);
    }
  }
  for (const issue of (counts?.excluded ?? []).filter((i) => DATA_QUALITY.includes(i.code))) {
    const examples = issue.examples.length > 0 ? quoted(issue.examples) : null;
    const sentence = each((lang) =>
      lang === 'en'
        ? `${count(issue.count, lang)} (${share(issue.count, rowsRead)}) left out: ${issue.reason.en}${examples ? ` (for example ${examples})` : ''}.`
        : `${count(issue.count, lang)}（${share(issue.count, rowsRead)}）未计入：${issue.reason[lang]}${examples ? `（例如 ${examples}）` : ''}。`,
    );
    if (large(issue.count)) problems.push({ code: 'rows_left_out', blocking: false, message: sentence, rows: issue.count, examples: issue.examples });
    else notes.push(sentence);
  }
  const unread = inputs.rejectedLines.length;
  if (large(unread)) {
    const examples = inputs.rejectedLines.slice(0, 3).map((line) => `line ${line.line}: ${line.text.slice(0, 80)}`);
    problems.push({
      code: 'rows_left_out',
      blocking: false,
      message: say(
        `${count(unread, 'en', 'line')} (${share(unread, rowsRead + unread)}) could not be read (for example ${quoted(examples)}): their fields do not match the header. Export the file again, or fix those lines.`,
        `${count(unread, 'zh-CN', 'line')}（${share(unread, rowsRead + unread)}）无法读取（例如 ${quoted(examples)}）：它们的字段与表头对不上。请重新导出文件，或修正这些行。`,
      ),
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

function noPurchasesSentence(counts: CanonicalCounts, roles: RoleMap): Localized {
  const reasons: RowIssue[] = [
    ...(counts.nonPurchaseEvents > 0 ? [{ reason: EXCLUSION_REASONS.not_purchase, count: counts.nonPurchaseEvents, examples: [] }] : []),
    ...counts.returns,
    ...(counts.guestRows > 0 ? [{ reason: EXCLUSION_REASONS.guest, count: counts.guestRows, examples: [] }] : []),
    ...counts.excluded,
  ].filter((r) => r.count > 0);
  const why = (lang: Lang) => reasons.map((r) => `${r.count.toLocaleString(lang)} ${r.reason[lang]}`).join(lang === 'en' ? '; ' : '；');
  const hint = roles.event_type
    ? say(' If purchases are marked in another column, map it as the event type; or load an order export.', '如果购买标记在另一列，请把它映射为事件类型；或者加载订单导出文件。')
    : say(' Check the status and amount columns in the mapping form.', '请在列映射表单中检查状态列和金额列。');
  return each((lang) =>
    lang === 'en'
      ? `No row of this file is a purchase${reasons.length ? ` (${why(lang)})` : ''}, so there is nothing to analyse.${hint.en}`
      : `这个文件里没有任何一行是购买${reasons.length ? `（${why(lang)}）` : ''}，因此没有可分析的内容。${hint[lang]}`,
  );
}

/** "1,204 rows" / "1,204 行". */
function count(n: number, lang: Lang, noun: 'row' | 'line' = 'row'): string {
  if (lang === 'zh-CN') return `${n.toLocaleString(lang)} 行`;
  return `${n.toLocaleString(lang)} ${noun}${n === 1 ? '' : 's'}`;
}

/** Two sentences as one text (the English one starts its second sentence with a space). */
function joined(first: Localized, second: Localized): Localized {
  return each((lang) => first[lang] + second[lang]);
}

function share(part: number, whole: number): string {
  const pct = whole > 0 ? (part / whole) * 100 : 0;
  return `${pct < 0.1 ? pct.toFixed(2) : pct.toFixed(1)}%`;
}

function quoted(values: string[]): string {
  return values.map((v) => `“${v}”`).join(', ');
}
