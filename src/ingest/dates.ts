/**
 * Timestamp format inference. The first rows only shortlist the candidate formats by shape; the
 * choice between them is made on ALL values of the column: an ambiguous `3/4/2011` is settled by
 * any other row such as `13/4/2011`, and only when no row settles it is month-first assumed (with
 * a warning). One column may mix forms of one day/month order — 2- and 4-digit years, padded or not,
 * with or without seconds, and a few year-first ISO values — and all of them are read. Every value is
 * then checked with the chosen formats, and the rows they cannot read are counted with examples. The
 * user can force the order (`DateChoice`). Time zones are dropped to the wall time written in the file.
 */
import type { Db } from '../engine/db';
import { ident, literal } from '../sql/quote';
import { textSql } from './canonical-sql';
import {
  DATE_FAMILIES,
  formatLabel,
  isoValueSql,
  matchesSql,
  readsRawText,
  stripZoneSql,
  timeKey,
  timeKeySql,
  yearDigits,
  yearDigitsSql,
  timestampSql,
  ZONE_SUFFIX,
  type DateFamily,
} from './date-formats';
import { IngestError } from './errors';
import { isNumericType, isTemporalType } from './profile';
import type { DateChoice, TimestampSpec } from './types';
import { say, type Localized } from '../text/language';

export { formatLabel, formatRegex, timestampSql } from './date-formats';

/** What inferTimestamp found. */
export interface TimestampInference {
  spec: TimestampSpec;
  /** Human-readable format, e.g. `D/M/YYYY hh:mm (day first)`. */
  label: string;
  warnings: Localized[];
  /** Rows whose non-empty value the chosen format cannot read. */
  failedRows: number;
  /** Up to 3 such values. */
  failedExamples: string[];
  /** Rows of those the other day/month order would read (a column that mixes orders), 0 otherwise. */
  otherOrderRows: number;
}

/** Rows read to shortlist formats. */
const SAMPLE_ROWS = 20_000;

/** Infers how the values of `column` become timestamps, checking every value of the column. */
export async function inferTimestamp(
  db: Db,
  rawTable: string,
  column: string,
  columnType: string,
  choice: DateChoice = 'auto',
): Promise<TimestampInference> {
  if (isTemporalType(columnType)) {
    return { spec: { kind: 'native' }, label: `native ${columnType}`, warnings: [], failedRows: 0, failedExamples: [], otherOrderRows: 0 };
  }
  const text = textSql(ident(column), columnType);
  const all = `(SELECT v, 1 AS n FROM (SELECT ${text} AS v FROM ${ident(rawTable)}) WHERE v IS NOT NULL)`;
  const asRead = /^VARCHAR/i.test(columnType) ? `(SELECT ${ident(column)} AS v, 1 AS n FROM ${ident(rawTable)} WHERE ${ident(column)} IS NOT NULL)` : null;
  const sample = 'cb_ts_sample';
  await db.exec(
    `CREATE OR REPLACE TEMP TABLE ${sample} AS
     SELECT v, count(*) AS n
     FROM (SELECT ${text} AS v FROM ${ident(rawTable)} LIMIT ${SAMPLE_ROWS})
     WHERE v IS NOT NULL
     GROUP BY v`,
  );
  try {
    const shape = await valueShape(db, sample);
    if (shape.distinct === 0) {
      throw new IngestError(say(`The column “${column}” is empty, so it cannot be the timestamp. Pick another column.`, `“${column}”列是空的，不能作为时间列。请选择另一列。`));
    }
    const sources = { sample, all, asRead };
    const inference =
      choice === 'auto' && (isNumericType(columnType) || shape.numeric / shape.distinct >= 0.5)
        ? await inferNumeric(db, sources)
        : await inferText(db, sources, shape.zoned > 0, choice);
    if (!inference) {
      const examples = shape.examples.map((v) => `“${v}”`).join(', ');
      throw new IngestError(
        say(
          `The column “${column}” does not hold dates that can be read (for example ${examples}). Pick another timestamp column.`,
          `“${column}”列里没有可以读取的日期（例如 ${examples}）。请选择另一个时间列。`,
        ),
      );
    }
    return inference;
  } finally {
    await db.exec(`DROP TABLE IF EXISTS ${sample}`);
  }
}

/** Where values come from: the first rows (grouped, `n` = rows) and all rows (`n` = 1). */
interface Sources {
  sample: string;
  all: string;
  /** All rows as read, not cleaned (text columns only; null otherwise). */
  asRead: string | null;
}

interface ValueShape {
  distinct: number;
  numeric: number;
  zoned: number;
  examples: string[];
}

