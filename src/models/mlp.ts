/**
 * The churn neural networks and their training loop. The dense network: ReLU layers with dropout and a
 * sigmoid output. Any network here (the sequence model of sequence.ts too) is trained by `trainNetwork`
 * with Adam on weighted cross-entropy plus an L2 penalty on the kernels, early stopping on a validation
 * split with the best epoch's weights restored. A hand-written loop rather than `model.fit`, so
 * cancellation is checked between batches, on GPU backends nothing but the epoch's loss is read back
 * (on wasm and cpu, Adam runs on the host: adam.ts), and every tensor is accounted for (`tf.tidy`
 * around each synchronous step, `dispose()` after every await). Runs on whatever backend is active
 * (see backend.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { adamFor } from './adam';
import { HostDropout } from './dropout';
import { rocAuc } from './metrics';
import {
  classWeights,
  nextTurn,
  pauser,
  throwIfCancelled,
  type BinaryClassifier,
  type ClassWeight,
  type TrainControl,
  type TrainingData,
} from './model';
import { seededRandom, shuffleInPlace } from './split';

export interface MlpOptions {
  /** Units of each hidden layer; default [64, 32]. */
  hidden?: number[];
  /** Dropout rate after each hidden layer; default 0.1. */
  dropout?: number;
  /** L2 penalty on the kernels (mean-loss scale), applied through its gradient (the training loss shown is the cross-entropy alone); default 1e-4. */
  l2?: number;
  /** Adam's learning rate; default 3e-3. */
  learningRate?: number;
  batchSize?: number;
  /** At most this many epochs; default 100. */
  epochs?: number;
  /** Stop after this many epochs without a better validation loss; default 5. */
  patience?: number;
  /** A validation loss must beat the best by this much to count as better; default 1e-4. */
  minDelta?: number;
  classWeight?: ClassWeight;
  seed?: number;
  /**
   * Where each training of a job records its last finished epoch (not sent over the wire): when the
   * backend fails mid-job, the job is replayed on the next backend and every training resumes from
   * its record instead of starting over (see train-service.ts).
   */
  journal?: MlpJournal;
}

/** Weights as plain arrays, in layer order. */
export type WeightArrays = { shape: number[]; values: Float32Array }[];

/** A training's state after its last finished epoch, kept off the device. */
export interface MlpCheckpoint {
  epoch: number;
  weights: WeightArrays;
  best: { loss: number; epoch: number; weights: WeightArrays } | null;
  /** The training finished: `best` (or `weights`) are its final weights. */
  done: boolean;
}

/** Checkpoints of the trainings of one job, by their order in the job (replays are deterministic). */
export class MlpJournal {
  private readonly entries: MlpCheckpoint[] = [];
  private cursor = 0;

  /** Starts the next training of the job; returns its slot and its checkpoint from an earlier attempt. */
  begin(): { slot: number; resume: MlpCheckpoint | undefined } {
    const slot = this.cursor++;
    return { slot, resume: this.entries[slot] };
  }

  record(slot: number, checkpoint: MlpCheckpoint): void {
    this.entries[slot] = checkpoint;
  }

  /** Replays the job from its first training. */
  rewind(): void {
    this.cursor = 0;
  }

  /** Epochs already finished over all trainings (what a replay does not redo). */
  get epochsKept(): number {
    return this.entries.reduce((sum, e) => sum + (e?.epoch ?? 0), 0);
  }
}

/** Rows the network validates on (early stopping), already preprocessed. */
export type ValidationData = Pick<TrainingData, 'x' | 'y' | 'rows'>;

/** A trained network over rows of shape `rowShape` (columns for the dense network, steps × channels for the sequence model). */
export class NetworkModel implements BinaryClassifier {
  constructor(
    readonly kind: 'mlp' | 'sequence',
    private readonly model: tf.LayersModel,
    readonly rowShape: number[],
    /** The epoch whose weights were kept, and how many ran. */
    readonly bestEpoch: number,
    readonly epochsRun: number,
  ) {}

  async predict(x: Float32Array, rows: number): Promise<Float32Array> {
    return predictRows(this.model, this.rowShape, x, rows);
  }

  /** The weights as arrays (for saving), in layer order. */
  async weights(): Promise<WeightArrays> {
    return readWeights(this.model.getWeights());
  }

  dispose(): void {
    this.model.dispose();
  }
}

/**
 * The network's probabilities for `rows` rows of `x`, a chunk of rows uploaded at a time. Never `model.predict` on
 * a tensor of every row: its default batches of 32 slice that tensor, and on the wasm backend each slice reads the
 * whole tensor back (a 10,000-row validation set cost 0.27 s per epoch so).
 */
async function predictRows(model: tf.LayersModel, rowShape: number[], x: Float32Array, rows: number): Promise<Float32Array> {
  const width = rowShape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(rows);
  const chunk = Math.max(256, Math.floor(8192 * 32 / Math.max(32, width)));
  for (let start = 0; start < rows; start += chunk) {
    const size = Math.min(chunk, rows - start);
    const probs = tf.tidy(() => {
      const input = tf.tensor(x.subarray(start * width, (start + size) * width), [size, ...rowShape]);
      return (model.predict(input, { batchSize: size }) as tf.Tensor).reshape([size]);
    });
    out.set((await probs.data()) as Float32Array, start);
    probs.dispose();
  }
  return out;
}

