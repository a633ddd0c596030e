import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { csvField, neutraliseFormula, rowsToCsv, tableToCsv } from '../../../src/export/csv';

describe('CSV export', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
    ['plain', 'plain'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('neutralises %j', (text, field) => {
    expect(csvField(text)).toBe(field);
  });

  it('keeps numbers as numbers, nulls empty, and quotes separators', () => {
    expect([csvField(-2), csvField(1.5), csvField(null), csvField(true), csvField('a,b'), csvField('say "hi"')]).toEqual(['-2', '1.5', '', 'true', '"a,b"', '"say ""hi"""']);
    expect(neutraliseFormula('=1+1')).toBe("'=1+1");
  });

  it('writes a header and rows with CRLF, neutralising header cells too', () => {
    expect(rowsToCsv(['=name', 'n'], [['=cmd', 1], ['ok', null]])).toBe("'=name,n\r\n'=cmd,1\r\nok,\r\n");
  });

  it('exports an Arrow table', () => {
    const table = tableFromArrays({ id: ['=HYPERLINK("http://x","y")', 'b'], value: Float64Array.from([-2, 3]) });
    expect(tableToCsv(table)).toBe(`id,value\r\n"'=HYPERLINK(""http://x"",""y"")",-2\r\nb,3\r\n`);
  });
});
