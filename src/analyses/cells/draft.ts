/**
 * Cells a built-in analysis inserts: ordinary notebook cells (src/notebook/types.ts), without ids
 * unless the caller injects an id generator. SQL cells carry the same SQL text the analysis module
 * runs; chart cells carry a Vega-Lite spec without data (the notebook inlines the named result).
 */
import type { ChartCell, MarkdownCell, SqlCell } from '../../notebook/types';
import { specSource, type ChartSpec } from '../../charts/spec';
import type { NamedSql } from '../named';

type Draft<T> = Omit<T, 'id'> & { id?: string };

/** A cell before the notebook gives it an id. */
export type CellDraft = Draft<MarkdownCell> | Draft<SqlCell> | Draft<ChartCell>;

/** The language of the explanations. */
export type { Lang } from '../../notebook/language';
import type { Lang } from '../../notebook/language';

export interface CellOptions {
  /** Gives each cell an id (the notebook's generator); without it cells have no id. */
  newId?: () => string;
  language?: Lang;
}

/** A Markdown cell. */
export function markdownCell(origin: string, source: string): Draft<MarkdownCell> {
  return { kind: 'markdown', origin, source: source.trim() + '\n' };
}

/** A SQL cell computing the named result `step`; its code starts folded (the result comes first, one click shows the SQL). */
export function sqlCell(origin: string, step: NamedSql): Draft<SqlCell> {
  return { kind: 'sql', origin, name: step.name, source: step.sql.trim() + '\n', collapsed: true };
}

/** A chart cell drawing `spec` over the named result `data`; its spec starts folded (the chart comes first). */
export function chartCell(origin: string, name: string, data: string, spec: ChartSpec): Draft<ChartCell> {
  return { kind: 'chart', origin, name, data, source: specSource(spec), collapsed: true };
}

/** Fills ids from `newId` when given. */
export function finishCells(cells: CellDraft[], options: CellOptions): CellDraft[] {
  const { newId } = options;
  return newId ? cells.map((cell) => ({ ...cell, id: newId() })) : cells;
}
