/**
 * The page's side of model cells: the runner's model hook over the training worker, and what each
 * model cell shows while it trains (stage, epochs for the live loss chart, backend, fallbacks).
 *
 * TF.js never loads with the page: the worker-backed trainer and the hook are imported and created
 * on the first model cell run. All model math runs in the worker; the page builds features with
 * DuckDB (its own worker), receives progress events and renders. Actions on a trained model (at-risk
 * CSV, save, load a saved file) go through the same trainer.
 */
import type { Db } from '../../engine/db';
import type { BackendChoice, BackendName } from '../../models/backend';
import type { ModelHook } from '../../notebook/run-model';
import type { ModelProgress } from '../../training/model-hook';
import type { TrainProgress } from '../../models/model';
import type { FallbackNote } from '../../notebook/model-summary';
import type { ModelKind } from '../../models/pipeline';
import type { HelloOptions, Trainer } from '../../../workers/train/trainer';
import type { Tier } from '../../analyses/churn-scores';
import { locale } from '../locale.svelte';

/** How often a training's progress reaches the page (ms). */
const PROGRESS_MS = 250;

/** Where a model cell's run stands, for its progress bar. */
export type TrainingStage = 'features' | 'baseline' | 'train' | 'cross-validate' | 'importance' | 'scoring' | 'writing' | 'summary';

/** What a model cell shows while (and after) it trains. */
export interface LiveTraining {
  stage: TrainingStage;
  model: ModelKind | null;
  /** Epochs of the network (or model) training now, for the live loss chart. */
  epochs: TrainProgress[];
  /** Share done of the current stage (null: unknown). */
  fraction: number | null;
  fold: { fold: number; folds: number } | null;
  fallbacks: FallbackNote[];
  /** Every model trained so far in this run and its share done (a bar each when several models train). */
  models: { kind: ModelKind; fraction: number }[];
}

/** What the model cells need from the app. */
export interface ModelTrainingDeps {
  db(): Promise<Db>;
  download?(filename: string, blob: Blob): void;
  /** Trainer start-up options (test-only switches from the URL; empty in normal use). */
  trainOptions?: HelloOptions;
}

/** A model loaded from a file and applied to today's customers. */
export interface LoadedModelNote {
  file: string;
  kind: ModelKind;
  trainedAt: string;
  testAuc: number | null;
  rows: number;
  table: string;
}

/** Model cells' live state and actions, shared by every model cell of a session. */
export class ModelTraining {
  live = $state.raw<Readonly<Record<string, LiveTraining>>>({});
  /** The backend the worker chose (null until the first model cell runs). */
  backend = $state.raw<BackendChoice | null>(null);
  /** Per cell: a model loaded from a file, applied to today's customers. */
  loaded = $state.raw<Readonly<Record<string, LoadedModelNote>>>({});

  private trainer: Trainer | null = null;
  private hookReady: Promise<ModelHook> | null = null;
  /** Progress not yet shown: events arrive by the hundred (a forest's trees), the page redraws a few times a second. */
  private pending: Record<string, LiveTraining> = {};
  private flushTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly deps: ModelTrainingDeps) {}

  /** The runner's model hook (loads the trainer on first use). */
  readonly hook: ModelHook = async (cell, context) => {
    delete this.pending[cell.id];
    this.live = { ...this.live, [cell.id]: fresh() };
    const { [cell.id]: _dropped, ...loaded } = this.loaded;
    this.loaded = loaded;
    return (await this.ready())(cell, context);
  };

  /** The live state of a cell's last run. */
  liveOf(cellId: string): LiveTraining | undefined {
    return this.live[cellId];
  }

  /** Writes the at-risk list of a scores table as CSV (formulas neutralised) and downloads it. */
  async exportAtRisk(table: string, options: { bands: Tier[]; hashIds: boolean }): Promise<void> {
    const [{ atRiskCsv }, db] = await Promise.all([import('../../analyses/churn-scores'), this.deps.db()]);
    const csv = await atRiskCsv(db, { table, bands: options.bands, hashIds: options.hashIds });
    this.deps.download?.(`${table}-at-risk.csv`, new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  }

  /** Keeps a trained model in the browser (IndexedDB) and downloads it as a file. */
  async saveModel(modelId: string, name: string): Promise<void> {
    const trainer = await this.readyTrainer();
    const [{ encodeSavedModel }, { openModelStore }] = await Promise.all([import('../../models/saved-model'), import('../../training/model-store')]);
    const saved = await trainer.save(modelId);
    const store = await openModelStore();
    try {
      await store.put(name, saved);
    } finally {
      store.close();
    }
    this.deps.download?.(`${name}.cohortbook-model.json`, new Blob([encodeSavedModel(saved)], { type: 'application/json' }));
  }

  /**
   * Loads a model file and scores today's customers with it into `table` (the cell's name). A model
   * trained on other features is refused with the reason (FeatureMismatchError's message).
   */
  async loadModelFile(cellId: string, file: File, table: string): Promise<void> {
    const trainer = await this.readyTrainer();
    const [{ decodeSavedModel }, scores, db] = await Promise.all([
      import('../../models/saved-model'),
      import('../../analyses/churn-scores'),
      this.deps.db(),
    ]);
    const saved = decodeSavedModel(await file.text());
    const modelId = await trainer.load(saved);
    const scored = await scores.scoreCurrentCustomers(db, trainer, modelId, { featuresTable: `${table}_score_features` });
    await scores.writeChurnScores(db, table, scored, undefined, locale.lang);
    this.loaded = {
      ...this.loaded,
      [cellId]: { file: file.name, kind: saved.kind, trainedAt: saved.trainedAt, testAuc: saved.testAuc ?? null, rows: scored.probabilities.length, table },
    };
  }

  private async readyTrainer(): Promise<Trainer> {
    await this.ready();
    return this.trainer!;
  }

  private ready(): Promise<ModelHook> {
    this.hookReady ??= (async () => {
      const [{ createTrainClient }, { createModelHook }] = await Promise.all([import('../../../workers/train/client'), import('../../training/model-hook')]);
      const worker = createTrainClient(this.deps.trainOptions ?? {});
      const trainer: Trainer = {
        ...worker,
        hello: async (options) => {
          const choice = await worker.hello(options);
          this.backend = choice;
          return choice;
        },
      };
      this.trainer = trainer;
      return createModelHook(trainer, { onProgress: (cell, progress) => this.progress(cell.id, progress), language: () => locale.lang });
    })().catch((error: unknown) => {
      this.hookReady = null;
      throw error;
    });
    return this.hookReady;
  }

  private progress(cellId: string, progress: ModelProgress): void {
    this.pending[cellId] = advance(this.pending[cellId] ?? this.live[cellId] ?? fresh(), progress);
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = null;
      this.live = { ...this.live, ...this.pending };
      this.pending = {};
    }, PROGRESS_MS);
  }
}

