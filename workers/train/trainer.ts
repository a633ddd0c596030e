/**
 * What the notebook's model cells train through: a `Trainer`, one interface over the training worker
 * (in the browser) and the same service on an in-memory port (Node: command line, tests). It owns the
 * job ids, routes each job's events to its caller, turns an AbortSignal into a `cancel` request (the
 * worker stays alive, its models too), and greets a fresh worker again after one died.
 */
import type { ClvFitOptions, ClvResult } from '../../src/analyses/clv';
import type { ClvSummary } from '../../src/analyses/clv-summary';
import type { ClusterFit, ClusterFitOptions } from '../../src/analyses/clusters';
import type { PurchaseMatrix, RecommendFit, RecommendFitOptions } from '../../src/analyses/recommend';
import type { ForecastFit } from '../../src/analyses/forecast';
import type { CountFitInput, CountFitOutput } from '../../src/analyses/count-models';
import type { SurvivalFits, SurvivalSubjects } from '../../src/analyses/survival';
import type { ScoringSet, SavedModel, TrainApi, TrainEvent, TrainSettings, TrainingSet } from './protocol';
import { TRAIN_PROTOCOL_VERSION, isTrainEvent, trainingTransfer } from './protocol';
import { RpcDisconnectedError, type RpcClient } from '../../src/rpc/client';
import type { BackendChoice, BackendName } from '../../src/models/backend';
import type { Reasons } from '../../src/models/explain';
import { TrainingCancelledError } from '../../src/models/model';
import { FeatureMismatchError } from '../../src/models/preprocess';

/** Errors rebuilt with their class on the page side of the trainer. */
export const TRAIN_ERROR_TYPES = { TrainingCancelledError, FeatureMismatchError };

/** How a job is watched and stopped. */
export interface JobOptions {
  signal?: AbortSignal;
  onEvent?: (event: TrainEvent) => void;
}

/** A trained churn model living in the trainer. */
export type TrainedChurn = TrainApi['train']['result'];

/** Scores (and optionally reasons) of a scoring set. */
export interface Prediction {
  probabilities: Float32Array;
  reasons?: Reasons;
}

/** How the trainer should pick its backend. */
export interface HelloOptions {
  prefer?: BackendName | 'auto';
  softwareWebgl?: boolean;
  wasmPaths?: Record<string, string>;
  /** Share of wall time the worker's training loops leave idle (see `leaveIdle` in src/models/model.ts). */
  idleShare?: number;
}

/** Trains, scores, saves and loads churn models and fits customer-value models, off the page's thread. */
export interface Trainer {
  /** Starts the backend (once; later calls return the same choice until the worker is replaced). */
  hello(options?: HelloOptions): Promise<BackendChoice>;
  /** Trains and evaluates; the data's buffers are transferred (unusable afterwards). */
  train(data: TrainingSet, settings: TrainSettings, job?: JobOptions): Promise<TrainedChurn>;
  /** P(churn) per row (+ the top `reasons` features per row). The data's buffers are transferred. */
  predict(modelId: string, data: ScoringSet, reasons?: number): Promise<Prediction>;
  /** Fits the customer-value models on a summary; the result carries the same summary back. */
  fitClv(summary: ClvSummary, options: ClvFitOptions, job?: JobOptions): Promise<ClvResult>;
  /** Clusters per-customer features (rows × CLUSTER_FEATURES); `raw` is transferred. */
  cluster(raw: Float64Array, rows: number, options: ClusterFitOptions, job?: JobOptions): Promise<ClusterFit>;
  /** Recommendations for every customer and product (item-item, with the holdout evaluation); the purchase arrays are transferred. */
  recommend(purchases: PurchaseMatrix, options: RecommendFitOptions, job?: JobOptions): Promise<RecommendFit>;
  /** Survival models of the time to a second purchase (src/analyses/survival.ts). */
  fitSurvival(subjects: SurvivalSubjects): Promise<SurvivalFits>;
  /** Isolation-forest scores (src/analyses/risk.ts); `x` is transferred. */
  scoreIsolation(x: Float64Array, rows: number, cols: number): Promise<Float64Array>;
  /** A series' forecast and backtest (src/analyses/forecast.ts). */
  fitForecast(values: Float64Array, season: number, horizon: number, holdout: number): Promise<ForecastFit>;
  /** Count models of purchases in the next days (src/analyses/count-models.ts); the input's arrays are transferred. */
  fitCounts(input: CountFitInput): Promise<CountFitOutput>;
  save(modelId: string): Promise<SavedModel>;
  load(model: SavedModel): Promise<string>;
  /** Frees a model; resolves with what TF.js still holds. */
  dispose(modelId: string): Promise<{ numTensors: number; numBytes: number }>;
  /** Stops the worker (pending calls are rejected); the next call starts a new one. */
  terminate(): void;
}

