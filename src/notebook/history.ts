/**
 * Undo/redo as a pure history of document snapshots. Edits that continue the same typing (same
 * `group`, e.g. `source:<cellId>`) merge into one step so undo does not go back one key at a time.
 */

/** Past and future snapshots around the present one. */
export interface History<T> {
  past: readonly T[];
  present: T;
  future: readonly T[];
  /** The group of the last recorded step, for merging consecutive typing. */
  group?: string;
}

/** How a new snapshot is recorded. */
export interface RecordOptions {
  /** Consecutive records with the same group replace each other instead of adding steps. */
  group?: string;
  /** At most this many undo steps are kept (default 200). */
  limit?: number;
}

/** A history whose present is `initial`. */
export function createHistory<T>(initial: T): History<T> {
  return { past: [], present: initial, future: [] };
}

/** Records `next` as the present; clears the redo stack. */
export function record<T>(history: History<T>, next: T, options: RecordOptions = {}): History<T> {
  if (next === history.present) return history;
  const merge = options.group !== undefined && options.group === history.group && history.future.length === 0;
  const past = merge ? history.past : [...history.past, history.present].slice(-(options.limit ?? 200));
  return { past, present: next, future: [], ...(options.group !== undefined ? { group: options.group } : {}) };
}

/** Steps back one snapshot (no change when there is nothing to undo). */
export function undo<T>(history: History<T>): History<T> {
  const previous = history.past[history.past.length - 1];
  if (history.past.length === 0) return history;
  return { past: history.past.slice(0, -1), present: previous as T, future: [history.present, ...history.future] };
}

/** Steps forward one snapshot (no change when there is nothing to redo). */
export function redo<T>(history: History<T>): History<T> {
  if (history.future.length === 0) return history;
  return { past: [...history.past, history.present], present: history.future[0] as T, future: history.future.slice(1) };
}

/** True when undo would change something. */
export function canUndo<T>(history: History<T>): boolean {
  return history.past.length > 0;
}

/** True when redo would change something. */
export function canRedo<T>(history: History<T>): boolean {
  return history.future.length > 0;
}
