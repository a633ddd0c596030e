/** The per-customer recency/frequency summary every buy-till-you-die model is fitted on. */

/** One array per field, one entry per customer (DESIGN.md section 4; times in weeks). */
export interface RfSummary {
  /** Repeat purchase dates in the calibration period. */
  x: Float64Array;
  /** Time of the last purchase after the first (0 when x = 0). */
  tx: Float64Array;
  /** Time from the first purchase to the calibration end. */
  T: Float64Array;
}

/** Customers with identical (x, t_x, T), counted once with a weight: the likelihoods only need the distinct rows. */
export interface WeightedSummary extends RfSummary {
  weight: Float64Array;
  /** Sum of the weights (the number of customers). */
  customers: number;
}

/** Collapses identical (x, t_x, T) rows into weighted rows. */
export function compressSummary(summary: RfSummary): WeightedSummary {
  const n = summary.x.length;
  const index = new Map<string, number>();
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  const weight: number[] = [];
  for (let i = 0; i < n; i++) {
    const key = `${summary.x[i]}|${summary.tx[i]}|${summary.T[i]}`;
    const at = index.get(key);
    if (at !== undefined) {
      weight[at] += 1;
      continue;
    }
    index.set(key, x.length);
    x.push(summary.x[i]);
    tx.push(summary.tx[i]);
    T.push(summary.T[i]);
    weight.push(1);
  }
  return {
    x: Float64Array.from(x),
    tx: Float64Array.from(tx),
    T: Float64Array.from(T),
    weight: Float64Array.from(weight),
    customers: n,
  };
}

/** Why a summary cannot be fitted (empty, or times that make no sense), or null when it can. */
export function summaryProblem(summary: RfSummary): string | null {
  const n = summary.x.length;
  if (n === 0) return 'There are no customers with a first purchase on or before the calibration end.';
  for (let i = 0; i < n; i++) {
    const { x, tx, T } = { x: summary.x[i], tx: summary.tx[i], T: summary.T[i] };
    if (!(x >= 0 && Number.isInteger(x)) || !(tx >= 0) || !(T >= tx)) {
      return `Customer row ${i + 1} has an impossible summary (x=${x}, t_x=${tx}, T=${T}).`;
    }
  }
  return null;
}
