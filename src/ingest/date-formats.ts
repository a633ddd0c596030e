/**
 * Date formats as data: the strptime format families tried by inference, the regular expression
 * of each format (a cheap shape test: a failing strptime costs microseconds in WASM), labels for
 * people, and the SQL that turns a raw column into TIMESTAMP once a format is chosen.
 */
import { literal } from '../sql/quote';
import type { TimestampSpec } from './types';

/** A family of strptime formats sharing one date order. */
export interface DateFamily {
  key: string;
  formats: string[];
  /** Family that reads the same text with day and month swapped. */
  swapped?: string;
  note?: string;
}

const TIMES_24 = ['%H:%M:%S.%f', '%H:%M:%S', '%H:%M'];
const TIMES_12 = ['%I:%M:%S %p', '%I:%M %p', '%I:%M:%S%p', '%I:%M%p'];

function withTimes(date: string, allowT: boolean): string[] {
  const spaced = [...TIMES_24, ...TIMES_12].map((time) => `${date} ${time}`);
  const iso = allowT ? TIMES_24.map((time) => `${date}T${time}`) : [];
  return [...spaced, ...iso, date];
}

function buildFamilies(): DateFamily[] {
  const families: DateFamily[] = [];
  for (const sep of ['-', '/', '.']) {
    families.push({ key: `ymd${sep}`, formats: withTimes(`%Y${sep}%m${sep}%d`, sep === '-') });
  }
  // One column may mix 4- and 2-digit years (`12/06/2010 10:08` beside `2/20/11 11:39`): one family holds both.
  for (const sep of ['/', '-', '.']) {
    const both = (date: (year: string) => string) => ['%Y', '%y'].flatMap((year) => withTimes(date(year), false));
    families.push({ key: `mdy${sep}`, formats: both((y) => `%m${sep}%d${sep}${y}`), swapped: `dmy${sep}`, note: 'month first' });
    families.push({ key: `dmy${sep}`, formats: both((y) => `%d${sep}%m${sep}${y}`), swapped: `mdy${sep}`, note: 'day first' });
  }
  families.push({
    key: 'zh',
    formats: ['%Y年%m月%d日 %H:%M:%S', '%Y年%m月%d日 %H:%M', '%Y年%m月%d日%H:%M:%S', '%Y年%m月%d日%H:%M', '%Y年%m月%d日'],
  });
  families.push({ key: 'dmonY', formats: withTimes('%d %b %Y', false).concat(withTimes('%d %B %Y', false)) });
  families.push({ key: 'monDY', formats: withTimes('%b %d, %Y', false).concat(withTimes('%B %d, %Y', false)) });
  return families;
}

/** Every date family tried, in order of preference when several read all values. */
export const DATE_FAMILIES: readonly DateFamily[] = buildFamilies();

/** Trailing time zone after a time: `Z`, `UTC`, `+02:00`, `-0500`. */
export const ZONE_SUFFIX = '([0-9])\\s*(Z|UTC|GMT|[+-][0-9]{2}:?[0-9]{2})$';

/** SQL turning text into the same text without a trailing time zone. */
export function stripZoneSql(textSql: string): string {
  return `regexp_replace(${textSql}, ${literal(ZONE_SUFFIX)}, '\\1')`;
}

/**
 * SQL turning the raw column into a TIMESTAMP (NULL where the value cannot be read). For text
 * formats `columnSql` must be trimmed text (inference reads trimmed values; pass a column, it is repeated).
 */
export function timestampSql(columnSql: string, spec: TimestampSpec): string {
  switch (spec.kind) {
    case 'native':
      return `TRY_CAST(${columnSql} AS TIMESTAMP)`;
    case 'epoch_s':
      return `epoch_ms(CAST(round(TRY_CAST(${columnSql} AS DOUBLE) * 1000) AS BIGINT))`;
    case 'epoch_ms':
      return `epoch_ms(CAST(round(TRY_CAST(${columnSql} AS DOUBLE)) AS BIGINT))`;
    case 'yyyymmdd':
      return `try_strptime(CAST(TRY_CAST(${columnSql} AS BIGINT) AS VARCHAR), '%Y%m%d')`;
    case 'strptime': {
      const source = spec.stripZone ? stripZoneSql(columnSql) : columnSql;
      const parsed = strptimeSql(source, spec.formats);
      return spec.iso && !spec.formats.every(isIsoFormat) ? `CASE WHEN ${isoValueSql(source)} THEN TRY_CAST(${source} AS TIMESTAMP) ELSE ${parsed} END` : parsed;
    }
  }
}

/**
 * True when timestampSql reads text with DuckDB's TIMESTAMP cast alone (ISO dates, no zone to strip): the cast
 * skips blanks and reads missing-value words as NULL, so the column needs no cleaning first.
 */
export function readsRawText(spec: TimestampSpec): boolean {
  return spec.kind === 'strptime' && !spec.stripZone && spec.formats.every(isIsoFormat);
}

/** SQL: true for a value written year first with dashes (`2011-02-20 …`), read by DuckDB's own cast. */
export function isoValueSql(text: string): string {
  return `regexp_matches(${text}, '^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([ T]|$)')`;
}

