/** `repurchase <file> [--days 30,60,90]`: repurchase rates (DESIGN.md section 7). */
import type { Command } from '../command';
import { DEFAULT_REPURCHASE_DAYS, repurchaseRates } from '../../analyses/repurchase';
import { loadForAnalysis } from '../load';
import { daysOption, percentText } from '../options';
import { formatTable } from './sql';

export const repurchaseCommand: Command = async (args) => {
  const days = daysOption(args, DEFAULT_REPURCHASE_DAYS);
  const { db } = await loadForAnalysis(args);
  try {
    const result = await repurchaseRates(db, { days });
    const json = { rates: result.rates.map(({ days, eligible, repurchased, rate }) => ({ days, eligible, repurchased, rate })) };
    const rows = result.rates.map((r) => ({ days: r.days, eligible: r.eligible, repurchased: r.repurchased, rate: percentText(r.rate) }));
    const text = `Second order within N days of the first (data up to ${result.lastDate ?? '-'})\n${formatTable(rows)}`;
    return { json, text };
  } finally {
    await db.close();
  }
};
