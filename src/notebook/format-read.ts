/**
 * Reads a `.cohortbook.md` file. Accepts what the writer writes exactly, and reasonable hand-written
 * files: a ```` ```sql ```` block without a name gets a generated one, fences of other languages stay
 * Markdown, a CRLF file reads like an LF file. Mistakes are reported with their line number.
 */
import { AttributeError, parseAttributes, type Attributes } from './format-attrs';
import { closesFence, isFrontMatterFence, readMarker, readOpener, type FenceKind } from './format-syntax';
import { counterIds, type IdGenerator } from './ids';
import { nameProblem, uniqueName } from './names';
import type { Cell, Notebook } from './types';

/** A file that cannot be read, with the 1-based line of the problem. */
export class NotebookParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`Line ${line}: ${message}`);
    this.name = 'NotebookParseError';
  }
}

/** Options for reading a file. */
export interface ParseOptions {
  /** Ids for the notebook and its cells (default n1 / c1, c2, …). */
  ids?: IdGenerator;
}

/** A notebook read from a file, with notes about things that were ignored. */
export interface ParseResult {
  notebook: Notebook;
  warnings: string[];
}

type Item =
  | { type: 'front'; start: number; end: number; title: string }
  | { type: 'fence'; start: number; end: number; line: number; kind: FenceKind; attributes: Attributes; content: string }
  | { type: 'marker'; start: number; end: number; line: number; attributes: Attributes };

const KNOWN: Record<FenceKind, string[]> = {
  sql: ['name', 'collapsed', 'origin'],
  chart: ['name', 'data', 'collapsed', 'origin'],
  model: ['name', 'collapsed', 'origin'],
  'markdown-cell': ['collapsed', 'origin'],
};

/** Reads a notebook file; throws NotebookParseError on a mistake. */
export function parse(text: string, options: ParseOptions = {}): Notebook {
  return parseNotebook(text, options).notebook;
}

/** Reads a notebook file and reports ignored attributes as warnings. */
export function parseNotebook(text: string, options: ParseOptions = {}): ParseResult {
  const ids = options.ids ?? counterIds('c');
  const source = /\r\n/.test(text) && !/(^|[^\r])\n/.test(text) ? text.replaceAll('\r\n', '\n') : text;
  const warnings: string[] = [];
  const items = scan(source, warnings);
  const front = items[0]?.type === 'front' ? items[0] : null;
  const notebook: Notebook = { id: ids(), title: front?.title ?? '', cells: [] };
  const body = front ? items.slice(1) : items;
  let cursor = front ? front.end : 0;
  let afterMarker: Attributes | null = null;
  const atStart = front === null;
  body.forEach((item, i) => {
    addProse(notebook, source.slice(cursor, item.start), { first: atStart && i === 0, last: false, afterMarker, ids });
    afterMarker = null;
    if (item.type === 'marker') afterMarker = item.attributes;
    else if (item.type === 'fence') notebook.cells.push(cellOf(notebook, item, ids, warnings));
    cursor = item.end;
  });
  addProse(notebook, source.slice(cursor), { first: atStart && body.length === 0, last: true, afterMarker, ids });
  return { notebook, warnings };
}

function scan(text: string, warnings: string[]): Item[] {
  const lines = text.split('\n');
  const starts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    starts.push(offset);
    offset += line.length + 1;
  }
  const endOf = (i: number) => (starts[i] as number) + (lines[i] as string).length;
  const items: Item[] = [];
  let i = 0;
  if (isFrontMatterFence(lines[0] ?? '')) {
    const close = lines.findIndex((l, k) => k > 0 && (isFrontMatterFence(l) || /^\.\.\.[ \t]*\r?$/.test(l)));
    if (close > 0) {
      items.push({ type: 'front', start: 0, end: endOf(close), title: readTitle(lines.slice(1, close), warnings) });
      i = close + 1;
    }
  }
  for (; i < lines.length; i++) {
    const line = lines[i] as string;
    const opener = readOpener(line);
    const marker = opener ? null : readMarker(line);
    if (marker !== null) {
      items.push({ type: 'marker', start: starts[i] as number, end: endOf(i), line: i + 1, attributes: attributesAt(marker, i + 1, 'markdown-cell', warnings) });
    } else if (opener) {
      let close = i + 1;
      while (close < lines.length && !closesFence(lines[close] as string, opener.fence)) close++;
      if (close >= lines.length) {
        throw new NotebookParseError(`the ${opener.fence}${opener.kind} block is never closed: add a line with ${opener.fence} after it.`, i + 1);
      }
      const content = close === i + 1 ? '' : text.slice(starts[i + 1] as number, (starts[close] as number) - 1);
      const attributes = attributesAt(opener.info, i + 1, opener.kind, warnings);
      items.push({ type: 'fence', start: starts[i] as number, end: endOf(close), line: i + 1, kind: opener.kind, attributes, content });
      i = close;
    }
  }
  return items;
}

