/**
 * Timestamp format inference. The first rows only shortlist the candidate formats by shape; the
 * choice between them is made on ALL values of the column: an ambiguous `3/4/2011` is settled by
 * any other row such as `13/4/2011`, and only when no row settles it is month-first assumed (with
 * a warning). Every value is then checked with the chosen format, and the rows it cannot read are
 * counted. Time zones are dropped to the wall time written in the file.
 */
import type { Db } from '../engine/db';
import { ident, literal } from '../sql/quote';
import { textSql } from './canonical-sql';
import {
  DATE_FAMILIES,
  formatLabel,
  matchesSql,
  stripZoneSql,
  timeKey,
  timeKeySql,
  timestampSql,
  ZONE_SUFFIX,
  type DateFamily,
} from './date-formats';
import { IngestError } from './errors';
import { isNumericType, isTemporalType } from './profile';
import type { TimestampSpec } from './types';

export { formatLabel, formatRegex, timestampSql } from './date-formats';

/** What inferTimestamp found. */
export interface TimestampInference {
  spec: TimestampSpec;
  /** Human-readable format, e.g. `D/M/YYYY hh:mm (day first)`. */
  label: string;
  warnings: string[];
  /** Rows whose non-empty value the chosen format cannot read. */
  failedRows: number;
  /** Up to 3 such values. */
  failedExamples: string[];
}

/** Rows read to shortlist formats. */
const SAMPLE_ROWS = 20_000;

/** Infers how the values of `column` become timestamps, checking every value of the column. */
export async function inferTimestamp(
  db: Db,
  rawTable: string,
  column: string,
  columnType: string,
): Promise<TimestampInference> {
  if (isTemporalType(columnType)) {
    return { spec: { kind: 'native' }, label: `native ${columnType}`, warnings: [], failedRows: 0, failedExamples: [] };
  }
  const text = textSql(ident(column), columnType);
  const all = `(SELECT v, 1 AS n FROM (SELECT ${text} AS v FROM ${ident(rawTable)}) WHERE v IS NOT NULL)`;
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
      throw new IngestError(`The column “${column}” is empty, so it cannot be the timestamp. Pick another column.`);
    }
    const sources = { sample, all };
    const inference =
      isNumericType(columnType) || shape.numeric / shape.distinct >= 0.5
        ? await inferNumeric(db, sources)
        : await inferText(db, sources, shape.zoned > 0);
    if (!inference) {
      const examples = shape.examples.map((v) => `“${v}”`).join(', ');
      throw new IngestError(
        `The column “${column}” does not hold dates that can be read (for example ${examples}). Pick another timestamp column.`,
      );
    }
    if (inference.failedRows > 0) {
      const examples = inference.failedExamples.map((v) => `“${v}”`).join(', ');
      inference.warnings.push(
        `${inference.failedRows} rows have a “${column}” value that is not a ${inference.label} date (for example ${examples}); they are left out.`,
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
  return { spec, label, warnings: [], ...failures };
}

/** Rows of `source` that `parsedSql` cannot read (or reads to an implausible year), with the 3 most common. */
async function countFailures(
  db: Db,
  source: string,
  parsedSql: string,
): Promise<{ failedRows: number; failedExamples: string[] }> {
  const failed = `NOT coalesce(year(${parsedSql}) BETWEEN 1900 AND 2200, false)`;
  const row = (await db.query(`SELECT count(*) FILTER (WHERE ${failed}) AS failed_rows FROM ${source}`)).get(0)!;
  const failedRows = Number(row.failed_rows);
  if (failedRows === 0) return { failedRows, failedExamples: [] };
  const examples = await db.query(
    `SELECT v, count(*) AS n FROM ${source} WHERE ${failed} GROUP BY v ORDER BY n DESC, v LIMIT 3`,
  );
  return { failedRows, failedExamples: examples.toArray().map((r) => String(r.v)) };
}

/** Text dates: shortlist families on the first rows by shape, then decide on all values. */
async function inferText(db: Db, sources: Sources, stripZone: boolean): Promise<TimestampInference | null> {
  const text = stripZone ? stripZoneSql('v') : 'v';
  const sampleCounts = await familyCounts(db, sources.sample, text, DATE_FAMILIES);
  const best = Math.max(...sampleCounts);
  if (best === 0) return null;
  const shortlist = DATE_FAMILIES.filter((family, i) => {
    if (sampleCounts[i] === best) return true;
    const twin = DATE_FAMILIES.findIndex((f) => f.key === family.swapped);
    return twin >= 0 && sampleCounts[twin] === best;
  });
  const counts = shortlist.length > 1 ? await familyCounts(db, sources.all, text, shortlist) : [best];
  const top = Math.max(...counts);
  let family = shortlist[counts.indexOf(top)];

  const warnings: string[] = [];
  const twin = shortlist.findIndex((f) => f.key === family.swapped);
  if (twin >= 0 && counts[twin] === top) {
    const wanted = family.key.includes('.') ? 'dmy' : 'mdy';
    if (!family.key.startsWith(wanted)) family = shortlist[twin];
    warnings.push(
      `Every date in this column reads both day-first and month-first (like 3/4/2011); read as ${family.note}. Change it in the mapping form if that is wrong.`,
    );
  }
  const formats = await formatsInUse(db, sources, text, family);
  const label = formatLabel(formats[0], family.note, stripZone);
  const spec: TimestampSpec = { kind: 'strptime', formats, label, stripZone };
  const failures = await countFailures(db, sources.all, timestampSql('v', spec));
  return { spec, label, warnings, ...failures };
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
  const keys = (
    await db.query(
      `SELECT DISTINCT ${timeKeySql(text)} AS time_key
       FROM ${iso ? sources.sample : sources.all}
       WHERE ${matchesSql(text, family.formats)}`,
    )
  )
    .toArray()
    .map((row) => String(row.time_key));
  const candidates = family.formats.filter((format) => keys.includes(timeKey(format)));
  if (candidates.length <= 1) return candidates.length === 1 ? candidates : family.formats;
  const selects = candidates.map((format, i) => `sum(n) FILTER (WHERE ${matchesSql(text, [format])}) AS f${i}`);
  const row = (await db.query(`SELECT ${selects.join(',\n')} FROM ${sources.sample}`)).get(0)!;
  const ranked = candidates
    .map((format, i) => ({ format, rows: Number(row[`f${i}`] ?? 0) }))
    .sort((a, b) => b.rows - a.rows);
  const used = ranked.filter((entry) => entry.rows > 0 || !ranked.some((other) => other.rows > 0 && timeKey(other.format) === timeKey(entry.format)));
  return used.map((entry) => entry.format);
}
