/**
 * Analyses are chains of named SQL results: the notebook runs each as its own cell (a view by name),
 * the analysis modules run the same text as one query with the earlier steps as CTEs. One SQL text,
 * two ways to run it, so the cells and the modules cannot drift apart.
 */
import type { Db } from '../engine/db';
import { tableToRows, type Cell } from '../engine/rows';

/** One named result: `sql` may read the names of the steps before it. */
export interface NamedSql {
  name: string;
  sql: string;
}

/** A JSON-ready row of a result. */
export type Row = Record<string, Cell>;

/** One query computing `steps`' last step (or `finalSql`) with the earlier steps as CTEs. */
export function composeSql(steps: NamedSql[], finalSql?: string): string {
  const last = steps.at(-1);
  const ctes = finalSql === undefined ? steps.slice(0, -1) : steps;
  const body = finalSql ?? last?.sql ?? '';
  if (ctes.length === 0) return body;
  const withs = ctes.map((s) => `${s.name} AS (\n${indent(s.sql.trim())}\n)`).join(',\n');
  const trimmed = body.trim();
  const ownWith = /^WITH\s/i.exec(trimmed);
  return ownWith ? `WITH ${withs},\n${trimmed.slice(ownWith[0].length)}` : `WITH ${withs}\n${trimmed}`;
}

/** Runs the composed query and returns its rows. */
export async function queryRows(db: Db, steps: NamedSql[], finalSql?: string): Promise<Row[]> {
  return tableToRows(await db.query(composeSql(steps, finalSql)));
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line ? `  ${line}` : line))
    .join('\n');
}

/** A row value as a number (NULL as 0). */
export function num(value: Cell | undefined): number {
  return typeof value === 'number' ? value : value === null || value === undefined ? 0 : Number(value);
}

/** A row value as a number, or null. */
export function numOrNull(value: Cell | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

let materialized = 0;

/**
 * Runs `steps` once each into temporary tables, then calls `use` with steps that read those tables
 * under the original names — so an analysis that needs several results of the same expensive step
 * computes it once. The temporary tables are dropped afterwards, whatever happens.
 */
export async function withMaterialized<T>(db: Db, steps: NamedSql[], use: (steps: NamedSql[]) => Promise<T>): Promise<T> {
  const tables: string[] = [];
  const done: NamedSql[] = [];
  try {
    for (const step of steps) {
      const table = `cb_tmp_${step.name}_${++materialized}`;
      await db.exec(`CREATE TEMP TABLE ${table} AS\n${composeSql([...done, step])}`);
      tables.push(table);
      done.push({ name: step.name, sql: `SELECT * FROM ${table}` });
    }
    return await use(done);
  } finally {
    for (const table of tables) await db.exec(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
  }
}
