/** Id generators for notebooks and cells: injectable so tests and files get deterministic ids. */

/** Returns a fresh id on every call. */
export type IdGenerator = () => string;

/** Ids `prefix1`, `prefix2`, … — deterministic, for tests and for cells parsed from a file. */
export function counterIds(prefix = 'c'): IdGenerator {
  let next = 0;
  return () => `${prefix}${++next}`;
}

/** Random ids (crypto.randomUUID where available): the default in the app. */
export function randomIds(): IdGenerator {
  return () =>
    typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function'
      ? crypto.randomUUID()
      : `id-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