async function valueShape(db: Db, sample: string): Promise<ValueShape> {
  const row = (
    await db.query(
      `SELECT
         count(*) AS distinct_values,
         count(*) FILTER (WHERE regexp_matches(v, '^[0-9]+([.][0-9]+)?$')) AS numeric_values,
         count(*) FILTER (WHERE regexp_matches(v, ${literal(ZONE_SUFFIX)})) AS zoned_values,
         (SELECT list(v) FROM (SELECT v FROM ${sample} ORDER BY n DESC, v LIMIT 3)) AS examples
       FROM ${sample}`,
    )
  ).get(0)!;
  return {
    distinct: Number(row.distinct_values),
    numeric: Number(row.numeric_values),
    zoned: Number(row.zoned_values),
    examples: Array.from(row.examples?.toArray?.() ?? [], String),
  };
}

/** yyyymmdd integers, or epoch seconds / milliseconds told apart by magnitude. */
async function inferNumeric(db: Db, sources: Sources): Promise<TimestampInference | null> {
  const row = (
    await db.query(
      `SELECT
         count(*) FILTER (WHERE regexp_matches(v, '^[0-9]+([.][0-9]+)?$')) AS numeric_values,
         count(*) FILTER (WHERE regexp_matches(v, '^[0-9]{8}([.]0+)?$')
                            AND year(try_strptime(left(v, 8), '%Y%m%d')) BETWEEN 1900 AND 2200) AS yyyymmdd,
         quantile_cont(TRY_CAST(v AS DOUBLE), 0.5) AS median
       FROM ${sources.sample}`,
    )
  ).get(0)!;
  const median = Number(row.median ?? 0);
  const yyyymmdd = Number(row.yyyymmdd);
  let spec: TimestampSpec;
  let label: string;
  if (yyyymmdd > 0 && yyyymmdd >= Number(row.numeric_values) * 0.5) {
    spec = { kind: 'yyyymmdd' };
    label = 'YYYYMMDD';
  } else if (median >= 1e8 && median < 1e11) {
    spec = { kind: 'epoch_s' };
    label = 'Unix time in seconds';
  } else if (median >= 1e11 && median < 1e14) {
    spec = { kind: 'epoch_ms' };
    label = 'Unix time in milliseconds';
  } else {
    return null;
  }
  const failures = await countFailures(db, sources.all, timestampSql('v', spec));
  return { spec, label, warnings: [], ...failures, otherOrderRows: 0 };
}

/**
 * Rows of `source` that `parsedSql` cannot read, with the 3 most common. (Dates read but implausible,
 * such as the year 1, are the canonical build's to reject, with that reason.)
 */
async function countFailures(
  db: Db,
  source: string,
  parsedSql: string,
  presentSql = 'TRUE',
): Promise<{ failedRows: number; failedExamples: string[] }> {
  const failed = `(${parsedSql}) IS NULL AND ${presentSql}`;
  const row = (await db.query(`SELECT count(*) FILTER (WHERE ${failed}) AS failed_rows FROM ${source}`)).get(0)!;
  const failedRows = Number(row.failed_rows);
  if (failedRows === 0) return { failedRows, failedExamples: [] };
  const examples = await db.query(
    `SELECT v, count(*) AS n FROM ${source} WHERE ${failed} GROUP BY v ORDER BY n DESC, v LIMIT 3`,
  );
  return { failedRows, failedExamples: examples.toArray().map((r) => String(r.v)) };
}

/** Families each DateChoice allows (auto: all). */
function allowedFamilies(choice: DateChoice): readonly DateFamily[] {
  const prefix = { auto: '', 'day-first': 'dmy', 'month-first': 'mdy', 'year-first': 'ymd' }[choice];
  return prefix === '' ? DATE_FAMILIES : DATE_FAMILIES.filter((family) => family.key.startsWith(prefix));
}

/** Text dates: shortlist families on the first rows by shape, then decide on all values. */
async function inferText(db: Db, sources: Sources, stripZone: boolean, choice: DateChoice): Promise<TimestampInference | null> {
  const text = stripZone ? stripZoneSql('v') : 'v';
  const families = allowedFamilies(choice);
  const sampleCounts = await familyCounts(db, sources.sample, text, families);
  const best = Math.max(...sampleCounts);
  if (best === 0) return null;
  const shortlist = families.filter((family, i) => {
    if (sampleCounts[i] === best) return true;
    const twin = families.findIndex((f) => f.key === family.swapped);
    return twin >= 0 && sampleCounts[twin] === best;
  });
  const counts = shortlist.length > 1 ? await familyCounts(db, sources.all, text, shortlist) : [best];
  const top = Math.max(...counts);
  let family = shortlist[counts.indexOf(top)]!;

  const warnings: Localized[] = [];
  const twin = shortlist.findIndex((f) => f.key === family.swapped);
  if (twin >= 0 && counts[twin] === top) {
    const wanted = family.key.includes('.') ? 'dmy' : 'mdy';
    if (!family.key.startsWith(wanted)) family = shortlist[twin]!;
    const reading = family.note === 'day first' ? say('day first', '日在前') : say('month first', '月在前');
    warnings.push(
      say(
        `Every date in this column reads both day-first and month-first (like 3/4/2011); read as ${reading.en}. Change it in the mapping form if that is wrong.`,
        `这一列的每个日期都既可按日在前、也可按月在前读取（如 3/4/2011）；已按${reading['zh-CN']}读取。如果不对，请在列映射表单中修改。`,
      ),
    );
  }
  const formats = await formatsInUse(db, sources, text, family);
  const iso = family.key !== 'ymd-' && (await countMatching(db, sources.all, isoValueSql(text))) > 0;
  const label = describeFormats(formats, family.note, stripZone, iso);
  const spec: TimestampSpec = { kind: 'strptime', formats, label, stripZone, ...(iso ? { iso } : {}) };
  // A format DuckDB's cast reads alone is checked on the values as read, as the build will read them; only the
  // values it cannot read are cleaned, to tell a missing word from a failure (cleaning every value cost more).
  const failures =
    readsRawText(spec) && sources.asRead
      ? await countFailures(db, sources.asRead, timestampSql('v', spec), `${textSql('v', 'VARCHAR')} IS NOT NULL`)
      : await countFailures(db, sources.all, timestampSql('v', spec));
  const swapped = DATE_FAMILIES.find((f) => f.key === family.swapped);
  const otherOrderRows =
    failures.failedRows > 0 && swapped
      ? await countMatching(db, sources.all, `${matchesSql(text, swapped.formats)} AND NOT ${matchesSql(text, family.formats)}`)
      : 0;
  return { spec, label, warnings, ...failures, otherOrderRows };
}