/** Rebuilds a trained dense network from its saved layer sizes and weights (on the active backend). */
export function restoreMlp(cols: number, hidden: number[], dropout: number, weights: WeightArrays): NetworkModel {
  return restoreNetwork('mlp', buildNetwork(cols, hidden, dropout, 0), [cols], weights);
}

/** A built network given saved weights. */
export function restoreNetwork(kind: 'mlp' | 'sequence', model: tf.LayersModel, rowShape: number[], weights: WeightArrays): NetworkModel {
  setWeightArrays(model, weights);
  return new NetworkModel(kind, model, rowShape, 0, 0);
}

function setWeightArrays(model: tf.LayersModel, weights: WeightArrays): void {
  const tensors = weights.map((w) => tf.tensor(w.values, w.shape));
  try {
    model.setWeights(tensors);
  } finally {
    tf.dispose(tensors);
  }
}

async function readWeights(tensors: tf.Tensor[]): Promise<WeightArrays> {
  return Promise.all(tensors.map(async (w) => ({ shape: w.shape.slice(), values: (await w.data()) as Float32Array })));
}

/** Trains the dense network on `data`, stopping early on `validation`. */
export async function trainMlp(
  data: TrainingData,
  validation: ValidationData,
  options: MlpOptions = {},
  control: TrainControl = {},
): Promise<NetworkModel> {
  const hidden = options.hidden ?? [64, 32];
  const dropout = options.dropout ?? 0.1;
  const seed = options.seed ?? 42;
  return trainNetwork('mlp', { ...data, rowShape: [data.cols] }, validation, () => buildNetwork(data.cols, hidden, dropout, seed), options, control);
}

/** Training rows for any network: `rows` rows of shape `rowShape`, flattened row-major in `x`. */
export interface NetworkData {
  x: Float32Array;
  y: Uint8Array;
  rows: number;
  rowShape: number[];
}

