/**
 * Chart words in the UI language. The builders write their titles, descriptions and series names in
 * English; `localizeSpec` gives a spec in another language: every title and description through the
 * table below, and the values of the named fields (series, stages, segments...) relabelled in the data
 * itself, so axes, legends, tooltips and the marks' accessible labels all read the same word.
 * A unit test builds every chart in Chinese and fails on a title this table misses.
 */

import type { Lang } from '../text/language';

/** The languages charts are written in. */
export type ChartLang = Lang;

const TITLES_ZH: Record<string, string> = {
  'Silhouette and inertia for each number of clusters; the chosen k is marked': '各分组数的轮廓系数与惯性；已标出选中的 k',
  'Number of clusters (k)': '分组数 (k)',
  Silhouette: '轮廓系数',
  Inertia: '惯性',
  'Silhouette (higher: clearer groups)': '轮廓系数（越高分组越清楚）',
  'Inertia (look for the elbow)': '惯性（寻找拐点）',
  'Customers on the two main axes of their buying, coloured by cluster': '客户在购买行为两条主轴上的位置，按分组着色',
  'First principal axis': '第一主轴',
  'Second principal axis': '第二主轴',
  Cluster: '分组',
  'Days since last order': '距上次下单天数',
  'Products bought together: up to 30 strongest rules by lift': '一起购买的商品：提升度最高的规则（最多 30 条）',
  'Matrix of the strongest product pairs: the product bought, the product also bought, and how many times more often than chance': '最强商品组合矩阵：买了的商品、也会买的商品，以及比随机高出的倍数',
  'Suggestions against best sellers on the held-out days (higher is better)': '推荐与畅销品在留出天数上的对比（越高越好）',
  'Bars of precision, recall, hit rate and NDCG for the suggested products and for offering the best sellers': '推荐商品与直接推荐畅销品的准确率、召回率、命中率和排序质量条形图',
  Score: '得分',
  Recommender: '推荐方式',
  Measure: '指标',
  'If bought': '如果买了',
  'Also bought': '也会买',
  'Orders with both': '同时包含两者的订单',
  Support: '支持度',
  Confidence: '置信度',
  Lift: '提升度',
  'Lift (times more often than chance)': '提升度（比随机高出的倍数）',
  'Cohort heatmap: customers still buying by months since first purchase': '同期群热力图：首购后各月仍在购买的客户',
  'Cohort heatmap: customers still buying by weeks since first purchase': '同期群热力图：首购后各周仍在购买的客户',
  'Cohort heatmap: revenue per cohort customer by months since first purchase': '同期群热力图：首购后各月每位客户的收入',
  'Cohort heatmap: revenue per cohort customer by weeks since first purchase': '同期群热力图：首购后各周每位客户的收入',
  'Months since first purchase': '首购后第几个月',
  'Weeks since first purchase': '首购后第几周',
  'Cohort (month of first purchase)': '同期群（首购月份）',
  'Cohort (week of first purchase)': '同期群（首购周）',
  Cohort: '同期群',
  'Cohort size': '同期群人数',
  'Customers buying': '购买的客户',
  Retention: '留存率',
  Revenue: '收入',
  'Customers still buying': '仍在购买的客户',
  'Customers still buying by cohort, with the size-weighted average': '各同期群仍在购买的客户，及按人数加权的平均值',
  Period: '时期',
  'Average (weighted by cohort size)': '平均值（按同期群人数加权）',
  'Revenue per cohort customer': '每位同期群客户的收入',
  'Revenue per cohort customer by cohort, with the size-weighted average': '各同期群每位客户的收入，及按人数加权的平均值',
  'Cumulative repeat purchases: actual vs expected, calibration end marked': '累计复购次数：实际与预期对比，并标出校准期结束',
  Week: '周',
  'Cumulative repeat purchases': '累计复购次数',
  'Week ending': '截至该周',
  Series: '系列',
  Cumulative: '累计',
  'Calibration ends': '校准期结束',
  'How many customers are probably still active: distribution of P(alive)': '可能仍活跃的客户有多少：P(alive) 的分布',
  'P(alive)': '仍活跃概率 P(alive)',
  Customers: '客户数',
  'Expected purchases in the next 52 weeks by frequency and recency': '未来 52 周的预期购买次数（按频次和最近购买时间）',
  'Repeat purchases in calibration (x)': '校准期内的复购次数 (x)',
  'Week of last purchase (t_x)': '最近一次购买所在周 (t_x)',
  'Expected purchases': '预期购买次数',
  Frequency: '频次',
  'Recency (weeks)': '最近购买（周）',
  'Holdout purchases per customer by calibration frequency: actual vs expected': '验证期每位客户的购买次数（按校准期频次）：实际与预期对比',
  'Repeat purchases in calibration': '校准期内的复购次数',
  'Holdout purchases per customer': '验证期每位客户的购买次数',
  'Per customer': '每位客户',
  'ROC curve': 'ROC 曲线',
  'ROC curves of every model (cross-validated AUC)': '各模型的 ROC 曲线（交叉验证 AUC）',
  'False positive rate': '误报率',
  'True positive rate (churners found)': '命中率（找到的流失客户）',
  'Precision-recall curve': '精确率-召回率曲线',
  Recall: '召回率',
  Precision: '精确率',
  'Cumulative gains': '累计增益',
  'Share of customers targeted (riskiest first)': '触达的客户比例（风险最高者优先）',
  'Share of churners reached': '触达的流失客户比例',
  Calibration: '校准',
  'Predicted churn probability': '预测的流失概率',
  'Observed churn rate': '实际流失率',
  'Permutation feature importance': '置换特征重要性',
  'AUC drop when shuffled': '打乱后 AUC 的下降',
  'Loss per epoch': '每轮的损失',
  Feature: '特征',
  Epoch: '训练轮次',
  Loss: '损失',
  'RFM grid: customers by recency and frequency score': 'RFM 网格：按最近购买和频次评分的客户数',
  'RFM grid: revenue by recency and frequency score': 'RFM 网格：按最近购买和频次评分的收入',
  'Frequency score (5 = most orders)': '频次评分（5 = 订单最多）',
  'Recency score (5 = most recent)': '最近购买评分（5 = 最近）',
  'RFM segments by customers': 'RFM 分群的客户数',
  'RFM segments by revenue': 'RFM 分群的收入',
  Segment: '分群',
  'Share of customers': '客户占比',
  'Share of revenue': '收入占比',
  'Suggested action': '建议行动',
  'Revenue per period': '各时期收入',
  Orders: '订单数',
  'Average order': '平均订单金额',
  'Orders and average order value per period': '各时期订单数和平均订单金额',
  'Customers by lifecycle stage per period': '各时期处于各生命周期阶段的客户',
  Stage: '阶段',
  'Kaplan–Meier curves with 95% confidence bands': 'Kaplan–Meier 曲线及 95% 置信区间',
  'Days since the last purchase': '距上次购买的天数',
  Group: '分组',
  'Share not yet bought again': '尚未再次购买的比例',
  Days: '天数',
  'Not yet bought again': '尚未再次购买',
  '95% lower': '95% 下限',
  '95% upper': '95% 上限',
  'Still waiting': '仍在等待',
  'Days between one purchase and the next': '两次购买之间的天数',
  'Days between purchases': '两次购买间隔（天）',
  'Repeat purchases': '复购次数',
  'From day': '起始天',
  'To day (excl.)': '截止天（不含）',
  'Repurchase rate within N days of the first order': '首单后 N 天内的复购率',
  'Second order within (days)': '第二单在几天内',
  'Repurchase rate': '复购率',
  'Within days': '天数内',
  'Eligible customers': '符合条件的客户',
  'Ordered again': '再次下单',
  'Repurchase rate by month of first order': '按首单月份的复购率',
  'Month of first order': '首单月份',
  'Customers reaching each step: view, cart, purchase': '到达各步骤的客户：浏览、加购、购买',
  Step: '步骤',
  'From the step before': '相对上一步',
  'From viewing': '相对浏览',
  'Days since the first purchase': '首购后的天数',
  'Share without a second purchase': '尚未第二次购买的比例',
  'The history and the forecast with its 95% interval': '历史数据与预测（含 95% 区间）',
  Value: '数值',
  'Flags raised by each reason': '各原因产生的标记数',
  Reason: '原因',
  Flags: '标记数',
  'Orders and returns over time': '订单和退货随时间的变化',
  Date: '日期',
  Kind: '类型',
  Order: '订单',
  Items: '件数',
  'Poisson deviance of each model on the held-out days (lower is better)': '各模型在留出天数上的泊松偏差（越低越好）',
  Model: '模型',
  'Poisson deviance (lower is better)': '泊松偏差（越低越好）',
  'Poisson deviance': '泊松偏差',
  'Mean absolute error': '平均绝对误差',
  'The segment beside everyone: median and middle half of the customers': '分群与全部客户对比：中位数和中间一半客户的范围',
  Median: '中位数',
  '25th percentile': '第 25 百分位',
  '75th percentile': '第 75 百分位',
};

