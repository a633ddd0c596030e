/**
 * The notebook's model cells (the runner's `ModelHook`). A model cell's source is JSON settings:
 *   churn: {"kind": "churn", "horizon": 90, "cutoff": null, "model": "logistic"|"mlp"|"all", "seed": 42, "scores": true}
 *   clv:   {"kind": "clv", "calibrationEnd": "auto" or "1997-09-30", "holdoutEnd": "auto", "months": 12, "discount": 0.01}
 * (the CLV analysis's cells say {"model": "bgnbd+gamma_gamma", "calibration_end": …, "monthly_discount": …},
 * and older churn cells {"model": "churn", "horizon_days": 90}: both are read too).
 * Features and summaries are built by SQL on the database; all model math runs in the `trainer` (the
 * training worker in the browser, the same service in-process in Node), so the page only renders.
 * The scores are written as the table named by the cell, and the cell shows a ModelSummary.
 */
import type { Lang } from '../text/language';
import { relationOwner } from '../engine/catalog';
import type { Db } from '../engine/db';
import { completeResult, needsSequences } from '../analyses/churn';
import { ACTIVITY_HORIZON, type ChurnLabel } from '../analyses/activity-features';
import { ChurnSetupError, buildChurnFeatures, checkCutoffInData, lastPurchaseDate, type ChurnDataset } from '../analyses/churn-features';
import { DEFAULT_TIERS, featureSql, scoreCurrentCustomers, writeChurnScores, type RetentionTiers } from '../analyses/churn-scores';
import { ClvInputError, clvSummary, type DataDate } from '../analyses/clv-summary';
import { CLV_TABLES, writeClvTables } from '../analyses/clv-tables';
import type { ModelHook, ModelOutcome } from '../notebook/run-model';
import type { ModelCell } from '../notebook/types';
import { ident, literal } from '../sql/quote';
import type { TrainEvent, TrainSettings, TrainingSet } from '../../workers/train/protocol';
import type { LogisticOptions } from '../models/logistic';
import type { MlpOptions } from '../models/mlp';
import { MODEL_KINDS, TrainingCancelledError, usesTensorflow, type TrainProgress } from '../models/model';
import type { FallbackNote } from '../notebook/model-summary';
import { abTestSentence, churnSummary, clustersSentence, clvModelSummary, recommendationsSentence } from './model-summary';
import { AbInputError, readAbTable } from '../analyses/abtest-table';
import { RecommendInputError, writeRecommendations, type RecommendFitter } from '../analyses/recommend';
import { clusterCustomers, type ClusterFitter } from '../analyses/clusters';
import type { ModelKind } from '../models/pipeline';
import { FeatureMismatchError, IMPUTE_RULES, OUTLIER_RULES, type ImputeRule, type OutlierRule } from '../models/preprocess';
import type { Trainer } from '../../workers/train/trainer';
import { FORECAST_MEASURES, type ForecastMeasure } from '../analyses/forecast';
import { DEFAULT_RISK_THRESHOLDS, type RiskThresholds } from '../analyses/risk';
import { MODEL_TABLE_COMMENT } from '../analyses/model-tables';
import {
  isStatisticsInputError,
  runCountsCell,
  runForecastCell,
  runProfileCell,
  runRiskCell,
  runSurvivalCell,
  type CountsCellSettings,
  type ForecastCellSettings,
  type ProfileCellSettings,
  type RiskCellSettings,
  type SurvivalCellSettings,
} from './statistics-cells';

/** Where a model cell is, for a progress bar and the live loss chart. */
export type ModelProgress =
  | { stage: 'features' | 'scoring' | 'writing' | 'summary' }
  | { stage: 'training'; event: TrainEvent };

export interface ModelHookOptions {
  /** Hears each model cell's progress (training events carry epoch, loss and validation metrics). */
  onProgress?: (cell: ModelCell, progress: ModelProgress) => void;
  /** The language the scores' reasons are written in (the UI's when the notebook runs; English by default). */
  language?: () => Lang;
}

