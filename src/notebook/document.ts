/**
 * Pure operations on a notebook document: each returns a new notebook and leaves the old one intact,
 * so the undo history can keep snapshots and the UI can compare by reference.
 */
import { randomIds, type IdGenerator } from './ids';
import { isNamed, nameProblem, uniqueName } from './names';
import type { Cell, CellKind, Notebook } from './types';

/** The outcome of an edit that can be refused (an invalid or duplicate name). */
export type EditResult = { ok: true; notebook: Notebook } | { ok: false; error: string };

/** What a new cell may start with. */
export interface NewCellOptions {
  source?: string;
  name?: string;
  data?: string;
  origin?: string;
  collapsed?: boolean;
  ids?: IdGenerator;
}

/** The editable fields of a cell (the name changes through renameCell, which checks it). */
export type CellPatch = Partial<Pick<Cell, 'collapsed' | 'origin'> & { source: string; data: string }>;

const DEFAULT_NAME: Record<Exclude<CellKind, 'markdown'>, string> = { sql: 'query', chart: 'chart', model: 'model' };

/** An empty notebook (or one with the given cells). */
export function createNotebook(options: { title?: string; cells?: Cell[]; ids?: IdGenerator } = {}): Notebook {
  return { id: (options.ids ?? randomIds())(), title: options.title ?? 'Untitled notebook', cells: options.cells ?? [] };
}

/** A new cell of `kind` whose name (for named kinds) is unique in `nb`. */
export function createCell(nb: Notebook, kind: CellKind, options: NewCellOptions = {}): Cell {
  const id = (options.ids ?? randomIds())();
  const base = { id, ...(options.collapsed ? { collapsed: true } : {}), ...(options.origin ? { origin: options.origin } : {}) };
  const source = options.source ?? '';
  if (kind === 'markdown') return { ...base, kind, source };
  const name = uniqueName(nb, options.name ?? DEFAULT_NAME[kind]);
  if (kind === 'chart') return { ...base, kind, name, data: options.data ?? '', source };
  return { ...base, kind, name, source };
}

/** Inserts `cell` at `index` (clamped); a name already taken gets a numbered suffix. */
export function insertCell(nb: Notebook, index: number, cell: Cell): Notebook {
  const named = isNamed(cell) && nameProblem(nb, cell.name) !== null ? { ...cell, name: uniqueName(nb, cell.name) } : cell;
  const at = Math.max(0, Math.min(index, nb.cells.length));
  return { ...nb, cells: [...nb.cells.slice(0, at), named, ...nb.cells.slice(at)] };
}

/** Appends `cell` at the end. */
export function addCell(nb: Notebook, cell: Cell): Notebook {
  return insertCell(nb, nb.cells.length, cell);
}

/** Removes the cell `id` (no change when it does not exist). */
export function deleteCell(nb: Notebook, id: string): Notebook {
  return nb.cells.some((c) => c.id === id) ? { ...nb, cells: nb.cells.filter((c) => c.id !== id) } : nb;
}

/** Moves the cell `id` to position `toIndex` (clamped) of the resulting list. */
export function moveCell(nb: Notebook, id: string, toIndex: number): Notebook {
  const from = indexOf(nb, id);
  if (from < 0) return nb;
  const rest = nb.cells.filter((c) => c.id !== id);
  const at = Math.max(0, Math.min(toIndex, rest.length));
  if (at === from) return nb;
  return { ...nb, cells: [...rest.slice(0, at), nb.cells[from] as Cell, ...rest.slice(at)] };
}

/** Copies the cell `id` right after itself, with a new id and (for named kinds) a new unique name. */
export function duplicateCell(nb: Notebook, id: string, ids: IdGenerator = randomIds()): Notebook {
  const from = indexOf(nb, id);
  const cell = nb.cells[from];
  if (!cell) return nb;
  const copy: Cell = isNamed(cell) ? { ...cell, id: ids(), name: uniqueName(nb, `${cell.name}_copy`) } : { ...cell, id: ids() };
  return insertCell(nb, from + 1, copy);
}

/** Changes the source, chart data, collapsed flag or origin of the cell `id`. */
export function updateCell(nb: Notebook, id: string, patch: CellPatch): Notebook {
  return {
    ...nb,
    cells: nb.cells.map((c) => {
      if (c.id !== id) return c;
      const { data, ...common } = patch;
      const next = { ...c, ...common } as Cell;
      if (data !== undefined && next.kind === 'chart') next.data = data;
      if (patch.collapsed === false) delete next.collapsed;
      return next;
    }),
  };
}

/** Renames the cell `id`, refusing invalid or duplicate names with a message for the user. */
export function renameCell(nb: Notebook, id: string, name: string): EditResult {
  const cell = nb.cells.find((c) => c.id === id);
  if (!cell) return { ok: false, error: 'That cell no longer exists.' };
  if (!isNamed(cell)) return { ok: false, error: 'Markdown cells have no name.' };
  const trimmed = name.trim();
  const problem = nameProblem(nb, trimmed, id);
  if (problem) return { ok: false, error: problem };
  return { ok: true, notebook: { ...nb, cells: nb.cells.map((c) => (c.id === id ? { ...cell, name: trimmed } : c)) } };
}

/** Sets the notebook's title. */
export function setTitle(nb: Notebook, title: string): Notebook {
  return { ...nb, title };
}

/** The position of the cell `id`, or -1. */
export function indexOf(nb: Notebook, id: string): number {
  return nb.cells.findIndex((c) => c.id === id);
}
