/** Identifiers of a SQL text from DuckDB's own tokenizer: strings and comments never count as names. */

/** DuckDB-WASM's token stream: where each token starts and its type (0 = identifier). */
export interface TokenStream {
  offsets: number[];
  types: number[];
}

const IDENTIFIER = 0;

/** The identifiers of `sql` in order, with double-quoted ones unquoted. */
export function identifiersOf(sql: string, tokens: TokenStream): string[] {
  const names: string[] = [];
  tokens.offsets.forEach((start, i) => {
    if (tokens.types[i] !== IDENTIFIER) return;
    const end = tokens.offsets[i + 1] ?? sql.length;
    names.push(readIdentifier(sql.slice(start, end)));
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