/** Churn cell settings after defaults. */
export interface ChurnCellSettings {
  kind: 'churn';
  /** What staying means: buying again (default), or any activity at all (event logs; 7 days by default). */
  label: ChurnLabel;
  horizon: number;
  cutoff: string | null;
  model: ModelKind | 'all';
  seed: number;
  scores: boolean;
  folds: number;
  importance: boolean;
  /** A user table keyed by customer_id whose columns join in as extra features. */
  features: string | null;
  tiers: RetentionTiers;
  reasons: number;
  classWeight?: 'none' | 'balanced';
  logistic?: LogisticOptions;
  mlp?: MlpOptions;
  /** How missing values are filled and outliers capped (defaults: median, none). */
  preprocess?: { impute?: ImputeRule; outliers?: OutlierRule };
}

/** Clustering cell settings after defaults. */
export interface ClustersCellSettings {
  kind: 'clusters';
  k: number | 'auto';
  seed: number;
  restarts: number;
  /** The orders the features come from: the settings' `data` (default `cb_orders`). */
  orders: string;
}

/** Recommendations cell settings after defaults. */
export interface RecommendationsCellSettings {
  kind: 'recommendations';
  /** The recommender making the lists: item-item (default) or matrix factorisation by BPR. */
  model: 'item-item' | 'bpr';
  /** Products per customer. */
  k: number;
  holdoutDays: number;
  /** Products per product in the "also bought" table. */
  alsoBought: number;
  /** The order lines learned from: the settings' `data` (default `cb_lines`). */
  lines: string;
}

/** A/B read-out cell settings after defaults. */
export interface AbTestCellSettings {
  kind: 'abtest';
  /** The table read: one row per customer. */
  data: string;
  group: string;
  outcome: string;
  value: string | null;
  control: string | null;
  confidence: number;
}

/** CLV cell settings after defaults. */
export interface ClvCellSettings {
  kind: 'clv';
  /** A date, or `auto`: derived from the data loaded when the cell runs. */
  calibrationEnd: DataDate;
  holdoutEnd: DataDate;
  months: number;
  discount: number;
  paretoNbd: boolean | 'auto';
  penalizer: number;
  /** The orders to learn from: the settings' `data` (a notebook with a date range reads `new_customer_orders`). */
  orders: string;
}

/** A model cell's settings that cannot be used, in the user's words. */
export class ModelSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelSettingsError';
  }
}

/** The canonical tables: naming one as a model's `data` means "the loaded data", not extra features. */
const CANONICAL = /^cb_(orders|lines|customers|events|returns)$/i;

export { MODEL_TABLE_COMMENT };

/** Reads a model cell's JSON settings. */
export function parseModelSettings(
  source: string,
):
  | ChurnCellSettings
  | ClvCellSettings
  | ClustersCellSettings
  | RecommendationsCellSettings
  | AbTestCellSettings
  | SurvivalCellSettings
  | ForecastCellSettings
  | RiskCellSettings
  | ProfileCellSettings
  | CountsCellSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(source);
  } catch {
    throw new ModelSettingsError('The model settings are not valid JSON. Write them like {"kind": "churn", "horizon": 90}.');
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ModelSettingsError('The model settings must be a JSON object, like {"kind": "churn"}.');
  const s = raw as Record<string, unknown>;
  const kind = s.kind ?? (s.model === 'churn' ? 'churn' : s.model === 'bgnbd+gamma_gamma' || 'calibration_end' in s || 'calibrationEnd' in s ? 'clv' : undefined);
  if (kind === 'churn') return churnSettings(s);
  if (kind === 'clv') return clvSettings(s);
  if (kind === 'clusters') return clustersSettings(s);
  if (kind === 'recommendations') return recommendationsSettings(s);
  if (kind === 'abtest') return abTestSettings(s);
  if (kind === 'survival') return survivalSettings(s);
  if (kind === 'forecast') return forecastSettings(s);
  if (kind === 'risk') return riskSettings(s);
  if (kind === 'profile') return profileSettings(s);
  if (kind === 'counts') return { kind: 'counts', horizon: whole(s.horizon, 'horizon', 90, 1) };
  throw new ModelSettingsError(
    `Say which model this cell trains: "kind": "churn", "clv", "clusters", "recommendations", "abtest", "survival", "forecast", "risk", "profile" or "counts"${kind === undefined ? '' : ` (got ${JSON.stringify(kind)})`}.`,
  );
}

