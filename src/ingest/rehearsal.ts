/**
 * A rehearsal of the whole load on a few built-in lines, run while the page waits for the user's first file.
 * DuckDB-WASM's code is compiled on first use, so the first load of a session paid about half a second
 * (10% of a million-line load) for compiling the CSV reader, the profile, the date inference and the
 * canonical build's functions; after the rehearsal, the user's file meets them compiled. The rehearsal builds
 * the canonical tables under their temporary names and throws them away: the tables the user has stay.
 */
import type { Db } from '../engine/db';
import { ident } from '../sql/quote';
import { loadFile } from './load';
import { bytesSource } from './sources';

/** The rehearsal's raw table, dropped when it ends. */
const REHEARSAL_TABLE = 'cb_rehearsal';

/** Runs the load pipeline on REHEARSAL_LINES lines of a typical order export, keeping nothing. */
export async function rehearseLoad(db: Db): Promise<void> {
  try {
    await loadFile(db, bytesSource('rehearsal.csv', new TextEncoder().encode(rehearsalCsv())), { table: REHEARSAL_TABLE, rehearsal: true });
  } finally {
    await db.exec(`DROP TABLE IF EXISTS ${ident(REHEARSAL_TABLE)}`);
  }
}

/** Lines of the rehearsal file: enough for every rule of the build to meet data (returns, guests, copies). */
const REHEARSAL_LINES = 40;

/** An order-line export with the columns most shops have, a return, a guest, a copy and an unreadable date. */
function rehearsalCsv(): string {
  const lines = ['order_id,customer_id,order_date,product_id,product_name,category,quantity,unit_price,status,country'];
  for (let i = 0; i < REHEARSAL_LINES; i++) {
    const customer = i === 7 ? 'NA' : `C${String(i % 9).padStart(4, '0')}`;
    const date = i === 11 ? 'soon' : `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')} 1${i % 10}:30:00`;
    const status = i === 5 ? 'returned' : 'completed';
    lines.push(`O${1000 + i},${customer},${date},P${i % 6},Product ${i % 6},Category ${i % 3},${(i % 4) + 1},${(4.5 + i).toFixed(2)},${status},France`);
  }
  lines.push(lines[1]!);
  return `${lines.join('\n')}\n`;
}
