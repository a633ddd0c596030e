/**
 * Where the results grid reads its rows: a relation in the database, read a window at a time.
 * The grid never holds more than a few windows, so a million-row result costs what a screenful costs.
 */
import type { Table } from 'apache-arrow';
import type { Db } from '../../engine/db';
import { countSql, describeSql, histogramKind, histogramSql, summarySql, windowSql, type GridSort } from './grid-sql';

/** A column as the grid shows it: its name and DuckDB type name. */
export interface GridColumn {
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

/** What the grid reads from. */
export interface GridSource {
  /** The relation's name (labels, export file names). */
  readonly relation: string;
  describe(): Promise<GridColumn[]>;
  count(): Promise<number>;
  /** `size` rows from `start` as Arrow (fewer at the end). */
  rows(start: number, size: number, sort: GridSort | null): Promise<Table>;
  summary(column: GridColumn): Promise<ColumnSummary>;
}

/** A grid source over the table or view `relation` of `db`. */
export function relationSource(db: Db, relation: string): GridSource {
  return {
    relation,
    async describe() {
      const table = await db.query(describeSql(relation));
      return (table.toArray() as { column_name: string; column_type: string }[]).map((row) => ({ name: row.column_name, sqlType: row.column_type }));
    },
    async count() {
      return Number((await db.query(countSql(relation))).get(0)?.n ?? 0);
    },
    rows(start, size, sort) {
      return db.query(windowSql(relation, start, size, sort));
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
