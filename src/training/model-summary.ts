/**
 * Builds what a model cell shows (the ModelSummary of src/notebook/model-summary.ts) from a churn or
 * customer-value result: metrics, curves thinned for charts, the baseline, the backend, the verdict and
 * one plain-language sentence. The UI draws it with src/charts/churn.ts; the report renders it as HTML.
 */
import type { ChurnResult } from '../analyses/churn';
import type { BandCounts, RetentionTiers } from '../analyses/churn-scores';
import type { ChurnModelSummary, ChurnVerdict, ClustersModelSummary, ClvModelSummary, CountsModelSummary, FallbackNote, RecommendationsModelSummary, AbTestModelSummary, ForecastModelSummary, ProfileModelSummary, RiskModelSummary, SurvivalModelSummary } from '../notebook/model-summary';
import type { ClvResult } from '../analyses/clv';
import type { ClvTableNames } from '../analyses/clv-tables';
import type { BackendName, BackendTrial } from '../models/backend';
import { CHART_CURVE_POINTS, thinCurve } from '../models/metrics';
import type { ModelKind, TrainProgress } from '../models/model';
import { modelName } from '../text/model-names';
import type { Lang } from '../text/language';
import type { PreprocessReport } from '../models/preprocess';

/** What the verdict reads: the label's base rate and the model's cross-validated AUC beside the recency rule's. */
export interface VerdictInput {
  churnRate: number;
  population: number;
  horizon: number;
  cutoff: string;
  cvAucMean: number;
  cvAucStd: number;
  folds: number;
  recencyRuleAuc: number;
  recencyMedianDays: number;
}

/** Below this cross-validated AUC a model does not separate customers well enough to target anyone. */
export const USEFUL_AUC = 0.65;
/** Base rates outside these bounds mean the horizon does not fit the data. */
export const BASE_RATE_BOUNDS = { low: 0.05, high: 0.8 } as const;

/** Everything the churn summary needs beyond the result. */
export interface ChurnSummaryInput {
  result: ChurnResult;
  modelId: string | null;
  backend: BackendName | 'none';
  backendTrials: BackendTrial[];
  fallbacks: FallbackNote[];
  loss: TrainProgress[];
  table: string | null;
  rows: number | null;
  bands: BandCounts | null;
  tiers: RetentionTiers;
  scoredAsOf: string | null;
}

/** The churn summary of a result. */
export function churnSummary(input: ChurnSummaryInput): ChurnModelSummary {
  const { result } = input;
  const report = result.models[result.model]!;
  const { test } = report;
  const summary: Omit<ChurnModelSummary, 'sentence' | 'verdict'> = {
    kind: 'churn',
    table: input.table,
    rows: input.rows,
    modelId: input.modelId,
    backend: input.backend,
    backendTrials: input.backendTrials,
    fallbacks: input.fallbacks,
    cutoff: result.cutoff,
    horizon: result.horizon,
    scoredAsOf: input.scoredAsOf,
    population: result.population,
    churnRate: finite(result.churnRate),
    features: result.features,
    model: result.model,
    metrics: {
      auc: finite(test.auc),
      prAuc: finite(test.prAuc),
      logLoss: finite(test.logLoss),
      accuracy: test.atHalf.accuracy,
      precision: test.atHalf.precision,
      recall: test.atHalf.recall,
      f1: test.atHalf.f1,
      cvAucMean: finite(report.cv.aucMean),
      cvAucStd: finite(report.cv.aucStd),
      folds: report.cv.folds,
      trainRows: result.split.train,
      testRows: result.split.test,
    },
    compared: Object.values(result.models)
      .map((m) => ({
        kind: m!.kind,
        testAuc: finite(m!.test.auc),
        cvAucMean: finite(m!.cv.aucMean),
        cvAucStd: finite(m!.cv.aucStd),
        prAuc: finite(m!.test.prAuc),
        bestF1: finite(m!.test.best.f1),
        logLoss: finite(m!.test.logLoss),
        calibrationError: finite(m!.test.calibrationError),
        trainMs: Math.round(m!.trainMs),
        ...(result.comparison ? { roc: thinCurve(m!.test.roc, 120).map((p) => ({ fpr: p.fpr, tpr: p.tpr })) } : {}),
      }))
      .sort((a, b) => b.cvAucMean - a.cvAucMean),
    ...(result.comparison ? { comparison: comparisonOf(result) } : {}),
    ...(result.models.tree?.tree ? { treeRules: result.models.tree.tree.rules.slice(0, 8), treeNodes: result.models.tree.tree.nodes.map((n) => ({ ...n, probability: finite(n.probability) })) } : {}),
    ...(report.preprocessing ? { preprocessing: { ...report.preprocessing, numeric: report.preprocessing.numeric.map((n) => ({ ...n, filledWith: finite(n.filledWith) })) } } : {}),
    baseline: {
      recencyRuleAuc: finite(result.baseline.recencyRule.auc),
      recencyMedianDays: finite(result.baseline.recencyRule.medianDays),
      recencyLogisticAuc: finite(result.baseline.recencyLogistic.testAuc),
      standardLogisticCvAuc: finite(result.baseline.standardLogistic.aucMean),
      recencyLogisticCvAuc: finite(result.baseline.recencyLogistic.cv.aucMean),
      recencyLogisticCvStd: finite(result.baseline.recencyLogistic.cv.aucStd),
    },
    curves: {
      roc: thinCurve(test.roc, CHART_CURVE_POINTS).map((p) => ({ ...p, threshold: clampThreshold(p.threshold) })),
      pr: thinCurve(test.pr, CHART_CURVE_POINTS).map((p) => ({ ...p, threshold: clampThreshold(p.threshold) })),
      calibration: test.calibration,
      gains: test.gains,
    },
    positives: test.positives,
    negatives: test.n - test.positives,
    confusion: test.atHalf,
    bestF1: test.best,
    importance: report.importance.map((i) => ({ feature: i.feature, aucDrop: finite(i.aucDrop) })),
    ...(report.coefficients ? { coefficients: report.coefficients } : {}),
    loss: input.loss,
    bands: input.bands,
    tiers: input.tiers,
    trainMs: Math.round(report.trainMs),
  };
  const verdict = churnVerdict({ ...summary, ...summary.metrics, ...summary.baseline });
  return { ...summary, verdict, sentence: churnSentence({ ...summary, verdict }) };
}