let jobCounter = 0;

/** A Trainer over an RPC client of TrainApi (a Worker's, or an in-memory port's). */
export function trainerOverRpc(client: RpcClient<TrainApi>, defaults: HelloOptions = {}): Trainer {
  const listeners = new Map<string, (event: TrainEvent) => void>();
  client.onEvent((message) => {
    if (isTrainEvent(message)) listeners.get(message.jobId)?.(message);
  });
  let greeting: Promise<BackendChoice> | null = null;
  const forgetOnDisconnect = <T>(promise: Promise<T>): Promise<T> =>
    promise.catch((error: unknown) => {
      if (error instanceof RpcDisconnectedError) greeting = null;
      throw error;
    });

  const hello = (options: HelloOptions = {}): Promise<BackendChoice> => {
    greeting ??= forgetOnDisconnect(
      client.call('hello', { protocol: TRAIN_PROTOCOL_VERSION, ...defaults, ...options }).then((answer) => answer.choice),
    ).catch((error: unknown) => {
      greeting = null;
      throw error;
    });
    return greeting;
  };

  const job = async <T>(options: JobOptions, run: (jobId: string) => Promise<T>): Promise<T> => {
    if (options.signal?.aborted) throw new TrainingCancelledError();
    await hello();
    const jobId = `job-${Date.now().toString(36)}-${++jobCounter}`;
    if (options.onEvent) listeners.set(jobId, options.onEvent);
    const onAbort = () => void client.call('cancel', { jobId }).catch(() => undefined);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await forgetOnDisconnect(run(jobId));
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      listeners.delete(jobId);
    }
  };

  return {
    hello,
    train: (data, settings, options = {}) =>
      job(options, (jobId) => client.call('train', { jobId, data, settings }, { transfer: trainingTransfer(data) })),
    async predict(modelId, data, reasons) {
      await hello();
      return forgetOnDisconnect(client.call('predict', { modelId, data, reasons }, { transfer: trainingTransfer(data) }));
    },
    fitClv: (summary, options, jobOptions = {}) =>
      job(jobOptions, async (jobId) => {
        const fit = client.call('clv', { jobId, summary, options });
        const result = await (jobOptions.signal ? abortable(fit, jobOptions.signal) : fit);
        return { ...result, summary };
      }),
    cluster: (raw, rows, options, jobOptions = {}) =>
      job(jobOptions, (jobId) => client.call('cluster', { jobId, raw, rows, options }, { transfer: [raw.buffer as ArrayBuffer] })),
    recommend: (purchases, options, jobOptions = {}) =>
      job(jobOptions, (jobId) => client.call('recommend', { jobId, purchases, options }, { transfer: [purchases.customer.buffer, purchases.item.buffer, purchases.later.buffer] as ArrayBuffer[] })),
    // Plain statistics: no backend needed, so no greeting (which would run the backend trial first).
    fitSurvival: (subjects) => forgetOnDisconnect(client.call('survival', { subjects })),
    scoreIsolation: async (x, rows, cols) => (await forgetOnDisconnect(client.call('isolation', { x, rows, cols }, { transfer: [x.buffer as ArrayBuffer] }))).scores,
    fitForecast: (values, season, horizon, holdout) => forgetOnDisconnect(client.call('forecast', { values, season, horizon, holdout })),
    fitCounts: async (input) =>
      (await forgetOnDisconnect(client.call('counts', { input }, { transfer: [input.xTrain.buffer, input.yTrain.buffer, input.xTest.buffer] as ArrayBuffer[] }))),
    save: async (modelId) => forgetOnDisconnect(client.call('save', { modelId })),
    load: async (model) => (await forgetOnDisconnect(client.call('load', { model }))).modelId,
    dispose: async (modelId) => forgetOnDisconnect(client.call('dispose', { modelId })),
    terminate: () => {
      greeting = null;
      client.terminate();
    },
  };
}

/** Rejects as soon as `signal` aborts (a synchronous fit cannot stop early; its late answer is dropped). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new TrainingCancelledError());
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
