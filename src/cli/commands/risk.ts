/** `risk <file> [--limit 100]`: orders and customers that look unlike the rest, with reasons (issue 24). */
import type { Command } from '../command';
import { reasonText, riskFlags } from '../../analyses/risk';
import { loadForAnalysis } from '../load';
import { numberOption } from '../options';
import { UsageError } from '../errors';
import { formatTable } from './sql';

export const riskCommand: Command = async (args) => {
  const limit = numberOption(args.values.limit, 'limit', 100);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a whole number of at least 1.');
  const { db } = await loadForAnalysis(args, 'orders');
  try {
    const result = await riskFlags(db);
    const top = result.flags.slice(0, limit);
    const json = {
      orders_flagged: result.ordersFlagged,
      customers_flagged: result.customersFlagged,
      thresholds: result.thresholds,
      flags: top.map((f) => ({
        customer_id: f.customerId,
        order_id: f.orderId,
        score: Math.round(f.score * 1000) / 1000,
        reasons: f.reasons.map((r) => r.code),
        reason: reasonText(f, 'en'),
      })),
    };
    const text = [
      `${result.ordersFlagged.toLocaleString('en-US')} orders and ${result.customersFlagged.toLocaleString('en-US')} customers flagged; the ${top.length} highest scores:`,
      formatTable(top.map((f, i) => ({ '#': i + 1, customer: f.customerId ?? '', order: f.orderId ?? '', score: f.score.toFixed(2), reason: reasonText(f, 'en') }))),
    ].join('\n');
    return { json, text };
  } finally {
    await db.close();
  }
};
