/**
 * Names of SQL, chart and model cells. Other cells write them unquoted in SQL, so a name must be a
 * plain identifier, not a SQL keyword (DuckDB's tokenizer would not see it as a name), not a canonical table, and unique in the notebook (DuckDB
 * compares names case-insensitively, so we do too).
 */
import { SQL_KEYWORDS } from './sql-keywords';
import type { Cell, Notebook } from './types';

/** The canonical tables built from the loaded file (DESIGN.md section 3); cells may not replace them. */
export const CANONICAL_TABLES = ['cb_lines', 'cb_orders', 'cb_customers', 'cb_events', 'cb_returns'] as const;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;


/** A cell that defines a name other cells can read. */
export type NamedCell = Exclude<Cell, { kind: 'markdown' }>;

/** True when the cell has a name (SQL, chart, model). */
export function isNamed(cell: Cell): cell is NamedCell {
  return cell.kind !== 'markdown';
}

/** Why `name` cannot be used as a cell name, or null when it can. `exceptId` is the cell being renamed. */
export function nameProblem(nb: Notebook, name: string, exceptId?: string): string | null {
  if (name === '') return 'A name is needed: other cells read this result by its name.';
  if (!IDENTIFIER.test(name)) {
    const suggestion = suggestName(name);
    return `“${name}” is not a valid name: use letters, digits and _, starting with a letter or _ (for example ${suggestion}).`;
  }
  const lower = name.toLowerCase();
  if (SQL_KEYWORDS.has(lower)) return `“${name}” is a SQL word, so other cells could not refer to it. Pick another name, for example ${name}s or my_${name}.`;
  if ((CANONICAL_TABLES as readonly string[]).includes(lower)) {
    return `“${name}” is the name of a table built from your data. Pick another name, for example my_${lower.slice(3)}.`;
  }
  const other = nb.cells.find((c) => c.id !== exceptId && isNamed(c) && c.name.toLowerCase() === lower);
  if (other) return `Another cell is already named “${(other as NamedCell).name}”. Names must be unique; try ${uniqueName(nb, name)}.`;
  return null;
}

/** Turns any text into a valid identifier-like name (not checked for uniqueness). */
export function suggestName(text: string): string {
  const cleaned = text
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
  const base = cleaned === '' ? 'result' : /^[0-9]/.test(cleaned) ? `t_${cleaned}` : cleaned;
  return SQL_KEYWORDS.has(base) || (CANONICAL_TABLES as readonly string[]).includes(base) ? `${base}_1` : base;
}

/** The first of `base`, `base_2`, `base_3`, … that no other cell uses (case-insensitively). */
export function uniqueName(nb: Notebook, base: string, exceptId?: string): string {
  const clean = suggestName(base);
  const taken = new Set(nb.cells.filter((c) => c.id !== exceptId && isNamed(c)).map((c) => (c as NamedCell).name.toLowerCase()));
  if (!taken.has(clean)) return clean;
  const stem = clean.replace(/_\d+$/, '');
  for (let i = 2; ; i++) if (!taken.has(`${stem}_${i}`)) return `${stem}_${i}`;
}
