/**
 * Matrix factorisation for implicit feedback by Bayesian personalised ranking (Rendle et al. 2009): each
 * customer u and product i get f-dimensional factors (and each product a bias); for a purchase (u, i) and a
 * product j the customer has not bought, stochastic gradient steps on ln σ(x_ui − x_uj) − λ‖θ‖² push the
 * bought product above the other. Seeded (factors, shuffles and negatives): the same seed and data give the
 * same model. Plain typed arrays, run in the training worker: each step touches three rows of f numbers, a
 * sparse update TF.js cannot express on its wasm backend (the gather gradient, UnsortedSegmentSum, is not
 * there) and a GPU would not speed up. Scoring is a dot product per product.
 */
import { pauser, throwIfCancelled, type TrainControl } from './model';
import { rowsOf, type Interactions } from './item-knn';
import { seededRandom } from './split';

export interface BprOptions {
  /** Factors per customer and product (default 32). */
  factors?: number;
  /** Passes over the purchases (default 40). */
  epochs?: number;
  /** Step size (default 0.05). */
  learningRate?: number;
  /** L2 weight on the factors and biases each step touches (default 0.002). */
  l2?: number;
  seed?: number;
}

export interface BprModel {
  factors: number;
  customers: number;
  items: number;
  /** Row-major customers × factors. */
  customerFactors: Float32Array;
  /** Row-major items × factors. */
  itemFactors: Float32Array;
  itemBias: Float32Array;
  /** Mean −ln σ(x_ui − x_uj) of each epoch. */
  losses: number[];
}

/** Learns the factors from who bought what. */
export async function fitBpr(data: Interactions, options: BprOptions = {}, control: TrainControl = {}): Promise<BprModel> {
  const f = options.factors ?? 32;
  const epochs = options.epochs ?? 40;
  const rate = options.learningRate ?? 0.05;
  const l2 = options.l2 ?? 0.002;
  const random = seededRandom(options.seed ?? 42);
  const pairs = data.customer.length;
  if (pairs === 0 || data.items < 2) throw new RangeError('Matrix factorisation needs purchases of at least two products.');
  const owned = rowsOf(data.customers, data.customer, data.item);
  for (let u = 0; u < data.customers; u++) owned.values.subarray(owned.start[u]!, owned.start[u + 1]!).sort();
  const owns = (u: number, j: number): boolean => binaryHas(owned.values, owned.start[u]!, owned.start[u + 1]!, j);
  const initial = (n: number) => Float32Array.from({ length: n * f }, () => (random() - 0.5) * 0.1);
  const P = initial(data.customers);
  const Q = initial(data.items);
  const b = new Float32Array(data.items);
  const order = Int32Array.from({ length: pairs }, (_, p) => p);
  const losses: number[] = [];
  const started = Date.now();
  const pause = pauser();
  for (let epoch = 0; epoch < epochs; epoch++) {
    throwIfCancelled(control.signal);
    for (let p = pairs - 1; p > 0; p--) {
      const q = Math.floor(random() * (p + 1));
      const t = order[p]!;
      order[p] = order[q]!;
      order[q] = t;
    }
    let total = 0;
    for (let n = 0; n < pairs; n++) {
      const pair = order[n]!;
      const u = data.customer[pair]!;
      const i = data.item[pair]!;
      // A product the customer did not buy (a few tries; a customer who bought nearly everything keeps the last).
      let j = Math.floor(random() * data.items);
      for (let tries = 0; tries < 10 && owns(u, j); tries++) j = Math.floor(random() * data.items);
      const pu = u * f;
      const qi = i * f;
      const qj = j * f;
      let x = b[i]! - b[j]!;
      for (let d = 0; d < f; d++) x += P[pu + d]! * (Q[qi + d]! - Q[qj + d]!);
      // d/dx ln σ(x) = σ(−x); the loss −ln σ(x) = softplus(−x), computed stably.
      const g = 1 / (1 + Math.exp(x));
      total += x > 0 ? Math.log1p(Math.exp(-x)) : -x + Math.log1p(Math.exp(x));
      b[i] = b[i]! + rate * (g - l2 * b[i]!);
      b[j] = b[j]! + rate * (-g - l2 * b[j]!);
      for (let d = 0; d < f; d++) {
        const w = P[pu + d]!;
        const hi = Q[qi + d]!;
        const hj = Q[qj + d]!;
        P[pu + d] = w + rate * (g * (hi - hj) - l2 * w);
        Q[qi + d] = hi + rate * (g * w - l2 * hi);
        Q[qj + d] = hj + rate * (-g * w - l2 * hj);
      }
    }
    losses.push(total / pairs);
    control.onEpoch?.({ epoch: epoch + 1, maxEpochs: epochs, loss: total / pairs, elapsedMs: Date.now() - started });
    await pause();
  }
  return { factors: f, customers: data.customers, items: data.items, customerFactors: P, itemFactors: Q, itemBias: b, losses };
}

function binaryHas(values: Int32Array, from: number, to: number, target: number): boolean {
  let low = from;
  let high = to - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const v = values[mid]!;
    if (v === target) return true;
    if (v < target) low = mid + 1;
    else high = mid - 1;
  }
  return false;
}

/** The `k` products with the highest score u·v_i + b_i for customer `u`, never one in `owned`; scores beside them. */
export function recommendBpr(model: BprModel, u: number, owned: ArrayLike<number>, k: number, scratch = new Float64Array(model.items)): { items: number[]; scores: number[] } {
  const f = model.factors;
  const mine = new Set<number>();
  for (let o = 0; o < owned.length; o++) mine.add(owned[o]!);
  const base = u * f;
  for (let i = 0; i < model.items; i++) {
    let s = model.itemBias[i]!;
    const at = i * f;
    for (let d = 0; d < f; d++) s += model.customerFactors[base + d]! * model.itemFactors[at + d]!;
    scratch[i] = mine.has(i) ? Number.NEGATIVE_INFINITY : s;
  }
  const items = topK(scratch, k);
  return { items, scores: items.map((i) => scratch[i]!) };
}

/** Indices of the k largest finite values, largest first (ties: lower index), by a bounded insertion list. */
function topK(values: Float64Array, k: number): number[] {
  const best: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === Number.NEGATIVE_INFINITY) continue;
    if (best.length === k && v <= values[best[k - 1]!]!) continue;
    let at = best.length === k ? k - 1 : best.length;
    if (best.length < k) best.push(i);
    while (at > 0 && values[best[at - 1]!]! < v) {
      best[at] = best[at - 1]!;
      at--;
    }
    best[at] = i;
  }
  return best;
}
