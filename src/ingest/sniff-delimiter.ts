/**
 * Finds the field delimiter of a text sample: the candidate whose records have the most consistent
 * field count (quote-aware), or whitespace-aligned columns when no single character splits the lines
 * and the first line splits on blanks like the others (so a one-column list of full names stays one column).
 */
import { parseRecords, splitOnBlanks, textLines } from './csv-records';

/** Single-character delimiters we try, in order of preference on ties. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;

/** How a text sample splits into records. */
export interface DelimiterGuess {
  format: 'csv' | 'whitespace';
  /** The delimiter for `csv` (',' for a single-column file); null for `whitespace`. */
  delimiter: string | null;
  /** The sample's records, split with the chosen delimiter. */
  records: string[][];
  /** Share of records with the most common field count (1 = perfectly regular). */
  consistency: number;
}

const MAX_RECORDS = 200;
const REGULAR = 0.9;

interface Split {
  records: string[][];
  mode: number;
  consistency: number;
}

function fieldCountMode(records: string[][]): Split {
  const counts = new Map<number, number>();
  for (const record of records) counts.set(record.length, (counts.get(record.length) ?? 0) + 1);
  let mode = 0;
  let best = 0;
  for (const [count, n] of counts) if (n > best || (n === best && count > mode)) [mode, best] = [count, n];
  return { records, mode, consistency: records.length === 0 ? 0 : best / records.length };
}

function splitWith(sample: string, delimiter: string): Split {
  const records = parseRecords(sample, delimiter, MAX_RECORDS).filter((r) => !(r.length === 1 && r[0]!.trim() === ''));
  return fieldCountMode(records);
}

/** Guesses the delimiter (or whitespace alignment) of a sample of complete lines. */
export function sniffDelimiter(sample: string): DelimiterGuess {
  let best: { delimiter: string; split: Split } | null = null;
  for (const delimiter of DELIMITERS) {
    const split = splitWith(sample, delimiter);
    if (split.mode < 2) continue;
    if (
      !best ||
      split.consistency > best.split.consistency + 1e-9 ||
      (Math.abs(split.consistency - best.split.consistency) < 1e-9 && split.mode > best.split.mode)
    ) {
      best = { delimiter, split };
    }
  }
  if (best && best.split.consistency >= REGULAR) {
    return { format: 'csv', delimiter: best.delimiter, ...pick(best.split) };
  }
  const blanks = fieldCountMode(textLines(sample).slice(0, MAX_RECORDS).map(splitOnBlanks));
  const aligned = blanks.mode >= 2 && blanks.records[0]?.length === blanks.mode && blanks.consistency >= REGULAR;
  if (aligned && blanks.consistency > (best?.split.consistency ?? 0)) {
    return { format: 'whitespace', delimiter: null, ...pick(blanks) };
  }
  if (best) return { format: 'csv', delimiter: best.delimiter, ...pick(best.split) };
  return { format: 'csv', delimiter: ',', ...pick(splitWith(sample, ',')) };
}

function pick(split: Split): Pick<DelimiterGuess, 'records' | 'consistency'> {
  return { records: split.records, consistency: split.consistency };
}
