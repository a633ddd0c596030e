/**
 * Reading a relation (table or view) a window at a time: the one way the app reads rows to show,
 * for the results grid, the notebook's result pages and the table preview. A reader never holds
 * more than it was asked for, so a million-row result costs what a screenful costs.
 */
import type { Table } from 'apache-arrow';
import { withRequestOptions, type Db } from './db';
import { allRowsSql, countSql, describeSql, histogramKind, histogramSql, summarySql, windowSql, type RowFilter, type SortOrder } from './relation-sql';

/** A column as a reader describes it: its name and DuckDB type name. */
export interface RelationColumn {
  name: string;
  sqlType: string;
}

/** Per-column figures shown in the header's summary. */
export interface ColumnSummary {
  nulls: number;
  distinct: number;
  min: string | null;
  max: string | null;
  /** Counts per histogram bin (equal-width for numbers and times, most frequent values otherwise). */
  bins: number[];
}

/** A relation read a window at a time. */
export interface RelationReader {
  /** The relation's name (labels, export file names). */
  readonly relation: string;
  describe(): Promise<RelationColumn[]>;
  /** Rows (those matching `filter` when given). */
  count(filter?: RowFilter | null): Promise<number>;
  /** `size` rows from `start` as Arrow (fewer at the end), of those matching `filter` when given. */
  rows(start: number, size: number, sort: SortOrder | null, filter?: RowFilter | null): Promise<Table>;
  /** Every row (in `sort` order), for export. */
  all(sort: SortOrder | null): Promise<Table>;
  summary(column: RelationColumn): Promise<ColumnSummary>;
}

let readers = 0;

/**
 * A reader of the table or view `relation` of `db`. What it reads is what the user is looking at, so
 * its requests are interactive (ahead of background work, on the engine's reader lane where there is
 * one), and a window or a summary still waiting is dropped when the reader asks for the next one.
 */
export function relationReader(engine: Db, relation: string): RelationReader {
  const id = `reader${++readers}`;
  const db = withRequestOptions(engine, { priority: 'interactive' });
  const latest = (what: string) => withRequestOptions(engine, { priority: 'interactive', supersede: `${id}:${what}` });
  return {
    relation,
    async describe() {
      const table = await db.query(describeSql(relation));
      return (table.toArray() as { column_name: string; column_type: string }[]).map((row) => ({ name: row.column_name, sqlType: row.column_type }));
    },
    async count(filter) {
      return Number((await (filter ? latest('count') : db).query(countSql(relation, filter ?? null))).get(0)?.n ?? 0);
    },
    rows(start, size, sort, filter) {
      return latest('rows').query(windowSql(relation, start, size, sort, filter ?? null));
    },
    all(sort) {
      return db.query(allRowsSql(relation, sort));
    },
    async summary(column) {
      const [figures, histogram] = await Promise.all([
        db.query(summarySql(relation, column.name)),
        db.query(histogramSql(relation, column.name, histogramKind(column.sqlType))),
      ]);
      const row = figures.get(0) as { nulls: number; distinct_values: number; min_value: string | null; max_value: string | null } | null;
      const bins: number[] = [];
      for (const bin of histogram.toArray() as { bin: number; n: number }[]) bins[bin.bin] = bin.n;
      return {
        nulls: Number(row?.nulls ?? 0),
        distinct: Number(row?.distinct_values ?? 0),
        min: row?.min_value ?? null,
        max: row?.max_value ?? null,
        bins: Array.from(bins, (n) => n ?? 0),
      };
    },
  };
}
