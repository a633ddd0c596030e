/**
 * DuckDB's error messages, made readable: the first sentence for the user, the line and column
 * of the caret (`LINE 3: ... ^`) for the editor, and "table does not exist" as a missing name.
 */

/** A DuckDB error split into what the cell shows. */
export interface ParsedSqlError {
  message: string;
  line?: number;
  column?: number;
  /** The table name DuckDB could not find, when that was the error. */
  missingTable?: string;
}

/**
 * Parses a DuckDB error `raw` raised by a statement whose user text started after `lineOffset`
 * lines of wrapper (e.g. `CREATE TABLE x AS\n`); `source` is the user text, to place the caret.
 */
export function parseSqlError(raw: string, source: string, lineOffset = 0): ParsedSqlError {
  const [head = raw] = raw.split(/\n\s*\nLINE \d+:/);
  const message = head.split('\n')[0]?.trim() || raw.trim();
  const missingTable = /Table with name (.+?) does not exist/.exec(head)?.[1]?.replace(/^"(.*)"$/, '$1');
  const position = caretPosition(raw, source, lineOffset);
  return { message, ...position, ...(missingTable ? { missingTable } : {}) };
}

function caretPosition(raw: string, source: string, lineOffset: number): { line?: number; column?: number } {
  const match = /LINE (\d+): (.*)\n( *)\^/.exec(raw);
  if (!match) return {};
  const line = Number(match[1]) - lineOffset;
  if (line < 1) return {};
  const prefix = `LINE ${match[1]}: `.length;
  const excerpt = match[2] ?? '';
  const caret = (match[3] ?? '').length - prefix;
  const text = source.split('\n')[line - 1] ?? '';
  const shown = excerpt.replace(/^\.\.\./, '').replace(/\.\.\.$/, '');
  const cut = excerpt.startsWith('...') ? 3 : 0;
  const start = excerpt.startsWith('...') ? Math.max(0, text.indexOf(shown)) : 0;
  return { line, column: Math.max(1, start + caret - cut + 1) };
}
