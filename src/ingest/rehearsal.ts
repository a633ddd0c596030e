/**
 * A rehearsal of the whole load on built-in lines, run while the page waits for the user's first file.
 * DuckDB-WASM's code is compiled on first use, so the first load of a session paid about half a second
 * (10% of a million-line load) for compiling the CSV reader, the profile, the date inference and the
 * canonical build's functions; after the rehearsal, the user's file meets them compiled. And the browser first
 * compiles WebAssembly quickly into slow code, recompiling a function for speed only once it has run a while:
 * with 40 lines, a million-line file met the profile's and the dates' functions still slow (profile 170–430 ms
 * against 115–160 ms after a rehearsal of 20,000 varied lines, in Chromium; 100,000 gained nothing more). The
 * rehearsal builds the canonical tables under their temporary names and throws them away: the tables the user
 * has stay.
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

/**
 * Lines of the rehearsal file: as many as the profile samples (PROFILE_SAMPLE_ROWS), with values as varied as
 * a shop's, so the functions a big load spends its time in have run long enough to be recompiled for speed.
 * About 0.4 s of the engine's time while the page is idle.
 */
const REHEARSAL_LINES = 20_000;

/** An order-line export with the columns most shops have, returns, guests, a copy and an unreadable date. */
function rehearsalCsv(): string {
  const lines = ['order_id,customer_id,order_date,product_id,product_name,category,quantity,unit_price,status,country'];
  for (let i = 0; i < REHEARSAL_LINES; i++) {
    const customer = i % 997 === 7 ? 'NA' : `C${String((i * 7919) % 4001).padStart(5, '0')}`;
    const day = i % 700;
    const date = i === 11 ? 'soon' : `${2023 + Math.floor(day / 365)}-${String(((day >> 5) % 12) + 1).padStart(2, '0')}-${String((day % 28) + 1).padStart(2, '0')} ${String(i % 24).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}:00`;
    const status = i % 53 === 5 ? 'returned' : 'completed';
    const product = (i * 31) % 487;
    lines.push(`O${100000 + (i >> 1)},${customer},${date},P${product},Product ${product},Category ${product % 23},${(i % 4) + 1},${(4.5 + (i % 311) / 7).toFixed(2)},${status},${COUNTRIES[i % COUNTRIES.length]}`);
  }
  lines.push(lines[1]!);
  return `${lines.join('\n')}\n`;
}

const COUNTRIES = ['France', 'Germany', 'United Kingdom', 'Spain', 'Italy', 'Netherlands', 'Belgium', 'Portugal'];