function survivalSettings(s: Record<string, unknown>): SurvivalCellSettings {
  if (s.covariates === undefined || s.covariates === null) return { kind: 'survival' };
  const c = s.covariates as Record<string, unknown>;
  const columns = c.columns;
  if (!isObject(c) || typeof c.table !== 'string' || !Array.isArray(columns) || columns.length === 0 || !columns.every((x) => typeof x === 'string')) {
    throw new ModelSettingsError('"covariates" must name a table and its columns, like {"table": "my_features", "columns": ["age"]} (one row per customer_id).');
  }
  return { kind: 'survival', covariates: { table: c.table, columns: columns as string[] } };
}

function forecastSettings(s: Record<string, unknown>): ForecastCellSettings {
  const period = s.period ?? 'week';
  if (period !== 'week' && period !== 'day') throw new ModelSettingsError(`"period" must be "week" or "day" (got ${JSON.stringify(period)}).`);
  const measure = s.measure ?? 'revenue';
  if (!(FORECAST_MEASURES as readonly unknown[]).includes(measure)) {
    throw new ModelSettingsError(`"measure" must be ${FORECAST_MEASURES.map((m) => `"${m}"`).join(', ')} (got ${JSON.stringify(measure)}).`);
  }
  return { kind: 'forecast', period, measure: measure as ForecastMeasure, horizon: whole(s.horizon, 'horizon', 8, 1) };
}

function profileSettings(s: Record<string, unknown>): ProfileCellSettings {
  const text = (value: unknown, name: string): string => {
    if (value === undefined || value === null) return '';
    if (typeof value !== 'string' && typeof value !== 'number') throw new ModelSettingsError(`"${name}" must be a ${name} id in quotes, like "C000102" (got ${JSON.stringify(value)}).`);
    return String(value).trim();
  };
  return { kind: 'profile', customer: text(s.customer, 'customer'), segment: text(s.segment, 'segment') || null };
}

function riskSettings(s: Record<string, unknown>): RiskCellSettings {
  const given = (isObject(s.thresholds) ? s.thresholds : {}) as Record<string, unknown>;
  const thresholds = { ...DEFAULT_RISK_THRESHOLDS };
  for (const key of Object.keys(DEFAULT_RISK_THRESHOLDS) as (keyof RiskThresholds)[]) {
    const value = given[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value > 0)) throw new ModelSettingsError(`"thresholds.${key}" must be a number above 0 (got ${JSON.stringify(value)}).`);
    thresholds[key] = value;
  }
  const fine = s.fine ?? [];
  if (!Array.isArray(fine) || !fine.every((f) => typeof f === 'string')) throw new ModelSettingsError('"fine" must be a list of flags marked fine, like ["order:541431", "customer:15823"].');
  return { kind: 'risk', thresholds, fine };
}

function clustersSettings(s: Record<string, unknown>): ClustersCellSettings {
  const k = s.k === undefined || s.k === 'auto' ? 'auto' : whole(s.k, 'k', 3, 1);
  return {
    kind: 'clusters',
    k,
    seed: whole(s.seed, 'seed', 42, 0),
    restarts: whole(s.restarts, 'restarts', 5, 1),
    orders: typeof s.data === 'string' && s.data !== '' ? s.data : 'cb_orders',
  };
}

function recommendationsSettings(s: Record<string, unknown>): RecommendationsCellSettings {
  return {
    kind: 'recommendations',
    model: recommenderName(s.model),
    k: whole(s.k, 'k', 10, 1),
    holdoutDays: whole(s.holdoutDays ?? s.holdout_days, 'holdoutDays', 30, 1),
    alsoBought: whole(s.alsoBought ?? s.also_bought, 'alsoBought', 10, 1),
    lines: typeof s.data === 'string' && s.data !== '' ? s.data : 'cb_lines',
  };
}

