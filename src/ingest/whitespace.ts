/** Rewrites whitespace-aligned text (columns separated by runs of blanks) as tab-separated text. */
import { splitOnBlanks } from './csv-records';

function tsvField(field: string): string {
  return field.includes('"') ? `"${field.replaceAll('"', '""')}"` : field;
}

/** One tab-separated line per non-blank input line; fields with `"` are quoted so DuckDB reads them as they are. */
export function whitespaceToTsv(text: string): string {
  const out: string[] = [];
  for (const line of text.split(/\r\n|\n|\r/)) {
    const fields = splitOnBlanks(line);
    if (fields.length > 0) out.push(fields.map(tsvField).join('\t'));
  }
  return out.join('\n') + '\n';
}
