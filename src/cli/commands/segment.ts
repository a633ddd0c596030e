/** `segment <file> [--k auto|N] [--seed 42]`: customers clustered by k-means on their buying (issue 22). */
import type { Command } from '../command';
import { clusterCustomers, ClusterInputError } from '../../analyses/clusters';
import { IngestError } from '../../ingest/errors';
import { useNodeBackend } from '../../models/backend-node';
import { loadForAnalysis } from '../load';
import { numberOption, percentText } from '../options';
import { UsageError } from '../errors';
import { formatTable } from './sql';

export const segmentCommand: Command = async (args) => {
  const kText = args.values.k;
  const k = kText === undefined || kText === 'auto' ? 'auto' : numberOption(kText, 'k', 0);
  if (k !== 'auto' && (!Number.isInteger(k) || k < 1)) throw new UsageError('--k must be "auto" or a whole number from 1.');
  const seed = numberOption(args.values.seed, 'seed', 42);
  const { db } = await loadForAnalysis(args, 'customers');
  try {
    await useNodeBackend('auto');
    const result = await clusterCustomers(db, { k, seed, table: null });
    const json = {
      k: result.k,
      chosen_by: result.chosenBy,
      customers: result.customers,
      candidates: result.candidates,
      explained: result.explained,
      clusters: result.clusters.map((c, i) => ({ cluster: i + 1, name: c.name.en, customers: c.customers, share: c.share, revenue_share: c.revenueShare, means: c.means })),
    };
    const rows = result.clusters.map((c, i) => ({
      cluster: i + 1,
      name: c.name.en,
      customers: c.customers,
      share: percentText(c.share),
      'revenue share': percentText(c.revenueShare),
      'days since last': Math.round(c.means.recency_days),
      orders: c.means.orders.toFixed(1),
      'avg order': c.means.avg_order_value.toFixed(2),
    }));
    const how = result.chosenBy === 'silhouette' ? `k = ${result.k} by the best silhouette of k = ${result.candidates.map((c) => `${c.k}: ${c.silhouette.toFixed(2)}`).join(', ')}` : `k = ${result.k} as asked`;
    return { json, text: `${result.customers.toLocaleString('en-US')} customers in ${result.k} clusters (${how})\n${formatTable(rows)}` };
  } catch (error) {
    if (error instanceof ClusterInputError) throw new IngestError(error.message);
    throw error;
  } finally {
    await db.close();
  }
};
