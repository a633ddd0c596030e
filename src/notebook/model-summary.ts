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

/** The survival cell's result (src/analyses/survival.ts): time to a second purchase. */
export interface SurvivalModelSummary {
  kind: 'survival';
  /** The waiting customers' 30-day chances; `<table>_curve` and `<table>_cox` beside it. */
  table: string;
  rows: number;
  customers: number;
  events: number;
  censored: number;
  km: { s30: number; s90: number; s180: number; s365: number; medianDays: number | null };
  exponentialRatePerDay: number;
  weibull: { shape: number; scaleDays: number };
  cox: { covariate: string; coef: number; se: number; hazardRatio: number; lower: number; upper: number; phP: number }[];
  /** Mean 30-day chance of the waiting customers (Cox), or null when nobody waits. */
  meanChance30: number | null;
  sentence: string;
}

/** The forecast cell's result (src/analyses/forecast.ts). */
export interface ForecastModelSummary {
  kind: 'forecast';
  /** History and forecast rows (period, series, value, lo, hi). */
  table: string;
  rows: number;
  period: 'week' | 'day';
  measure: 'revenue' | 'orders' | 'customers';
  method: 'simple' | 'trend' | 'seasonal';
  forecast: { period: string; value: number; lo: number; hi: number }[];
  backtest: { periods: number; mae: number; mape: number | null; mase: number | null; naiveMape: number | null; seasonalNaiveMape: number | null } | null;
  sentence: string;
}

/** One flag on the review list (its key is what "looks fine" keeps in the cell's settings). */
export interface RiskReviewItem {
  /** `order:<id>` or `customer:<id>`. */
  key: string;
  customerId: string | null;
  orderId: string | null;
  score: number;
  reasons: string[];
  text: { en: string; 'zh-CN': string };
}

/** The risk flags cell's result (src/analyses/risk.ts). */
export interface RiskModelSummary {
  kind: 'risk';
  /** The flags not marked fine, highest score first. */
  table: string;
  rows: number;
  ordersFlagged: number;
  customersFlagged: number;
  /** Flags the user marked as fine (left out of the table and the list). */
  markedFine: number;
  /** The highest flags, for review. */
  review: RiskReviewItem[];
  sentence: string;
}

/** Lifecycle stage in the data's last month (DESIGN.md section 4's stages, for one customer). */
export type LifecycleStage = 'new' | 'returning' | 'reactivated' | 'at_risk' | 'dormant';

export interface CustomerProfile {
  customerId: string;
  firstOrder: string;
  lastOrder: string;
  orders: number;
  revenue: number;
  items: number;
  returnedLines: number;
  events: number;
  rfm: { recency: number; frequency: number; monetary: number; r: number; f: number; m: number; segment: string };
  lifecycle: LifecycleStage;
  /** What each model table says, or null when the notebook has no such table (the name of the table read is kept). */
  churn: { table: string; probability: number; retentionTier: string; reasons: string } | null;
  value: { table: string; pAlive: number; expectedPurchases: number; expectedSpend: number; clv: number } | null;
  cluster: { table: string; cluster: number; name: string } | null;
  recommendations: { table: string; products: string[] } | null;
  risk: { table: string; flags: { orderId: string | null; score: number; reason: string }[] } | null;
}

export interface SegmentProfile {
  segment: string;
  customers: number;
  everyone: number;
  /** Per measure: the segment's and everyone's quartiles and mean. */
  measures: { measure: 'recency' | 'frequency' | 'monetary'; segment: Quartiles; everyone: Quartiles }[];
}

export interface Quartiles {
  p25: number;
  median: number;
  p75: number;
  mean: number;
}

/** The profile cell's result (src/analyses/profile.ts): one customer's page, or a segment beside everyone. */
export interface ProfileModelSummary {
  kind: 'profile';
  /** The customer's timeline, or the segment's quartiles. */
  table: string;
  rows: number;
  customer: CustomerProfile | null;
  /** The customer's orders, returns and other events for the timeline chart (ts as ISO text; kind `order`, `return` or an event type). */
  timeline: { ts: string; kind: string; orderId: string; revenue: number | null; items: number | null }[];
  segment: SegmentProfile | null;
  /** Customers worth a look (flagged first, then the biggest spenders), to pick from. */
  suggestions: string[];
  sentence: string;
}

/** The count models cell's result (src/analyses/count-models.ts). */
export interface CountsModelSummary {
  kind: 'counts';
  /** One row per model: model, mae, poisson_deviance, mean_predicted. */
  table: string;
  rows: number;
  horizon: number;
  trainCutoff: string;
  testCutoff: string;
  testCustomers: number;
  actualMean: number;
  /** The negative binomial's dispersion α. */
  alpha: number;
  /** Models in the table's order: `poisson`, `negative_binomial`, `bgnbd` (when it could be fitted), `mean`. */
  models: { model: 'poisson' | 'negative_binomial' | 'bgnbd' | 'mean'; mae: number; poissonDeviance: number; meanPredicted: number }[];
  sentence: string;
}

/** What a model cell returns. */
export type ModelSummary =
  | CountsModelSummary
  | ProfileModelSummary
  | ChurnModelSummary
  | ClvModelSummary
  | ClustersModelSummary
  | RecommendationsModelSummary
  | AbTestModelSummary
  | SurvivalModelSummary
  | ForecastModelSummary
  | RiskModelSummary;