/** Values the chart builders and the analysis tables write in English, by the field that holds them. */
const VALUES_ZH: Record<string, Record<string, string>> = {
  kind: { order: '订单', return: '退货', view: '浏览', cart: '加入购物车', search: '搜索' },
  grp: { 'Kaplan–Meier': '实际（乘积极限估计）', Exponential: '指数分布拟合', Weibull: '韦布尔分布拟合' },
  series: {
    Forecast: '预测',
    Actual: '实际',
    Expected: '预期',
    'Expected (BG/NBD)': '预期（BG/NBD）',
    'Training loss': '训练损失',
    'Validation loss': '验证损失',
    Chance: '随机猜测',
    'No skill': '无区分能力',
    Model: '模型',
    Perfect: '完美校准',
    Random: '随机',
  },
  stage: { new: '新客户', returning: '回头客', reactivated: '重新活跃', at_risk: '有流失风险', dormant: '沉睡' },
  step: { view: '浏览', cart: '加入购物车', purchase: '购买' },
};

/** A title or description in `lang` (unchanged when the table has no entry). */
export function chartWord(text: string, lang: ChartLang): string {
  return lang === 'zh-CN' ? (TITLES_ZH[text] ?? text) : text;
}

/** Whether the table has `text` (for the test that every builder's words are translated). */
export function hasChartWord(text: string): boolean {
  return text in TITLES_ZH;
}

