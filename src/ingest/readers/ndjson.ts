/** Reads newline-delimited JSON (one record per line), skipping and reporting lines that do not parse. */
import { IngestError } from '../errors';
import { checkJsonDepth } from './json-depth';
import { rowsToColumns } from './rows';
import { columnsToIpc } from './to-arrow';

/** An NDJSON file read as an Arrow IPC stream, with a warning per kind of skipped line. */
export interface NdjsonResult {
  ipc: Uint8Array;
  warnings: string[];
}

/** Parses NDJSON text; bad lines are skipped and counted in the warnings, never silently. */
export function ndjsonToIpc(text: string, fileName: string): NdjsonResult {
  checkJsonDepth(text, fileName);
  const rows: unknown[] = [];
  const bad: number[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      rows.push(JSON.parse(line));
    } catch {
      bad.push(i + 1);
    }
  });
  if (rows.length === 0) {
    throw new IngestError(`${fileName} has no valid JSON lines. Check that it is JSON (one record per line) or open a CSV.`);
  }
  const warnings =
    bad.length === 0
      ? []
      : [
          `${bad.length} line(s) of ${fileName} are not valid JSON and were skipped ` +
            `(line ${bad.slice(0, 5).join(', ')}${bad.length > 5 ? ', …' : ''}).`,
        ];
  return { ipc: columnsToIpc(rowsToColumns(rows)), warnings };
}