function abTestSettings(s: Record<string, unknown>): AbTestCellSettings {
  const text = (value: unknown, name: string, fallback: string | null): string | null => {
    if (value === undefined || value === null || value === '') return fallback;
    if (typeof value !== 'string') throw new ModelSettingsError(`"${name}" must be a column or table name in quotes (got ${JSON.stringify(value)}).`);
    return value;
  };
  const data = text(s.data ?? s.table, 'data', null);
  if (!data) throw new ModelSettingsError('Say which table holds the test: "data": "my_test", one row per customer with its group and whether it converted.');
  const confidence = share(s.confidence, 'confidence', 0.95);
  if (confidence <= 0 || confidence >= 1) throw new ModelSettingsError('"confidence" must be between 0 and 1, like 0.95.');
  return {
    kind: 'abtest',
    data,
    group: text(s.group, 'group', 'group')!,
    outcome: text(s.outcome, 'outcome', 'converted')!,
    value: text(s.value, 'value', null),
    control: text(s.control, 'control', null),
    confidence,
  };
}

function recommenderName(value: unknown): 'item-item' | 'bpr' {
  if (value === undefined || value === null || value === 'item-item') return 'item-item';
  if (value === 'bpr') return 'bpr';
  throw new ModelSettingsError(`"model" must be "item-item" or "bpr" (matrix factorisation); got ${JSON.stringify(value)}.`);
}

function churnSettings(s: Record<string, unknown>): ChurnCellSettings {
  const model = s.model === 'churn' ? (s.algorithm ?? 'logistic') : (s.model ?? 'logistic');
  if (model !== 'all' && !(MODEL_KINDS as readonly unknown[]).includes(model)) {
    throw new ModelSettingsError(`"model" must be one of ${[...MODEL_KINDS, 'all'].map((m) => `"${m}"`).join(', ')} (got ${JSON.stringify(model)}).`);
  }
  const data = typeof s.features === 'string' ? s.features : typeof s.data === 'string' ? s.data : typeof s.table === 'string' ? s.table : null;
  const tiers = (s.tiers ?? {}) as Partial<RetentionTiers>;
  const label = s.label === undefined || s.label === 'purchase' ? 'purchase' : s.label === 'activity' ? 'activity' : null;
  if (!label) throw new ModelSettingsError(`"label" must be "purchase" (no purchase in the horizon) or "activity" (no event at all in it; got ${JSON.stringify(s.label)}).`);
  const settings: ChurnCellSettings = {
    kind: 'churn',
    label,
    horizon: whole(s.horizon ?? s.horizon_days, 'horizon', label === 'activity' ? ACTIVITY_HORIZON : 90, 1),
    cutoff: s.cutoff === null || s.cutoff === undefined ? null : date(s.cutoff, 'cutoff'),
    model: model as ModelKind | 'all',
    seed: whole(s.seed, 'seed', 42, 0),
    scores: s.scores !== false,
    folds: whole(s.folds, 'folds', 5, 2),
    importance: s.importance !== false,
    features: data && !CANONICAL.test(data) ? data : null,
    tiers: { high: share(tiers.high, 'tiers.high', DEFAULT_TIERS.high), medium: share(tiers.medium, 'tiers.medium', DEFAULT_TIERS.medium) },
    reasons: whole(s.reasons, 'reasons', 3, 0),
    ...(s.classWeight === 'balanced' || s.classWeight === 'none' ? { classWeight: s.classWeight } : {}),
    ...(isObject(s.logistic) ? { logistic: s.logistic as LogisticOptions } : {}),
    ...(isObject(s.mlp) ? { mlp: s.mlp as MlpOptions } : {}),
    ...(s.preprocess === undefined ? {} : { preprocess: preprocessSettings(s.preprocess) }),
  };
  if (settings.tiers.medium > settings.tiers.high) throw new ModelSettingsError('"tiers.medium" must not be above "tiers.high".');
  return settings;
}

