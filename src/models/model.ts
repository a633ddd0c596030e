/**
 * What every churn model shares: the training data shape, per-epoch progress, cancellation, class
 * weights and a `predict` over typed arrays. Logistic regression and the neural network both fit it,
 * so evaluation, cross-validation, importance and the training worker treat them alike.
 */

/** A preprocessed training matrix: rows × cols, row-major, and 0/1 labels. */
export interface TrainingData {
  x: Float32Array;
  y: Uint8Array;
  rows: number;
  cols: number;
}

/** Reported after every epoch (a Newton iteration for logistic regression). */
export interface TrainProgress {
  epoch: number;
  /** The most epochs this training may run. */
  maxEpochs: number;
  /** Mean training objective of the epoch (weighted cross-entropy plus the L2 penalty). */
  loss: number;
  valLoss?: number;
  valAuc?: number;
  elapsedMs: number;
}

/** How a caller watches and stops a training. */
export interface TrainControl {
  onEpoch?: (progress: TrainProgress) => void;
  /** Checked between batches and epochs; an aborted training throws TrainingCancelledError. */
  signal?: AbortSignal;
}

/** Class weights: none, inverse class frequency ('balanced'), or explicit. */
export type ClassWeight = 'none' | 'balanced' | { 0: number; 1: number };

/** The churn classifiers, simplest first (the order the comparison prefers when models tie). */
export const MODEL_KINDS = ['logistic', 'svm', 'tree', 'forest', 'boosting', 'mlp', 'sequence'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

/** Whether training `model` (a kind, or 'all') runs TF.js — the networks do; everything else is plain TypeScript. */
export function usesTensorflow(model: ModelKind | 'all'): boolean {
  return model === 'all' || model === 'mlp' || model === 'sequence';
}

/** A trained binary classifier over preprocessed rows. */
export interface BinaryClassifier {
  readonly kind: ModelKind;
  /** P(label = 1) for each row of a rows × cols matrix. */
  predict(x: Float32Array, rows: number): Promise<Float32Array>;
  /** Frees what the model holds (tensors); the model is unusable afterwards. */
  dispose(): void;
}

/** Thrown out of a training whose signal was aborted. */
export class TrainingCancelledError extends Error {
  constructor(message = 'Training was stopped.') {
    super(message);
    this.name = 'TrainingCancelledError';
  }
}

/** Per-class weights (index 0 and 1) for labels `y`. */
export function classWeights(y: ArrayLike<number>, weight: ClassWeight = 'none'): [number, number] {
  if (weight === 'none') return [1, 1];
  if (weight !== 'balanced') return [weight[0], weight[1]];
  let positives = 0;
  for (let i = 0; i < y.length; i++) positives += y[i]!;
  const negatives = y.length - positives;
  if (positives === 0 || negatives === 0) return [1, 1];
  return [y.length / (2 * negatives), y.length / (2 * positives)];
}

/** Throws TrainingCancelledError when `signal` is aborted. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new TrainingCancelledError();
}

/** Lets queued messages (a cancel) run: resolves on the next turn of the event loop. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * The share of wall time long training loops leave idle (0 = none). Training workers that would fill every
 * core (two workers, or one beside DuckDB's, on a 2-core machine) starve the page: its frames then wait for a
 * core and a 15 ms task takes 60 ms. Resting a share of the time gives the page a core back when it needs one.
 */
let idleShare = 0;

/** Sets the share of wall time this thread's training loops leave idle (clamped to 0–0.9). */
export function leaveIdle(share: number): void {
  idleShare = Number.isFinite(share) ? Math.min(0.9, Math.max(0, share)) : 0;
}

/**
 * A pause for long loops (tree after tree, batch after batch): when `everyMs` have passed since the last
 * pause it yields a turn of the event loop (so a cancel message is heard) and rests the idle share of the
 * time worked; at once otherwise, so short rounds pay no 4 ms timer clamp each.
 */
export function pauser(everyMs = 30): () => Promise<void> {
  let last = performance.now();
  return async () => {
    const worked = performance.now() - last;
    if (worked < everyMs) return;
    if (idleShare > 0) await new Promise((resolve) => setTimeout(resolve, (worked * idleShare) / (1 - idleShare)));
    else await nextTurn();
    last = performance.now();
  };
}