/**
 * ISO dates go through DuckDB's own cast (the fastest parser).
 * Other formats are routed by cheap string tests to the one format that fits, because a failing
 * strptime attempt costs some microseconds in WASM — far too much to try formats in turn per row —
 * and because `%Y` would read the `11` of `2/20/11` as the year 11.
 */
function strptimeSql(source: string, formats: string[]): string {
  if (formats.every(isIsoFormat)) return `TRY_CAST(${source} AS TIMESTAMP)`;
  if (formats.length === 1) return `try_strptime(${source}, ${literal(formats[0]!)})`;
  const mixedYears = new Set(formats.map(yearDigits)).size > 1;
  const keyOf = (format: string) => (mixedYears ? `${timeKey(format)}|${yearDigits(format)}` : timeKey(format));
  const groups = new Map<string, string[]>();
  for (const format of formats) groups.set(keyOf(format), [...(groups.get(keyOf(format)) ?? []), format]);
  const keySql = mixedYears ? `concat(${timeKeySql(source)}, '|', ${yearDigitsSql(source)})` : timeKeySql(source);
  const branches = [...groups].map(([key, group]) => {
    const parse = group.length === 1 ? literal(group[0]!) : formatList(group);
    return `WHEN ${literal(key)} THEN try_strptime(${source}, ${parse})`;
  });
  return `CASE ${keySql} ${branches.join(' ')} END`;
}

function isIsoFormat(format: string): boolean {
  return format.startsWith('%Y-%m-%d') && !format.includes('%p');
}

/** Digits of the year a format reads: 4 for `%Y`, 2 for `%y`, 0 without a year. */
export function yearDigits(format: string): number {
  return format.includes('%Y') ? 4 : format.includes('%y') ? 2 : 0;
}

/** SQL: the digits ending the date part of a value (its year in `M/D/Y` forms). */
export function yearDigitsSql(text: string): string {
  const date = `split_part(${text}, ' ', 1)`;
  return `length(${date}) - length(rtrim(${date}, '0123456789'))`;
}

/** What the time part of a format looks like: colons, fraction, AM/PM (e.g. `2:f:p`). */
export function timeKey(format: string): string {
  const colons = format.split(':').length - 1;
  return `${colons}:${format.includes('%f') ? 'f' : ''}:${format.includes('%p') ? 'p' : ''}`;
}

/** SQL computing timeKey of a value. */
export function timeKeySql(text: string): string {
  return `concat(
      length(${text}) - length(replace(${text}, ':', '')), ':',
      CASE WHEN regexp_matches(${text}, ':[0-9]{2}[.][0-9]+') THEN 'f' ELSE '' END, ':',
      CASE WHEN upper(right(${text}, 2)) IN ('AM', 'PM') THEN 'p' ELSE '' END)`;
}

const REGEX_TOKENS: Record<string, string> = {
  '%Y': '(19|2[01])[0-9]{2}',
  '%y': '[0-9]{2}',
  '%m': '(0?[1-9]|1[0-2])',
  '%d': '(0?[1-9]|[12][0-9]|3[01])',
  '%H': '([01]?[0-9]|2[0-3])',
  '%I': '(0?[1-9]|1[0-2])',
  '%M': '[0-5][0-9]',
  '%S': '[0-5][0-9]',
  '%f': '[0-9]{1,9}',
  '%p': '[AaPp][Mm]',
  '%b': '[A-Za-z]{3}',
  '%B': '[A-Za-z]{3,9}',
};

/** A regular expression (unanchored) matching the text a strptime format reads. */
export function formatRegex(format: string): string {
  return format.replace(/%[a-zA-Z]|[.^$|?*+()[\]{}\\]/g, (token) =>
    token.startsWith('%') ? (REGEX_TOKENS[token] ?? '.+') : `\\${token}`,
  );
}

/** SQL: true when `text` has the shape of one of `formats`. */
export function matchesSql(text: string, formats: string[]): string {
  return `regexp_matches(${text}, ${literal(`^(${formats.map(formatRegex).join('|')})$`)})`;
}

/** SQL list literal of formats. */
function formatList(formats: string[]): string {
  return `[${formats.map(literal).join(', ')}]`;
}

const LABEL_TOKENS: Record<string, string> = {
  '%Y': 'YYYY',
  '%y': 'YY',
  '%m': 'M',
  '%d': 'D',
  '%H': 'hh',
  '%I': 'hh',
  '%M': 'mm',
  '%S': 'ss',
  '%f': 'ffffff',
  '%p': 'AM/PM',
  '%b': 'Mon',
  '%B': 'Month',
};

/** A strptime format written for people: `%d/%m/%Y %H:%M` -> `D/M/YYYY hh:mm`. */
export function formatLabel(format: string, note?: string, stripZone = false): string {
  let label = format.replace(/%[a-zA-Z]/g, (token) => LABEL_TOKENS[token] ?? token);
  if (/^%Y.%m.%d/.test(format)) label = label.replace(/^YYYY(.)M(.)D/, 'YYYY$1MM$2DD');
  const notes = [note, stripZone ? 'time zone dropped' : undefined].filter(Boolean);
  return notes.length > 0 ? `${label} (${notes.join(', ')})` : label;
}
