/**
 * Chart specs are user text and may come from an imported file, so they are checked before Vega sees
 * them: charts never load URLs (a `url` key anywhere, or a CSS `url(…)` in any value such as a fill,
 * stroke or background, is refused), links (`href`) and `usermeta` are removed, and the data always
 * comes inlined from the named result.
 */

/** A checked Vega-Lite spec, or why it was refused (with the position of a JSON syntax error). */
export type ChartSpecResult =
  | { ok: true; spec: Record<string, unknown>; removed: string[] }
  | { ok: false; message: string; line?: number; column?: number };

/** A CSS `url(…)` that points anywhere but inside the chart (`url(#gradient)` is Vega's own). */
export const EXTERNAL_CSS_URL = /url\(\s*['"]?\s*(?!#)/i;

/** Keys removed wherever they occur: links can run `javascript:`, usermeta carries embed options. */
const STRIPPED = new Set(['href', 'usermeta', 'loader']);

/** Parses and checks a chart cell's JSON source. */
export function checkChartSpec(source: string): ChartSpecResult {
  if (source.trim() === '') return { ok: false, message: 'This chart has no spec yet. Pick a mark and fields, or paste Vega-Lite JSON.' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch (error) {
    return { ok: false, message: `The chart spec is not valid JSON: ${(error as Error).message}`, ...jsonErrorPosition(error, source) };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { ok: false, message: 'The chart spec must be a JSON object (a Vega-Lite spec such as {"mark": "bar", "encoding": {…}}).' };
  }
  const url = findPath(parsed, (key) => key === 'url');
  if (url) {
    return {
      ok: false,
      message: `Charts cannot load files or web addresses: remove "url" at ${url}. The chart's data comes from the result named in its data setting.`,
    };
  }
  const cssUrl = findPath(parsed, (_key, value) => typeof value === 'string' && EXTERNAL_CSS_URL.test(value));
  if (cssUrl) {
    return {
      ok: false,
      message: `Charts cannot load files or web addresses: remove the url(…) at ${cssUrl} (a fill, stroke or background must be a colour).`,
    };
  }
  const removed: string[] = [];
  const spec = strip(parsed, [], removed) as Record<string, unknown>;
  return { ok: true, spec, removed };
}

/** The spec with `rows` inlined as its top-level data (any other top-level data is replaced). */
export function inlineData(spec: Record<string, unknown>, rows: readonly Record<string, unknown>[]): Record<string, unknown> {
  return { ...spec, data: { values: rows } };
}

/** The dotted path of the first entry (key and value) for which `match` holds, depth first, or null. */
function findPath(value: unknown, match: (key: string, value: unknown) => boolean, path: string[] = []): string | null {
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [String(i), v])
    : value && typeof value === 'object'
      ? Object.entries(value)
      : [];
  for (const [k, v] of entries) {
    if (match(k, v)) return [...path, k].join('.');
    const hit = findPath(v, match, [...path, k]);
    if (hit) return hit;
  }
  return null;
}

function strip(value: unknown, path: string[], removed: string[]): unknown {
  if (Array.isArray(value)) return value.map((v, i) => strip(v, [...path, String(i)], removed));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (STRIPPED.has(k)) removed.push([...path, k].join('.'));
    else out[k] = strip(v, [...path, k], removed);
  }
  return out;
}

/** Where JSON.parse failed: from "line L column C" or "position P" when the engine says so, else from V8's snippet. */
function jsonErrorPosition(error: unknown, source: string): { line?: number; column?: number } {
  const message = (error as Error).message;
  const lineCol = /line (\d+) column (\d+)/.exec(message);
  if (lineCol) return { line: Number(lineCol[1]), column: Number(lineCol[2]) };
  const offset = jsonErrorOffset(message, source);
  if (offset === null) return {};
  const before = source.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

function jsonErrorOffset(message: string, source: string): number | null {
  const position = /position (\d+)/.exec(message);
  if (position) return Number(position[1]);
  if (/Unexpected end of JSON input/.test(message)) return source.length;
  const snippet = /, (\.\.\.)?"([\s\S]*?)"(\.\.\.)? is not valid JSON/.exec(message);
  if (!snippet) return null;
  const text = snippet[2] ?? '';
  const at = source.indexOf(text);
  if (at < 0) return null;
  if (snippet[1]) return at + 10;
  return snippet[3] ? text.length - 10 : Math.max(0, source.lastIndexOf(/'(.)'/.exec(message)?.[1] ?? ''));
}
