/** Tells a JSON document (array or object) from newline-delimited JSON (one value per line). */

function parsesAsJson(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

/** 'json' or 'ndjson' for text starting with `[` or `{`; null for anything else. */
export function sniffJson(text: string, fileName: string, complete: boolean): 'json' | 'ndjson' | null {
  const start = text.trimStart()[0];
  if (start !== '[' && start !== '{') return null;
  if (/\.(ndjson|jsonl)$/i.test(fileName)) return 'ndjson';
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const whole = complete ? lines : lines.slice(0, -1);
  const sample = whole.slice(0, 20);
  if (sample.length >= 2 && sample.every(parsesAsJson)) return 'ndjson';
  return 'json';
}
