/**
 * Item-item collaborative filtering on implicit feedback (who bought what), with compact typed arrays:
 * similarity is the cosine of two items' buyer sets, co(i, j) / √(n_i · n_j); each item keeps its strongest
 * `neighbours`; a customer's score for item j sums the similarities of j to what they bought; items they own
 * are never recommended. The popularity baseline ranks items by how many customers bought them. Pure functions:
 * the command line and the training worker call them on the same arrays.
 */

/** Who bought what, as (customer, item) index pairs: customers 0 .. customers-1, items 0 .. items-1. */
export interface Interactions {
  customers: number;
  items: number;
  customer: Int32Array;
  item: Int32Array;
}

/** A sparse row layout: the entries of row r are values[start[r] .. start[r + 1]). */
export interface Rows {
  start: Int32Array;
  values: Int32Array;
}

/** Groups `of` by `by` (each pair once; duplicates kept as given). */
export function rowsOf(count: number, by: Int32Array, of: Int32Array): Rows {
  const start = new Int32Array(count + 1);
  for (const r of by) start[r + 1]!++;
  for (let r = 0; r < count; r++) start[r + 1]! += start[r]!;
  const fill = start.slice(0, count);
  const values = new Int32Array(by.length);
  for (let k = 0; k < by.length; k++) values[fill[by[k]!]!++] = of[k]!;
  return { start, values };
}

/** The model: for each item its neighbours (most similar first) and their similarities. */
export interface ItemKnnModel {
  items: number;
  neighbours: Rows;
  similarity: Float32Array;
  /** Customers who bought each item. */
  buyers: Int32Array;
}

/** Fits item-item similarities, keeping the `neighbours` strongest per item (default 100). */
export function fitItemKnn(data: Interactions, options: { neighbours?: number } = {}): ItemKnnModel {
  const keep = Math.max(1, options.neighbours ?? 100);
  const byCustomer = rowsOf(data.customers, data.customer, data.item);
  const byItem = rowsOf(data.items, data.item, data.customer);
  const buyers = new Int32Array(data.items);
  for (let i = 0; i < data.items; i++) buyers[i] = byItem.start[i + 1]! - byItem.start[i]!;
  const co = new Int32Array(data.items);
  const touched = new Int32Array(data.items);
  const start = new Int32Array(data.items + 1);
  const chosen: Int32Array[] = [];
  const weights: Float32Array[] = [];
  for (let i = 0; i < data.items; i++) {
    // Co-buyers of item i: every item of every customer who bought i (a dense scratch row, cleared after).
    let seen = 0;
    for (let b = byItem.start[i]!; b < byItem.start[i + 1]!; b++) {
      const u = byItem.values[b]!;
      for (let p = byCustomer.start[u]!; p < byCustomer.start[u + 1]!; p++) {
        const j = byCustomer.values[p]!;
        if (j === i) continue;
        if (co[j] === 0) touched[seen++] = j;
        co[j]!++;
      }
    }
    const candidates = touched.subarray(0, seen);
    const sims = new Float32Array(seen);
    for (let c = 0; c < seen; c++) {
      const j = candidates[c]!;
      sims[c] = co[j]! / Math.sqrt(buyers[i]! * buyers[j]!);
      co[j] = 0;
    }
    const order = topIndices(sims, Math.min(keep, seen));
    chosen.push(Int32Array.from(order, (c) => candidates[c]!));
    weights.push(Float32Array.from(order, (c) => sims[c]!));
    start[i + 1] = start[i]! + order.length;
  }
  const values = new Int32Array(start[data.items]!);
  const similarity = new Float32Array(start[data.items]!);
  for (let i = 0; i < data.items; i++) {
    values.set(chosen[i]!, start[i]!);
    similarity.set(weights[i]!, start[i]!);
  }
  return { items: data.items, neighbours: { start, values }, similarity, buyers };
}

