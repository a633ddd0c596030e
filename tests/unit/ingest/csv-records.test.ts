import { describe, expect, it } from 'vitest';
import { parseRecords, splitOnBlanks, textLines } from '../../../src/ingest/csv-records';

describe('parseRecords', () => {
  it.each([
    { text: 'a,b\n1,2\n', records: [['a', 'b'], ['1', '2']] },
    { text: 'a,b\r\n1,2', records: [['a', 'b'], ['1', '2']] },
    { text: 'a,"b,c"\n', records: [['a', 'b,c']] },
    { text: '"x ""y"" z",2\n', records: [['x "y" z', '2']] },
    { text: '"multi\nline",2\n3,4\n', records: [['multi\nline', '2'], ['3', '4']] },
    { text: '5" screen,2\n', records: [['5" screen', '2']] },
    { text: ',,\n', records: [['', '', '']] },
    { text: 'a\n\nb\n', records: [['a'], [''], ['b']] },
    { text: 'a;b', delimiter: ';', records: [['a', 'b']] },
    { text: '"open,1\n2,3\n', records: [['open,1\n2,3\n']] },
  ])('$text', ({ text, delimiter = ',', records }) => {
    expect(parseRecords(text, delimiter)).toEqual(records);
  });

  it('stops after maxRecords', () => {
    expect(parseRecords('1\n2\n3\n4\n', ',', 2)).toEqual([['1'], ['2']]);
  });
});

describe('splitOnBlanks and textLines', () => {
  it('splits on runs of spaces and tabs after trimming', () => {
    expect(splitOnBlanks(' 00001  19970101 \t 1   11.77 ')).toEqual(['00001', '19970101', '1', '11.77']);
    expect(splitOnBlanks('   ')).toEqual([]);
  });
  it('keeps non-blank lines of any line ending', () => {
    expect(textLines('a\r\nb\n\n  \rc')).toEqual(['a', 'b', 'c']);
  });
});
