/**
 * The training worker's behaviour, environment-free: the handlers of TrainApi plus the events they
 * emit. workers/train.worker.ts serves them on its port with browser backend loaders; the Node
 * trainer (train-local.ts) and the tests serve the very same handlers on an in-memory port.
 *
 * Backend failure: when a TF.js backend dies mid-job (WebGL context lost, out of memory), the job is
 * replayed on the next backend of the candidate list that initialises. Every network training of the
 * job records its last finished epoch in an MlpJournal off the device, so the replay resumes each
 * training where it stopped (finished ones are rebuilt from their weights, not retrained), and a
 * `fallback` event tells the page what happened.
 */
import type { TrainApi, TrainEvent, TrainingSet } from './protocol';
import { TRAIN_PROTOCOL_VERSION } from './protocol';
import { evaluateChurn, withChartCurves, type ChurnOptions, type ChurnProgress } from '../../src/analyses/churn';
import { fitCustomerValue } from '../../src/analyses/clv';
import { clusterMatrix } from '../../src/analyses/clusters';
import { fitRecommendations } from '../../src/analyses/recommend';
import { fitSurvivalModels } from '../../src/analyses/survival';
import { isolationForestScores } from '../../src/models/anomaly';
import { fitForecast } from '../../src/analyses/forecast';
import { fitCountModels } from '../../src/analyses/count-models';
import type { ChurnDataset, FeatureKind } from '../../src/analyses/churn-features';
import { RPC_VERSION } from '../../src/rpc/protocol';
import type { RpcHandlers } from '../../src/rpc/server';
import { transferring } from '../../src/rpc/transfer';
import { chooseBackend, useBackend, type BackendChoice, type BackendName, type ChooseBackendOptions } from '../../src/models/backend';
import { MlpJournal } from '../../src/models/mlp';
import { leaveIdle, TrainingCancelledError } from '../../src/models/model';
import { modelMatrix, pipelineReasons, type Pipeline } from '../../src/models/pipeline';
import { checkCompatible, restorePipeline, savePipeline, savedFeatures } from '../../src/models/saved-model';
import type { SavedModel } from './protocol';

/** How the service reaches TF.js here. */
export interface TrainServiceOptions {
  /** Backends in trial and fallback order (browser: webgpu, webgl, wasm, cpu; Node: wasm, cpu). */
  candidates: readonly BackendName[];
  loaders?: ChooseBackendOptions['loaders'];
  /** Sends an event to the page (the worker: `self.postMessage`). */
  emit: (event: TrainEvent) => void;
  /** Applies `hello`'s environment settings (wasm paths, software WebGL) before any backend starts. */
  configure?: (settings: { wasmPaths?: Record<string, string>; softwareWebgl?: boolean }) => void;
  /** Calls `onLost` when the active backend's device goes away (a WebGL context-loss listener). */
  watchBackend?: (backend: BackendName, onLost: (reason: string) => void) => void;
  /** Called after each training epoch (the worker checks there that its WebGL context still lives). */
  afterEpoch?: (backend: BackendName) => void;
  trialShape?: [number, number];
  repeats?: number;
}

/** The service: TrainApi's handlers and the active backend. */
export interface TrainService {
  handlers: RpcHandlers<TrainApi>;
  backend(): BackendName | null;
}

interface Job {
  controller: AbortController;
  /** Set when the backend died under the job (the abort is then a fallback, not a cancel). */
  lost: string | null;
}

interface StoredModel {
  pipeline: Pipeline;
  saved: SavedModel;
  backend: BackendName;
}

/** The least time between two epoch reports of one job (ms). */
const EPOCH_EVENT_MS = 100;

/** Errors that mean the device failed rather than the data or the code. */
const BACKEND_FAILURE =
  /context (was )?lost|CONTEXT_LOST|out of memory|\bOOM\b|failed to (allocate|create|compile)|unable to create|allocation failed|memory access out of bounds|device (was )?lost|webgl|webgpu/i;

/** True for an error a fallback backend may not have. */
export function isBackendFailure(error: unknown): boolean {
  if (error instanceof TrainingCancelledError) return false;
  if (error instanceof RangeError && /allocat|memory/i.test(error.message)) return true;
  return error instanceof Error && BACKEND_FAILURE.test(`${error.name} ${error.message}`);
}

