/**
 * `profile <file> --customer ID` (or `--segment NAME`): one customer's page — orders and returns, RFM, lifecycle stage,
 * churn probability with reasons, expected purchases and value, cluster, risk flags and suggested products — after
 * running the same model cells the notebook would (customer value, customer groups, suggested products, risk flags
 * and a logistic churn model), so the command line and the app read the same tables (issue 24).
 */
import type { Command } from '../command';
import { customerProfile, customerTimelineSql, ProfileNotFoundError, segmentProfile } from '../../analyses/profile';
import { applies, oneClickCells, type OneClickId } from '../../analyses/one-click';
import { periodCells } from '../../analyses/cells/period';
import { ALL_DATA } from '../../analyses/date-range';
import { dataFacts } from '../../analyses/data-facts';
import { queryRows } from '../../analyses/named';
import { createModelHook } from '../../training/model-hook';
import { createRunner } from '../../notebook/runner';
import type { Cell, Notebook } from '../../notebook/types';
import { createLocalTrainer } from '../../../workers/train/local';
import { IngestError } from '../../ingest/errors';
import { UsageError } from '../errors';
import { loadForAnalysis } from '../load';
import { formatTable } from './sql';

/** The analyses whose tables a profile reads. */
const MODEL_ANALYSES: OneClickId[] = ['clv', 'clusters', 'recommendations', 'risk'];

export const profileCommand: Command = async (args) => {
  const customer = typeof args.values.customer === 'string' ? args.values.customer : undefined;
  const segment = typeof args.values.segment === 'string' ? args.values.segment : undefined;
  if (!customer === !segment) throw new UsageError('profile needs --customer ID or --segment NAME (one of them), e.g. --customer 12346 or --segment at_risk.');
  const { db } = await loadForAnalysis(args, 'customers');
  try {
    if (segment) {
      const profile = await segmentProfile(db, segment);
      const text = [
        `Segment ${profile.segment}: ${profile.customers.toLocaleString('en-US')} of ${profile.everyone.toLocaleString('en-US')} customers`,
        formatTable(
          profile.measures.map((m) => ({
            measure: m.measure,
            'segment median (quartiles)': `${m.segment.median.toFixed(1)} (${m.segment.p25.toFixed(1)}–${m.segment.p75.toFixed(1)})`,
            'everyone median (quartiles)': `${m.everyone.median.toFixed(1)} (${m.everyone.p25.toFixed(1)}–${m.everyone.p75.toFixed(1)})`,
          })),
        ),
      ].join('\n');
      return { json: profile, text };
    }
    const facts = await dataFacts(db);
    let n = 0;
    const withIds = (cells: readonly object[]) => cells.map((c) => ({ ...c, id: `c${++n}` })) as Cell[];
    const cells = [
      ...withIds(periodCells(ALL_DATA)),
      ...MODEL_ANALYSES.filter((id) => applies(id, facts)).flatMap((id) => withIds(oneClickCells(id, { language: 'en', facts }))),
      ...withIds([{ kind: 'model', name: 'churn_scores', source: '{"kind": "churn", "model": "logistic"}' }]),
    ];
    const notebook: Notebook = { id: 'profile', title: 'profile', cells };
    const trainer = createLocalTrainer();
    try {
      await createRunner(db, { model: createModelHook(trainer) }).runAll(notebook);
    } finally {
      trainer.terminate();
    }
    const profile = await customerProfile(db, customer!);
    const timeline = await queryRows(db, [customerTimelineSql(customer!)]);
    const json = { ...profile, timeline };
    const p = profile;
    const money = (v: number) => v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const text = [
      `Customer ${p.customerId}: ${p.orders} orders from ${p.firstOrder} to ${p.lastOrder}, revenue ${money(p.revenue)}, ${p.items.toLocaleString('en-US')} items, ${p.returnedLines} returned or cancelled lines`,
      `RFM ${p.rfm.r}${p.rfm.f}${p.rfm.m} (${p.rfm.segment}); lifecycle stage this month: ${p.lifecycle.replace('_', ' ')}`,
      p.churn ? `Churn probability ${(p.churn.probability * 100).toFixed(1)}% (retention tier ${p.churn.retentionTier}): ${p.churn.reasons}` : 'Churn: not computed',
      p.value ? `Customer value model (scores as of its calibration end): ${p.value.expectedPurchases.toFixed(2)} purchases expected, value ${money(p.value.clv)}, still active with ${(p.value.pAlive * 100).toFixed(0)}% probability` : 'Customer value: not computed',
      p.cluster ? `Cluster ${p.cluster.cluster}: ${p.cluster.name}` : 'Cluster: not computed',
      p.risk ? (p.risk.flags.length ? `Risk flags:\n${p.risk.flags.map((f) => `  ${f.orderId ?? '(customer)'} score ${f.score.toFixed(2)}: ${f.reason}`).join('\n')}` : 'Risk flags: none') : 'Risk flags: not computed',
      p.recommendations ? `Suggested products: ${p.recommendations.products.join('; ') || 'none'}` : 'Suggested products: not computed (needs a product column)',
    ].join('\n');
    return { json, text };
  } catch (error) {
    if (error instanceof ProfileNotFoundError) throw new IngestError(error.message);
    throw error;
  } finally {
    await db.close();
  }
};
