/**
 * The assignment problem: give each row at most one column and each column at most one row so the
 * total score is the largest possible (the Hungarian algorithm, O(n² m)). Role detection uses it so a
 * column that fits two roles goes where it helps most, instead of to whichever role was looked at first.
 */

/**
 * For a rows × columns matrix of scores (null: not allowed), the column chosen for each row, or null.
 * Only allowed pairs are chosen; rows are left unassigned when that gives a larger total.
 */
export function bestAssignment(scores: readonly (readonly (number | null)[])[]): (number | null)[] {
  const rows = scores.length;
  if (rows === 0) return [];
  const columns = scores[0]!.length;
  // Every row may also take a dummy column of its own (score 0): "leave this row unassigned".
  const width = columns + rows;
  const cost = (r: number, c: number): number => {
    if (c >= columns) return c - columns === r ? 0 : FORBIDDEN;
    const score = scores[r]![c];
    return score === null || score === undefined ? FORBIDDEN : -score;
  };
  const matched = hungarian(rows, width, cost);
  return matched.map((c) => (c < columns ? c : null));
}

const FORBIDDEN = 1e9;

/** Minimum-cost assignment of `n` rows to distinct columns among `m >= n` (potentials method). */
function hungarian(n: number, m: number, cost: (r: number, c: number) => number): number[] {
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const owner = new Int32Array(m + 1); // owner[c] = row (1-based) holding column c, 0 when free
  const way = new Int32Array(m + 1);
  for (let row = 1; row <= n; row++) {
    owner[0] = row;
    let column = 0;
    const minimum = new Float64Array(m + 1).fill(Infinity);
    const used = new Uint8Array(m + 1);
    do {
      used[column] = 1;
      const r = owner[column]!;
      let delta = Infinity;
      let next = 0;
      for (let c = 1; c <= m; c++) {
        if (used[c]) continue;
        const reduced = cost(r - 1, c - 1) - u[r]! - v[c]!;
        if (reduced < minimum[c]!) {
          minimum[c] = reduced;
          way[c] = column;
        }
        if (minimum[c]! < delta) {
          delta = minimum[c]!;
          next = c;
        }
      }
      for (let c = 0; c <= m; c++) {
        if (used[c]) {
          u[owner[c]!] += delta;
          v[c] -= delta;
        } else {
          minimum[c] -= delta;
        }
      }
      column = next;
    } while (owner[column] !== 0);
    do {
      const previous = way[column]!;
      owner[column] = owner[previous]!;
      column = previous;
    } while (column !== 0);
  }
  const assigned = new Array<number>(n).fill(-1);
  for (let c = 1; c <= m; c++) if (owner[c]! > 0) assigned[owner[c]! - 1] = c - 1;
  return assigned;
}
