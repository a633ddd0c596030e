/**
 * The churn sequence model (issue 23): a GRU over each customer's last purchases before the cutoff
 * (src/analyses/churn-sequences.ts: per step present, first, gap in days, amount, items, days to the
 * cutoff), then a sigmoid — the deep model that reads the order of events, which the per-customer sums
 * cannot. Padded steps (all zero) are masked. Step channels are scaled on the training rows only
 * (log1p for the heavy-tailed ones, then standardised over real steps), and the scaling is saved with
 * the model. Trained by mlp.ts's `trainNetwork`: the same loop, early stopping, cancellation and journal.
 */
import * as tf from '@tensorflow/tfjs';
import { trainNetwork, restoreNetwork, type MlpOptions, type NetworkModel, type ValidationData, type WeightArrays } from './mlp';
import { rankReasons, type Reasons } from './explain';
import type { BinaryClassifier, TrainControl } from './model';

/** Sequences: rows × steps × channels, row-major, the newest step last, padding all zeros at the front. */
export interface SequenceInput {
  steps: number;
  channels: string[];
  values: Float32Array;
}

/** Channels that are flags (kept 0/1); every other channel is log1p-ed and standardised. */
const FLAG_CHANNELS = new Set(['present', 'first']);

/** The scaling of each channel, fitted on real steps of the training rows. */
export interface SequenceScaling {
  steps: number;
  channels: string[];
  mean: number[];
  scale: number[];
}

export interface SequenceOptions extends Omit<MlpOptions, 'hidden' | 'dropout'> {
  /** GRU units; default 16. */
  units?: number;
}

/** Fits the channel scaling on the rows `rows` (real steps only). */
export function fitSequenceScaling(input: SequenceInput, rows: ArrayLike<number>): SequenceScaling {
  const { steps, channels } = input;
  const width = channels.length;
  const sum = new Float64Array(width);
  const squares = new Float64Array(width);
  let count = 0;
  for (let k = 0; k < rows.length; k++) {
    for (let t = 0; t < steps; t++) {
      const at = (rows[k]! * steps + t) * width;
      if (input.values[at] !== 1) continue;
      count++;
      for (let c = 0; c < width; c++) {
        const v = FLAG_CHANNELS.has(channels[c]!) ? input.values[at + c]! : Math.log1p(Math.max(0, input.values[at + c]!));
        sum[c]! += v;
        squares[c]! += v * v;
      }
    }
  }
  const mean = Array.from(sum, (s, c) => (FLAG_CHANNELS.has(channels[c]!) || count === 0 ? 0 : s / count));
  const scale = Array.from(squares, (q, c) => {
    if (FLAG_CHANNELS.has(channels[c]!) || count === 0) return 1;
    const sd = Math.sqrt(Math.max(0, q / count - mean[c]! ** 2));
    return sd > 1e-9 ? sd : 1;
  });
  return { steps, channels: [...channels], mean, scale };
}

/** The scaled sequences of the rows `index` (all rows without it); padded steps stay all zero. */
export function applySequenceScaling(scaling: SequenceScaling, input: SequenceInput, index?: ArrayLike<number>): Float32Array {
  if (input.steps !== scaling.steps || input.channels.join() !== scaling.channels.join()) {
    throw new Error(`The purchase sequences have ${input.steps} steps of [${input.channels.join(', ')}], the model expects ${scaling.steps} of [${scaling.channels.join(', ')}].`);
  }
  const width = scaling.channels.length;
  const rowWidth = scaling.steps * width;
  const rows = index ? index.length : input.values.length / rowWidth;
  const out = new Float32Array(rows * rowWidth);
  for (let k = 0; k < rows; k++) {
    const from = (index ? index[k]! : k) * rowWidth;
    for (let t = 0; t < scaling.steps; t++) {
      const at = from + t * width;
      if (input.values[at] !== 1) continue;
      const to = k * rowWidth + t * width;
      for (let c = 0; c < width; c++) {
        const v = input.values[at + c]!;
        out[to + c] = FLAG_CHANNELS.has(scaling.channels[c]!) ? v : (Math.log1p(Math.max(0, v)) - scaling.mean[c]!) / scaling.scale[c]!;
      }
    }
  }
  return out;
}

/** Masking (padded steps), a GRU, a sigmoid. */
export function buildSequenceNetwork(steps: number, channels: number, units: number, seed: number): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.masking({ maskValue: 0, inputShape: [steps, channels] }));
  model.add(
    tf.layers.gru({
      units,
      kernelInitializer: tf.initializers.glorotUniform({ seed }),
      recurrentInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
    }),
  );
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) }));
  return model;
}

/** Trains the GRU on scaled sequences (`data.x`: rows × steps × channels), stopping early on `validation`. */
export async function trainSequence(
  data: { x: Float32Array; y: Uint8Array; rows: number; steps: number; channels: number },
  validation: ValidationData,
  options: SequenceOptions = {},
  control: TrainControl = {},
): Promise<NetworkModel> {
  const seed = options.seed ?? 42;
  const units = options.units ?? 16;
  return trainNetwork(
    'sequence',
    { x: data.x, y: data.y, rows: data.rows, rowShape: [data.steps, data.channels] },
    validation,
    () => buildSequenceNetwork(data.steps, data.channels, units, seed),
    // A recurrent step costs a few kernels per batch whatever its size: few batches (about 8 per epoch) keep small data
    // quick (the sample's sequence model with its cross-validation: 48 -> 28 s, against 16 per epoch); past 1,024 rows
    // a batch stops paying (a 4,096-row cap made 100,000 customers slower).
    { batchSize: Math.min(1024, Math.max(128, Math.round(data.rows / 8))), learningRate: 2e-2, patience: 5, ...options },
    control,
  );
}

/** Rebuilds a trained sequence model from its saved weights. */
export function restoreSequence(steps: number, channels: number, units: number, weights: WeightArrays): NetworkModel {
  return restoreNetwork('sequence', buildSequenceNetwork(steps, channels, units, 0), [steps, channels], weights);
}

/**
 * Reasons of the sequence model: per channel of the history (gaps, amounts, items, age), P(x) − P(x with that
 * channel at the training average on every real step) — local deltas, as for the network. Named
 * `recent_gap_days` and so on; the direction is the sign of the channel over the last three orders.
 */
export async function sequenceReasons(scaling: SequenceScaling, model: BinaryClassifier, x: Float32Array, rows: number, k: number): Promise<Reasons> {
  const width = scaling.channels.length;
  const rowWidth = scaling.steps * width;
  const measured = scaling.channels.map((c, i) => ({ c, i })).filter(({ c }) => !FLAG_CHANNELS.has(c));
  const base = await model.predict(x, rows);
  const deltas = new Float32Array(rows * measured.length);
  for (const [f, { i }] of measured.entries()) {
    const neutral = x.slice();
    for (let at = i; at < neutral.length; at += width) if (x[at - i] === 1) neutral[at] = 0;
    const p = await model.predict(neutral, rows);
    for (let r = 0; r < rows; r++) deltas[r * measured.length + f] = base[r]! - p[r]!;
  }
  return rankReasons(
    measured.map(({ c }) => `recent_${c}`),
    rows,
    k,
    (r) => deltas.subarray(r * measured.length, (r + 1) * measured.length),
    (r, f) => {
      const channel = measured[f]!.i;
      let sum = 0;
      for (let t = Math.max(0, scaling.steps - 3); t < scaling.steps; t++) if (x[r * rowWidth + t * width] === 1) sum += x[r * rowWidth + t * width + channel]!;
      return sum > 0 ? 1 : sum < 0 ? -1 : 0;
    },
  );
}
