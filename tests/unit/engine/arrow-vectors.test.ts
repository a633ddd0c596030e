import { Table, tableFromIPC, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { boolVector, float64Vector, int32Vector, utf8Vector } from '../../../src/engine/arrow-vectors';

describe('arrow vectors built from buffers (no new Function under the CSP)', () => {
  it('round-trips text, floats with nulls, integers and booleans through IPC', () => {
    const table = new Table({
      id: utf8Vector(['a', '', 'ünï', '=SUM(1)']),
      p: float64Vector([0.5, NaN, Infinity, -1.25]),
      rank: int32Vector([3, 1, 4, 2]),
      flag: boolVector([true, false, false, true]),
    });
    const back = tableFromIPC(tableToIPC(table, 'stream'));
    expect(back.toArray().map((r) => r.toJSON())).toEqual([
      { id: 'a', p: 0.5, rank: 3, flag: true },
      { id: '', p: null, rank: 1, flag: false },
      { id: 'ünï', p: null, rank: 4, flag: false },
      { id: '=SUM(1)', p: -1.25, rank: 2, flag: true },
    ]);
  });

  it('handles empty columns', () => {
    const back = tableFromIPC(tableToIPC(new Table({ id: utf8Vector([]), p: float64Vector([]), flag: boolVector([]) }), 'stream'));
    expect(back.numRows).toBe(0);
  });
});
