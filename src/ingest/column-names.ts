/** Column names as DuckDB will see them: never empty, never repeated. */

/** Names for raw header cells: blanks become `column<N>` (1-based position), repeats get `_1`, `_2`… */
export function uniqueColumnNames(raw: readonly (string | null | undefined)[]): string[] {
  const used = new Set<string>();
  return raw.map((value, index) => {
    const base = (value ?? '').trim() || `column${index + 1}`;
    let name = base;
    for (let n = 1; used.has(name.toLowerCase()); n++) name = `${base}_${n}`;
    used.add(name.toLowerCase());
    return name;
  });
}

/** Names for a file without a header: `column1`, `column2`… */
export function positionalColumnNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `column${i + 1}`);
}
