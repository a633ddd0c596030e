import { describe, expect, it } from 'vitest';
import { decodeText, detectBom, toUtf8 } from '../../../src/ingest/encoding';
import type { TextEncoding } from '../../../src/ingest/types';
import { encodeText } from './dataset';

const TEXT = 'name,product\nAndré,绿茶\n';

describe('decodeText and toUtf8', () => {
  it.each<{ encoding: TextEncoding; iconv: string; bom: boolean; text?: string }>([
    { encoding: 'utf-8', iconv: 'utf-8', bom: false },
    { encoding: 'utf-8', iconv: 'utf-8', bom: true },
    { encoding: 'utf-16le', iconv: 'utf-16le', bom: true },
    { encoding: 'utf-16be', iconv: 'utf-16be', bom: true },
    { encoding: 'utf-16le', iconv: 'utf-16le', bom: false },
    { encoding: 'gb18030', iconv: 'gb18030', bom: false },
    { encoding: 'gb18030', iconv: 'gbk', bom: false },
    { encoding: 'windows-1252', iconv: 'windows-1252', bom: false, text: 'name\nAndré “€”\n' },
  ])('$iconv (BOM: $bom)', ({ encoding, iconv, bom, text = TEXT }) => {
    const bytes = encodeText(text, iconv, bom);
    expect(decodeText(bytes, encoding)).toBe(text);
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(toUtf8(bytes, encoding))).toBe(text);
  });

  it('UTF-8 input is stripped of its BOM without a copy', () => {
    const bytes = encodeText(TEXT, 'utf-8', true);
    const out = toUtf8(bytes, 'utf-8');
    expect(out.buffer).toBe(bytes.buffer);
    expect(out.byteOffset).toBe(3);
  });

  it.each([
    { bytes: [0xef, 0xbb, 0xbf, 0x41], bom: { encoding: 'utf-8', length: 3 } },
    { bytes: [0xff, 0xfe, 0x41, 0], bom: { encoding: 'utf-16le', length: 2 } },
    { bytes: [0xfe, 0xff, 0, 0x41], bom: { encoding: 'utf-16be', length: 2 } },
    { bytes: [0x41, 0x42], bom: null },
    { bytes: [0xef, 0xbb], bom: null },
  ])('detectBom($bytes)', ({ bytes, bom }) => {
    expect(detectBom(new Uint8Array(bytes))).toEqual(bom);
  });
});
