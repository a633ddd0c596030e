/** Column names of a delimited file, from its first records (DuckDB is then told them, not left to guess). */
import { positionalColumnNames, uniqueColumnNames } from './column-names';
import { parseRecords } from './csv-records';

const SAMPLE_RECORDS = 200;

/** Names from the header row (extra fields in the body get positional names), or `column1…` without one. */
export function csvColumnNames(sample: string, delimiter: string, hasHeader: boolean): string[] {
  const records = parseRecords(sample, delimiter, SAMPLE_RECORDS).filter((r) => !(r.length === 1 && r[0]!.trim() === ''));
  const [first = [], ...body] = records;
  if (!hasHeader) return positionalColumnNames(records.reduce((max, r) => Math.max(max, r.length), 0) || 1);
  const width = Math.max(first.length, modalLength(body));
  return uniqueColumnNames(Array.from({ length: width }, (_, i) => first[i] ?? ''));
}

function modalLength(records: string[][]): number {
  const counts = new Map<number, number>();
  let mode = 0;
  for (const r of records) {
    const n = (counts.get(r.length) ?? 0) + 1;
    counts.set(r.length, n);
    if (n > (counts.get(mode) ?? 0)) mode = r.length;
  }
  return mode;
}
