/**
 * The A/B read-out of a table (a loaded file or a notebook result) with one row per customer: the group they
 * were in, whether they converted (or stayed, or bought again), and optionally a value (revenue). Exactly
 * two groups are compared (src/analyses/abtest.ts); the value's difference is given with a Welch interval.
 * Outcomes read as converted: a number above 0, or true / yes / y / t / 1 / converted / retained / 是.
 */
import type { Db } from '../engine/db';
import { tableToRows } from '../engine/rows';
import { ident } from '../sql/quote';
import { normalQuantile, readAbTest, type AbReadout } from './abtest';

export interface AbTableOptions {
  table: string;
  /** The column naming each row's group. */
  group: string;
  /** The column saying whether the row converted. */
  outcome: string;
  /** A numeric column to compare by its mean (revenue per customer), or none. */
  value?: string | null;
  /** The control group's name; by default one called control / ctrl / a / baseline / holdout / 对照, else the first by name. */
  control?: string | null;
  confidence?: number;
}

/** One group's counts, as read from the table. */
export interface AbTableGroup {
  name: string;
  size: number;
  converted: number;
  /** Mean value per row (null without a value column). */
  meanValue: number | null;
}

export interface AbValueDifference {
  control: number;
  variant: number;
  /** variant − control, with its interval at the read-out's confidence (Welch, normal approximation). */
  difference: number;
  interval: [number, number];
}

export interface AbTableResult {
  readout: AbReadout;
  groups: AbTableGroup[];
  value: AbValueDifference | null;
}

/** The table cannot be read as an A/B test, with what to do. */
export class AbInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AbInputError';
  }
}

const CONTROL_NAMES = /^(control|ctrl|a|baseline|holdout|对照|对照组)$/i;

/** Reads the two groups of `options.table` and compares them. */
export async function readAbTable(db: Db, options: AbTableOptions): Promise<AbTableResult> {
  const columns = tableToRows(await db.query(`SELECT column_name FROM (DESCRIBE SELECT * FROM ${ident(options.table)})`)).map((r) => String(r.column_name));
  for (const [what, column] of [['group', options.group], ['outcome', options.outcome], ['value', options.value]] as const) {
    if (column && !columns.includes(column)) {
      throw new AbInputError(`The ${what} column "${column}" is not in ${options.table}; its columns are ${columns.join(', ')}.`);
    }
  }
  const outcome = ident(options.outcome);
  const converted = `coalesce(TRY_CAST(${outcome} AS DOUBLE) > 0, lower(trim(CAST(${outcome} AS VARCHAR))) IN ('true', 'yes', 'y', 't', 'converted', 'retained', '是'), false)`;
  const value = options.value ? `TRY_CAST(${ident(options.value)} AS DOUBLE)` : 'NULL::DOUBLE';
  const rows = tableToRows(
    await db.query(`SELECT CAST(${ident(options.group)} AS VARCHAR) AS name, count(*)::DOUBLE AS size,
  count(*) FILTER (WHERE ${converted})::DOUBLE AS converted, avg(${value}) AS mean_value, var_samp(${value}) AS value_variance, count(${value})::DOUBLE AS valued
FROM ${ident(options.table)}
WHERE ${ident(options.group)} IS NOT NULL
GROUP BY 1 ORDER BY 1`),
  );
  if (rows.length !== 2) {
    const names = rows.map((r) => String(r.name));
    throw new AbInputError(
      `An A/B read-out compares two groups; ${options.group} has ${rows.length}${names.length ? ` (${names.slice(0, 6).join(', ')}${names.length > 6 ? ', …' : ''})` : ''}. Keep two of them with a SQL cell (WHERE ${options.group} IN (…)) and read that.`,
    );
  }
  const groups = rows.map((r) => ({
    name: String(r.name),
    size: Number(r.size),
    converted: Number(r.converted),
    meanValue: r.mean_value === null ? null : Number(r.mean_value),
    variance: r.value_variance === null ? null : Number(r.value_variance),
    valued: Number(r.valued),
  }));
  const controlAt = options.control
    ? groups.findIndex((g) => g.name === options.control)
    : Math.max(0, groups.findIndex((g) => CONTROL_NAMES.test(g.name.trim())));
  if (controlAt < 0) throw new AbInputError(`There is no group called "${options.control}"; the groups are ${groups.map((g) => g.name).join(' and ')}.`);
  const control = groups[controlAt]!;
  const variant = groups[1 - controlAt]!;
  const confidence = options.confidence ?? 0.95;
  const readout = readAbTest(control, variant, confidence);
  let valueDifference: AbValueDifference | null = null;
  if (options.value && control.meanValue !== null && variant.meanValue !== null && control.valued > 1 && variant.valued > 1) {
    const spread = Math.sqrt((control.variance ?? 0) / control.valued + (variant.variance ?? 0) / variant.valued);
    const difference = variant.meanValue - control.meanValue;
    const z = normalQuantile(1 - (1 - confidence) / 2);
    valueDifference = { control: control.meanValue, variant: variant.meanValue, difference, interval: [difference - z * spread, difference + z * spread] };
  }
  const plain = ({ name, size, converted, meanValue }: (typeof groups)[number]) => ({ name, size, converted, meanValue });
  return { readout, groups: [plain(control), plain(variant)], value: valueDifference };
}
