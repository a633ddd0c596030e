import { describe, expect, it } from 'vitest';
import { parseSqlError } from '../../../src/notebook/sql-error';

describe('parseSqlError', () => {
  it('takes the first line as the message and the caret as line and column, minus the wrapper lines', () => {
    const raw = 'Parser Error: syntax error at or near "y"\n\nLINE 3:   2 FORM y\n                 ^\n\nLINE 3:   2 FORM y\n                 ^';
    expect(parseSqlError(raw, 'SELECT 1 AS a,\n  2 FORM y', 1)).toEqual({ message: 'Parser Error: syntax error at or near "y"', line: 2, column: 10 });
  });

  it('places the caret in a long line DuckDB shortened with "..."', () => {
    const line = 'SELECT ' + 'x, '.repeat(40) + 'bogus FROMM t';
    const shown = 'LINE 1: ...x, x, x, bogus FROMM t';
    const raw = `Parser Error: syntax error at or near "t"\n\n${shown}\n${' '.repeat(shown.length - 1)}^`;
    const parsed = parseSqlError(raw, line, 0);
    expect(parsed.line).toBe(1);
    expect(line.slice((parsed.column as number) - 1)).toBe('t');
  });

  it('recognises a missing table', () => {
    const raw = 'Catalog Error: Table with name nope does not exist!\nDid you mean "pg_enum"?\n\nLINE 3: FROM nope\n             ^';
    expect(parseSqlError(raw, 'SELECT *\nFROM nope', 1)).toMatchObject({ missingTable: 'nope', line: 2, column: 6 });
  });

  it('leaves the position out when there is none', () => {
    expect(parseSqlError('Out of Memory Error: failed to allocate', 'SELECT 1', 1)).toEqual({ message: 'Out of Memory Error: failed to allocate' });
  });
});
