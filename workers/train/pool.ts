/**
 * Several training workers behind one Trainer, so a comparison of every churn model (`model: "all"`) uses
 * more than one core: its models are shared among the workers by their expected cost (the sequence model
 * alone costs as much as the others together), each worker trains its share on its own copy of the data
 * (same seed, same splits and folds), and the pool merges the shares into one result — the same numbers a
 * single worker gives, only sooner. The first worker also computes the baselines. Model ids carry the
 * worker that holds the model (`w1:m3`), so scoring, saving and freeing reach it. Everything else (one
 * model, customer value, clustering, recommendations) runs on the first worker, as before.
 */
import { completeResult, type ChurnResultShare } from '../../src/analyses/churn';
import { compareModels } from '../../src/models/compare';
import { MODEL_KINDS, type ModelKind } from '../../src/models/model';
import type { TrainSettings, TrainingSet } from './protocol';
import type { JobOptions, TrainedChurn, Trainer } from './trainer';

/** Relative training cost of each model (CDNOW, 23,570 customers; docs/model-lab.md). */
const COST: Record<ModelKind, number> = { sequence: 10, mlp: 3, forest: 2, logistic: 1.5, boosting: 1, svm: 0.5, tree: 0.2 };

/** Shares `kinds` among `workers` (most expensive first, each to the least loaded worker); empty shares dropped. */
export function shareModels(kinds: readonly ModelKind[], workers: number): ModelKind[][] {
  const shares = Array.from({ length: Math.max(1, workers) }, () => ({ load: 0, kinds: [] as ModelKind[] }));
  for (const kind of [...kinds].sort((a, b) => COST[b] - COST[a])) {
    const lightest = shares.reduce((a, b) => (b.load < a.load ? b : a));
    lightest.kinds.push(kind);
    lightest.load += COST[kind];
  }
  return shares.map((s) => s.kinds.sort((a, b) => MODEL_KINDS.indexOf(a) - MODEL_KINDS.indexOf(b))).filter((k) => k.length > 0);
}

/** Merges the shares of one comparison: every model's report, the comparison over all, the first share's baselines. */
export function mergeShares(shares: readonly ChurnResultShare[]): ChurnResultShare {
  const [first] = shares;
  if (!first) throw new Error('No share to merge.');
  const models = Object.assign({}, ...shares.map((s) => s.models)) as ChurnResultShare['models'];
  const kinds = MODEL_KINDS.filter((kind) => models[kind]);
  const comparison = kinds.length > 1 ? compareModels(kinds.map((kind) => ({ kind, aucs: models[kind]!.cv.aucs }))) : undefined;
  const baseline = shares.find((s) => s.baseline)?.baseline;
  const model = comparison?.best ?? kinds[0]!;
  return { ...first, model, models, ...(comparison ? { comparison } : {}), ...(baseline ? { baseline } : {}), modelColumns: shares.find((s) => s.model === model)!.modelColumns };
}

/** A Trainer over `size` workers made by `make` (the first is started at once; the others on the first comparison). */
export function trainerPool(make: () => Trainer, size: number): Trainer {
  const members: Trainer[] = [make()];
  const member = (i: number): Trainer => (members[i] ??= make());
  const route = (modelId: string): { trainer: Trainer; id: string } => {
    const match = /^w(\d+):(.*)$/.exec(modelId);
    if (!match) return { trainer: members[0]!, id: modelId };
    return { trainer: member(Number(match[1])), id: match[2]! };
  };
  const named = (i: number, trained: TrainedChurn): TrainedChurn => ({ ...trained, modelId: `w${i}:${trained.modelId}` });

  const compare = async (data: TrainingSet, settings: TrainSettings, job: JobOptions): Promise<TrainedChurn> => {
    const kinds = MODEL_KINDS.filter((kind) => (kind !== 'sequence' || data.sequence) && (!settings.models || settings.models.includes(kind)));
    const shares = shareModels(kinds, size);
    // The others take the first worker's measured backend instead of measuring again: the trial (WebGL on a
    // software GPU, above all) would compete with the page and the first worker for the same cores.
    if (shares.length > 1) {
      const { backend } = await members[0]!.hello();
      await Promise.all(shares.slice(1).map((_, i) => member(i + 1).hello({ prefer: backend })));
    }
    // Each worker gets its own copy of the data (the call transfers it); the first keeps the original.
    const copies = shares.map((_, i) => (i === 0 ? data : copyTrainingSet(data)));
    const trained = await Promise.all(
      shares.map((models, i) => member(i).train(copies[i]!, { ...settings, model: 'all', models, baseline: i === 0 }, job).then((t) => named(i, t))),
    );
    const result = mergeShares(trained.map((t) => t.result));
    const winner = trained.find((t) => t.result.model === result.model)!;
    // Only the winner is kept; every other share's best model is freed.
    await Promise.all(trained.filter((t) => t !== winner).map((t) => route(t.modelId).trainer.dispose(route(t.modelId).id).catch(() => undefined)));
    return { ...winner, result: completeResult(result) };
  };

  return {
    hello: (options) => members[0]!.hello(options),
    train: (data, settings, job = {}) =>
      settings.model === 'all' && size > 1 ? compare(data, settings, job) : members[0]!.train(data, settings, job).then((t) => named(0, t)),
    predict: (modelId, data, reasons) => route(modelId).trainer.predict(route(modelId).id, data, reasons),
    fitClv: (summary, options, job) => members[0]!.fitClv(summary, options, job),
    cluster: (raw, rows, options, job) => members[0]!.cluster(raw, rows, options, job),
    recommend: (purchases, options, job) => members[0]!.recommend(purchases, options, job),
    fitSurvival: (subjects) => members[0]!.fitSurvival(subjects),
    scoreIsolation: (x, rows, cols) => members[0]!.scoreIsolation(x, rows, cols),
    fitForecast: (values, season, horizon, holdout) => members[0]!.fitForecast(values, season, horizon, holdout),
    fitCounts: (input) => members[0]!.fitCounts(input),
    save: (modelId) => route(modelId).trainer.save(route(modelId).id),
    load: async (model) => `w0:${await members[0]!.load(model)}`,
    dispose: (modelId) => route(modelId).trainer.dispose(route(modelId).id),
    terminate: () => members.forEach((m) => m.terminate()),
  };
}

/** A copy of a training set's arrays (a transfer empties the original). */
function copyTrainingSet(data: TrainingSet): TrainingSet {
  return {
    ...data,
    x: data.x.slice(),
    labels: data.labels.slice(),
    categorical: data.categorical.map((c) => ({ ...c, codes: c.codes.slice() })),
    ...(data.sequence ? { sequence: { ...data.sequence, values: data.sequence.values.slice() } } : {}),
  };
}
