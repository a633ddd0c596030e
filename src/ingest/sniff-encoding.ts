/**
 * Guesses the text encoding of a file from its first bytes: BOMs first, then UTF-16 by the NUL pattern
 * of ASCII text, then strict UTF-8, then GB18030 (Chinese exports) against Windows-1252 (Western ones).
 */
import { detectBom } from './encoding';
import { notTextError } from './sniff-format';
import type { TextEncoding } from './types';
import { say, type Localized } from '../text/language';

/** What the sniffer learned about a text file's encoding. */
export interface EncodingGuess {
  encoding: TextEncoding;
  hasBom: boolean;
  warnings: Localized[];
}

/** Guesses the encoding of `head`; throws an IngestError when the bytes are not text at all. */
export function detectEncoding(head: Uint8Array, fileName: string): EncodingGuess {
  const bom = detectBom(head);
  if (bom) {
    if (bom.encoding !== 'utf-8') rejectControlChars(new TextDecoder(bom.encoding).decode(head), fileName);
    else rejectBinary(head, fileName);
    return { encoding: bom.encoding, hasBom: true, warnings: [] };
  }
  const utf16 = utf16ByNulPattern(head);
  if (utf16) {
    rejectControlChars(new TextDecoder(utf16).decode(head), fileName);
    return { encoding: utf16, hasBom: false, warnings: [] };
  }
  rejectBinary(head, fileName);
  if (isUtf8(head)) return { encoding: 'utf-8', hasBom: false, warnings: [] };
  const encoding = looksLikeGb18030(head) ? 'gb18030' : 'windows-1252';
  const label = encoding === 'gb18030' ? 'GB18030 (Chinese)' : 'Windows-1252 (Western European)';
  return {
    encoding,
    hasBom: false,
    warnings: [say(`The file is not UTF-8; its text was read as ${label}. If names look garbled, save the file as UTF-8.`, `文件不是 UTF-8 编码；已按 ${label} 读取文本。如果名称显示为乱码，请把文件另存为 UTF-8。`)],
  };
}

/** UTF-16 without a BOM: ASCII characters leave a NUL in every other byte. */
function utf16ByNulPattern(head: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.floor(Math.min(head.length, 4096) / 2);
  if (pairs < 2) return null;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (head[i] === 0) evenNuls++;
    if (head[i + 1] === 0) oddNuls++;
  }
  if (oddNuls / pairs > 0.3 && evenNuls / pairs < 0.05) return 'utf-16le';
  if (evenNuls / pairs > 0.3 && oddNuls / pairs < 0.05) return 'utf-16be';
  return null;
}

function isControl(code: number): boolean {
  return code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c && code !== 0x1b;
}

/** Throws when single-byte text has NULs or too many control bytes (images, executables, databases…). */
function rejectBinary(head: Uint8Array, fileName: string): void {
  let controls = 0;
  for (const byte of head) {
    if (byte === 0) throw notTextError(fileName, 'it contains NUL bytes');
    if (isControl(byte)) controls++;
  }
  if (controls > head.length * 0.01) throw notTextError(fileName, 'it contains control bytes');
}

function rejectControlChars(text: string, fileName: string): void {
  let controls = 0;
  for (let i = 0; i < text.length; i++) if (isControl(text.charCodeAt(i))) controls++;
  if (controls > text.length * 0.01) throw notTextError(fileName, 'it contains control characters');
}

/** Strict UTF-8, allowing the sample to end in the middle of a multibyte character. */
export function isUtf8(bytes: Uint8Array): boolean {
  const strict = new TextDecoder('utf-8', { fatal: true });
  try {
    strict.decode(bytes);
    return true;
  } catch {
    const cut = incompleteTailLength(bytes);
    if (cut === 0) return false;
    try {
      strict.decode(bytes.subarray(0, bytes.length - cut));
      return true;
    } catch {
      return false;
    }
  }
}

/** Length of a multibyte UTF-8 sequence started but not finished at the end of `bytes` (0 if none). */
function incompleteTailLength(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? back : 0;
  }
  return 0;
}

/**
 * GB18030 when the bytes decode strictly as GB18030 and most multibyte characters are either in the
 * GB2312 area (both bytes >= 0xA1), as Chinese text is, or valid four-byte GB18030 sequences (a digit
 * as second byte, which Western text practically never produces). Western accents (é, ü…) are
 * usually followed by an ASCII letter, which makes a pair outside that area.
 */
function looksLikeGb18030(head: Uint8Array): boolean {
  const cut = head.subarray(0, head.length - gbIncompleteTail(head));
  try {
    new TextDecoder('gb18030', { fatal: true }).decode(cut);
  } catch {
    return false;
  }
  let pairs = 0;
  let gb2312Pairs = 0;
  for (let i = 0; i < cut.length; i++) {
    const lead = cut[i]!;
    if (lead < 0x81 || lead === 0xff) continue;
    const trail = cut[i + 1] ?? 0;
    if (trail >= 0x30 && trail <= 0x39) {
      pairs++;
      gb2312Pairs++;
      i += 3;
      continue;
    }
    pairs++;
    if (lead >= 0xa1 && trail >= 0xa1) gb2312Pairs++;
    i += 1;
  }
  return pairs > 0 && gb2312Pairs / pairs >= 0.7;
}

/** 1 when the sample ends on a lone GB18030 lead byte (cut in the middle of a character). */
function gbIncompleteTail(bytes: Uint8Array): number {
  let i = 0;
  let last = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x81 || lead === 0xff) {
      i += 1;
      continue;
    }
    const width = (bytes[i + 1] ?? 0) >= 0x30 && (bytes[i + 1] ?? 0) <= 0x39 ? 4 : 2;
    last = i;
    i += width;
  }
  return i > bytes.length ? bytes.length - last : 0;
}