function preprocessSettings(value: unknown): { impute?: ImputeRule; outliers?: OutlierRule } {
  if (!isObject(value)) throw new ModelSettingsError('"preprocess" must be an object, like {"impute": "median", "outliers": "iqr"}.');
  const { impute, outliers } = value as Record<string, unknown>;
  if (impute !== undefined && !(IMPUTE_RULES as readonly unknown[]).includes(impute)) {
    throw new ModelSettingsError(`"preprocess.impute" must be ${IMPUTE_RULES.map((r) => `"${r}"`).join(', ')} (got ${JSON.stringify(impute)}).`);
  }
  if (outliers !== undefined && !(OUTLIER_RULES as readonly unknown[]).includes(outliers)) {
    throw new ModelSettingsError(`"preprocess.outliers" must be ${OUTLIER_RULES.map((r) => `"${r}"`).join(', ')} (got ${JSON.stringify(outliers)}).`);
  }
  return { ...(impute ? { impute: impute as ImputeRule } : {}), ...(outliers ? { outliers: outliers as OutlierRule } : {}) };
}

function clvSettings(s: Record<string, unknown>): ClvCellSettings {
  const calibration = s.calibrationEnd ?? s.calibration_end ?? 'auto';
  const holdout = s.holdoutEnd ?? s.holdout_end ?? 'auto';
  const pareto = s.paretoNbd ?? s.pareto_nbd ?? 'auto';
  return {
    kind: 'clv',
    calibrationEnd: calibration === 'auto' ? 'auto' : date(calibration, 'calibrationEnd'),
    holdoutEnd: holdout === 'auto' || holdout === null ? 'auto' : date(holdout, 'holdoutEnd'),
    months: whole(s.months, 'months', 12, 1),
    discount: share(s.discount ?? s.monthly_discount ?? s.monthlyDiscount, 'discount', 0.01),
    paretoNbd: pareto === true || pareto === false ? pareto : 'auto',
    penalizer: typeof s.penalizer === 'number' && s.penalizer >= 0 ? s.penalizer : 0,
    orders: typeof s.data === 'string' && s.data !== '' ? s.data : 'cb_orders',
  };
}

/** The ModelHook over `trainer`. */
export function createModelHook(trainer: Trainer, options: ModelHookOptions = {}): ModelHook {
  const modelOfCell = new Map<string, string>();
  return async (cell, { db, signal }): Promise<ModelOutcome> => {
    const progress = (p: ModelProgress) => options.onProgress?.(cell, p);
    try {
      const settings = parseModelSettings(cell.source);
      for (const suffix of ['', ...(COMPANION_TABLES[settings.kind] ?? [])]) await checkTableName(db, `${cell.name}${suffix}`);
      if (settings.kind === 'clv') return await runClvCell(db, trainer, cell, settings, signal, progress);
      if (settings.kind === 'clusters') return await runClustersCell(db, trainer, cell, settings, signal, progress, options.language?.() ?? 'en');
      if (settings.kind === 'abtest') return await runAbTestCell(db, cell, settings, options.language?.() ?? 'en');
      if (settings.kind === 'recommendations') return await runRecommendationsCell(db, trainer, cell, settings, signal, progress, options.language?.() ?? 'en');
      const mark = (name: string) => markModelTable(db, name);
      if (settings.kind === 'survival') return await runSurvivalCell(db, trainer, cell, settings, options.language?.() ?? 'en', mark);
      if (settings.kind === 'forecast') return await runForecastCell(db, trainer, cell, settings, options.language?.() ?? 'en', mark);
      if (settings.kind === 'risk') return await runRiskCell(db, trainer, cell, settings, options.language?.() ?? 'en', mark);
      if (settings.kind === 'profile') return await runProfileCell(db, cell, settings, options.language?.() ?? 'en', mark);
      if (settings.kind === 'counts') return await runCountsCell(db, trainer, cell, settings, options.language?.() ?? 'en', mark);
      const previous = modelOfCell.get(cell.id);
      if (previous) {
        modelOfCell.delete(cell.id);
        await trainer.dispose(previous).catch(() => undefined);
      }
      const outcome = await runChurnCell(db, trainer, cell, settings, signal, progress, options.language?.() ?? 'en');
      if ('output' in outcome && outcome.output.kind === 'model' && outcome.output.summary.kind === 'churn' && outcome.output.summary.modelId) {
        modelOfCell.set(cell.id, outcome.output.summary.modelId);
      }
      return outcome;
    } catch (error) {
      return { error: { kind: 'model', message: messageOf(error) } };
    }
  };
}

