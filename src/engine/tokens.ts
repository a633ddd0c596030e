/** Identifiers of a SQL text from DuckDB's own tokenizer: strings and comments never count as names. */

/** DuckDB-WASM's token stream: where each token starts (a UTF-8 byte offset) and its type (0 = identifier). */
export interface TokenStream {
  offsets: number[];
  types: number[];
}

const IDENTIFIER = 0;

/** The identifiers of `sql` in order, with double-quoted ones unquoted. */
export function identifiersOf(sql: string, tokens: TokenStream): string[] {
  // Offsets count UTF-8 bytes: past a "×" or a Chinese comment they run ahead of the string's indices.
  const ascii = /^[\x00-\x7f]*$/.test(sql);
  const bytes = ascii ? null : new TextEncoder().encode(sql);
  const decoder = new TextDecoder();
  const text = (start: number, end: number | undefined) =>
    bytes ? decoder.decode(bytes.subarray(start, end ?? bytes.length)) : sql.slice(start, end ?? sql.length);
  const names: string[] = [];
  tokens.offsets.forEach((start, i) => {
    if (tokens.types[i] !== IDENTIFIER) return;
    names.push(readIdentifier(text(start, tokens.offsets[i + 1])));
  });
  return names;
}

function readIdentifier(text: string): string {
  if (text.startsWith('"')) {
    const close = /^"((?:[^"]|"")*)"/.exec(text);
    return close ? (close[1] ?? '').replaceAll('""', '"') : text.slice(1);
  }
  return /^[^\s,;().]+/.exec(text)?.[0] ?? text.trim();
}
