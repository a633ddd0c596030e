/**
 * A small quote-aware CSV record splitter for samples of text (the sniffer and the header reader).
 * DuckDB parses the real file; this only needs to agree with it on the first few hundred records.
 */

/** Splits `text` into records of fields, honouring `"` quotes (with `""` escapes) around delimiters and newlines. */
export function parseRecords(text: string, delimiter: string, maxRecords = Infinity): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    records.push(fields);
    fields = [];
    field = '';
  };
  while (i < text.length && records.length < maxRecords) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') inQuotes = false;
      else field += ch;
      i += 1;
    } else if (ch === '"' && field === '') {
      inQuotes = true;
      i += 1;
    } else if (ch === delimiter) {
      fields.push(field);
      field = '';
      i += 1;
    } else if (ch === '\n' || ch === '\r') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      i += 1;
    }
  }
  if ((field !== '' || fields.length > 0) && records.length < maxRecords) endRecord();
  return records;
}

/** Splits one line of a whitespace-aligned file into its fields (runs of spaces or tabs separate them). */
export function splitOnBlanks(line: string): string[] {
  const trimmed = line.trim();
  return trimmed === '' ? [] : trimmed.split(/[ \t]+/);
}

/** Non-blank lines of a text sample. */
export function textLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/).filter((line) => line.trim() !== '');
}