async function runChurnCell(
  db: Db,
  trainer: Trainer,
  cell: ModelCell,
  settings: ChurnCellSettings,
  signal: AbortSignal,
  progress: (p: ModelProgress) => void,
  language: Lang,
): Promise<ModelOutcome> {
  progress({ stage: 'features' });
  if (settings.cutoff && settings.label === 'purchase') {
    const last = await lastPurchaseDate(db);
    if (last) checkCutoffInData(settings.cutoff, settings.horizon, last);
  }
  const dataset = await buildChurnFeatures(db, {
    horizon: settings.horizon,
    ...(settings.cutoff ? { cutoff: settings.cutoff } : {}),
    table: `${cell.name}_features`,
    ...(settings.features ? { extraTable: settings.features } : {}),
    customerIds: false,
    sequences: needsSequences(settings.model),
    label: settings.label,
  });
  throwIfAborted(signal);
  const backendChoice = await trainer.hello();
  const epochs = new Map<ModelKind, TrainProgress[]>();
  const fallbacks: FallbackNote[] = [];
  const trained = await trainer.train(trainingSet(dataset, settings.features), trainSettings(settings), {
    signal,
    onEvent: (event) => {
      if (event.event === 'progress' && event.phase === 'train' && event.epoch) {
        const list = epochs.get(event.model) ?? [];
        list.splice(event.epoch.epoch - 1);
        list.push(event.epoch);
        epochs.set(event.model, list);
      }
      if (event.event === 'fallback') fallbacks.push({ from: event.from, to: event.to, reason: event.reason });
      progress({ stage: 'training', event });
    },
  });
  let table: string | null = null;
  let rows: number | null = null;
  let bands = null;
  let scoredAsOf: string | null = null;
  if (settings.scores) {
    throwIfAborted(signal);
    progress({ stage: 'scoring' });
    const scores = await scoreCurrentCustomers(db, trainer, trained.modelId, {
      featuresTable: `${cell.name}_score_features`,
      ...(settings.features ? { extraTable: settings.features } : {}),
      reasons: settings.reasons,
      sequences: trained.result.model === 'sequence',
      label: settings.label,
    });
    progress({ stage: 'writing' });
    bands = await writeChurnScores(db, cell.name, scores, settings.tiers, language);
    await markModelTable(db, cell.name);
    table = cell.name;
    rows = scores.probabilities.length;
    scoredAsOf = scores.asOf;
  }
  const usesTf = usesTensorflow(settings.model);
  const summary = churnSummary({
    result: completeResult(trained.result),
    modelId: trained.modelId,
    backend: usesTf ? trained.backend : 'none',
    backendTrials: usesTf ? backendChoice.trials : [],
    fallbacks,
    loss: epochs.get(trained.result.model) ?? [],
    table,
    rows,
    bands,
    tiers: settings.tiers,
    scoredAsOf,
  });
  return { output: { kind: 'model', summary } };
}

async function runClvCell(
  db: Db,
  trainer: Trainer,
  cell: ModelCell,
  settings: ClvCellSettings,
  signal: AbortSignal,
  progress: (p: ModelProgress) => void,
): Promise<ModelOutcome> {
  progress({ stage: 'summary' });
  const summary = await clvSummary(db, {
    calibrationEnd: settings.calibrationEnd,
    holdoutEnd: settings.holdoutEnd,
    table: `${cell.name}_fit_summary`,
    orders: settings.orders,
  });
  throwIfAborted(signal);
  const result = await trainer.fitClv(
    summary,
    { months: settings.months, monthlyDiscount: settings.discount, paretoNbd: settings.paretoNbd, penalizer: settings.penalizer },
    { signal, onEvent: (event) => progress({ stage: 'training', event }) },
  );
  progress({ stage: 'writing' });
  const tables = await writeClvTables(db, result, { ...CLV_TABLES, scores: cell.name });
  await markModelTable(db, cell.name);
  return { output: { kind: 'model', summary: clvModelSummary(result, tables) } };
}