/** Creates the service; nothing starts until `hello` (or the first job). */
export function createTrainService(options: TrainServiceOptions): TrainService {
  const jobs = new Map<string, Job>();
  const models = new Map<string, StoredModel>();
  let choice: BackendChoice | null = null;
  let starting: Promise<BackendChoice> | null = null;
  let nextModel = 1;

  const start = (prefer: BackendName | 'auto' = 'auto'): Promise<BackendChoice> => {
    starting ??= (async () => {
      let picked: BackendChoice | null = null;
      if (prefer !== 'auto' && (await useBackend(prefer, options.loaders))) picked = { backend: prefer, trials: [{ backend: prefer, ok: true }] };
      picked ??= await chooseBackend({ candidates: options.candidates, loaders: options.loaders, trialShape: options.trialShape, repeats: options.repeats });
      choice = picked;
      watch(picked.backend);
      return picked;
    })().catch((error: unknown) => {
      starting = null;
      throw error;
    });
    return starting;
  };

  const watch = (backend: BackendName) => {
    options.watchBackend?.(backend, (reason) => {
      // A late loss event from a backend already left behind must not stop the retry on the next one.
      if (choice?.backend !== backend) return;
      for (const job of jobs.values()) {
        job.lost = reason;
        job.controller.abort();
      }
    });
  };

  /** Moves to the next candidate after the failed one that initialises; null when none is left. */
  const fallBack = async (failed: BackendName): Promise<BackendName | null> => {
    const after = options.candidates.slice(options.candidates.indexOf(failed) + 1);
    for (const backend of after) {
      if (await useBackend(backend, options.loaders)) {
        choice = { backend, trials: [...(choice?.trials ?? []), { backend, ok: true }] };
        watch(backend);
        return backend;
      }
    }
    return null;
  };

  const live = async (modelId: string): Promise<StoredModel> => {
    const stored = models.get(modelId);
    if (!stored) throw new Error(`The model ${modelId} is no longer loaded; train it again or load it from a file.`);
    const backend = choice?.backend ?? stored.backend;
    // Only the network holds tensors on a backend; every other model is plain arrays.
    if (stored.pipeline.model.kind !== 'mlp' || stored.backend === backend) return stored;
    const pipeline = await restorePipeline(stored.saved);
    const moved = { ...stored, pipeline, backend };
    models.set(modelId, moved);
    return moved;
  };

  const keep = (pipeline: Pipeline, saved: SavedModel): string => {
    const modelId = `m${nextModel++}`;
    models.set(modelId, { pipeline, saved, backend: choice!.backend });
    return modelId;
  };

  const handlers: RpcHandlers<TrainApi> = {
    async hello({ protocol, prefer, wasmPaths, softwareWebgl, idleShare }) {
      if (protocol !== TRAIN_PROTOCOL_VERSION) {
        throw new Error(`The training worker speaks version ${TRAIN_PROTOCOL_VERSION}, the page ${String(protocol)}; reload the page.`);
      }
      options.configure?.({ wasmPaths, softwareWebgl });
      leaveIdle(idleShare ?? 0);
      return { protocol: TRAIN_PROTOCOL_VERSION, choice: await start(prefer) };
    },

    async train({ jobId, data, settings }) {
      await start();
      const job: Job = { controller: new AbortController(), lost: null };
      jobs.set(jobId, job);
      const journal = new MlpJournal();
      const dataset = datasetOf(data);
      // A forest reports every tree and boosting every round (no training loss to chart): the page hears at most
      // one such report per EPOCH_EVENT_MS (always the first and the last), so messages never crowd its thread.
      // Epochs with a loss (the networks, logistic regression) all go through, for the live loss chart.
      let lastEpochEvent = Number.NEGATIVE_INFINITY;
      const tooSoon = (progress: ChurnProgress): boolean => {
        if (progress.stage !== 'train' || Number.isFinite(progress.epoch.loss)) return false;
        const { epoch, maxEpochs } = progress.epoch;
        const now = performance.now();
        if (epoch > 1 && epoch < maxEpochs && now - lastEpochEvent < EPOCH_EVENT_MS) return true;
        lastEpochEvent = now;
        return false;
      };
      try {
        for (;;) {
          const backend = choice!.backend;
          journal.rewind();
          try {
            const churnOptions: ChurnOptions = {
              model: settings.model,
              seed: settings.seed,
              testFraction: settings.testFraction,
              folds: settings.folds,
              classWeight: settings.classWeight,
              logistic: settings.logistic,
              mlp: { ...settings.mlp, journal },
              sequence: { ...settings.sequence, journal },
              preprocess: settings.preprocess,
              models: settings.models,
              baseline: settings.baseline,
              importance: settings.importance,
              signal: job.controller.signal,
              onProgress: (progress) => {
                const event = progressEvent(jobId, progress);
                if (event && !tooSoon(progress)) options.emit(event);
                if (progress.stage === 'train') options.afterEpoch?.(backend);
              },
            };
            const run = await evaluateChurn(dataset, churnOptions);
            if (job.lost !== null) throw new Error(job.lost);
            const saved = await savePipeline(run.pipeline, {
              features: savedFeatures(data.featureNames, data.featureKinds, data.featureSql),
              cutoff: data.cutoff,
              horizon: data.horizon,
              testAuc: run.result.models[run.result.model]?.test.auc,
            });
            return { jobId, modelId: keep(run.pipeline, saved), result: withChartCurves(run.result), backend };
          } catch (error) {
            const lost = job.lost;
            if (lost === null && !isBackendFailure(error)) throw error;
            const reason = lost ?? (error instanceof Error ? error.message : String(error));
            job.lost = null;
            job.controller = new AbortController();
            const next = await fallBack(backend);
            if (!next) throw new Error(`Training failed on ${backend} (${reason}) and no other backend works here.`);
            options.emit({ v: RPC_VERSION, event: 'fallback', jobId, from: backend, to: next, reason, epochsKept: journal.epochsKept });
          }
        }
      } finally {
        jobs.delete(jobId);
      }
    },

    async cancel({ jobId }) {
      const job = jobs.get(jobId);
      job?.controller.abort();
      return { cancelled: job !== undefined };
    },

    async predict({ modelId, data, reasons }) {
      const stored = await live(modelId);
      checkCompatible(stored.saved, data);
      const { pipeline } = stored;
      const x = modelMatrix(pipeline, data);
      const probabilities = await pipeline.model.predict(x, data.rows);
      const explained = reasons && reasons > 0 ? await pipelineReasons(pipeline, x, data.rows, reasons) : undefined;
      const buffers: Transferable[] = [probabilities.buffer as ArrayBuffer];
      if (explained) buffers.push(explained.index.buffer as ArrayBuffer, explained.strength.buffer as ArrayBuffer, explained.direction.buffer as ArrayBuffer);
      return transferring({ probabilities, ...(explained ? { reasons: explained } : {}) }, buffers);
    },

    async clv({ jobId, summary, options: fit }) {
      const { summary: _summary, ...result } = fitCustomerValue(summary, {
        ...fit,
        onProgress: (step, fraction) => options.emit({ v: RPC_VERSION, event: 'clv-progress', jobId, step, fraction }),
      });
      const { scores } = result;
      return transferring(result, [scores.pAlive.buffer, scores.expectedPurchases.buffer, scores.expectedSpend.buffer, scores.clv.buffer] as ArrayBuffer[]);
    },

    async cluster({ jobId, raw, rows, options: fit }) {
      const job: Job = { controller: new AbortController(), lost: null };
      jobs.set(jobId, job);
      try {
        const result = await clusterMatrix(raw, rows, fit, { signal: job.controller.signal });
        return transferring(result, [result.assignments.buffer, result.x.buffer, result.y.buffer] as ArrayBuffer[]);
      } finally {
        jobs.delete(jobId);
      }
    },

    async recommend({ jobId, purchases, options: fit }) {
      const job: Job = { controller: new AbortController(), lost: null };
      jobs.set(jobId, job);
      const result = await fitRecommendations(purchases, fit, { signal: job.controller.signal }).finally(() => jobs.delete(jobId));
      const buffers = [result.customers, result.also].flatMap((lists) => [lists.owner.buffer, lists.rank.buffer, lists.item.buffer, lists.score.buffer]);
      return transferring(result, buffers as ArrayBuffer[]);
    },

    async survival({ subjects }) {
      const fits = fitSurvivalModels(subjects);
      return transferring(fits, [fits.waiting.days.buffer, fits.waiting.coxChance.buffer, fits.waiting.weibullChance.buffer] as ArrayBuffer[]);
    },

    async isolation({ x, rows, cols }) {
      const scores = isolationForestScores(x, rows, cols);
      return transferring({ scores }, [scores.buffer as ArrayBuffer]);
    },

    async counts({ input }) {
      return fitCountModels(input);
    },

    async forecast({ values, season, horizon, holdout }) {
      return fitForecast(values, season, horizon, holdout);
    },

    async save({ modelId }) {
      const stored = models.get(modelId);
      if (!stored) throw new Error(`The model ${modelId} is no longer loaded; train it again.`);
      return stored.saved;
    },

    async load({ model }) {
      await start();
      return { modelId: keep(await restorePipeline(model), model) };
    },

    async dispose({ modelId }) {
      models.get(modelId)?.pipeline.model.dispose();
      models.delete(modelId);
      const tf = await import('@tensorflow/tfjs');
      const { numTensors, numBytes } = tf.memory();
      return { numTensors, numBytes };
    },
  };

  return { handlers, backend: () => choice?.backend ?? null };
}

/** A training set as the dataset evaluateChurn reads (ids and table stay on the page). */
function datasetOf(data: TrainingSet): ChurnDataset {
  return {
    table: '',
    cutoff: data.cutoff,
    horizon: data.horizon,
    rows: data.rows,
    featureNames: data.featureNames,
    featureKinds: data.featureKinds as FeatureKind[],
    x: data.x,
    labels: data.labels,
    categorical: data.categorical,
    ...(data.sequence ? { sequence: data.sequence } : {}),
  };
}

function progressEvent(jobId: string, progress: ChurnProgress): TrainEvent | null {
  const v = RPC_VERSION;
  switch (progress.stage) {
    case 'train':
      return { v, event: 'progress', jobId, model: progress.model, phase: 'train', epoch: progress.epoch };
    case 'cross-validate':
      return { v, event: 'progress', jobId, model: progress.model, phase: 'cross-validate', fold: progress.fold, folds: progress.folds };
    case 'importance':
      return { v, event: 'progress', jobId, model: progress.model, phase: 'importance' };
    case 'baseline':
      return { v, event: 'progress', jobId, model: 'logistic', phase: 'baseline' };
    default:
      return null;
  }
}
