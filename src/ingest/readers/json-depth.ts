/**
 * A guard before JSON.parse: orders and events are flat records, while a document nested thousands of
 * levels deep overflows the stack of the parser and of the code that walks the result (a RangeError
 * that would otherwise read like "out of memory" for a 60 KB file).
 */
import { IngestError } from '../errors';
import { say } from '../../text/language';

/** Deepest nesting accepted; e-commerce records rarely go past 5. */
export const MAX_JSON_DEPTH = 64;

/** The character offset where nesting first goes past `limit` (strings skipped), or -1. */
export function tooDeepAt(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i += 1; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) {
      inString = true;
    } else if (ch === 0x5b || ch === 0x7b) {
      depth += 1;
      if (depth > limit) return i;
    } else if (ch === 0x5d || ch === 0x7d) {
      depth -= 1;
    }
  }
  return -1;
}

/** Throws a clear IngestError when `text` nests deeper than MAX_JSON_DEPTH. */
export function checkJsonDepth(text: string, fileName: string): void {
  const at = tooDeepAt(text);
  if (at < 0) return;
  const example = '[{"order": 1, "customer": "a", "date": "2024-01-31"}]';
  throw new IngestError(
    say(
      `${fileName} nests its data more than ${MAX_JSON_DEPTH} levels deep (at character ${at.toLocaleString('en')}), so it is not a table of orders or events. Cohortbook reads JSON as a list of flat records, like ${example}: export the data that way, or as CSV.`,
      `${fileName} 的数据嵌套超过 ${MAX_JSON_DEPTH} 层（在第 ${at.toLocaleString('zh-CN')} 个字符处），因此不是订单或事件表。Cohortbook 把 JSON 读作扁平记录的列表，例如 ${example}：请按这种方式导出，或导出为 CSV。`,
    ),
  );
}
