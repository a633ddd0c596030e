/**
 * Column profiles for role detection, from the first rows of the raw table only (one query over at
 * most PROFILE_SAMPLE_ROWS rows), so profiling costs the same tens of milliseconds on a million-row file
 * as on a small one. Counts, shares and examples all describe those rows; role detection only needs
 * their ratios. The date format is later inferred from every value (dates.ts).
 */
import type { Db } from '../engine/db';
import { ident, literal } from '../sql/quote';
import type { ColumnProfile } from './types';

/** Rows read for value shares and examples. */
export const PROFILE_SAMPLE_ROWS = 20_000;
/** Most frequent values kept per column. */
export const PROFILE_EXAMPLES = 8;

/** Name and DuckDB type of each column of a table, in order. */
export async function tableColumns(db: Db, table: string): Promise<{ name: string; type: string }[]> {
  const result = await db.query(
    `SELECT column_name AS name, data_type AS type
     FROM information_schema.columns
     WHERE table_name = ${literal(table)}
     ORDER BY ordinal_position`,
  );
  return result.toArray().map((row) => ({ name: String(row.name), type: String(row.type) }));
}

/** True when a DuckDB type is a date or timestamp type. */
export function isTemporalType(type: string): boolean {
  return /^(DATE|TIMESTAMP)/i.test(type);
}

/** True when a DuckDB type is a number type. */
export function isNumericType(type: string): boolean {
  return /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL)/i.test(
    type,
  );
}

/** Regular expressions (DuckDB syntax) for text that looks like a date or a date-time. */
const DATE_LIKE = [
  '^[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}([ T][0-9]{1,2}:[0-9]{2}.*)?$',
  '^[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{2,4}( [0-9]{1,2}:[0-9]{2}.*)?$',
  '^[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日',
  '^(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])$',
  '^1[0-9]{9}([.][0-9]+)?$',
  '^1[0-9]{12}$',
  '^[0-9]{1,2} [A-Za-z]{3,9},? [0-9]{4}',
  '^[A-Za-z]{3,9} [0-9]{1,2},? [0-9]{4}',
].join('|');

const NUMBER_LIKE = '^[-+]?[$€£¥]?\\s?[-+]?([0-9]{1,3}(,[0-9]{3})+|[0-9]*)([.][0-9]+)?$';

/** Profiles every column of `rawTable` from its first PROFILE_SAMPLE_ROWS rows. */
export async function profileColumns(db: Db, rawTable: string): Promise<ColumnProfile[]> {
  const columns = await tableColumns(db, rawTable);
  if (columns.length === 0) return [];
  const shapes = await sampleShapes(db, rawTable, columns);
  return columns.map((column, index) => {
    const shape = shapes.get(column.name);
    const temporal = isTemporalType(column.type);
    const numeric = isNumericType(column.type);
    return {
      name: column.name,
      index,
      type: column.type,
      nonNull: shape?.nonNull ?? 0,
      distinct: shape?.distinct ?? 0,
      numericShare: numeric ? 1 : temporal ? 0 : (shape?.numericShare ?? 0),
      dateShare: temporal ? 1 : (shape?.dateShare ?? 0),
      integerShare: temporal ? 0 : (shape?.integerShare ?? 0),
      emailShare: shape?.emailShare ?? 0,
      examples: shape?.examples ?? [],
    };
  });
}

interface Shape {
  nonNull: number;
  distinct: number;
  numericShare: number;
  integerShare: number;
  dateShare: number;
  emailShare: number;
  examples: string[];
}

/** Value shapes and most frequent values of every column over the first rows. */
async function sampleShapes(
  db: Db,
  table: string,
  columns: { name: string; type: string }[],
): Promise<Map<string, Shape>> {
  const asText = columns
    .map((c, i) => `NULLIF(trim(CAST(${ident(c.name)} AS VARCHAR)), '') AS c${i}`)
    .join(', ');
  const sql = `
    WITH sample AS (
      SELECT ${asText} FROM ${ident(table)} LIMIT ${PROFILE_SAMPLE_ROWS}
    ),
    cells AS (
      UNPIVOT sample ON COLUMNS(*) INTO NAME col VALUE v
    ),
    frequencies AS (
      SELECT col, v, count(*) AS n FROM cells GROUP BY col, v
    )
    SELECT
      col,
      sum(n) AS non_null,
      count(*) AS n_distinct,
      sum(n) FILTER (WHERE regexp_matches(v, ${literal(NUMBER_LIKE)})
                       AND regexp_matches(v, '[0-9]')) / sum(n) AS numeric_share,
      sum(n) FILTER (WHERE regexp_matches(v, '^[-+]?[0-9]+([.]0)?$')) / sum(n) AS integer_share,
      sum(n) FILTER (WHERE regexp_matches(v, ${literal(DATE_LIKE)})) / sum(n) AS date_share,
      sum(n) FILTER (WHERE regexp_matches(v, '^[^@\\s]+@[^@\\s]+[.][^@\\s]+$')) / sum(n) AS email_share,
      list(v ORDER BY n DESC, v)[1:${PROFILE_EXAMPLES}] AS examples
    FROM frequencies
    GROUP BY col`;
  const shapes = new Map<string, Shape>();
  for (const row of (await db.query(sql)).toArray()) {
    const index = Number(String(row.col).slice(1));
    const examples = row.examples?.toArray?.() ?? [];
    shapes.set(columns[index].name, {
      nonNull: Number(row.non_null),
      distinct: Number(row.n_distinct),
      numericShare: Number(row.numeric_share ?? 0),
      integerShare: Number(row.integer_share ?? 0),
      dateShare: Number(row.date_share ?? 0),
      emailShare: Number(row.email_share ?? 0),
      examples: Array.from(examples, (v) => String(v)),
    });
  }
  return shapes;
}
