/**
 * Which churn model wins, honestly: the highest cross-validated AUC, and whether a simpler model is as good
 * within noise. Every model is cross-validated on the same folds (same seed), so the comparison is paired:
 * the per-fold AUC differences against the best model have a standard error std / √folds, and a model
 * within two of those is "as good". The simplest such model (MODEL_KINDS order) is named beside the winner.
 */
import { MODEL_KINDS, type ModelKind } from './model';

/** One model's cross-validated AUCs, fold by fold on the shared folds. */
export interface CvScores {
  kind: ModelKind;
  aucs: number[];
}

export interface ComparedModel {
  kind: ModelKind;
  aucMean: number;
  /** Best model's mean AUC minus this one's (0 for the best). */
  gap: number;
  /** Standard error of the paired per-fold gap. */
  gapSe: number;
  /** Within two paired standard errors of the best. */
  asGood: boolean;
}

export interface ModelComparison {
  best: ModelKind;
  /** The simplest model as good as the best within noise, when it is not the best itself. */
  simplerAsGood: ModelKind | null;
  models: ComparedModel[];
}

/** Compares models cross-validated on the same folds (the best first, then by mean AUC). */
export function compareModels(scores: readonly CvScores[]): ModelComparison {
  if (scores.length === 0) throw new Error('No models to compare.');
  const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
  const best = scores.reduce((a, b) => (mean(b.aucs) > mean(a.aucs) ? b : a));
  const models = scores
    .map((s): ComparedModel => {
      const gaps = best.aucs.map((auc, f) => auc - (s.aucs[f] ?? Number.NaN));
      const gap = mean(gaps);
      const sd = Math.sqrt(gaps.reduce((t, g) => t + (g - gap) ** 2, 0) / Math.max(1, gaps.length - 1));
      const gapSe = sd / Math.sqrt(Math.max(1, gaps.length));
      return { kind: s.kind, aucMean: mean(s.aucs), gap, gapSe, asGood: s === best || gap <= 2 * gapSe };
    })
    .sort((a, b) => b.aucMean - a.aucMean);
  const simplest = models.filter((m) => m.asGood).sort((a, b) => MODEL_KINDS.indexOf(a.kind) - MODEL_KINDS.indexOf(b.kind))[0]!;
  return { best: best.kind, simplerAsGood: simplest.kind !== best.kind ? simplest.kind : null, models };
}