/** The training set of a labelled dataset (its arrays are transferred to the trainer). */
export function trainingSet(dataset: ChurnDataset, extraTable: string | null): TrainingSet {
  return {
    rows: dataset.rows,
    featureNames: dataset.featureNames,
    featureKinds: dataset.featureKinds,
    x: dataset.x,
    labels: dataset.labels,
    categorical: dataset.categorical,
    ...(dataset.sequence ? { sequence: dataset.sequence } : {}),
    featureSql: featureSql(dataset.featureNames, extraTable ?? undefined),
    cutoff: dataset.cutoff,
    horizon: dataset.horizon,
  };
}

function trainSettings(settings: ChurnCellSettings): TrainSettings {
  return {
    model: settings.model,
    seed: settings.seed,
    folds: settings.folds,
    importance: settings.importance,
    ...(settings.classWeight ? { classWeight: settings.classWeight } : {}),
    ...(settings.logistic ? { logistic: settings.logistic } : {}),
    ...(settings.mlp ? { mlp: settings.mlp } : {}),
    ...(settings.preprocess ? { preprocess: settings.preprocess } : {}),
  };
}

/** Tables a model cell writes beside its own, by the suffix added to its name (checked before it runs, like its own). */
const COMPANION_TABLES: Partial<Record<string, string[]>> = { survival: ['_curve', '_cox'], clusters: ['_profile', '_k'] };

/** Refuses to write over the loaded data, a SQL cell's table or a view. */
async function checkTableName(db: Db, name: string): Promise<void> {
  if (CANONICAL.test(name) || /^cb_/i.test(name)) throw new ModelSettingsError(`A model cell cannot be named ${name}: names starting with cb_ hold the loaded data. Rename the cell.`);
  if ((await relationOwner(db, name, MODEL_TABLE_COMMENT)) === 'other') {
    throw new ModelSettingsError(`Another table or cell is already named ${name}. Rename this model cell: it writes its scores as a table of that name.`);
  }
}

async function markModelTable(db: Db, name: string): Promise<void> {
  await db.exec(`COMMENT ON TABLE ${ident(name)} IS ${literal(MODEL_TABLE_COMMENT)}`);
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new TrainingCancelledError();
}

function messageOf(error: unknown): string {
  if (error instanceof TrainingCancelledError || (error instanceof Error && error.name === 'TrainingCancelledError')) return 'Training was stopped.';
  if (
    error instanceof ModelSettingsError ||
    error instanceof ChurnSetupError ||
    error instanceof ClvInputError ||
    error instanceof RecommendInputError ||
    error instanceof AbInputError ||
    error instanceof FeatureMismatchError ||
    isStatisticsInputError(error)
  ) {
    return error.message;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `The model could not be trained: ${message.split('\n')[0]}`;
}

function whole(value: unknown, name: string, fallback: number, min: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ModelSettingsError(`"${name}" must be a whole number of at least ${min} (got ${JSON.stringify(value)}).`);
  }
  return value;
}

function share(value: unknown, name: string, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new ModelSettingsError(`"${name}" must be a number from 0 to 1 (got ${JSON.stringify(value)}).`);
  return value;
}