function fresh(): LiveTraining {
  return { stage: 'features', model: null, epochs: [], fraction: null, fold: null, fallbacks: [], models: [] };
}

/**
 * A model's share done from its phase: fitting takes the first 15%, each cross-validation fold an equal part
 * of the next 80%, importance the rest. A model whose importance is under way is done once another one starts.
 */
function modelShare(live: LiveTraining, kind: ModelKind, share: number): LiveTraining['models'] {
  const others = live.models.filter((m) => m.kind !== kind).map((m) => (m.fraction >= 0.95 ? { ...m, fraction: 1 } : m));
  const known = live.models.some((m) => m.kind === kind);
  const next = { kind, fraction: Math.max(share, live.models.find((m) => m.kind === kind)?.fraction ?? 0) };
  return known ? live.models.map((m) => (m.kind === kind ? next : (others.find((o) => o.kind === m.kind) ?? m))) : [...others, next];
}

/** The live state after one progress report (pure; exported for tests). */
export function advance(live: LiveTraining, progress: ModelProgress): LiveTraining {
  if (progress.stage !== 'training') return { ...live, stage: progress.stage, fraction: null };
  const { event } = progress;
  if (event.event === 'fallback') return { ...live, fallbacks: [...live.fallbacks, { from: event.from, to: event.to, reason: event.reason }] };
  if (event.event === 'clv-progress') return { ...live, stage: 'summary', fraction: event.fraction };
  if (event.phase === 'train' && event.epoch) {
    const epoch = event.epoch;
    const sameModel = live.model === event.model && live.stage === 'train';
    const kept = sameModel ? live.epochs.filter((e) => e.epoch < epoch.epoch) : [];
    const fraction = epoch.epoch / Math.max(1, epoch.maxEpochs);
    // Trees and forests report rounds without a training loss: they move the bars, not the loss chart.
    const epochs = Number.isFinite(epoch.loss) ? [...kept, epoch] : live.epochs;
    return { ...live, stage: 'train', model: event.model, epochs, fraction, fold: null, models: modelShare(live, event.model, 0.15 * fraction) };
  }
  if (event.phase === 'cross-validate') {
    const fold = event.fold !== undefined && event.folds ? { fold: event.fold, folds: event.folds } : null;
    const share = fold ? 0.15 + (0.8 * (fold.fold - 1)) / fold.folds : 0.15;
    return { ...live, stage: 'cross-validate', model: event.model, fold, fraction: fold ? fold.fold / fold.folds : null, models: modelShare(live, event.model, share) };
  }
  if (event.phase === 'baseline') return { ...live, stage: 'baseline', fraction: null, models: live.models.map((m) => ({ ...m, fraction: 1 })) };
  return { ...live, stage: event.phase, model: event.model, fraction: null, models: modelShare(live, event.model, 0.95) };
}

/** The name a shop owner knows a backend by. */
export function backendLabel(backend: BackendName | 'none'): string {
  return { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly', cpu: 'CPU', none: 'JavaScript' }[backend];
}