export function comparisonOf(result: ChurnResult): NonNullable<ChurnModelSummary['comparison']> {
  const c = result.comparison!;
  const simpler = c.simplerAsGood ? c.models.find((m) => m.kind === c.simplerAsGood) : undefined;
  return { best: c.best, simplerAsGood: c.simplerAsGood, gap: finite(simpler?.gap ?? 0), gapSe: finite(simpler?.gapSe ?? 0) };
}

/** The comparison's verdict: the winner by cross-validated AUC, and a simpler model when it is as good within noise. */
export function comparisonSentence(s: Pick<ChurnModelSummary, 'comparison'> & { compared: { kind: ModelKind; cvAucMean: number }[] }, lang: Lang = 'en'): string | null {
  const c = s.comparison;
  if (!c) return null;
  const zh = lang === 'zh-CN';
  const auc = (kind: string) => (s.compared.find((m) => m.kind === kind)?.cvAucMean ?? Number.NaN).toFixed(3);
  const name = (kind: ModelKind) => modelName(kind, lang);
  const best = zh ? `交叉验证 AUC 最高的是${name(c.best)}（${auc(c.best)}）。` : `${capital(name(c.best))} has the best cross-validated AUC (${auc(c.best)}).`;
  if (!c.simplerAsGood) return best;
  const noise = `${c.gap.toFixed(3)} ± ${c.gapSe.toFixed(3)}`;
  return zh
    ? `${best}${name(c.simplerAsGood)}在误差范围内一样好（${auc(c.simplerAsGood)}，在相同的折上低 ${noise}），而且更简单。`
    : `${best} ${capital(name(c.simplerAsGood))} is as good within noise (${auc(c.simplerAsGood)}, ${noise} lower on the same folds) and simpler.`;
}


