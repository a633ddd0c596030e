/**
 * What a model cell shows, as the notebook keeps it: plain, JSON-safe data (no typed arrays, finite
 * numbers) — metrics, curves thinned for charts, the baseline, the backend and plain sentences. The
 * training layer builds it (src/training/model-summary.ts); the UI, the report and the command line read it.
 */
import type { BackendName, BackendTrial } from '../models/backend';
import type { CalibrationBin, GainsRow, PrPoint, RocPoint, ThresholdMetrics } from '../models/metrics';
import type { TrainProgress } from '../models/model';
import type { FeatureImportance, ModelKind } from '../models/pipeline';
import type { PreprocessReport } from '../models/preprocess';

/** A backend switch during training. */
export interface FallbackNote {
  from: BackendName;
  to: BackendName;
  reason: string;
}

/** The churn model cell's result. */
export interface ChurnModelSummary {
  kind: 'churn';
  /** The scores table written (null when scoring was off). */
  table: string | null;
  rows: number | null;
  /** The trained model in the trainer (for Save, or scoring again); null once disposed. */
  modelId: string | null;
  backend: BackendName | 'none';
  backendTrials: BackendTrial[];
  fallbacks: FallbackNote[];
  cutoff: string;
  horizon: number;
  /** Date the scores are as of (the day after the data ends). */
  scoredAsOf: string | null;
  population: number;
  churnRate: number;
  features: string[];
  model: ModelKind;
  metrics: {
    auc: number;
    prAuc: number;
    logLoss: number;
    accuracy: number;
    precision: number;
    recall: number;
    f1: number;
    cvAucMean: number;
    cvAucStd: number;
    folds: number;
    trainRows: number;
    testRows: number;
  };
  /** Every model trained (with `model: "all"`), by cross-validated AUC. */
  compared: ComparedModelSummary[];
  /** With several models: the winner by cross-validated AUC and the simplest model as good within noise. */
  comparison?: { best: ModelKind; simplerAsGood: ModelKind | null; gap: number; gapSe: number };
  /** What the headline model's preprocessing did (absent in summaries saved before it was reported). */
  preprocessing?: PreprocessReport;
  /** The decision tree's nodes (splits in input units), for drawing it; node 0 is the root, a leaf has no split. */
  treeNodes?: { split: [string, string] | null; left: number; right: number; probability: number; samples: number }[];
  /** A decision tree's leaves as plain rules (in input units), riskiest first. */
  treeRules?: { conditions: string[]; probability: number; samples: number }[];
  baseline: {
    recencyRuleAuc: number;
    recencyMedianDays: number;
    recencyLogisticAuc: number;
    standardLogisticCvAuc: number;
    /** Recency-only logistic regression, cross-validated (the comparison table's first row). */
    recencyLogisticCvAuc?: number;
    recencyLogisticCvStd?: number;
  };
  curves: { roc: RocPoint[]; pr: PrPoint[]; calibration: CalibrationBin[]; gains: GainsRow[] };
  /** Test-set class counts (for the threshold slider with `confusionAt`). */
  positives: number;
  negatives: number;
  confusion: ThresholdMetrics;
  bestF1: ThresholdMetrics;
  importance: FeatureImportance[];
  coefficients?: { feature: string; coefficient: number }[];
  /** The headline model's training epochs (the loss chart). */
  loss: TrainProgress[];
  /** Customers per risk band today (null when scoring was off). */
  bands: { high: number; medium: number; low: number } | null;
  /** Retention probabilities at or above which a customer is in the high / medium tier. */
  tiers: { high: number; medium: number };
  trainMs: number;
  /** Whether the model is worth acting on; when not, `warning` leads the cell and the at-risk list needs a confirmation. */
  verdict: ChurnVerdict;
  sentence: string;
}