/** Indices of the `k` largest values, largest first (ties: lower index first). */
export function topIndices(values: ArrayLike<number>, k: number): number[] {
  const all = Array.from({ length: values.length }, (_, i) => i).filter((i) => Number.isFinite(values[i]!) && values[i]! > Number.NEGATIVE_INFINITY);
  all.sort((a, b) => values[b]! - values[a]! || a - b);
  return all.slice(0, k);
}

/** The `k` items to recommend to a customer who bought `owned`, best first (never one they own). */
export function recommendItems(model: ItemKnnModel, owned: ArrayLike<number>, k: number, scratch = new Float64Array(model.items)): number[] {
  return recommendScored(model, owned, k, scratch).items;
}

/**
 * The `k` items to recommend with their scores (the summed similarity to what the customer owns; 0 for the
 * most-bought items that fill a list when neighbours run out).
 */
export function recommendScored(
  model: ItemKnnModel,
  owned: ArrayLike<number>,
  k: number,
  scratch = new Float64Array(model.items),
  ranking?: readonly number[],
): { items: number[]; scores: number[] } {
  const mine = new Set<number>();
  for (let o = 0; o < owned.length; o++) mine.add(owned[o]!);
  const touched: number[] = [];
  for (const i of mine) {
    for (let n = model.neighbours.start[i]!; n < model.neighbours.start[i + 1]!; n++) {
      const j = model.neighbours.values[n]!;
      if (mine.has(j)) continue;
      if (scratch[j] === 0) touched.push(j);
      scratch[j]! += model.similarity[n]!;
    }
  }
  touched.sort((a, b) => scratch[b]! - scratch[a]! || model.buyers[b]! - model.buyers[a]! || a - b);
  const items = touched.slice(0, k);
  const scores = items.map((j) => scratch[j]!);
  for (const j of touched) scratch[j] = 0;
  // Too few neighbours (a new or odd customer): fill up with the most bought items.
  if (items.length < k) {
    for (const j of ranking ?? popularItems(model.buyers)) {
      if (items.length >= k) break;
      if (!mine.has(j) && !items.includes(j)) {
        items.push(j);
        scores.push(0);
      }
    }
  }
  return { items, scores };
}

/** Items by how many customers bought them, most first. */
export function popularItems(buyers: Int32Array): number[] {
  return Array.from({ length: buyers.length }, (_, i) => i).sort((a, b) => buyers[b]! - buyers[a]! || a - b);
}

/** The `k` most bought items a customer does not own. */
export function recommendPopular(ranking: readonly number[], owned: ArrayLike<number>, k: number): number[] {
  const mine = new Set<number>();
  for (let o = 0; o < owned.length; o++) mine.add(owned[o]!);
  const picked: number[] = [];
  for (const j of ranking) {
    if (picked.length >= k) break;
    if (!mine.has(j)) picked.push(j);
  }
  return picked;
}

/** Ranking metrics at k, averaged over the test customers (DESIGN.md section 4). */
export interface RankingMetrics {
  precision: number;
  recall: number;
  hit_rate: number;
  ndcg: number;
}

/** The metrics of one customer's list against the items they went on to buy. */
export function rankingMetrics(recommended: readonly number[], relevant: ReadonlySet<number>, k: number): RankingMetrics {
  let hits = 0;
  let dcg = 0;
  recommended.slice(0, k).forEach((item, rank) => {
    if (relevant.has(item)) {
      hits++;
      dcg += 1 / Math.log2(rank + 2);
    }
  });
  let ideal = 0;
  for (let rank = 0; rank < Math.min(k, relevant.size); rank++) ideal += 1 / Math.log2(rank + 2);
  return { precision: hits / k, recall: relevant.size ? hits / relevant.size : 0, hit_rate: hits > 0 ? 1 : 0, ndcg: ideal > 0 ? dcg / ideal : 0 };
}

/** The mean of per-customer metrics. */
export function meanMetrics(all: readonly RankingMetrics[]): RankingMetrics {
  const n = Math.max(1, all.length);
  const sum = (key: keyof RankingMetrics) => all.reduce((total, m) => total + m[key], 0) / n;
  return { precision: sum('precision'), recall: sum('recall'), hit_rate: sum('hit_rate'), ndcg: sum('ndcg') };
}
