/**
 * The lines that give a `.cohortbook.md` file its structure; the writer and the reader share them so
 * that whatever the writer leaves bare, the reader reads as prose.
 */

/** Fence kinds that become cells; any other fence stays part of the Markdown. */
export const CELL_FENCE_KINDS = ['sql', 'chart', 'model', 'markdown-cell'] as const;

/** A kind of cell fence. */
export type FenceKind = (typeof CELL_FENCE_KINDS)[number];

const OPENER = /^(`{3,})[ \t]*(sql|chart|model|markdown-cell)(?=[ \t]|\r?$)([^`\r]*?)\r?$/;
const MARKER = /^<!--[ \t]*cell\b(.*?)-->[ \t]*\r?$/;
const FRONT_MATTER_FENCE = /^---[ \t]*\r?$/;

/** The marker written between two Markdown cells. */
export const CELL_MARKER = '<!-- cell -->';

/** A cell fence's opening line, read. */
export interface Opener {
  fence: string;
  kind: FenceKind;
  info: string;
}

/** Reads a line as the opening of a cell fence, or null. */
export function readOpener(line: string): Opener | null {
  const match = OPENER.exec(line);
  return match ? { fence: match[1] as string, kind: match[2] as FenceKind, info: (match[3] ?? '').trim() } : null;
}

/** True when `line` closes a fence opened with `fence`. */
export function closesFence(line: string, fence: string): boolean {
  const match = /^(`{3,})[ \t]*\r?$/.exec(line);
  return match !== null && (match[1] as string).length >= fence.length;
}

/** Reads a line as a `<!-- cell … -->` marker: its attribute text, or null. */
export function readMarker(line: string): string | null {
  const match = MARKER.exec(line);
  return match ? (match[1] ?? '').trim() : null;
}

/** True for the `---` line that opens or closes front matter. */
export function isFrontMatterFence(line: string): boolean {
  return FRONT_MATTER_FENCE.test(line);
}

/** A fence of backticks longer than any run of backticks inside `content` (at least 3). */
export function fenceFor(content: string): string {
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** True when `text` has a line the reader would take as structure (a cell fence or a marker). */
export function hasStructuralLine(text: string): boolean {
  return text.split('\n').some((line) => readOpener(line) !== null || readMarker(line) !== null);
}
