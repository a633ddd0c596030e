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

/**
 * An order-line export with the columns most shops have, returns, guests, a copy and an unreadable date. Built on
 * the page's main thread as it opens, so from pieces made once: formatting every line's date and numbers afresh
 * took 50–110 ms in Node, 20–34 ms now (the same text).
 */
function rehearsalCsv(): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const days = Array.from({ length: 700 }, (_, day) => `${2023 + Math.floor(day / 365)}-${pad(((day >> 5) % 12) + 1)}-${pad((day % 28) + 1)}`);
  const times = Array.from({ length: 24 * 60 }, (_, t) => `${pad(Math.floor(t / 60))}:${pad(t % 60)}:00`);
  const customers = Array.from({ length: 4001 }, (_, c) => `C${pad(c, 5)}`);
  const products = Array.from({ length: 487 }, (_, p) => `P${p},Product ${p},Category ${p % 23}`);
  const prices = Array.from({ length: 311 }, (_, k) => (4.5 + k / 7).toFixed(2));
  const lines = ['order_id,customer_id,order_date,product_id,product_name,category,quantity,unit_price,status,country'];
  for (let i = 0; i < REHEARSAL_LINES; i++) {
    const customer = i % 997 === 7 ? 'NA' : customers[(i * 7919) % 4001];
    const date = i === 11 ? 'soon' : `${days[i % 700]} ${times[(i % 24) * 60 + ((i * 7) % 60)]}`;
    const status = i % 53 === 5 ? 'returned' : 'completed';
    lines.push(`O${100000 + (i >> 1)},${customer},${date},${products[(i * 31) % 487]},${(i % 4) + 1},${prices[i % 311]},${status},${COUNTRIES[i % COUNTRIES.length]}`);
  }
  lines.push(lines[1]!);
  return `${lines.join('\n')}\n`;
}

const COUNTRIES = ['France', 'Germany', 'United Kingdom', 'Spain', 'Italy', 'Netherlands', 'Belgium', 'Portugal'];
