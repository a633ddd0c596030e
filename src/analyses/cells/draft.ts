/**
 * Cells a built-in analysis inserts: ordinary notebook cells (src/notebook/types.ts), without ids
 * unless the caller injects an id generator. SQL cells carry the same SQL text the analysis module
 * runs; chart cells carry a Vega-Lite spec without data (the notebook inlines the named result).
 */
import type { ChartCell, MarkdownCell, SqlCell } from '../../notebook/types';
import { specSource, type ChartSpec } from '../../charts/spec';
import { localizeSpec } from '../../charts/words';
import type { NamedSql } from '../named';
import type { SourceTables } from '../date-range';

type Draft<T> = Omit<T, 'id'> & { id?: string };

/** A cell before the notebook gives it an id. */
export type CellDraft = Draft<MarkdownCell> | Draft<SqlCell> | Draft<ChartCell>;

/** The language of the explanations. */
export type { Lang } from '../../text/language';
import type { Lang } from '../../text/language';

export interface CellOptions {
  /** Gives each cell an id (the notebook's generator); without it cells have no id. */
  newId?: () => string;
  language?: Lang;
  /** The tables the cells read: the notebook's period cells, or the whole data (the default). */
  tables?: SourceTables;
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
export function chartCell(origin: string, name: string, data: string, spec: ChartSpec, words: ChartWords = {}): Draft<ChartCell> {
  const localized = localizeSpec(spec, words.language ?? 'en', words.values);
  return { kind: 'chart', origin, name, data, source: specSource(localized), collapsed: true };
}

/** The language of a chart's words, and labels for values of its data (segment names, say). */
export interface ChartWords {
  language?: Lang;
  values?: Record<string, Record<string, string>>;
}

/** Fills ids from `newId` when given. */
export function finishCells(cells: CellDraft[], options: CellOptions): CellDraft[] {
  const { newId } = options;
  return newId ? cells.map((cell) => ({ ...cell, id: newId() })) : cells;
}