function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Whether a churn model can be acted on. Not when the base rate says the horizon does not fit the data
 * (nearly everyone or nearly no one churns), nor when its cross-validated AUC is below USEFUL_AUC or not
 * clearly above the simple recency rule (within one standard error of the folds' mean).
 */
export function churnVerdict(s: VerdictInput, lang: Lang = 'en'): ChurnVerdict {
  const zh = lang === 'zh-CN';
  const rate = pct(s.churnRate);
  const people = count(s.population, lang);
  if (s.churnRate > BASE_RATE_BOUNDS.high) {
    return {
      useful: false,
      warning: zh
        ? `${people} 位客户中有 ${rate} 在 ${s.cutoff} 之后 ${s.horizon} 天内没有再次购买：对这份数据来说观察期太长，几乎每个人看起来都流失了，任何名单都无法把他们区分开。请试试更短的观察期。`
        : `${rate} of ${people} customers did not buy again within ${s.horizon} days of ${s.cutoff}: the horizon is too long for this data, so almost everyone looks lost and no list can tell them apart. Try a shorter horizon.`,
    };
  }
  if (s.churnRate < BASE_RATE_BOUNDS.low) {
    return {
      useful: false,
      warning: zh
        ? `${people} 位客户中只有 ${rate} 在 ${s.cutoff} 之后 ${s.horizon} 天内没有再次购买：观察期太短，看不出谁会离开。请试试更长的观察期。`
        : `Only ${rate} of ${people} customers did not buy again within ${s.horizon} days of ${s.cutoff}: the horizon is too short to see who leaves. Try a longer horizon.`,
    };
  }
  const { cvAucMean, cvAucStd, folds } = s;
  const se = folds > 0 ? cvAucStd / Math.sqrt(folds) : cvAucStd;
  const rule = s.recencyRuleAuc;
  const days = Math.round(s.recencyMedianDays);
  const measured = zh
    ? `交叉验证 AUC ${cvAucMean.toFixed(2)} ± ${se.toFixed(2)}，而规则“最近一次购买超过 ${days} 天即视为流失”为 ${rule.toFixed(2)}`
    : `cross-validated AUC ${cvAucMean.toFixed(2)} ± ${se.toFixed(2)}, against ${rule.toFixed(2)} for the rule “churn if the last purchase is older than ${days} days”`;
  if (cvAucMean < USEFUL_AUC) {
    return {
      useful: false,
      warning: zh
        ? `这个模型判断谁会离开的能力并不比随机猜测好多少（${measured}）。不要把它的高风险名单当作目标名单。`
        : `This model cannot tell who will leave much better than chance (${measured}). Do not use its at-risk list as a target list.`,
    };
  }
  if (cvAucMean - rule <= se) {
    return {
      useful: false,
      warning: zh
        ? `这个模型并不比一条简单规则更好（${measured}）。请直接使用这条规则，或只把它的高风险名单当作参考。`
        : `This model is no better than a simple rule (${measured}). Use the rule, or treat its at-risk list as a guess.`,
    };
  }
  return { useful: true, warning: null };
}

/** "Ranked by the model, the riskiest 20% of customers hold 55% of the churners…" (risk counts only for a useful model). */
export function churnSentence(s: Omit<ChurnModelSummary, 'sentence'>, lang: Lang = 'en'): string {
  const zh = lang === 'zh-CN';
  const top = s.curves.gains.find((g) => g.decile === 2);
  const days = Math.round(s.baseline.recencyMedianDays);
  const parts = [
    zh
      ? `${count(s.population, lang)} 位客户中有 ${pct(s.churnRate)} 在 ${s.cutoff} 之后 ${s.horizon} 天内没有再次购买。`
      : `${pct(s.churnRate)} of ${count(s.population, lang)} customers did not buy again within ${s.horizon} days of ${s.cutoff}.`,
  ];
  if (top) {
    parts.push(
      zh
        ? `按模型排序，风险最高的 20% 客户包含了 ${pct(top.gain)} 的流失客户（是随机挑选的 ${top.lift.toFixed(1)} 倍）。`
        : `Ranked by the model, the riskiest 20% of customers hold ${pct(top.gain)} of the churners (${top.lift.toFixed(1)}× a random pick).`,
    );
  }
  parts.push(
    zh
      ? `在模型从未见过的客户上 AUC 为 ${s.metrics.auc.toFixed(2)}，而规则“最近一次购买超过 ${days} 天即视为流失”为 ${s.baseline.recencyRuleAuc.toFixed(2)}。`
      : `AUC ${s.metrics.auc.toFixed(2)} on customers the model never saw, against ${s.baseline.recencyRuleAuc.toFixed(2)} for the rule “churn if the last purchase is older than ${days} days”.`,
  );
  if (s.bands && s.verdict.useful) {
    parts.push(
      zh
        ? `目前有 ${count(s.bands.high, lang)} 位客户处于高风险，${count(s.bands.medium, lang)} 位处于中等风险。`
        : `Today ${count(s.bands.high, lang)} customers are at high risk and ${count(s.bands.medium, lang)} at medium risk.`,
    );
  }
  return parts.join(zh ? '' : ' ');
}

/**
 * What a useful churn model means for the shop, in one sentence: how well it ranks who leaves and whom to
 * contact first. Null for a model that is not useful (its warning leads instead).
 */
export function churnAdvice(s: ChurnModelSummary, lang: Lang = 'en'): string | null {
  if (!churnVerdict({ ...s, ...s.metrics, ...s.baseline }).useful) return null;
  const zh = lang === 'zh-CN';
  const top = s.curves.gains.find((g) => g.decile === 2);
  const ranking = top
    ? zh
      ? `这个模型能判断谁快要流失：它选出的风险最高的 20% 客户包含了 ${pct(top.gain)} 的流失客户，是随机挑选的 ${top.lift.toFixed(1)} 倍。`
      : `This model can tell who is about to leave: its riskiest 20% of customers hold ${pct(top.gain)} of those who left, ${top.lift.toFixed(1)}× a random pick.`
    : zh
      ? '这个模型判断谁会流失的能力明显好于简单规则。'
      : 'This model tells who will leave clearly better than a simple rule.';
  const action = s.bands
    ? zh
      ? `请先联系 ${count(s.bands.high, lang)} 位高风险客户（可在下方保存名单）。`
      : ` Reach out to the ${count(s.bands.high, lang)} customers at high risk first (save their list below).`
    : zh
      ? '打开评分（"scores": true）即可列出今天有流失风险的客户。'
      : ' Turn scoring on ("scores": true) to list who is at risk today.';
  return ranking + action;
}

/** A churn summary's warning and sentence in `lang` (the summary keeps them in English for the CLI and files). */
export function churnWords(s: ChurnModelSummary, lang: Lang): { warning: string | null; sentence: string } {
  const verdict = churnVerdict({ ...s, ...s.metrics, ...s.baseline }, lang);
  return { warning: verdict.warning, sentence: churnSentence({ ...s, verdict }, lang) };
}

/** A customer-value summary's sentence in `lang`. */
export function clvSentence(s: Omit<ClvModelSummary, 'sentence'>, lang: Lang = 'en'): string {
  const zh = lang === 'zh-CN';
  const parts = [
    s.converged
      ? zh
        ? `BG/NBD 模型基于 ${count(s.customers, lang)} 位客户拟合（校准期截至 ${s.calibrationEnd}）。`
        : `BG/NBD fitted on ${count(s.customers, lang)} customers (calibration up to ${s.calibrationEnd}).`
      : zh
        ? `BG/NBD 模型在截至 ${s.calibrationEnd} 的数据上未能收敛：${s.message}`
        : `BG/NBD did not converge on the data up to ${s.calibrationEnd}: ${s.message}`,
  ];
  if (s.holdout) {
    const expected = count(Math.round(s.holdout.expected), lang);
    const actual = count(Math.round(s.holdout.actual), lang);
    parts.push(zh ? `它预计校准期结束后有 ${expected} 次复购，实际为 ${actual} 次。` : `It expected ${expected} repeat purchases after the calibration end; there were ${actual}.`);
  }
  if (s.meanPAlive !== null) parts.push(zh ? `平均每位客户仍然活跃的可能性为 ${pct(s.meanPAlive)}。` : `On average a customer is ${pct(s.meanPAlive)} likely to still be active.`);
  if (s.totalClv !== null) {
    const total = count(Math.round(s.totalClv), lang);
    parts.push(
      zh
        ? `全部客户未来 ${s.months} 个月的预期价值：${total}（每月折现 ${pct(s.monthlyDiscount)}）。`
        : `Expected value of all customers over the next ${s.months} months: ${total} (discounted ${pct(s.monthlyDiscount)} a month).`,
    );
  }
  return parts.join(zh ? '' : ' ');
}

/** Confusion counts at `threshold` (predict churn when P ≥ threshold), read off the summary's ROC curve. */
export function confusionAt(summary: ChurnModelSummary, threshold: number): { threshold: number; tp: number; fp: number; tn: number; fn: number } {
  const roc = summary.curves.roc;
  let point = roc[0]!;
  for (const p of roc) if (p.threshold >= threshold) point = p;
  const tp = Math.round(point.tpr * summary.positives);
  const fp = Math.round(point.fpr * summary.negatives);
  return { threshold, tp, fp, fn: summary.positives - tp, tn: summary.negatives - fp };
}

/** The customer-value summary of a result written as `tables`. */
export function clvModelSummary(result: ClvResult, tables: ClvTableNames): ClvModelSummary {
  const bg = result.bgnbd;
  const converged = bg.convergence.converged;
  const gg = result.gammaGamma.convergence.converged ? result.gammaGamma.params : null;
  const clv = Array.from(result.scores.clv).filter(Number.isFinite);
  const alive = Array.from(result.scores.pAlive).filter(Number.isFinite);
  const totalClv = clv.length > 0 ? clv.reduce((s, v) => s + v, 0) : null;
  const meanPAlive = alive.length > 0 ? alive.reduce((s, v) => s + v, 0) / alive.length : null;
  const holdout = result.holdout ? { expected: result.holdout.bgnbd.expected, actual: result.holdout.bgnbd.actual } : null;
  const summary: Omit<ClvModelSummary, 'sentence'> = {
    kind: 'clv',
    table: tables.scores,
    rows: result.summary.x.length,
    tables,
    calibrationEnd: result.summary.calibrationEnd,
    holdoutEnd: result.summary.holdoutEnd,
    customers: bg.customers,
    converged,
    message: bg.convergence.message,
    params: converged ? { r: bg.params.r, alpha: bg.params.alpha, a: bg.params.a, b: bg.params.b } : null,
    logLikelihood: converged ? bg.logLikelihood : null,
    gammaGamma: gg ? { p: gg.p, q: gg.q, v: gg.v } : null,
    frequencySpendCorrelation: Number.isFinite(result.frequencySpendCorrelation) ? result.frequencySpendCorrelation : null,
    holdout,
    months: result.months,
    monthlyDiscount: result.monthlyDiscount,
    totalClv,
    meanPAlive,
  };
  return { ...summary, sentence: clvSentence(summary) };
}

function count(n: number, lang: Lang): string {
  return n.toLocaleString(lang);
}

function pct(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function finite(value: number): number {
  return Number.isFinite(value) ? value : 0;
}

function clampThreshold(threshold: number): number {
  return Number.isFinite(threshold) ? threshold : 1;
}

/** The clustering cell's sentence: how many groups, how chosen, and the most valuable one. */
export function clustersSentence(s: Omit<ClustersModelSummary, 'sentence'>, lang: Lang = 'en'): string {
  const zh = lang === 'zh-CN';
  const pct = (v: number) => `${Math.round(v * 100)}%`;
  const top = s.clusters[0];
  const chosen = s.candidates.find((c) => c.k === s.k);
  const how =
    s.chosenBy === 'silhouette'
      ? zh
        ? `（按轮廓系数选择 k，${(chosen?.silhouette ?? 0).toFixed(2)}）`
        : ` (k chosen by the silhouette, ${(chosen?.silhouette ?? 0).toFixed(2)})`
      : '';
  if (!top) return zh ? '没有可分组的客户。' : 'There are no customers to group.';
  return zh
    ? `${count(s.customers, lang)} 位客户分成 ${s.k} 组${how}。最有价值的一组是“${top.name['zh-CN']}”：${pct(top.share)} 的客户贡献了 ${pct(top.revenueShare)} 的销售额。`
    : `${count(s.customers, lang)} customers fall into ${s.k} groups${how}. The most valuable, "${top.name.en}", is ${pct(top.share)} of customers and brings ${pct(top.revenueShare)} of revenue.`;
}

/** The recommendations cell's sentence: what was written, and how the suggestions did against the best sellers. */
export function recommendationsSentence(s: Omit<RecommendationsModelSummary, 'sentence'>, lang: Lang = 'en'): string {
  const zh = lang === 'zh-CN';
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  const how = s.recommender === 'bpr' ? (zh ? '（矩阵分解）' : ' by matrix factorisation') : '';
  const made = zh
    ? `为 ${count(s.customers, lang)} 位客户各推荐了 ${s.k} 件商品${how}，均为其未买过的。`
    : `Suggested ${s.k} products${how} to each of ${count(s.customers, lang)} customers, none they already bought (table ${s.table}).`;
  const e = s.evaluation;
  if (!e) {
    return made + (zh
      ? `无法检验：最后 ${s.holdoutDays} 天里没有老客户买了新商品。`
      : ` They could not be tested: no customer who bought before the last ${s.holdoutDays} days bought something new in them.`);
  }
  const better = e.model.precision > e.popularity.precision && e.model.ndcg > e.popularity.ndcg;
  const times = e.popularity.precision > 0 ? e.model.precision / e.popularity.precision : null;
  const test = zh
    ? `检验：只用 ${s.split} 及之前的购买学习，看 ${count(e.test_customers, lang)} 位客户在之后 ${s.holdoutDays} 天新买了什么：推荐命中 ${pct(e.model.precision)}（前 ${s.k} 项的准确率），直接推荐畅销品为 ${pct(e.popularity.precision)}`
    : ` Tested by learning only from purchases up to ${s.split} and checking what ${count(e.test_customers, lang)} customers bought new in the ${s.holdoutDays} days after: the suggestions caught ${pct(e.model.precision)} (precision at ${s.k}), offering the best sellers ${pct(e.popularity.precision)}`;
  if (better) {
    return made + test + (zh ? (times ? `，好 ${times.toFixed(1)} 倍。` : '。') : times ? ` — ${times.toFixed(1)} times better.` : '.');
  }
  return made + test + (zh ? '——并不比推荐畅销品好，请谨慎使用。' : ' — no better than offering the best sellers, so use them with care.');
}

/** The A/B cell's sentence: the verdict on the rates, then the value per customer when there is one. */
export function abTestSentence(s: Omit<AbTestModelSummary, 'sentence'>, lang: Lang = 'en'): string {
  const zh = lang === 'zh-CN';
  const v = s.value;
  if (!v) return s.verdict[lang];
  const money = (x: number) => x.toLocaleString(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const signed = (x: number) => `${x >= 0 ? '+' : '−'}${money(Math.abs(x))}`;
  const level = `${Math.round(s.confidence * 100)}%`;
  const clear = v.interval[0] > 0 || v.interval[1] < 0;
  return `${s.verdict[lang]}${zh
    ? ` 每位客户的价值：${s.variant.name} ${money(v.variant)}，${s.control.name} ${money(v.control)}（差 ${signed(v.difference)}；${level} 置信区间 ${signed(v.interval[0])} 至 ${signed(v.interval[1])}${clear ? '' : '，包含 0：看不出差别'}）。`
    : ` Value per customer: ${s.variant.name} ${money(v.variant)}, ${s.control.name} ${money(v.control)} (${signed(v.difference)}; ${level} interval ${signed(v.interval[0])} to ${signed(v.interval[1])}${clear ? '' : ', which includes 0: no clear difference'}).`}`;
}

/** The preprocessing of a model in one sentence (what was filled, capped, scaled and encoded). */
export function preprocessingSentence(p: PreprocessReport, lang: Lang = 'en'): string {
  const zh = lang === 'zh-CN';
  const missing = p.numeric.reduce((n, f) => n + f.missing, 0);
  const capped = p.numeric.reduce((n, f) => n + f.capped, 0);
  const logged = p.numeric.filter((f) => f.log1p).length;
  const fill = { median: zh ? '中位数' : 'the median', mean: zh ? '平均值' : 'the mean', mode: zh ? '众数' : 'the most common value', indicator: zh ? '0（并加缺失标记列）' : '0 (with the missing flag telling the model)' }[p.impute];
  const rule = { none: '', percentile: zh ? '第 1 和第 99 百分位' : 'the 1st and 99th percentiles', iqr: zh ? '四分位距规则（下四分位数减 1.5 倍四分位距，上四分位数加 1.5 倍四分位距）' : 'the IQR rule (Q1 − 1.5×IQR, Q3 + 1.5×IQR)' }[p.outliers];
  const onehot = p.onehot.reduce((n, f) => n + f.levels, 0);
  if (zh) {
    return [
      `在 ${count(p.rows, lang)} 位训练客户上拟合：${p.features} 个特征变成 ${p.columns} 列。`,
      missing > 0 ? `${count(missing, lang)} 个缺失值用${fill}填充，并为每个有缺失的特征加一列缺失标记。` : '训练数据没有缺失值。',
      p.outliers === 'none' ? '未截断离群值。' : `离群值按${rule}截断（${count(capped, lang)} 个值）。`,
      `${logged} 个金额和次数特征先取对数（加一后取对数），所有数值按训练集的均值和标准差标准化${onehot > 0 ? `，文本特征独热编码为 ${onehot} 列` : ''}。评分时重复完全相同的步骤。`,
    ].join('');
  }
  return [
    `Fitted on ${count(p.rows, lang)} training customers: ${p.features} features became ${p.columns} columns.`,
    missing > 0 ? `${count(missing, lang)} missing values were filled with ${fill}, with a missing flag column for each feature that had gaps.` : 'No value was missing in training.',
    p.outliers === 'none' ? 'Outliers were not capped.' : `Outliers were capped at ${rule} (${count(capped, lang)} values).`,
    `${logged} money and count features were log1p-transformed, every number standardised with the training mean and standard deviation${onehot > 0 ? `, text features one-hot encoded into ${onehot} columns` : ''}. Scoring repeats exactly these steps.`,
  ].join(' ');
}

/** The survival cell's sentence: how many bought a second time, how fast, and what the waiting customers' chances are. */
export function survivalSentence(s: Omit<SurvivalModelSummary, 'sentence'>, lang: Lang = 'en'): string {
  const zh = lang === 'zh-CN';
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  const median = s.km.medianDays;
  const fades = s.weibull.shape < 1;
  if (zh) {
    return `${count(s.customers, lang)} 位客户中 ${count(s.events, lang)} 位在另一天再次购买。首购 90 天后仍未再次购买的占 ${pct(s.km.s90)}${median === null ? '，一半以上的客户至今没有第二次购买' : `，一半客户在 ${median} 天内第二次购买`}。韦布尔形状参数 ${s.weibull.shape.toFixed(2)}${fades ? '：离首购越久，再次购买的可能越小' : ''}。${s.meanChance30 === null ? '' : `仍在等待的 ${count(s.rows, lang)} 位客户在未来 30 天内再次购买的平均概率为 ${pct(s.meanChance30)}（比例风险模型）。`}`;
  }
  return `${count(s.events, lang)} of ${count(s.customers, lang)} customers bought again on another day. ${pct(s.km.s90)} had not bought a second time 90 days after their first purchase${median === null ? '; more than half never have yet' : `; half had within ${median} days`}. Weibull shape ${s.weibull.shape.toFixed(2)}${fades ? ': the longer since the first purchase, the less likely a second one' : ''}.${s.meanChance30 === null ? '' : ` The ${count(s.rows, lang)} customers still waiting have, on average, a ${pct(s.meanChance30)} chance of buying again within 30 days (Cox model).`}`;
}

/** The forecast cell's sentence: the method, the next period, and the backtest beside the naive forecast, honestly. */
export function forecastSentence(s: Omit<ForecastModelSummary, 'sentence'>, lang: Lang = 'en'): string {
  const zh = lang === 'zh-CN';
  const n = (v: number) => v.toLocaleString(lang, { maximumFractionDigits: s.measure === 'revenue' ? 0 : 1 });
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  const method = {
    simple: zh ? '简单指数平滑' : 'simple exponential smoothing',
    trend: zh ? '带趋势的指数平滑' : 'exponential smoothing with a trend',
    seasonal: zh ? '带趋势和季节性的指数平滑' : 'exponential smoothing with trend and season',
  }[s.method];
  const what = {
    revenue: zh ? '销售额' : 'revenue',
    orders: zh ? '订单数' : 'orders',
    customers: zh ? '活跃客户数' : 'active customers',
  }[s.measure];
  const unit = s.period === 'week' ? (zh ? '周' : 'week') : zh ? '天' : 'day';
  const next = s.forecast[0];
  const head = next
    ? zh
      ? `按信息准则选择了${method}。下一${unit}（${next.period} 起）的${what}预测为 ${n(next.value)}（95% 区间 ${n(next.lo)} 至 ${n(next.hi)}）。`
      : `Chosen by information criterion: ${method}. Next ${unit} (from ${next.period}) ${what}: ${n(next.value)} (95% interval ${n(next.lo)} to ${n(next.hi)}).`
    : '';
  const bt = s.backtest;
  if (!bt || bt.mape === null || bt.naiveMape === null) return head + (zh ? '数据太短，无法回测。' : ' The series is too short for a backtest.');
  const better = bt.mape < bt.naiveMape;
  return zh
    ? `${head}回测最近 ${bt.periods} 个${unit}：平均绝对百分比误差 ${pct(bt.mape)}，朴素预测（沿用上一期）为 ${pct(bt.naiveMape)}——${better ? '本方法更准' : '朴素预测更准，请谨慎使用本预测'}。`
    : `${head} Backtest over the last ${bt.periods} ${unit}s: mean absolute percentage error ${pct(bt.mape)}, against ${pct(bt.naiveMape)} for the naive forecast (last value carried on) — ${better ? 'this method did better' : 'the naive forecast did better, so use this forecast with care'}.`;
}

/** The risk cell's sentence: how many orders and customers were flagged and what to do with them. */
export function riskSentence(s: Omit<RiskModelSummary, 'sentence'>, lang: Lang = 'en'): string {
  const zh = lang === 'zh-CN';
  const fine = s.markedFine > 0 ? (zh ? `已有 ${count(s.markedFine, lang)} 条标记为正常，不再列出。` : ` ${count(s.markedFine, lang)} marked as fine are no longer listed.`) : '';
  return zh
    ? `${count(s.ordersFlagged, lang)} 个订单和 ${count(s.customersFlagged, lang)} 位客户与其他的明显不同。这些只是需要查看的线索，不是结论：请逐条查看，确认没问题的标记为正常。${fine}`
    : `${count(s.ordersFlagged, lang)} orders and ${count(s.customersFlagged, lang)} customers look unlike the rest. These are questions, not verdicts: look at each and mark the ones that are fine.${fine}`;
}

/** The profile cell's sentence: who the customer is at a glance, or how the segment differs from everyone. */
export function profileSentence(s: Omit<ProfileModelSummary, 'sentence'>, lang: Lang = 'en'): string {
  const zh = lang === 'zh-CN';
  const money = (v: number) => v.toLocaleString(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const c = s.customer;
  if (c) {
    const stage = {
      new: zh ? '新客户' : 'new',
      returning: zh ? '回头客' : 'returning',
      reactivated: zh ? '重新活跃' : 'reactivated',
      at_risk: zh ? '有流失风险' : 'at risk',
      dormant: zh ? '沉睡' : 'dormant',
    }[c.lifecycle];
    const churn = c.churn ? (zh ? `流失概率 ${(c.churn.probability * 100).toFixed(0)}%。` : ` Churn probability ${(c.churn.probability * 100).toFixed(0)}%.`) : '';
    const flags = c.risk && c.risk.flags.length > 0 ? (zh ? `有 ${c.risk.flags.length} 条风险标记。` : ` ${c.risk.flags.length} risk flag${c.risk.flags.length === 1 ? '' : 's'}.`) : '';
    return zh
      ? `客户 ${c.customerId}：${c.firstOrder} 至 ${c.lastOrder} 共 ${count(c.orders, lang)} 单，消费 ${money(c.revenue)}；本月所处阶段：${stage}。${churn}${flags}`
      : `Customer ${c.customerId}: ${count(c.orders, lang)} orders from ${c.firstOrder} to ${c.lastOrder}, ${money(c.revenue)} spent; this month: ${stage}.${churn}${flags}`;
  }
  const g = s.segment;
  if (!g) return '';
  const share = `${((g.customers / Math.max(1, g.everyone)) * 100).toFixed(0)}%`;
  const median = (m: 'recency' | 'frequency' | 'monetary') => g.measures.find((x) => x.measure === m)!;
  const r = median('recency');
  const m = median('monetary');
  return zh
    ? `“${g.segment}”分群有 ${count(g.customers, lang)} 位客户（占 ${share}）：距上次购买天数中位数 ${r.segment.median.toFixed(0)}（全部客户 ${r.everyone.median.toFixed(0)}），消费中位数 ${money(m.segment.median)}（全部客户 ${money(m.everyone.median)}）。`
    : `Segment “${g.segment}”: ${count(g.customers, lang)} customers (${share}); median days since the last order ${r.segment.median.toFixed(0)} (everyone ${r.everyone.median.toFixed(0)}), median spend ${money(m.segment.median)} (everyone ${money(m.everyone.median)}).`;
}

/** Plain names of the count models. */
export function countModelName(model: CountsModelSummary['models'][number]['model'], lang: Lang = 'en'): string {
  const zh = lang === 'zh-CN';
  return {
    poisson: zh ? '泊松回归' : 'Poisson regression',
    negative_binomial: zh ? '负二项回归' : 'negative-binomial regression',
    bgnbd: zh ? '购买直到流失模型（BG/NBD）' : 'BG/NBD expected purchases',
    mean: zh ? '平均值' : 'the average',
  }[model];
}

/** The count models cell's sentence: which model predicted the next days' purchases best, honestly. */
export function countsSentence(s: Omit<CountsModelSummary, 'sentence'>, lang: Lang = 'en'): string {
  const zh = lang === 'zh-CN';
  const best = [...s.models].sort((a, b) => a.poissonDeviance - b.poissonDeviance)[0]!;
  const mean = s.models.find((m) => m.model === 'mean')!;
  return zh
    ? `预测每位客户在未来 ${s.horizon} 天内的购买天数：用 ${s.trainCutoff} 起的 ${s.horizon} 天学习，在 ${s.testCutoff} 起的 ${s.horizon} 天、${count(s.testCustomers, lang)} 位客户上检验（实际平均 ${s.actualMean.toFixed(2)}）。泊松偏差最低的是${countModelName(best.model, lang)}（${best.poissonDeviance.toFixed(3)}，平均值为 ${mean.poissonDeviance.toFixed(3)}）。`
    : `Purchase dates per customer in the next ${s.horizon} days: learnt from the ${s.horizon} days from ${s.trainCutoff}, tested on the ${s.horizon} days from ${s.testCutoff} for ${count(s.testCustomers, lang)} customers (actual mean ${s.actualMean.toFixed(2)}). Lowest Poisson deviance: ${countModelName(best.model, lang)} (${best.poissonDeviance.toFixed(3)}; the average ${mean.poissonDeviance.toFixed(3)}).`;
}
