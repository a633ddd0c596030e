/**
 * The training worker's API (TF.js off the main thread), on the shared RPC envelope of
 * src/rpc/protocol.ts: each request has an id and gets one response naming it. Feature matrices,
 * labels and scores travel as transferable typed arrays (moved, never copied, never row objects).
 *
 * Long work is a job: `train` answers when the job ends (trained, cancelled or failed), and while it
 * runs the worker posts `TrainEvent`s (progress per epoch) on the same port. Events carry no request
 * id and no `ok`, so RpcClient ignores them as answers; the page listens for them by `event`.
 * `cancel` is an ordinary request served while `train` is running: the training yields to the
 * event loop between batches, sees the abort and ends its job with a TrainingCancelledError.
 *
 * Version: the envelope's RPC_VERSION, plus TRAIN_PROTOCOL_VERSION for this API's own shapes
 * (checked by `hello`), so a cached old worker is never driven by a newer page.
 */
import type { ChurnResultShare } from '../../src/analyses/churn';
import type { ClvFitOptions, ClvResult } from '../../src/analyses/clv';
import type { ClvSummary } from '../../src/analyses/clv-summary';
import type { ClusterFit, ClusterFitOptions } from '../../src/analyses/clusters';
import type { PurchaseMatrix, RecommendFit, RecommendFitOptions } from '../../src/analyses/recommend';
import type { ForecastFit } from '../../src/analyses/forecast';
import type { CountFitInput, CountFitOutput } from '../../src/analyses/count-models';
import type { SurvivalFits, SurvivalSubjects } from '../../src/analyses/survival';
import type { BackendChoice, BackendName } from '../../src/models/backend';
import type { TrainProgress } from '../../src/models/model';
import type { ModelKind } from '../../src/models/pipeline';
import type { Reasons } from '../../src/models/explain';
import type { SavedModel, ScoringSet, TrainingSet, TrainSettings } from '../../src/models/training-data';
import { RPC_VERSION } from '../../src/rpc/protocol';

/** Bumped whenever a request, result or event shape below changes. */
export const TRAIN_PROTOCOL_VERSION = 4;

export type { SavedFeature, SavedModel, ScoringSet, TrainingSet, TrainSettings } from '../../src/models/training-data';
export { trainingTransfer } from '../../src/models/training-data';

export type TrainApi = {
  /** Checks versions and picks the backend (`prefer` skips the trial). */
  hello: {
    params: {
      protocol: typeof TRAIN_PROTOCOL_VERSION;
      prefer?: BackendName | 'auto';
      /** Overrides of the self-hosted tfjs-backend-wasm binary URLs (file name -> URL). */
      wasmPaths?: Record<string, string>;
      /** Let WebGL run on a software renderer (SwiftShader in headless Chromium); tests only. */
      softwareWebgl?: boolean;
      /** Share of wall time the worker's training loops leave idle (0–0.9), so the page keeps a core's share. */
      idleShare?: number;
    };
    result: { protocol: typeof TRAIN_PROTOCOL_VERSION; choice: BackendChoice };
  };
  /** Trains and evaluates; progress arrives as TrainEvents with the same jobId. */
  train: {
    params: { jobId: string; data: TrainingSet; settings: TrainSettings };
    result: { jobId: string; modelId: string; result: ChurnResultShare; backend: BackendName };
  };
  /** Stops job `jobId` (no-op when it already ended). */
  cancel: { params: { jobId: string }; result: { cancelled: boolean } };
  /** P(churn) per row, and with `reasons: k` the k features pushing each row's risk up most; arrays come back transferred. */
  predict: { params: { modelId: string; data: ScoringSet; reasons?: number }; result: { probabilities: Float32Array; reasons?: Reasons } };
  /** Fits BG/NBD (+ Pareto/NBD) and Gamma-Gamma on a summary built by SQL on the page; progress as 'clv-progress' events. */
  clv: { params: { jobId: string; summary: ClvSummary; options: ClvFitOptions }; result: Omit<ClvResult, 'summary'> };
  /** k-means segmentation of per-customer features (rows × CLUSTER_FEATURES) built by SQL on the page; cancellable. */
  cluster: { params: { jobId: string; raw: Float64Array; rows: number; options: ClusterFitOptions }; result: ClusterFit };
  /** Item-item recommendations for every customer and product, with the holdout evaluation; the purchase arrays are transferred. */
  recommend: { params: { jobId: string; purchases: PurchaseMatrix; options: RecommendFitOptions }; result: RecommendFit };
  /** Exponential, Weibull and Cox fits of the time to a second purchase, and the waiting customers' 30-day chances. */
  survival: { params: { subjects: SurvivalSubjects }; result: SurvivalFits };
  /** Isolation-forest scores of rows × cols customer features (the risk flags); `x` is transferred. */
  isolation: { params: { x: Float64Array; rows: number; cols: number }; result: { scores: Float64Array } };
  /** Exponential smoothing chosen by AIC, its forecast and backtest, of one series. */
  forecast: { params: { values: Float64Array; season: number; horizon: number; holdout: number }; result: ForecastFit };
  /** Poisson and negative-binomial regressions and BG/NBD of purchases in the next days (count models); the arrays are transferred. */
  counts: { params: { input: CountFitInput }; result: CountFitOutput };
  /** The model as a SavedModel (for IndexedDB or a download). */
  save: { params: { modelId: string }; result: SavedModel };
  /** Loads a SavedModel into the worker. */
  load: { params: { model: SavedModel }; result: { modelId: string } };
  /** Frees a model's tensors; reports what TF.js still holds. */
  dispose: { params: { modelId: string }; result: { numTensors: number; numBytes: number } };
};

/** Pushed by the worker during a job (never an answer to a request). */
export type TrainEvent =
  | { v: typeof RPC_VERSION; event: 'progress'; jobId: string; model: ModelKind; phase: 'train' | 'cross-validate' | 'importance' | 'baseline'; fold?: number; folds?: number; epoch?: TrainProgress }
  /** The backend failed (WebGL context lost, out of memory); the job resumes on `to` from the last finished epochs. */
  | { v: typeof RPC_VERSION; event: 'fallback'; jobId: string; from: BackendName; to: BackendName; reason: string; epochsKept: number }
  /** A customer-value fit: the step running and the share done (0..1). */
  | { v: typeof RPC_VERSION; event: 'clv-progress'; jobId: string; step: string; fraction: number };

/** True for a worker message that is a TrainEvent rather than an RPC response. */
export function isTrainEvent(message: unknown): message is TrainEvent {
  return typeof message === 'object' && message !== null && 'event' in message && (message as { v?: unknown }).v === RPC_VERSION;
}
