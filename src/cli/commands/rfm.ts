/** `rfm <file>`: RFM snapshot, segment counts and score counts (DESIGN.md section 7). */
import type { Command } from '../command';
import { rfmAnalysis } from '../../analyses/rfm';
import { loadForAnalysis } from '../load';
import { moneyText, percentText } from '../options';
import { formatTable } from './sql';

export const rfmCommand: Command = async (args) => {
  const { db, loaded } = await loadForAnalysis(args);
  try {
    const result = await rfmAnalysis(db);
    const json = {
      snapshot: result.snapshot,
      customers: result.customers,
      segments: Object.fromEntries(result.segments.map((s) => [s.segment, s.customers])),
      scores: result.scores,
    };
    const rows = result.segments.map((s) => ({
      segment: s.segment,
      customers: s.customers,
      share: percentText(s.share),
      revenue: moneyText(s.revenue, loaded.report.currency),
      action: s.action.en,
    }));
    const text = `RFM segments of ${result.customers} customers (snapshot ${result.snapshot ?? '-'})\n${formatTable(rows)}`;
    return { json, text };
  } finally {
    await db.close();
  }
};