/** Rows of `source` where `condition` holds. */
async function countMatching(db: Db, source: string, condition: string): Promise<number> {
  const row = (await db.query(`SELECT coalesce(sum(n) FILTER (WHERE ${condition}), 0) AS rows FROM ${source}`)).get(0)!;
  return Number(row.rows);
}

/** `M/D/YY hh:mm (month first; also M/D/YYYY hh:mm, YYYY-MM-DD)`: the main form and the others read. */
function describeFormats(formats: string[], note: string | undefined, stripZone: boolean, iso: boolean): string {
  const datePart = (format: string) => format.split(/[ T](?=%)/)[0]!;
  const firstOfDatePart = new Map<string, string>();
  for (const format of formats) if (!firstOfDatePart.has(datePart(format))) firstOfDatePart.set(datePart(format), format);
  const also = [...[...firstOfDatePart.values()].slice(1).map((f) => formatLabel(f)), ...(iso ? ['YYYY-MM-DD'] : [])];
  const main = formatLabel(formats[0]!, note, stripZone);
  if (also.length === 0) return main;
  return main.endsWith(')') ? `${main.slice(0, -1)}; also ${also.join(', ')})` : `${main} (also ${also.join(', ')})`;
}

/** Rows whose value has the shape of each family. */
async function familyCounts(db: Db, from: string, text: string, families: readonly DateFamily[]): Promise<number[]> {
  const selects = families.map((family, i) => `sum(n) FILTER (WHERE ${matchesSql(text, family.formats)}) AS f${i}`);
  const row = (await db.query(`SELECT ${selects.join(',\n')} FROM ${from}`)).get(0)!;
  return families.map((_, i) => Number(row[`f${i}`] ?? 0));
}

/**
 * The family's formats in use, most used first. ISO dates are parsed by DuckDB's cast whatever
 * their time part, so their formats (only a label then) come from the first rows; other families
 * are parsed by routing on the time part, so every time part in ALL values must have its format.
 */
async function formatsInUse(db: Db, sources: Sources, text: string, family: DateFamily): Promise<string[]> {
  const iso = family.key === 'ymd-';
  const mixesYears = family.formats.some((f) => f.includes('%y'));
  const shapeOf = (format: string) => (mixesYears ? `${timeKey(format)}|${yearDigits(format)}` : timeKey(format));
  const keys = (
    await db.query(
      `SELECT DISTINCT ${timeKeySql(text)} AS time_key, ${yearDigitsSql(text)} AS year_digits
       FROM ${iso ? sources.sample : sources.all}
       WHERE ${matchesSql(text, family.formats)}`,
    )
  )
    .toArray()
    .map((row) => (mixesYears ? `${String(row.time_key)}|${Number(row.year_digits)}` : String(row.time_key)));
  const candidates = family.formats.filter((format) => keys.includes(shapeOf(format)));
  if (candidates.length <= 1) return candidates.length === 1 ? candidates : family.formats;
  const selects = candidates.map((format, i) => `sum(n) FILTER (WHERE ${matchesSql(text, [format])}) AS f${i}`);
  const row = (await db.query(`SELECT ${selects.join(',\n')} FROM ${sources.sample}`)).get(0)!;
  const ranked = candidates
    .map((format, i) => ({ format, rows: Number(row[`f${i}`] ?? 0) }))
    .sort((a, b) => b.rows - a.rows);
  const used = ranked.filter((entry) => entry.rows > 0 || !ranked.some((other) => other.rows > 0 && shapeOf(other.format) === shapeOf(entry.format)));
  return used.map((entry) => entry.format);
}