/** Trains the network `build` makes on `data`, stopping early on `validation` (rows of the same shape). */
export async function trainNetwork(
  kind: 'mlp' | 'sequence',
  data: NetworkData,
  validation: ValidationData,
  build: () => tf.LayersModel,
  options: Omit<MlpOptions, 'hidden' | 'dropout'> = {},
  control: TrainControl = {},
): Promise<NetworkModel> {
  const batchSize = options.batchSize ?? 512;
  const maxEpochs = options.epochs ?? 100;
  const patience = options.patience ?? 5;
  const minDelta = options.minDelta ?? 1e-4;
  const l2 = options.l2 ?? 1e-4;
  const random = seededRandom(options.seed ?? 42);
  const [w0, w1] = classWeights(data.y, options.classWeight);
  const shape = data.rowShape;
  const { slot, resume } = options.journal?.begin() ?? { slot: -1, resume: undefined };
  if (resume?.done) {
    const restored = build();
    setWeightArrays(restored, resume.best?.weights ?? resume.weights);
    return new NetworkModel(kind, restored, shape, resume.best?.epoch ?? 0, resume.epoch);
  }
  const model = build();
  // Each batch is copied out of the host arrays and uploaded: a gather on the device was slower on wasm
  // (0.16 s an epoch for 100,000 × 30) and the copy is a few microseconds.
  const width = shape.reduce((a, b) => a * b, 1);
  const batchX = new Float32Array(batchSize * width);
  // Per row of a batch: p·sign + offset is the probability of the row's own label (p for a 1, 1 − p for a 0),
  // and its weight, divided by the batch's total so the loss is the weighted mean.
  const batchSign = new Float32Array(batchSize);
  const batchOffset = new Float32Array(batchSize);
  const batchWeight = new Float32Array(batchSize);
  // Kernels (dense and recurrent) carry the L2 penalty; biases do not.
  const penalised = new Set(l2 > 0 ? model.trainableWeights.filter((w) => /kernel/.test(w.name)).map((w) => (w.read() as tf.Variable).name) : []);
  const optimizer = adamFor(tf.getBackend(), { learningRate: options.learningRate ?? 3e-3, l2, penalised });
  let best: { loss: number; epoch: number; weights: tf.Tensor[] } | null = null;
  let bestArrays: MlpCheckpoint['best'] = null;
  const started = performance.now();
  let epoch = 0;
  try {
    const order = new Int32Array(data.rows).map((_, i) => i);
    if (resume) {
      setWeightArrays(model, resume.weights);
      epoch = resume.epoch;
      for (let e = 0; e < epoch; e++) shuffleInPlace(order, random);
      bestArrays = resume.best;
      if (resume.best) best = { loss: resume.best.loss, epoch: resume.best.epoch, weights: resume.best.weights.map((w) => tf.tensor(w.values, w.shape)) };
    }
    const pause = pauser();
    while (epoch < maxEpochs) {
      throwIfCancelled(control.signal);
      epoch++;
      shuffleInPlace(order, random);
      let lossSum = tf.scalar(0);
      for (let start = 0; start < data.rows; start += batchSize) {
        const index = order.subarray(start, Math.min(start + batchSize, data.rows));
        const size = index.length;
        let weightSum = 0;
        for (let i = 0; i < size; i++) {
          const row = index[i]!;
          batchX.set(data.x.subarray(row * width, (row + 1) * width), i * width);
          const positive = data.y[row] === 1;
          batchSign[i] = positive ? 1 : -1;
          batchOffset[i] = positive ? 0 : 1;
          batchWeight[i] = positive ? w1 : w0;
          weightSum += batchWeight[i]!;
        }
        for (let i = 0; i < size; i++) batchWeight[i]! /= weightSum;
        const batchLoss = tf.tidy(() => {
          const xb = tf.tensor(batchX.subarray(0, size * width), [size, ...shape]);
          const sign = tf.tensor2d(batchSign.subarray(0, size), [size, 1]);
          const offset = tf.tensor2d(batchOffset.subarray(0, size), [size, 1]);
          const weight = tf.tensor2d(batchWeight.subarray(0, size), [size, 1]);
          const { value, grads } = tf.variableGrads(() => {
            const p = model.apply(xb, { training: true }) as tf.Tensor;
            return weightedCrossEntropy(p, sign, offset, weight);
          });
          optimizer.step(grads as tf.NamedTensorMap);
          return value.mul(size);
        });
        const next = tf.tidy(() => lossSum.add(batchLoss) as tf.Scalar);
        lossSum.dispose();
        batchLoss.dispose();
        lossSum = next;
        await pause();
        if (control.signal?.aborted) {
          lossSum.dispose();
          throwIfCancelled(control.signal);
        }
      }
      const loss = (await lossSum.data())[0]! / data.rows;
      lossSum.dispose();
      const probs = await predictRows(model, shape, validation.x, validation.rows);
      const valLoss = meanCrossEntropy(validation.y, probs, w0, w1);
      const valAuc = rocAuc(validation.y, probs);
      control.onEpoch?.({ epoch, maxEpochs, loss, valLoss, valAuc, elapsedMs: performance.now() - started });
      const improved = !best || valLoss < best.loss - minDelta;
      if (improved) {
        best?.weights.forEach((w) => w.dispose());
        best = { loss: valLoss, epoch, weights: model.getWeights().map((w) => w.clone()) };
      }
      if (options.journal) {
        const weights = await readWeights(model.getWeights());
        if (improved) bestArrays = { loss: valLoss, epoch, weights };
        options.journal.record(slot, { epoch, weights, best: bestArrays, done: false });
      }
      if (!improved && epoch - best!.epoch >= patience) break;
      await nextTurn();
    }
    if (best) model.setWeights(best.weights);
    if (options.journal) {
      const weights = await readWeights(model.getWeights());
      options.journal.record(slot, { epoch, weights, best: bestArrays && { ...bestArrays, weights }, done: true });
    }
    return new NetworkModel(kind, model, shape, best?.epoch ?? 0, epoch);
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    best?.weights.forEach((w) => w.dispose());
    optimizer.dispose();
  }
}

function buildNetwork(cols: number, hidden: number[], dropout: number, seed: number): tf.Sequential {
  const model = tf.sequential();
  hidden.forEach((units, i) => {
    model.add(
      tf.layers.dense({
        units,
        activation: 'relu',
        inputShape: i === 0 ? [cols] : undefined,
        kernelInitializer: tf.initializers.heNormal({ seed: seed + i }),
      }),
    );
    if (dropout > 0) model.add(new HostDropout({ rate: dropout, seed: seed + 100 + i }));
  });
  model.add(
    tf.layers.dense({
      units: 1,
      activation: 'sigmoid',
      inputShape: hidden.length === 0 ? [cols] : undefined,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 99 }),
    }),
  );
  return model;
}

/**
 * The batch's weighted mean cross-entropy, −Σ w·log q with q = p·sign + offset the probability given to the row's
 * own label (clipped away from 0 and 1) and w the row's weight over the batch's total: the same value as
 * −Σ w·(y·log p + (1 − y)·log(1 − p)) / Σ w, in 7 operations instead of 12 (each costs a fixed overhead per batch).
 */
function weightedCrossEntropy(p: tf.Tensor, sign: tf.Tensor, offset: tf.Tensor, weight: tf.Tensor): tf.Scalar {
  const own = tf.clipByValue(tf.add(tf.mul(p, sign), offset), 1e-7, 1 - 1e-7);
  return tf.neg(tf.sum(tf.mul(tf.log(own), weight))) as tf.Scalar;
}

function meanCrossEntropy(y: Uint8Array, p: Float32Array, w0: number, w1: number): number {
  let sum = 0;
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(1 - 1e-7, Math.max(1e-7, p[i]!));
    const w = y[i] === 1 ? w1 : w0;
    sum -= w * (y[i] === 1 ? Math.log(q) : Math.log(1 - q));
    total += w;
  }
  return sum / total;
}
