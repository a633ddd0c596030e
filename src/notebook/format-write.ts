/**
 * Writes a notebook as a `.cohortbook.md` file (DESIGN.md section 5): front matter with the title,
 * prose as plain Markdown, code cells as fenced blocks whose info string holds kind and attributes.
 * Prose that could be misread (it contains a cell fence, is blank, or sits next to other prose) gets
 * a `<!-- cell -->` marker or, when it contains cell-like fences, a ```` ```markdown-cell ```` fence.
 */
import { renderAttributes } from './format-attrs';
import { CELL_MARKER, fenceFor, hasStructuralLine, isFrontMatterFence } from './format-syntax';
import type { Cell, MarkdownCell, Notebook } from './types';

/** The file text of `nb`; `parse(serialise(nb))` gives `nb` back (ids aside). */
export function serialise(nb: Notebook): string {
  const parts: string[] = [];
  if (nb.title !== '') parts.push(`---\ntitle: ${renderTitle(nb.title)}\n---`);
  let previousBare = false;
  nb.cells.forEach((cell) => {
    if (cell.kind !== 'markdown') {
      parts.push(fenced(cell.kind, [['name', cell.name], ...(cell.kind === 'chart' ? [['data', cell.data] as [string, string]] : []), ...common(cell)], cell.source));
      previousBare = false;
    } else if (mustFence(cell)) {
      parts.push(fenced('markdown-cell', common(cell), cell.source));
      previousBare = false;
    } else {
      if (needsMarker(cell, previousBare, parts.length === 0)) {
        const attributes = renderAttributes(common(cell));
        parts.push(attributes === '' ? CELL_MARKER : `<!-- cell ${attributes} -->`);
      }
      parts.push(cell.source);
      previousBare = true;
    }
  });
  return parts.length === 0 ? '' : parts.join('\n\n') + '\n';
}

function common(cell: Cell): [string, string | boolean | undefined][] {
  return [
    ['collapsed', cell.collapsed === true],
    ['origin', cell.origin],
  ];
}

function fenced(kind: string, attributes: [string, string | boolean | undefined][], source: string): string {
  const fence = fenceFor(source);
  const info = renderAttributes(attributes);
  return `${fence}${kind}${info === '' ? '' : ' ' + info}\n${source}\n${fence}`;
}

function mustFence(cell: MarkdownCell): boolean {
  return hasStructuralLine(cell.source) || cell.source.endsWith('\r');
}

function needsMarker(cell: MarkdownCell, previousBare: boolean, atStart: boolean): boolean {
  if (previousBare || cell.source.trim() === '' || cell.collapsed || cell.origin !== undefined) return true;
  const firstLine = cell.source.split('\n')[0] ?? '';
  return atStart && (cell.source.startsWith('\n') || cell.source.startsWith('\r') || isFrontMatterFence(firstLine));
}

function renderTitle(title: string): string {
  return /^[\p{L}\p{N}][\p{L}\p{N} ,.!?()&’'/–—-]*$/u.test(title) && !/\s$/.test(title) ? title : JSON.stringify(title);
}
