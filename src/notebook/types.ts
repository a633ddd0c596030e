/** The notebook document (DESIGN.md section 5): an ordered list of cells, saved as one Markdown file. */

export type CellKind = 'markdown' | 'sql' | 'chart' | 'model';

interface CellBase {
  /** Stable id within the notebook (not saved in the file; re-created on open). */
  id: string;
  kind: CellKind;
  /** The code is hidden (the output stays). */
  collapsed?: boolean;
  /** Which built-in analysis inserted the cell, e.g. `cohort` (kept in the file so it can be re-run). */
  origin?: string;
}

/** Prose, rendered as sanitised Markdown. */
export interface MarkdownCell extends CellBase {
  kind: 'markdown';
  source: string;
}

/** A named SQL result: other cells read it by `name` (a DuckDB view or table). */
export interface SqlCell extends CellBase {
  kind: 'sql';
  name: string;
  source: string;
}

/** A Vega-Lite chart over the named result `data`; `source` is the Vega-Lite JSON text (no data URLs). */
export interface ChartCell extends CellBase {
  kind: 'chart';
  name: string;
  data: string;
  source: string;
}

/** A model: train / evaluate / score; writes its scores back as the table `name`. `source` is its JSON settings. */
export interface ModelCell extends CellBase {
  kind: 'model';
  name: string;
  source: string;
}

export type Cell = MarkdownCell | SqlCell | ChartCell | ModelCell;

export interface Notebook {
  id: string;
  title: string;
  cells: Cell[];
}