function date(value: unknown, name: string): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    throw new ModelSettingsError(`"${name}" must be a date written YYYY-MM-DD, e.g. "2024-01-31" (got ${JSON.stringify(value)}).`);
  }
  return value;
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function runClustersCell(
  db: Db,
  trainer: Trainer,
  cell: ModelCell,
  settings: ClustersCellSettings,
  signal: AbortSignal,
  progress: (p: ModelProgress) => void,
  language: Lang,
): Promise<ModelOutcome> {
  progress({ stage: 'features' });
  // The numbers run in the training worker (k-means on its backend); the page reads features and writes tables.
  const fit: ClusterFitter = (raw, rows, options) => trainer.cluster(raw, rows, options, { signal });
  const result = await clusterCustomers(db, { k: settings.k, seed: settings.seed, restarts: settings.restarts, table: cell.name, orders: settings.orders, language }, { signal }, fit);
  progress({ stage: 'writing' });
  for (const table of [cell.name, `${cell.name}_profile`, `${cell.name}_k`]) await markModelTable(db, table);
  const summary = {
    kind: 'clusters' as const,
    table: cell.name,
    tables: { profile: `${cell.name}_profile`, candidates: `${cell.name}_k` },
    rows: result.customers,
    customers: result.customers,
    k: result.k,
    chosenBy: result.chosenBy,
    candidates: result.candidates,
    clusters: result.clusters.map(({ name, customers, share, revenueShare }) => ({ name, customers, share, revenueShare })),
    explained: result.explained,
  };
  return { output: { kind: 'model', summary: { ...summary, sentence: clustersSentence(summary, language) } } };
}

async function runRecommendationsCell(
  db: Db,
  trainer: Trainer,
  cell: ModelCell,
  settings: RecommendationsCellSettings,
  signal: AbortSignal,
  progress: (p: ModelProgress) => void,
  language: Lang,
): Promise<ModelOutcome> {
  progress({ stage: 'features' });
  // The similarities and lists are computed in the training worker; the page reads purchases and writes tables.
  const fit: RecommendFitter = (purchases, options) => trainer.recommend(purchases, options, { signal });
  const result = await writeRecommendations(
    db,
    { model: settings.model, k: settings.k, holdoutDays: settings.holdoutDays, alsoBought: settings.alsoBought, lines: settings.lines, table: cell.name },
    { signal },
    fit,
  );
  progress({ stage: 'writing' });
  for (const table of Object.values(result.tables)) await markModelTable(db, table);
  const summary = {
    kind: 'recommendations' as const,
    recommender: settings.model,
    table: cell.name,
    tables: { alsoBought: result.tables.alsoBought, evaluation: result.tables.evaluation },
    rows: result.rows,
    customers: result.customers,
    products: result.products,
    k: settings.k,
    holdoutDays: settings.holdoutDays,
    split: result.split,
    evaluation: result.evaluation,
  };
  return { output: { kind: 'model', summary: { ...summary, sentence: recommendationsSentence(summary, language) } } };
}

async function runAbTestCell(db: Db, cell: ModelCell, settings: AbTestCellSettings, language: Lang): Promise<ModelOutcome> {
  const { readout, groups, value } = await readAbTable(db, { ...settings, table: settings.data });
  const group = (g: (typeof groups)[number]) => ({ name: g.name, size: g.size, converted: g.converted, rate: g.size > 0 ? g.converted / g.size : 0, meanValue: g.meanValue });
  const [control, variant] = [group(groups[0]!), group(groups[1]!)];
  const row = (g: typeof control, role: string) =>
    `(${literal(role)}, ${literal(g.name)}, ${g.size}, ${g.converted}, ${g.rate}, ${g.meanValue === null ? 'NULL' : g.meanValue})`;
  await db.exec(`CREATE OR REPLACE TABLE ${ident(cell.name)} AS
SELECT * FROM (VALUES ${row(control, 'control')}, ${row(variant, 'variant')}) AS t(role, "group", customers, converted, rate, mean_value)`);
  await markModelTable(db, cell.name);
  const summary = {
    kind: 'abtest' as const,
    table: cell.name,
    rows: 2,
    data: settings.data,
    control,
    variant,
    difference: readout.difference,
    relativeLift: readout.relativeLift,
    confidence: readout.confidence,
    interval: readout.interval,
    z: readout.z,
    pValue: readout.pValue,
    significant: readout.significant,
    verdict: readout.verdict,
    value,
  };
  return { output: { kind: 'model', summary: { ...summary, sentence: abTestSentence(summary, language) } } };
}
