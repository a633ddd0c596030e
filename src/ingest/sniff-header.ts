/**
 * Decides whether the first record of a text file is a header. A header's cells are names: text where
 * the column below holds numbers or dates, or (in an all-text file) distinct names that do not look like data.
 */

type CellKind = 'empty' | 'number' | 'date' | 'text';

const NUMBER = /^[-+(]?[$€£¥]?\s?(\d+|\d{1,3}(,\d{3})+|\d{1,3}(\.\d{3})+)?([.,]\d+)?([eE][-+]?\d+)?\)?%?$/;
const DATES = [
  /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}([ T]\d{1,2}:\d{2}.*)?$/,
  /^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}([ T]\d{1,2}:\d{2}.*)?$/,
  /^\d{1,2}[ -][A-Za-z]{3,9}\.?[ -]\d{2,4}/,
  /^[A-Za-z]{3,9}\.? \d{1,2},? \d{4}/,
  /^\d{4}年\d{1,2}月\d{1,2}日/,
  /^\d{1,2}:\d{2}(:\d{2})?$/,
];

/** Classifies one cell of a sample as empty, number, date or text. */
export function cellKind(value: string): CellKind {
  const v = value.trim();
  if (v === '') return 'empty';
  if (/\d/.test(v) && NUMBER.test(v)) return 'number';
  if (DATES.some((re) => re.test(v))) return 'date';
  return 'text';
}

function dominantKind(values: string[]): CellKind {
  const counts: Record<CellKind, number> = { empty: 0, number: 0, date: 0, text: 0 };
  for (const value of values) counts[cellKind(value)]++;
  const filled = counts.number + counts.date + counts.text;
  if (filled === 0) return 'empty';
  if (counts.number / filled >= 0.9) return 'number';
  if (counts.date / filled >= 0.9) return 'date';
  if ((counts.number + counts.date) / filled >= 0.9) return 'number';
  return 'text';
}

function looksLikeName(value: string): boolean {
  const v = value.trim();
  return v.length > 0 && v.length <= 64 && !v.includes('@') && !/^https?:/i.test(v) && cellKind(v) === 'text';
}

/** True when `records[0]` is a header row rather than data. */
export function sniffHeader(records: string[][]): boolean {
  const [first, ...body] = records;
  if (!first) return false;
  let headerVotes = 0;
  let dataVotes = 0;
  first.forEach((cell, column) => {
    const top = cellKind(cell);
    const below = dominantKind(body.map((record) => record[column] ?? ''));
    if (top === 'number' || top === 'date') dataVotes++;
    else if (top === 'text' && (below === 'number' || below === 'date')) headerVotes++;
  });
  if (dataVotes > 0) return false;
  if (headerVotes > 0) return true;
  const names = first.filter((cell) => cell.trim() !== '');
  if (names.length === 0 || !names.every(looksLikeName)) return false;
  if (new Set(names.map((n) => n.trim())).size !== names.length) return false;
  return first.every((cell, column) => !body.some((record) => (record[column] ?? '').trim() === cell.trim() && cell.trim() !== ''));
}