/** One model of a comparison: cross-validated AUC and the test split's figures. */
export interface ComparedModelSummary {
  kind: ModelKind;
  testAuc: number;
  cvAucMean: number;
  cvAucStd?: number;
  prAuc?: number;
  /** F1 at the threshold that maximises it on the test split. */
  bestF1?: number;
  logLoss?: number;
  calibrationError?: number;
  trainMs?: number;
  /** Test ROC curve, thinned (the overlay chart). */
  roc?: { fpr: number; tpr: number }[];
}

/** How far a churn model can be trusted, in one sentence when it cannot. */
export interface ChurnVerdict {
  useful: boolean;
  warning: string | null;
}

/** The customer-value model cell's result. */
export interface ClvModelSummary {
  kind: 'clv';
  table: string;
  rows: number;
  /** The tables the fit wrote. */
  tables: { scores: string; tracking: string; holdout: string; fit: string; grid: string };
  calibrationEnd: string;
  holdoutEnd: string | null;
  customers: number;
  converged: boolean;
  message: string;
  params: { r: number; alpha: number; a: number; b: number } | null;
  logLikelihood: number | null;
  gammaGamma: { p: number; q: number; v: number } | null;
  frequencySpendCorrelation: number | null;
  holdout: { expected: number; actual: number } | null;
  months: number;
  monthlyDiscount: number;
  totalClv: number | null;
  meanPAlive: number | null;
  sentence: string;
}

/** The clustering model cell's result (src/analyses/clusters.ts). */
export interface ClustersModelSummary {
  kind: 'clusters';
  /** The per-customer table, and its profile and candidates tables. */
  table: string;
  tables: { profile: string; candidates: string };
  /** Rows of `table` (one per customer). */
  rows: number;
  customers: number;
  k: number;
  chosenBy: 'silhouette' | 'user';
  candidates: { k: number; inertia: number; silhouette: number }[];
  clusters: { name: { en: string; 'zh-CN': string }; customers: number; share: number; revenueShare: number }[];
  explained: [number, number];
  sentence: string;
}

/** Ranking metrics at k (DESIGN.md section 4). */
export interface RankingScores {
  precision: number;
  recall: number;
  hit_rate: number;
  ndcg: number;
}

/** The recommendations model cell's result (src/analyses/recommend.ts). */
export interface RecommendationsModelSummary {
  kind: 'recommendations';
  /** Who made the lists: item-item collaborative filtering or matrix factorisation (BPR). */
  recommender: 'item-item' | 'bpr';
  /** The per-customer table, and its "also bought" and evaluation tables. */
  table: string;
  tables: { alsoBought: string; evaluation: string };
  /** Rows of `table` (k per customer). */
  rows: number;
  customers: number;
  products: number;
  k: number;
  holdoutDays: number;
  /** The last day learned from in the holdout test. */
  split: string;
  /** Both recommenders on the holdout, or null when nothing could be tested. */
  evaluation: { test_customers: number; model: RankingScores; popularity: RankingScores } | null;
  sentence: string;
}

/** One group of an A/B test. */
export interface AbTestGroupSummary {
  name: string;
  size: number;
  converted: number;
  rate: number;
  meanValue: number | null;
}

/** The A/B read-out cell's result (src/analyses/abtest-table.ts; the notebook keeps its own copy of the shape). */
export interface AbTestModelSummary {
  kind: 'abtest';
  /** The per-group table written (two rows), and the table read. */
  table: string;
  rows: number;
  data: string;
  control: AbTestGroupSummary;
  variant: AbTestGroupSummary;
  /** Variant rate − control rate, with its interval at `confidence`, the z statistic and the two-sided p-value. */
  difference: number;
  relativeLift: number | null;
  confidence: number;
  interval: [number, number];
  z: number;
  pValue: number;
  significant: boolean;
  verdict: { en: string; 'zh-CN': string };
  /** The value column's means and their difference with its interval, or null. */
  value: { control: number; variant: number; difference: number; interval: [number, number] } | null;
  sentence: string;
}

/** What a model cell returns. */
export type ModelSummary = ChurnModelSummary | ClvModelSummary | ClustersModelSummary | RecommendationsModelSummary | AbTestModelSummary;