function attributesAt(info: string, line: number, kind: FenceKind, warnings: string[]): Attributes {
  let attributes: Attributes;
  try {
    attributes = parseAttributes(info);
  } catch (error) {
    if (error instanceof AttributeError) throw new NotebookParseError(error.message, line);
    throw error;
  }
  for (const key of attributes.keys()) {
    if (!KNOWN[kind].includes(key)) warnings.push(`Line ${line}: the attribute “${key}” means nothing on a ${kind === 'markdown-cell' ? 'Markdown' : kind} cell and was ignored.`);
  }
  return attributes;
}

function readTitle(lines: string[], warnings: string[]): string {
  let title = '';
  lines.forEach((raw, k) => {
    const line = raw.replace(/\r$/, '');
    const match = /^([A-Za-z_][\w-]*)[ \t]*:[ \t]?(.*)$/.exec(line);
    if (!match) {
      if (line.trim() !== '') warnings.push(`Line ${k + 2}: front matter line “${line}” was ignored.`);
      return;
    }
    if (match[1] !== 'title') {
      warnings.push(`Line ${k + 2}: front matter key “${match[1]}” was ignored.`);
      return;
    }
    const value = (match[2] ?? '').trim();
    if (value.startsWith('"')) {
      try {
        title = JSON.parse(value) as string;
      } catch {
        throw new NotebookParseError(`cannot read the title ${value}: close the quotes, and escape inner quotes as \\".`, k + 2);
      }
    } else if (value.startsWith("'") && value.endsWith("'") && value.length > 1) title = value.slice(1, -1).replaceAll("''", "'");
    else title = value;
  });
  return title;
}

function addProse(
  nb: Notebook,
  gap: string,
  at: { first: boolean; last: boolean; afterMarker: Attributes | null; ids: IdGenerator },
): void {
  let text = at.first ? gap.replace(/^\n+/, '') : gap.replace(/^\n\n?/, '');
  text = at.last ? text.replace(/\n$/, '') : text.replace(/\n\n?$/, '');
  if (at.afterMarker === null && text.trim() === '') return;
  const attributes = at.afterMarker ?? new Map();
  nb.cells.push({ id: at.ids(), kind: 'markdown', source: text, ...common(attributes) });
}

function common(attributes: Attributes): Pick<Cell, 'collapsed' | 'origin'> {
  const collapsed = attributes.get('collapsed');
  const origin = attributes.get('origin');
  return {
    ...(collapsed === true || collapsed === 'true' ? { collapsed: true } : {}),
    ...(typeof origin === 'string' ? { origin } : {}),
  };
}

function cellOf(nb: Notebook, item: Extract<Item, { type: 'fence' }>, ids: IdGenerator, _warnings: string[]): Cell {
  const id = ids();
  const extra = common(item.attributes);
  if (item.kind === 'markdown-cell') return { id, kind: 'markdown', source: item.content, ...extra };
  const given = item.attributes.get('name');
  const name = typeof given === 'string' ? given : uniqueName(nb, item.kind === 'sql' ? 'query' : item.kind);
  const problem = nameProblem(nb, name);
  if (problem) throw new NotebookParseError(problem, item.line);
  if (item.kind === 'chart') {
    const data = item.attributes.get('data');
    return { id, kind: 'chart', name, data: typeof data === 'string' ? data : '', source: item.content, ...extra };
  }
  return { id, kind: item.kind, name, source: item.content, ...extra };
}
