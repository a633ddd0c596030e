/** Text decoding and transcoding to UTF-8 (TextDecoder only, so it runs in Node and in a browser worker). */
import type { TextEncoding } from './types';

/** Byte-order marks we recognise, longest first. */
const BOMS: { encoding: TextEncoding; bytes: number[] }[] = [
  { encoding: 'utf-8', bytes: [0xef, 0xbb, 0xbf] },
  { encoding: 'utf-16le', bytes: [0xff, 0xfe] },
  { encoding: 'utf-16be', bytes: [0xfe, 0xff] },
];

/** The encoding announced by a byte-order mark at the start of `bytes`, with the mark's length. */
export function detectBom(bytes: Uint8Array): { encoding: TextEncoding; length: number } | null {
  for (const bom of BOMS) {
    if (bom.bytes.every((b, i) => bytes[i] === b)) return { encoding: bom.encoding, length: bom.bytes.length };
  }
  return null;
}

/** Decodes `bytes` as `encoding` (a leading BOM is dropped; invalid sequences become U+FFFD). */
export function decodeText(bytes: Uint8Array, encoding: TextEncoding): string {
  if (encoding === 'windows-1252') return decodeWindows1252(bytes);
  return new TextDecoder(encoding).decode(bytes);
}

/** What Windows-1252 puts at 0x80-0x9F (the rest of the code page is Latin-1). */
const CP1252_80_9F =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Windows-1252 by table: Node 20's TextDecoder('windows-1252') decodes 0x80-0x9F as Latin-1 control
 * characters (so `€` and curly quotes were lost), while browsers follow the WHATWG table. One code path for both.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const chunk = 8192;
  for (let start = 0; start < bytes.length; start += chunk) {
    const codes = Array.from(bytes.subarray(start, start + chunk), (b) =>
      b >= 0x80 && b < 0xa0 ? CP1252_80_9F.charCodeAt(b - 0x80) : b,
    );
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

/** The same text as UTF-8 bytes without a BOM (UTF-8 input is only stripped of its BOM, not copied). */
export function toUtf8(bytes: Uint8Array, encoding: TextEncoding): Uint8Array {
  if (encoding === 'utf-8') {
    const bom = detectBom(bytes);
    return bom?.encoding === 'utf-8' ? bytes.subarray(bom.length) : bytes;
  }
  return new TextEncoder().encode(decodeText(bytes, encoding));
}
