import { describe, expect, it } from 'vitest';
import { canRedo, canUndo, createHistory, record, redo, undo } from '../../../src/notebook/history';

describe('history', () => {
  it('undoes and redoes snapshots in order, and a new edit clears redo', () => {
    let h = createHistory('a');
    h = record(h, 'b');
    h = record(h, 'c');
    h = undo(h);
    expect(h.present).toBe('b');
    h = undo(h);
    expect([h.present, canUndo(h), canRedo(h)]).toEqual(['a', false, true]);
    expect(undo(h)).toBe(h);
    h = redo(h);
    expect(h.present).toBe('b');
    h = record(h, 'x');
    expect([h.present, canRedo(h), h.past]).toEqual(['x', false, ['a', 'b']]);
  });

  it('merges consecutive edits of the same group into one step', () => {
    let h = createHistory('');
    for (const text of ['S', 'SE', 'SEL']) h = record(h, text, { group: 'source:c1' });
    h = record(h, 'SEL + move', { group: 'structure' });
    expect(h.past).toEqual(['', 'SEL']);
    expect(undo(undo(h)).present).toBe('');
  });

  it('keeps at most `limit` steps', () => {
    let h = createHistory(0);
    for (let i = 1; i <= 10; i++) h = record(h, i, { limit: 3 });
    expect(h.past).toEqual([7, 8, 9]);
  });
});
