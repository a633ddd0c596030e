/**
 * Matrix factorisation for implicit feedback by Bayesian personalised ranking (Rendle et al. 2009) on the
 * active TF.js backend: each customer u and product i get f-dimensional factors (and each product a bias);
 * for a purchase (u, i) and a product j the customer has not bought, the loss −log σ(x_ui − x_uj) pushes the
 * bought product above the other, with L2 on the factors touched; Adam on mini-batches of sampled triples.
 * Seeded (factors, shuffles and negatives): the same seed, data and backend give the same model.
 * Scoring is plain typed-array arithmetic (no tensors), so lists for every customer cost no GPU round trips.
 */
import * as tf from '@tensorflow/tfjs';
import { nextTurn, throwIfCancelled, type TrainControl } from './model';
import { rowsOf, type Interactions } from './item-knn';
import { seededRandom } from './split';

export interface BprOptions {
  /** Factors per customer and product (default 32). */
  factors?: number;
  /** Passes over the purchases (default 30). */
  epochs?: number;
  /** Triples per step (default 2048). */
  batchSize?: number;
  /** Adam's learning rate (default 0.02). */
  learningRate?: number;
  /** L2 weight on the factors of each triple (default 1e-4). */
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
  /** Mean loss of each epoch. */
  losses: number[];
}

/** Learns the factors from who bought what. */
export async function fitBpr(data: Interactions, options: BprOptions = {}, control: TrainControl = {}): Promise<BprModel> {
  const f = options.factors ?? 32;
  const epochs = options.epochs ?? 30;
  const batchSize = options.batchSize ?? 2048;
  const l2 = options.l2 ?? 1e-4;
  const random = seededRandom(options.seed ?? 42);
  const pairs = data.customer.length;
  if (pairs === 0 || data.items < 2) throw new RangeError('Matrix factorisation needs purchases of at least two products.');
  const owned = rowsOf(data.customers, data.customer, data.item);
  const ownedSets = new Map<number, Set<number>>();
  const owns = (u: number, j: number): boolean => {
    let set = ownedSets.get(u);
    if (!set) {
      set = new Set(owned.values.subarray(owned.start[u]!, owned.start[u + 1]!));
      ownedSets.set(u, set);
    }
    return set.has(j);
  };
  const initial = (n: number) => Float32Array.from({ length: n * f }, () => (random() - 0.5) * 0.1);
  const users = tf.variable(tf.tensor2d(initial(data.customers), [data.customers, f]));
  const items = tf.variable(tf.tensor2d(initial(data.items), [data.items, f]));
  const bias = tf.variable(tf.zeros([data.items]));
  const optimizer = tf.train.adam(options.learningRate ?? 0.02);
  const order = Int32Array.from({ length: pairs }, (_, p) => p);
  const u = new Int32Array(batchSize);
  const i = new Int32Array(batchSize);
  const j = new Int32Array(batchSize);
  const losses: number[] = [];
  const started = Date.now();
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let p = pairs - 1; p > 0; p--) {
        const q = Math.floor(random() * (p + 1));
        [order[p], order[q]] = [order[q]!, order[p]!];
      }
      let total = 0;
      for (let from = 0; from < pairs; from += batchSize) {
        throwIfCancelled(control.signal);
        const n = Math.min(batchSize, pairs - from);
        for (let b = 0; b < n; b++) {
          const pair = order[from + b]!;
          u[b] = data.customer[pair]!;
          i[b] = data.item[pair]!;
          // A product the customer did not buy (a few tries; a customer who bought nearly everything keeps the last).
          let other = Math.floor(random() * data.items);
          for (let tries = 0; tries < 10 && owns(u[b]!, other); tries++) other = Math.floor(random() * data.items);
          j[b] = other;
        }
        const uT = tf.tensor1d(u.subarray(0, n), 'int32');
        const iT = tf.tensor1d(i.subarray(0, n), 'int32');
        const jT = tf.tensor1d(j.subarray(0, n), 'int32');
        const cost = optimizer.minimize(() => {
          const pu = tf.gather(users, uT);
          const qi = tf.gather(items, iT);
          const qj = tf.gather(items, jT);
          const margin = tf.sum(tf.mul(pu, tf.sub(qi, qj)), 1).add(tf.gather(bias, iT)).sub(tf.gather(bias, jT));
          const ranking = tf.neg(tf.mean(tf.logSigmoid(margin)));
          const penalty = tf.mul(l2, tf.add(tf.add(tf.sum(tf.square(pu)), tf.sum(tf.square(qi))), tf.sum(tf.square(qj)))).div(n);
          return tf.add(ranking, penalty) as tf.Scalar;
        }, true);
        total += (await cost!.data())[0]! * n;
        tf.dispose([uT, iT, jT, cost!]);
        await nextTurn();
      }
      losses.push(total / pairs);
      control.onEpoch?.({ epoch: epoch + 1, maxEpochs: epochs, loss: total / pairs, elapsedMs: Date.now() - started });
    }
    return {
      factors: f,
      customers: data.customers,
      items: data.items,
      customerFactors: (await users.data()) as Float32Array,
      itemFactors: (await items.data()) as Float32Array,
      itemBias: (await bias.data()) as Float32Array,
      losses,
    };
  } finally {
    tf.dispose([users, items, bias]);
    optimizer.dispose();
  }
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