/**
 * `spec` in `lang`: titles and descriptions translated, and the values of the fields in `values` (plus
 * the builders' own series, stage and step names) relabelled by a calculate transform on the data.
 * Scale domains and filters that name those values are relabelled too, so colours and layers still match.
 */
export function localizeSpec<T>(spec: T, lang: ChartLang, values: Record<string, Record<string, string>> = {}): T {
  const labels = lang === 'zh-CN' ? { ...VALUES_ZH, ...values } : values;
  if (lang === 'en' && Object.keys(labels).length === 0) return spec;
  const used = new Set<string>();
  const value = (field: string | undefined, v: unknown) => (field && typeof v === 'string' ? (labels[field]?.[v] ?? v) : v);
  const walk = (node: unknown, field?: string): unknown => {
    if (Array.isArray(node)) return node.map((item) => walk(item, field));
    if (!node || typeof node !== 'object') return node;
    const object = node as Record<string, unknown>;
    const own = typeof object.field === 'string' ? object.field : field;
    if (own && own in labels) used.add(own);
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(object)) {
      if ((key === 'title' || key === 'description') && typeof child === 'string') out[key] = chartWord(child, lang);
      else if (key === 'title' && child && typeof child === 'object' && typeof (child as { text?: unknown }).text === 'string') {
        out[key] = { ...child, text: chartWord((child as { text: string }).text, lang) };
      }
      else if ((key === 'domain' || key === 'sort') && Array.isArray(child)) out[key] = child.map((v) => value(own, v));
      else if (key === 'filter' && typeof child === 'string') out[key] = relabelExpression(child, labels);
      else if (key === 'values' && Array.isArray(child)) out[key] = child.map((row) => relabelRow(row, labels));
      else out[key] = walk(child, own);
    }
    return out;
  };
  const localized = walk(spec) as Record<string, unknown>;
  // Data inlined later (the notebook's named results) is relabelled as it flows in.
  const calculates = [...used].map((field) => ({ calculate: relabelCalculate(field, labels[field]!), as: field }));
  if (calculates.length === 0) return localized as T;
  return { ...localized, transform: [...((localized.transform as unknown[]) ?? []), ...calculates] } as T;
}

function relabelCalculate(field: string, labels: Record<string, string>): string {
  const datum = `datum[${JSON.stringify(field)}]`;
  return Object.entries(labels).reduceRight((rest, [from, to]) => `${datum} === ${JSON.stringify(from)} ? ${JSON.stringify(to)} : ${rest}`, datum);
}

function relabelExpression(expression: string, labels: Record<string, Record<string, string>>): string {
  let out = expression;
  for (const map of Object.values(labels)) for (const [from, to] of Object.entries(map)) out = out.replaceAll(JSON.stringify(from), JSON.stringify(to));
  return out;
}

function relabelRow(row: unknown, labels: Record<string, Record<string, string>>): unknown {
  if (!row || typeof row !== 'object' || Array.isArray(row)) return row;
  return Object.fromEntries(Object.entries(row).map(([key, v]) => [key, typeof v === 'string' ? (labels[key]?.[v] ?? v) : v]));
}
