/**
 * Places a built-in analysis's cells in a notebook. Clicking an analysis again replaces the cells it
 * inserted before (same `origin`) where they stand, keeping the ids of cells whose name stays, so a
 * second click updates rather than duplicates. A cell another analysis already inserted with the same
 * name and code (e.g. `rfm_segments`) is shared, not copied; a name the user took for something else
 * gets a numbered suffix, and the analysis's other cells are rewritten to read the new name.
 */
import { randomIds, type IdGenerator } from './ids';
import { isNamed, uniqueName } from './names';
import type { Cell, Notebook } from './types';

/** A cell to place: a notebook cell whose id is optional. */
export type PlacedDraft = WithoutId<Cell>;
type WithoutId<C> = C extends Cell ? Omit<C, 'id'> & { id?: string } : never;

/** Where the cells go and how they are identified. */
export interface PlaceOptions {
  /** The analysis inserting them (the cells' `origin`); earlier cells of this origin are replaced. */
  origin: string;
  /** Insert after this position when the analysis has no cells yet (-1: at the top; default: at the end). */
  after?: number;
  ids?: IdGenerator;
}

/** The new notebook and the ids of the cells that were placed (in order). */
export interface Placement {
  notebook: Notebook;
  placed: string[];
}

/** Inserts (or replaces) an analysis's cells; see the module comment. */
export function placeCells(nb: Notebook, drafts: readonly PlacedDraft[], options: PlaceOptions): Placement {
  const ids = options.ids ?? randomIds();
  const firstOld = nb.cells.findIndex((c) => c.origin === options.origin);
  const old = nb.cells.filter((c) => c.origin === options.origin);
  const oldIdByName = new Map(old.filter(isNamed).map((c) => [c.name.toLowerCase(), c.id]));
  const oldMarkdown = old.filter((c) => c.kind === 'markdown').map((c) => c.id);
  const kept = nb.cells.filter((c) => c.origin !== options.origin);
  const at = firstOld >= 0 ? nb.cells.slice(0, firstOld).filter((c) => c.origin !== options.origin).length : Math.min(kept.length, (options.after ?? kept.length - 1) + 1);

  const renames = new Map<string, string>();
  const placed: Cell[] = [];
  for (const draft of drafts) {
    const cell = withReferences({ ...draft, origin: options.origin } as Cell, renames);
    if (isNamed(cell)) {
      const existing = kept.find((c) => isNamed(c) && c.name.toLowerCase() === cell.name.toLowerCase());
      if (existing && sameCode(existing, cell)) continue;
      const scope = { ...nb, cells: [...kept, ...placed] };
      const name = uniqueName(scope, cell.name);
      if (name !== cell.name) renames.set(cell.name, name);
      const id = oldIdByName.get(name.toLowerCase()) ?? draft.id ?? ids();
      placed.push({ ...cell, name, id });
    } else {
      placed.push({ ...cell, id: oldMarkdown.shift() ?? draft.id ?? ids() });
    }
  }
  return { notebook: { ...nb, cells: [...kept.slice(0, at), ...placed, ...kept.slice(at)] }, placed: placed.map((c) => c.id) };
}

function sameCode(a: Cell, b: Cell): boolean {
  if (a.kind !== b.kind || a.source.trim() !== b.source.trim()) return false;
  return a.kind !== 'chart' || b.kind !== 'chart' || a.data === b.data;
}

/** The cell with every renamed name it reads replaced (SQL words, chart data, model JSON strings). */
function withReferences(cell: Cell, renames: ReadonlyMap<string, string>): Cell {
  if (renames.size === 0 || cell.kind === 'markdown') return cell;
  if (cell.kind === 'chart') return { ...cell, data: renames.get(cell.data) ?? cell.data };
  if (cell.kind === 'model') return { ...cell, source: cell.source.replace(/"([A-Za-z_][A-Za-z0-9_]*)"/g, (m, name: string) => (renames.has(name) ? `"${renames.get(name)}"` : m)) };
  return { ...cell, source: renameInSql(cell.source, renames) };
}

/** Replaces whole identifiers in SQL outside string literals, quoted names and comments. */
export function renameInSql(sql: string, renames: ReadonlyMap<string, string>): string {
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|(?<![\w.])([A-Za-z_][A-Za-z0-9_]*)(?![\w])/g, (match, word: string | undefined) =>
    word !== undefined && renames.has(word) ? (renames.get(word) as string) : match,
  );
}
