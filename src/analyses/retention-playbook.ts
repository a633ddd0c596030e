/**
 * Retention tiers and the playbook (issue 23). A churn model's scores table (customer_id, probability,
 * retention, retention_tier, top_reasons; src/analyses/churn-scores.ts, tiers by the model cell's editable
 * thresholds) joined with each customer's RFM segment and last-year revenue:
 *  - `retention_tiers`: one row per customer with the tier, the RFM segment, the playbook cell they fall in
 *    (tier × segment), the revenue at stake (last 12 months' revenue × P(churn)) and the suggested action;
 *  - `retention_playbook`: tier × RFM segment with customers, revenue at stake and the action in plain words.
 * Both are ordinary SQL cells; a tier or a playbook cell goes to the campaign builder from the customer
 * list bar under `retention_tiers` (its `retention_tier` and `playbook_cell` columns split it).
 */
import type { Lang, Localized } from '../text/language';
import type { NamedSql } from './named';
import { rfmSegmentsSql } from './rfm';
import { SEGMENTS } from './rfm-segments';
import { ident, literal } from '../sql/quote';
import { WHOLE_DATA } from './date-range';

/** A retention tier's name and what to do for its customers. */
export const RETENTION_TIERS: Record<'high' | 'medium' | 'low', { label: Localized; action: Localized }> = {
  high: {
    label: { en: 'High retention (likely to stay)', 'zh-CN': '高留存（很可能留下）' },
    action: { en: 'Care and loyalty perks: thank them, early access, points — no discount needed.', 'zh-CN': '关怀与忠诚度福利：感谢、抢先体验、积分——无需折扣。' },
  },
  medium: {
    label: { en: 'Medium retention (could go either way)', 'zh-CN': '中等留存（可能留下也可能离开）' },
    action: { en: 'Nudge: a reminder or a small incentive on what they usually buy.', 'zh-CN': '提醒：发一条提醒，或在他们常买的商品上给一点小优惠。' },
  },
  low: {
    label: { en: 'Low retention (likely to leave)', 'zh-CN': '低留存（很可能离开）' },
    action: { en: 'Win-back coupon: a time-limited offer to come back.', 'zh-CN': '挽回优惠券：限时优惠，邀请他们回来。' },
  },
};

/** The order tiers are listed in: the most urgent first. */
const TIER_ORDER = ['low', 'medium', 'high'] as const;

/** `retention_tiers` over the scores table `scores` (written by a churn model cell). */
export function retentionTiersSql(scores: string, language: Lang = 'en'): NamedSql {
  const rfm = rfmSegmentsSql(WHOLE_DATA).sql.trim().replaceAll('\n', '\n  ');
  const tierCase = (field: 'label' | 'action') =>
    `CASE s.retention_tier ${TIER_ORDER.map((t) => `WHEN ${literal(t)} THEN ${literal(RETENTION_TIERS[t][field][language])}`).join(' ')} END`;
  const segmentCase = `CASE r.segment ${SEGMENTS.map((s) => `WHEN ${literal(s.name)} THEN ${literal(s.label[language])}`).join(' ')} ELSE ${literal(language === 'zh-CN' ? '无分群' : 'no segment')} END`;
  const sql = `-- One row per scored customer: tier, RFM segment, revenue at stake (last 12 months' revenue × P(churn)), what to do.
WITH rfm AS (
  ${rfm}
),
last_year AS (
  SELECT customer_id, sum(revenue) AS revenue_12m
  FROM cb_orders
  WHERE CAST(ts AS DATE) > (SELECT max(CAST(ts AS DATE)) FROM cb_orders) - 365
  GROUP BY customer_id
)
SELECT
  s.customer_id,
  s.retention_tier,
  r.segment AS rfm_segment,
  ${tierCase('label')} || ' · ' || ${segmentCase} AS playbook_cell,
  round(s.retention, 3) AS retention,
  round(coalesce(y.revenue_12m, 0), 2) AS revenue_12m,
  round(coalesce(y.revenue_12m, 0) * s.probability, 2) AS revenue_at_stake,
  ${tierCase('action')} AS action,
  s.top_reasons
FROM ${ident(scores)} AS s
LEFT JOIN rfm AS r USING (customer_id)
LEFT JOIN last_year AS y USING (customer_id)
ORDER BY ${tierOrderSql('s.retention_tier')}, revenue_at_stake DESC, s.customer_id`;
  return { name: 'retention_tiers', sql };
}

/** `retention_playbook` (reads `retention_tiers`): tier × RFM segment, most urgent and most at stake first. */
export function retentionPlaybookSql(): NamedSql {
  const sql = `SELECT
  retention_tier,
  playbook_cell,
  count(*) AS customers,
  round(sum(revenue_at_stake), 2) AS revenue_at_stake,
  round(avg(retention), 3) AS mean_retention,
  any_value(action) AS action
FROM retention_tiers
GROUP BY retention_tier, playbook_cell
ORDER BY ${tierOrderSql('retention_tier')}, revenue_at_stake DESC, playbook_cell`;
  return { name: 'retention_playbook', sql };
}

function tierOrderSql(column: string): string {
  return `CASE ${column} ${TIER_ORDER.map((t, i) => `WHEN ${literal(t)} THEN ${i}`).join(' ')} ELSE 3 END`;
}
