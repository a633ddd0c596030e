/**
 * The ten RFM segments of DESIGN.md section 4, in first-match-wins order, with what a shop owner
 * might do about each, in English and Chinese.
 */

import type { Lang, Localized } from '../text/language';

export type SegmentName =
  | 'champions'
  | 'loyal'
  | 'potential_loyalists'
  | 'new_customers'
  | 'promising'
  | 'need_attention'
  | 'about_to_sleep'
  | 'cannot_lose_them'
  | 'at_risk'
  | 'hibernating';

/** A segment: the R and F score ranges it covers (inclusive) and its suggested action. */
export interface SegmentRule {
  name: SegmentName;
  r: [number, number];
  f: [number, number];
  /** The name a shop owner reads (snake_case stays in SQL). */
  label: Localized;
  action: Localized;
}

/** The segments in the order they are matched; every (R, F) pair falls in exactly one. */
export const SEGMENTS: readonly SegmentRule[] = [
  {
    name: 'champions',
    label: { en: 'Champions', 'zh-CN': '冠军客户' },
    r: [5, 5],
    f: [4, 5],
    action: { en: 'Reward them: early access, thank-you gifts, ask for reviews and referrals.', 'zh-CN': '回馈他们：新品抢先购、感谢礼品，邀请评价和推荐好友。' },
  },
  {
    name: 'loyal',
    label: { en: 'Loyal', 'zh-CN': '忠诚客户' },
    r: [3, 4],
    f: [4, 5],
    action: { en: 'Keep them close: loyalty points, bundles, recommend higher-value products.', 'zh-CN': '维系关系：会员积分、组合优惠，推荐更高价值的商品。' },
  },
  {
    name: 'potential_loyalists',
    label: { en: 'Potential loyalists', 'zh-CN': '潜在忠诚客户' },
    r: [4, 5],
    f: [2, 3],
    action: { en: 'Turn them into regulars: membership offer, personal recommendations.', 'zh-CN': '培养成常客：会员邀请，个性化推荐。' },
  },
  {
    name: 'new_customers',
    label: { en: 'New customers', 'zh-CN': '新客户' },
    r: [5, 5],
    f: [1, 1],
    action: { en: 'Welcome them: onboarding e-mails, a small incentive for the second order.', 'zh-CN': '欢迎新客：发送入门指引，为第二单提供小额优惠。' },
  },
  {
    name: 'promising',
    label: { en: 'Promising', 'zh-CN': '有潜力的客户' },
    r: [4, 4],
    f: [1, 1],
    action: { en: 'Build the habit: show bestsellers, a time-limited offer on the next order.', 'zh-CN': '培养购买习惯：展示热销商品，下一单限时优惠。' },
  },
  {
    name: 'need_attention',
    label: { en: 'Need attention', 'zh-CN': '需要关注的客户' },
    r: [3, 3],
    f: [3, 3],
    action: { en: 'Re-engage: personalised offer based on what they bought before.', 'zh-CN': '重新激活：根据以往购买推送个性化优惠。' },
  },
  {
    name: 'about_to_sleep',
    label: { en: 'About to sleep', 'zh-CN': '即将沉睡的客户' },
    r: [3, 3],
    f: [1, 2],
    action: { en: 'Remind them: popular products and a modest discount before they forget you.', 'zh-CN': '及时提醒：推送热门商品和适度折扣，避免流失。' },
  },
  {
    name: 'cannot_lose_them',
    label: { en: "Can't lose them", 'zh-CN': '不能失去的客户' },
    r: [1, 2],
    f: [5, 5],
    action: { en: 'Win them back personally: a strong offer, ask what went wrong.', 'zh-CN': '亲自挽回：给出有力优惠，了解他们离开的原因。' },
  },
  {
    name: 'at_risk',
    label: { en: 'At risk', 'zh-CN': '有流失风险的客户' },
    r: [1, 2],
    f: [3, 4],
    action: { en: 'Win-back offer: personalised e-mail with a discount on their favourite category.', 'zh-CN': '挽回优惠：发送个性化邮件，给常购品类折扣。' },
  },
  {
    name: 'hibernating',
    label: { en: 'Hibernating', 'zh-CN': '沉睡客户' },
    r: [1, 2],
    f: [1, 2],
    action: { en: 'Low priority: include in general campaigns, do not spend much on them.', 'zh-CN': '低优先级：纳入常规活动即可，不宜投入过多。' },
  },
];

/** Each segment's name as people read it in `lang` (for chart labels). */
export function segmentLabels(lang: Lang): Record<string, string> {
  return Object.fromEntries(SEGMENTS.map((segment) => [segment.name, segment.label[lang]]));
}

/** The segment of an (R, F) score pair, by the first rule that matches. */
export function segmentOf(r: number, f: number): SegmentName {
  const rule = SEGMENTS.find((s) => r >= s.r[0] && r <= s.r[1] && f >= s.f[0] && f <= s.f[1]);
  if (!rule) throw new RangeError(`No RFM segment for scores R=${r}, F=${f}.`);
  return rule.name;
}

/** SQL CASE giving the segment name from the columns `r` and `f`. */
export function segmentCaseSql(): string {
  const whens = SEGMENTS.map((s) => `    WHEN ${rangeSql('r', s.r)} AND ${rangeSql('f', s.f)} THEN '${s.name}'`);
  return `CASE\n${whens.join('\n')}\n  END`;
}

function rangeSql(column: string, [lo, hi]: [number, number]): string {
  return lo === hi ? `${column} = ${lo}` : `${column} BETWEEN ${lo} AND ${hi}`;
}
