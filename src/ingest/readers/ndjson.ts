/** Reads newline-delimited JSON (one record per line), skipping and reporting lines that do not parse. */
import { IngestError } from '../errors';
import { checkJsonDepth } from './json-depth';
import { rowsToColumns } from './rows';
import { columnsToIpc } from './to-arrow';
import { say, type Localized } from '../../text/language';

/** An NDJSON file read as an Arrow IPC stream, with a warning per kind of skipped line. */
export interface NdjsonResult {
  ipc: Uint8Array;
  warnings: Localized[];
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
    throw new IngestError(say(`${fileName} has no valid JSON lines. Check that it is JSON (one record per line) or open a CSV.`, `${fileName} 里没有有效的 JSON 行。请确认它是 JSON（每行一条记录），或打开 CSV 文件。`));
  }
  const warnings =
    bad.length === 0
      ? []
      : [
          say(
            `${bad.length} line(s) of ${fileName} are not valid JSON and were skipped (line ${bad.slice(0, 5).join(', ')}${bad.length > 5 ? ', …' : ''}).`,
            `${fileName} 中有 ${bad.length} 行不是有效的 JSON，已跳过（第 ${bad.slice(0, 5).join('、')}${bad.length > 5 ? '、…' : ''} 行）。`,
          ),
        ];
  return { ipc: columnsToIpc(rowsToColumns(rows)), warnings };
}
