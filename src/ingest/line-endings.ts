/**
 * Line endings of a delimited file. DuckDB reads a file whose lines all end alike (LF, CRLF or old
 * Mac CR), but a file that mixes CRLF and LF stops its strict parser with an internal dump, and a
 * carriage return alone inside an LF file silently splits a record in two (`2\r0` read as `2`, then a
 * stray line `0`). Such files are normalised to LF in a copy: CRLF becomes LF, and a lone CR becomes
 * a space, reported with its line number so the user can check that value.
 */
import type { ByteSource } from './types';
import { say, type Localized } from '../text/language';

const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
/** Bytes read per step while scanning a file. */
const CHUNK = 8 * 1024 * 1024;
/** Lone carriage returns located in the report (all are replaced). */
const LOCATED = 5;

/** What a scan of the line endings found. */
export interface LineEndings {
  crlf: number;
  /** LF not preceded by CR. */
  lf: number;
  /** CR not followed by LF. */
  loneCr: number;
  /** 1-based line numbers (counting LF) of the first lone carriage returns. */
  loneCrLines: number[];
}

/** True when the file must be copied with normalised endings before DuckDB reads it. */
export function needsNormalising(endings: LineEndings): boolean {
  const mixed = endings.crlf > 0 && endings.lf > 0;
  const strayCr = endings.loneCr > 0 && endings.lf + endings.crlf > 0;
  return mixed || strayCr;
}

/**
 * Counts the line endings of `source`, chunk by chunk with the native `indexOf`. Most files have no
 * CR at all: one search per chunk says so, and their LFs are not counted (`lf` stays 0).
 */
export async function scanLineEndings(source: ByteSource): Promise<LineEndings> {
  const endings: LineEndings = { crlf: 0, lf: 0, loneCr: 0, loneCrLines: [] };
  if (!(await containsCr(source))) return endings;
  let previousWasCr = false;
  let linesBefore = 0;
  for (let start = 0; start < source.size; start += CHUNK) {
    const bytes = await source.read(start, Math.min(source.size, start + CHUNK));
    const locating = endings.loneCrLines.length < LOCATED;
    if (previousWasCr && bytes[0] !== LF) addLoneCr(endings, locating ? linesBefore : -1);
    linesBefore += scanChunk(bytes, previousWasCr, endings, locating ? linesBefore : -1);
    previousWasCr = bytes[bytes.length - 1] === CR;
  }
  // A CR that ends the file ends its last line: it is not a stray one.
  return endings;
}

async function containsCr(source: ByteSource): Promise<boolean> {
  for (let start = 0; start < source.size; start += CHUNK) {
    if ((await source.read(start, Math.min(source.size, start + CHUNK))).indexOf(CR) >= 0) return true;
  }
  return false;
}

/** Counts endings in one chunk; returns the LFs seen. `linesBefore` < 0 skips locating lone CRs. */
function scanChunk(bytes: Uint8Array, previousWasCr: boolean, endings: LineEndings, linesBefore: number): number {
  let lfs = 0;
  for (let i = bytes.indexOf(LF); i >= 0; i = bytes.indexOf(LF, i + 1)) {
    lfs += 1;
    const afterCr = i > 0 ? bytes[i - 1] === CR : previousWasCr;
    if (afterCr) endings.crlf += 1;
    else endings.lf += 1;
  }
  for (let i = bytes.indexOf(CR); i >= 0; i = bytes.indexOf(CR, i + 1)) {
    // A CR at the chunk's end is judged with the next chunk's first byte.
    if (i + 1 === bytes.length || bytes[i + 1] === LF) continue;
    const locate = linesBefore >= 0 && endings.loneCrLines.length < LOCATED;
    addLoneCr(endings, locate ? linesBefore + countLf(bytes, 0, i) : -1);
  }
  return lfs;
}

/** Counts a lone CR on the line after `linesBefore` LFs (< 0: not located). */
function addLoneCr(endings: LineEndings, linesBefore: number): void {
  endings.loneCr += 1;
  if (linesBefore >= 0 && endings.loneCrLines.length < LOCATED) endings.loneCrLines.push(linesBefore + 1);
}

function countLf(bytes: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = bytes.indexOf(LF, from); i >= 0 && i < to; i = bytes.indexOf(LF, i + 1)) n += 1;
  return n;
}

/** A copy of `bytes` with CRLF turned into LF and every other CR into a space. */
export function normaliseLineEndings(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte !== CR) out[n++] = byte;
    else if (bytes[i + 1] !== LF) out[n++] = SPACE;
  }
  return out.subarray(0, n);
}

/** The sentence the load report shows for a normalised file, or null when nothing was changed. */
export function lineEndingNote(endings: LineEndings): Localized | null {
  if (!needsNormalising(endings)) return null;
  if (endings.loneCr === 0) {
    return say(
      `Lines end in two ways (${endings.crlf} with CRLF, ${endings.lf} with LF); all were read.`,
      `行尾有两种写法（${endings.crlf} 行是 CRLF，${endings.lf} 行是 LF）；全部都已读取。`,
    );
  }
  const lines = endings.loneCrLines.join(', ');
  const extra = endings.loneCr - endings.loneCrLines.length;
  return say(
    `${endings.loneCr} carriage return${endings.loneCr === 1 ? '' : 's'} (CR) stand alone inside a line (line ${lines}${extra > 0 ? ` and ${extra} more` : ''}); each was read as a space so no record was split. Check the values on ${endings.loneCr === 1 ? 'that line' : 'those lines'}.`,
    `有 ${endings.loneCr} 个回车符（CR）单独出现在行内（第 ${lines} 行${extra > 0 ? `，另有 ${extra} 处` : ''}）；每个都按空格读取，因此没有记录被拆开。请检查这些行上的值。`,
  );
}
