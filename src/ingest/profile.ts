/**
 * Column profiles for role detection, from the first rows of the raw table only (one query over at
 * most PROFILE_SAMPLE_ROWS rows), so profiling costs the same tens of milliseconds on a million-row file
 * as on a small one. Counts, shares and examples all describe those rows; role detection only needs
 * their ratios. The date format is later inferred from every value (dates.ts).
 */
import type { Db } from '../engine/db';
import { ident, literal } from '../sql/quote';
import { numberSql, textSql } from './canonical-sql';
import type { ColumnDependency, ColumnEvidence, ColumnProfile } from './types';

/** Rows read for value shares and examples. */
export const PROFILE_SAMPLE_ROWS = 20_000;
/** Most frequent values kept per column. */
export const PROFILE_EXAMPLES = 8;

/** Name and DuckDB type of each column of a table, in order. */
export async function tableColumns(db: Db, table: string): Promise<{ name: string; type: string }[]> {
  // duckdb_columns(), not information_schema: its first query in a new database takes 100 ms in WASM.
  const result = await db.query(
    `SELECT column_name AS name, data_type AS type
     FROM duckdb_columns()
     WHERE table_name = ${literal(table)} AND database_name = current_database() AND schema_name = 'main'
     ORDER BY column_index`,
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

/**
 * Numbers as exports write them: `1,234.50`, `$12`, `US$ 12`, `-3`, `1e13`, `inf` (implausible numbers are
 * still numbers), and with a decimal comma or a currency after them: `12,50`, `1.234,50 €`, `12元`, `12.00 EUR`.
 */
const NUMBER_LIKE =
  '^([-+]?([A-Z]{0,3}[$€£¥￥₹₩]|RMB|[A-Z]{3}\\s)?\\s?[-+]?([0-9]{1,3}(,[0-9]{3})+|[0-9]{1,3}([.][0-9]{3})+|[0-9]*)([.,][0-9]+)?([eE][-+]?[0-9]+)?(\\s?([$€£¥￥₹₩元円]|[A-Z]{3}))?|[-+]?([Ii]nf|INF|[Ii]nfinity))$';

/** Profiles every column of `rawTable` from its first PROFILE_SAMPLE_ROWS rows. */
export async function profileColumns(db: Db, rawTable: string): Promise<ColumnProfile[]> {
  const columns = await tableColumns(db, rawTable);
  if (columns.length === 0) return [];
  const shapes = await sampleShapes(db, rawTable, columns);
  const sampled = Number((await db.query(`SELECT count(*) AS n FROM (SELECT 1 FROM ${ident(rawTable)} LIMIT ${PROFILE_SAMPLE_ROWS})`)).get(0)?.n ?? 0);
  return columns.map((column, index) => {
    const shape = shapes.get(column.name) ?? EMPTY_SHAPE;
    const temporal = isTemporalType(column.type);
    const numeric = isNumericType(column.type);
    return {
      name: column.name,
      index,
      type: column.type,
      ...shape,
      filledShare: sampled > 0 ? shape.nonNull / sampled : 0,
      numericShare: numeric ? 1 : temporal ? 0 : shape.numericShare,
      dateShare: temporal ? 1 : shape.dateShare,
      integerShare: temporal ? 0 : shape.integerShare,
    };
  });
}

type Shape = Omit<ColumnProfile, 'name' | 'index' | 'type' | 'filledShare'>;

const EMPTY_SHAPE: Shape = {
  nonNull: 0, distinct: 0, numericShare: 0, dateShare: 0, integerShare: 0, emailShare: 0, positiveShare: 0,
  zeroShare: 0, smallCountShare: 0, preciseShare: 0, jsonShare: 0, spacedShare: 0, repeatShare: 0, topShare: 0,
  meanLength: 0, examples: [],
};

/** Value shapes and most frequent values of every column over the first rows (missing-value words are NULL). */
async function sampleShapes(
  db: Db,
  table: string,
  columns: { name: string; type: string }[],
): Promise<Map<string, Shape>> {
  const asText = columns.map((c, i) => `${textSql(ident(c.name), c.type)} AS c${i}`).join(', ');
  const numeric = `(regexp_matches(v, ${literal(NUMBER_LIKE)}) AND regexp_matches(v, '[0-9]|nf'))`;
  const value = numberSql('v', 'VARCHAR');
  const share = (condition: string, of = 'TRUE') => `coalesce(sum(n) FILTER (WHERE ${condition} AND ${of}) / nullif(sum(n) FILTER (WHERE ${of}), 0), 0)`;
  const sql = `
    WITH sample AS (
      SELECT ${asText} FROM ${ident(table)} LIMIT ${PROFILE_SAMPLE_ROWS}
    ),
    cells AS (
      UNPIVOT sample ON COLUMNS(*) INTO NAME col VALUE v
    ),
    frequencies AS (
      SELECT col, v, count(*) AS n, ${numeric} AS is_number FROM cells GROUP BY col, v
    ),
    numbers AS (
      -- each distinct value is read once, and only when it looks like a number
      SELECT *,
        CASE WHEN is_number THEN ${value} END AS x,
        CASE WHEN is_number THEN regexp_matches(v, '^[-+]?[0-9]+([.]0)?$') ELSE false END AS is_integer,
        CASE WHEN is_number THEN regexp_matches(v, '[.][0-9]{3,}$') ELSE false END AS is_precise,
        -- 1 to 999 written plainly: zero-padded ids such as 0001 are not counts
        CASE WHEN is_number THEN regexp_full_match(v, '[1-9][0-9]{0,2}([.]0+)?') ELSE false END AS is_small_count
      FROM frequencies
    )
    SELECT
      col,
      sum(n) AS non_null,
      count(*) AS n_distinct,
      ${share('is_number')} AS numeric_share,
      ${share('is_integer')} AS integer_share,
      ${share(`regexp_matches(v, ${literal(DATE_LIKE)})`)} AS date_share,
      ${share("contains(v, '@') AND regexp_matches(v, '^[^@\\s]+@[^@\\s]+[.][^@\\s]+$')")} AS email_share,
      ${share('x > 0', 'is_number')} AS positive_share,
      ${share('x = 0', 'is_number')} AS zero_share,
      ${share('is_small_count')} AS small_count_share,
      ${share('is_precise', 'is_number')} AS precise_share,
      ${share("(starts_with(v, '{') OR starts_with(v, '['))")} AS json_share,
      ${share("contains(v, ' ')")} AS spaced_share,
      ${share('n > 1')} AS repeat_share,
      max(n) / sum(n) AS top_share,
      sum(n * length(v)) / sum(n) AS mean_length,
      list(v ORDER BY n DESC, v)[1:${PROFILE_EXAMPLES}] AS examples
    FROM numbers
    GROUP BY col`;
  const shapes = new Map<string, Shape>();
  for (const row of (await db.query(sql)).toArray()) {
    const index = Number(String(row.col).slice(1));
    const examples = row.examples?.toArray?.() ?? [];
    const n = (key: string) => Number(row[key] ?? 0);
    shapes.set(columns[index]!.name, {
      nonNull: n('non_null'),
      distinct: n('n_distinct'),
      numericShare: n('numeric_share'),
      integerShare: n('integer_share'),
      dateShare: n('date_share'),
      emailShare: n('email_share'),
      positiveShare: n('positive_share'),
      zeroShare: n('zero_share'),
      smallCountShare: n('small_count_share'),
      preciseShare: n('precise_share'),
      jsonShare: n('json_share'),
      spacedShare: n('spaced_share'),
      repeatShare: n('repeat_share'),
      topShare: n('top_share'),
      meanLength: n('mean_length'),
      examples: Array.from(examples, (v) => String(v)),
    });
  }
  return shapes;
}

/**
 * Everything role detection reads about a raw table: profiles and, for a file without a header (where
 * values are all there is), the dependencies between its columns.
 */
export async function columnEvidence(db: Db, rawTable: string, hasHeader: boolean): Promise<ColumnEvidence> {
  const profiles = await profileColumns(db, rawTable);
  const dependencies = hasHeader ? [] : await columnDependencies(db, rawTable, profiles);
  return { profiles, dependencies, hasHeader };
}

/** Columns that may be identifiers (or dates an identifier can determine), for dependency checks. */
const MAX_DEPENDENCY_COLUMNS = 10;
/** A determinant needs this many repeating values before a dependency counts. */
const MIN_REPEATING = 20;
/** Share of repeating determinant values allowed to break a dependency (typos, merged exports). */
const BROKEN_ALLOWED = 0.02;

/**
 * Functional dependencies among the identifier-like columns of the first rows: A -> B when every value
 * of A that repeats comes with a single value of B. An item determines its category, an order its
 * customer and its time; a customer determines neither its items nor its times.
 */
export async function columnDependencies(db: Db, rawTable: string, profiles: ColumnProfile[]): Promise<ColumnDependency[]> {
  const identifiers = profiles.filter(isIdentifierLike).slice(0, MAX_DEPENDENCY_COLUMNS);
  const dates = profiles.filter((p) => p.dateShare >= 0.8).slice(0, 2);
  const pairs = identifiers.flatMap((a) =>
    [...identifiers, ...dates].filter((b) => b !== a && b.distinct < a.distinct).map((b) => [a, b] as const),
  );
  if (pairs.length === 0) return [];
  const text = (p: ColumnProfile) => textSql(ident(p.name), p.type);
  const used = [...new Set(pairs.flat())];
  const alias = new Map(used.map((p, i) => [p.name, `c${i}`]));
  const checks = pairs.map(
    // A value of A comes with several values of B when B's least and greatest differ: cheaper than count(DISTINCT)
    // per group, and the sample is materialised once for every pair (165 -> 127 ms in WASM, 200,000 lines).
    ([a, b], i) => `SELECT ${i} AS pair, count(*) FILTER (WHERE n_rows > 1) AS repeating, count(*) FILTER (WHERE n_rows > 1 AND least_b <> greatest_b) AS broken
      FROM (SELECT ${alias.get(a.name)} AS a, count(*) AS n_rows, min(${alias.get(b.name)}) AS least_b, max(${alias.get(b.name)}) AS greatest_b
            FROM sample WHERE ${alias.get(a.name)} IS NOT NULL AND ${alias.get(b.name)} IS NOT NULL GROUP BY 1)`,
  );
  const sql = `WITH sample AS MATERIALIZED (
      SELECT ${used.map((p) => `${text(p)} AS ${alias.get(p.name)}`).join(', ')} FROM ${ident(rawTable)} LIMIT ${PROFILE_SAMPLE_ROWS}
    )
    ${checks.join('\n    UNION ALL ')}`;
  const dependencies: ColumnDependency[] = [];
  for (const row of (await db.query(sql)).toArray()) {
    const [a, b] = pairs[Number(row.pair)]!;
    const repeating = Number(row.repeating);
    if (repeating >= MIN_REPEATING && Number(row.broken) <= repeating * BROKEN_ALLOWED) {
      dependencies.push({ determinant: a.name, dependent: b.name });
    }
  }
  return dependencies;
}

/** True when a column holds e-mail addresses (they are then compared case-insensitively). */
export function holdsEmails(profile: ColumnProfile | undefined): boolean {
  return (profile?.emailShare ?? 0) >= 0.5;
}

/** Short codes or numbers without decimals that repeat: what ids of customers, orders, items look like. */
export function isIdentifierLike(p: ColumnProfile): boolean {
  return (
    p.distinct >= 5 &&
    p.dateShare < 0.5 &&
    p.jsonShare < 0.5 &&
    p.meanLength <= 64 &&
    !(p.numericShare >= 0.9 && p.integerShare < 0.5)
  );
}
